/**
 * SQLite through Kysely with the writing done on a thread of its own. On a busy server about two fifths of
 * the event loop's time went into SQLite's own work for posts (inserts into well-indexed tables, the COMMIT)
 * while the machine's other core sat mostly idle. Here the event loop keeps a connection for reading, and
 * one writer thread per process (sqlite-writer-thread.ts) owns the connection that writes to each file,
 * with group commit.
 *
 * Where work goes:
 * - a statement outside any transaction that SQLite calls read-only: here, on the reading connection, which
 *   sees committed data only;
 * - any other statement outside a transaction: to the writer, answered once its group is committed;
 * - a transaction opened with db.transaction(): to the writer, statement by statement (each a round trip,
 *   with other writes waiting while it is open: fine for the occasional one);
 * - a write procedure (`writeProcedure`, `runWrite`): the whole transaction runs on the writer, in one round
 *   trip. The writes every post makes go this way; with PostgreSQL, or SQLite on the event loop, the same
 *   function runs in an ordinary transaction here.
 *
 * The promises are those of the in-thread driver (sqlite-group-commit.ts), and the same tests hold both to
 * them: a transaction resolves only after its COMMIT and rejects if the COMMIT fails; one that rolls back
 * undoes only its own savepoint; a group SQLite rolls back by itself fails all its transactions.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { DB } from './schema.ts';
import type { SqliteHandle } from './sqlite-group-commit.ts';

/** A store function that runs as one transaction, on the writer thread when there is one. */
export interface WriteProcedure<Args, Result> {
  /** Where the writer thread finds it: the module's URL and the name it is exported under. */
  readonly module: string;
  readonly name: string;
  run(trx: Kysely<DB>, args: Args): Promise<Result>;
}

/**
 * Declares a write procedure; export it under `name` from the module at `module` (its import.meta.url).
 * Its arguments and result cross threads by structured clone: plain data, Dates, no functions.
 */
export function writeProcedure<Args, Result>(module: string, name: string, run: (trx: Kysely<DB>, args: Args) => Promise<Result>): WriteProcedure<Args, Result> {
  return { module, name, run };
}

/** Runs a write procedure as one transaction: on the writer thread if the database has one. */
export function runWrite<Args, Result>(db: Kysely<DB>, procedure: WriteProcedure<Args, Result>, args: Args): Promise<Result> {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof WriterAdapter && !db.isTransaction) return adapter.driver.procedure(procedure, args);
  if (db.isTransaction) return procedure.run(db, args);
  return db.transaction().execute((trx) => procedure.run(trx, args));
}

export type Request =
  | { op: 'open'; id: number; db: number; file: string; autocheckpointPages: number }
  | { op: 'close'; id: number; db: number }
  | { op: 'p'; id: number; db: number; module: string; name: string; args: unknown }
  | { op: 'b'; id: number; db: number; tx: number }
  | { op: 'q'; id: number; db: number; tx: number; sql: string; params: readonly unknown[] }
  | { op: 'c' | 'r'; id: number; db: number; tx: number };

export interface Answer {
  id: number;
  result?: QueryResult<unknown>;
  value?: unknown;
  error?: { name: string; message: string; code?: string };
}

type Pending = { resolve: (a: Answer) => void; reject: (err: Error) => void };

/** The process's one writer thread, started when the first SQLite file opens. */
class WriterThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Pending>();
  #outbox: Request[] = [];
  #nextId = 1;
  #stopped: Error | undefined;

  constructor(onStop: (self: WriterThread) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(new URL('./sqlite-writer-entry.mjs', import.meta.url), { workerData: { driver } });
    // Held by the event loop only while something waits for an answer.
    this.#worker.unref();
    this.#worker.on('message', (answers: Answer[]) => {
      for (const a of answers) this.#answer(a);
    });
    const stop = (err: Error) => {
      onStop(this);
      this.#stopped ??= Object.assign(new Error(`the SQLite writer thread stopped: ${err.message}`), { code: 'SQLITE_WRITER_STOPPED' });
      for (const { reject } of this.#waiting.values()) reject(this.#stopped);
      this.#waiting.clear();
    };
    this.#worker.on('error', stop);
    this.#worker.on('exit', (code) => stop(new Error(`exit code ${code}`)));
  }

  /** Sends without waiting for an answer (a transaction's begin: its statements' answers tell). */
  post(message: Request): void {
    if (this.#outbox.push(message) === 1) {
      queueMicrotask(() => {
        const batch = this.#outbox;
        this.#outbox = [];
        if (!this.#stopped) this.#send(batch);
      });
    }
  }

  /** Posts a batch; a message that cannot be copied to the thread (a function in its arguments) fails alone. */
  #send(batch: Request[]): void {
    try {
      this.#worker.postMessage(batch);
    } catch {
      for (const message of batch) {
        try {
          this.#worker.postMessage([message]);
        } catch (err) {
          this.#answer({ id: message.id, error: { name: 'DataCloneError', message: `the arguments could not be sent to the writer thread: ${(err as Error).message}` } });
        }
      }
    }
  }

  request(message: Request): Promise<Answer> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    message.id = this.#nextId++;
    const answer = new Promise<Answer>((resolve, reject) => this.#waiting.set(message.id, { resolve, reject }));
    if (this.#waiting.size === 1) this.#worker.ref();
    this.post(message);
    return answer;
  }

  #answer(answer: Answer): void {
    const waiting = this.#waiting.get(answer.id);
    if (!waiting) return;
    this.#waiting.delete(answer.id);
    if (this.#waiting.size === 0) this.#worker.unref();
    if (answer.error) waiting.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name, code: answer.error.code }));
    else waiting.resolve(answer);
  }
}

let thread: WriterThread | undefined;
let nextDatabase = 1;
function writerThread(): WriterThread {
  // Both 'error' and 'exit' report a stop; by the second a newer thread may be the current one.
  thread ??= new WriterThread((stopped) => {
    if (thread === stopped) thread = undefined;
  });
  return thread;
}

export interface WriterOptions {
  /** The writing connection's own automatic checkpoint threshold, in pages (0: SQLite's default). */
  autocheckpointPages?: number;
}

export class WriterThreadSqliteDialect implements Dialect {
  readonly #driver: WriterThreadDriver;
  constructor(file: string, reader: SqliteHandle, options: WriterOptions = {}) {
    this.#driver = new WriterThreadDriver(file, reader, options);
  }
  createDriver(): Driver {
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new WriterAdapter(this.#driver);
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
  /** Answers once the writer thread has run a statement on this file (readiness checks). */
  async ping(): Promise<void> {
    await this.#driver.execute(0, CompiledQuery.raw('select 1'));
  }
}

/** SQLite's adapter, marked so runWrite can find the writer behind a Kysely instance. */
class WriterAdapter extends SqliteAdapter {
  constructor(readonly driver: WriterThreadDriver) {
    super();
  }
}

class WriterThreadDriver implements Driver {
  readonly #reader: SqliteHandle;
  readonly #thread = writerThread();
  readonly #db = nextDatabase++;
  readonly #opened: Promise<Answer>;
  #nextTx = 1;

  constructor(file: string, reader: SqliteHandle, options: WriterOptions) {
    this.#reader = reader;
    this.#opened = this.#thread.request({ op: 'open', id: 0, db: this.#db, file, autocheckpointPages: options.autocheckpointPages ?? 0 });
    this.#opened.catch(() => {});
  }

  async init(): Promise<void> {
    await this.#opened;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    c.tx = this.#nextTx++;
    this.#thread.post({ op: 'b', id: 0, db: this.#db, tx: c.tx });
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    const tx = c.tx;
    c.tx = 0;
    await this.#thread.request({ op: 'c', id: 0, db: this.#db, tx });
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as Connection;
    // Already handed to its group (whose COMMIT then failed): nothing of it is left to undo.
    if (!c.tx) return;
    const tx = c.tx;
    c.tx = 0;
    await this.#thread.request({ op: 'r', id: 0, db: this.#db, tx });
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    // The reading connection first, so the last to close, the writer's, folds the log back in.
    this.#reader.close();
    // A thread that stopped took its connection with it: there is nothing left to close.
    await this.#thread.request({ op: 'close', id: 0, db: this.#db }).catch((err: { code?: string }) => {
      if (err.code !== 'SQLITE_WRITER_STOPPED') throw err;
    });
  }

  prepareRead(sql: string): SQLite.Statement {
    return this.#reader.prepare(sql);
  }

  async execute<R>(tx: number, compiled: CompiledQuery): Promise<QueryResult<R>> {
    const answer = await this.#thread.request({ op: 'q', id: 0, db: this.#db, tx, sql: compiled.sql, params: compiled.parameters });
    return answer.result as QueryResult<R>;
  }

  async procedure<Args, Result>(procedure: WriteProcedure<Args, Result>, args: Args): Promise<Result> {
    const answer = await this.#thread.request({ op: 'p', id: 0, db: this.#db, module: procedure.module, name: procedure.name, args });
    return answer.value as Result;
  }
}

/** One holder's use of the database, from acquireConnection to releaseConnection. */
class Connection implements DatabaseConnection {
  /** The open transaction's number (0: none). */
  tx = 0;
  constructor(private readonly driver: WriterThreadDriver) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (this.tx) return this.driver.execute<R>(this.tx, compiled);
    const statement = this.driver.prepareRead(compiled.sql);
    if (!statement.readonly) return this.driver.execute<R>(0, compiled);
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    statement.run(parameters);
    return { rows: [] };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Reads only, outside a transaction: the writer answers whole results.
    const statement = this.driver.prepareRead(compiled.sql);
    if (this.tx || !statement.reader || !statement.readonly) throw new Error('only statements that read, outside a transaction, can be streamed');
    for (const row of statement.iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}
