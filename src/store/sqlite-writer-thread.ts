/**
 * The SQLite writer thread (started by sqlite-writer.ts, through sqlite-writer-entry.mjs). It owns, for every
 * SQLite file the process has open, the one connection that writes, with group commit
 * (sqlite-group-commit.ts): every transaction is a savepoint in one outer transaction, committed once the
 * thread has nothing else ready to run, and each is answered only after that COMMIT.
 *
 * What it is asked (arrays of messages, in order; each answer carries the message's id):
 * - open / close a file;
 * - run a write procedure (a store function and its arguments) in a transaction of its own;
 * - run a statement outside any transaction (it waits for any open transaction, as it would in-thread);
 * - begin, run statements in, commit or roll back a transaction the main thread drives one statement at a
 *   time (other work waits while it is open, as in-thread).
 */
import { parentPort } from 'node:worker_threads';
import { CompiledQuery, Kysely } from 'kysely';
import { GroupCommitSqliteDialect, openSqliteConnection, withStatementCache } from './sqlite-group-commit.ts';
import type { DB } from './schema.ts';
import type { Answer, Request, WriteProcedure } from './sqlite-writer.ts';

interface OpenTransaction {
  /** Resolves to the transaction once it has begun (rejects if it could not begin). */
  begun: Promise<Kysely<any>>;
  /** Each statement runs after the one before it. */
  chain: Promise<unknown>;
  finish(commit: boolean): void;
  /** Settles after COMMIT (or after the rollback). */
  done: Promise<void>;
}

interface Open {
  db: Kysely<any>;
  transactions: Map<number, OpenTransaction>;
}

const databases = new Map<number, Open>();
const ROLLBACK = Symbol('rollback');

let outbox: Answer[] = [];
function answer(a: Answer): void {
  if (outbox.push(a) === 1) {
    queueMicrotask(() => {
      const batch = outbox;
      outbox = [];
      send(batch);
    });
  }
}

/** Posts answers; one whose result cannot be copied to the other thread (a function in it) goes back as an error. */
function send(batch: Answer[]): void {
  try {
    parentPort!.postMessage(batch);
  } catch {
    for (const a of batch) {
      try {
        parentPort!.postMessage([a]);
      } catch (err) {
        parentPort!.postMessage([{ id: a.id, error: { name: 'DataCloneError', message: `the result could not be sent back: ${(err as Error).message}` } }]);
      }
    }
  }
}
const failure = (id: number) => (err: unknown) => {
  const e = err as { name?: string; message?: string; code?: string };
  answer({ id, error: { name: e?.name ?? 'Error', message: String(e?.message ?? err), code: e?.code } });
};

function database(id: number): Open {
  const open = databases.get(id);
  if (!open) throw new Error(`database ${id} is not open in the writer thread`);
  return open;
}

function begin(open: Open, tx: number): void {
  let ready!: (trx: Kysely<any>) => void;
  let finish!: (commit: boolean) => void;
  const decided = new Promise<boolean>((resolve) => (finish = resolve));
  const done = open.db.transaction().execute(async (trx) => {
    ready(trx);
    if (!(await decided)) throw ROLLBACK;
  });
  const begun = new Promise<Kysely<any>>((resolve, reject) => {
    ready = resolve;
    done.catch(reject);
  });
  begun.catch(() => {});
  open.transactions.set(tx, { begun, chain: begun.catch(() => {}), finish, done });
}

const procedures = new Map<string, WriteProcedure<unknown, unknown>>();
async function procedure(module: string, name: string): Promise<WriteProcedure<unknown, unknown>> {
  const key = `${module}#${name}`;
  let found = procedures.get(key);
  if (!found) {
    found = (await import(module))[name] as WriteProcedure<unknown, unknown> | undefined;
    if (!found || typeof found.run !== 'function') throw new Error(`no write procedure ${name} in ${module}`);
    procedures.set(key, found);
  }
  return found;
}

function handle(m: Request): void {
  switch (m.op) {
    case 'open': {
      const sqlite = openSqliteConnection(m.file, { autocheckpointPages: m.autocheckpointPages });
      databases.set(m.db, { db: new Kysely<any>({ dialect: new GroupCommitSqliteDialect(withStatementCache(sqlite)) }), transactions: new Map() });
      return answer({ id: m.id });
    }
    case 'close': {
      const open = databases.get(m.db);
      if (!open) return answer({ id: m.id });
      // Transactions still open finish first (their statements keep coming); Kysely's destroy then waits for its
      // turn, commits the pending group and closes the connection.
      void Promise.allSettled([...open.transactions.values()].map((t) => t.done))
        .then(() => open.db.destroy())
        .finally(() => databases.delete(m.db))
        .then(() => answer({ id: m.id }), failure(m.id));
      return;
    }
    case 'p': {
      const open = database(m.db);
      void procedure(m.module, m.name)
        .then((p) => open.db.transaction().execute((trx) => p.run(trx as unknown as Kysely<DB>, m.args)))
        .then((value) => answer({ id: m.id, value }), failure(m.id));
      return;
    }
    case 'b':
      return begin(database(m.db), m.tx);
    case 'q': {
      const open = database(m.db);
      const query = CompiledQuery.raw(m.sql, m.params as unknown[]);
      if (!m.tx) {
        void open.db.executeQuery(query).then((result) => answer({ id: m.id, result }), failure(m.id));
        return;
      }
      const t = open.transactions.get(m.tx);
      if (!t) return failure(m.id)(new Error(`transaction ${m.tx} is not open`));
      const run = t.chain.then(async () => (await t.begun).executeQuery(query));
      t.chain = run.then(
        (result) => answer({ id: m.id, result }),
        failure(m.id),
      );
      return;
    }
    case 'c':
    case 'r': {
      const open = database(m.db);
      const t = open.transactions.get(m.tx);
      open.transactions.delete(m.tx);
      if (!t) return failure(m.id)(new Error(`transaction ${m.tx} is not open`));
      const commit = m.op === 'c';
      void t.chain
        .then(() => {
          t.finish(commit);
          return t.done;
        })
        .then(
          () => answer({ id: m.id }),
          // A rollback is answered however it went: the caller is already on its way out with its own error.
          (err) => (commit ? failure(m.id)(err) : answer({ id: m.id })),
        );
      return;
    }
  }
}

parentPort!.on('message', (batch: Request[]) => {
  for (const m of batch) {
    try {
      handle(m);
    } catch (err) {
      failure(m.id)(err);
    }
  }
});
