/**
 * Group commit on SQLite: what callers are promised, by both drivers — writes on a writer thread
 * (src/store/sqlite-writer.ts, the server's) and on the event loop (src/store/sqlite-group-commit.ts, the
 * commands'). A transaction reported committed is on disk, as another connection to the file sees it; one
 * that fails or rolls back leaves nothing, and takes no other transaction with it unless their shared COMMIT
 * fails. Write procedures (a whole transaction sent to the writer at once) are held to the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase, type Database } from '../../src/store/database.ts';
import { runWrite } from '../../src/store/sqlite-writer.ts';
import { addNoteAnsweringAFunction, addNotes, stopTheWriter } from './fixtures/note-writes.ts';

for (const writer of ['thread', 'event-loop'] as const) {
  describe(`SQLite group commit, writes on the ${writer === 'thread' ? 'writer thread' : 'event loop'}`, () => {
    let dir: string;
    let database: Database;
    let db: Kysely<any>;
    let outside: SQLite.Database;

    /** What another process reading the file sees: committed rows only. */
    const committed = () => outside.prepare('select name from notes order by name').pluck().all() as string[];

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'parley-group-commit-'));
      database = await openDatabase(`sqlite:${join(dir, 'test.db')}`, { sqliteWriter: writer });
      db = database.db as unknown as Kysely<any>;
      await sql`create table parents (id integer primary key)`.execute(db);
      await sql`create table notes (id integer primary key, name text not null unique, parent_id integer references parents (id) deferrable initially deferred)`.execute(db);
      outside = new SQLite(join(dir, 'test.db'), { readonly: true });
    });

    afterEach(async () => {
      outside.close();
      await database.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    });

    const add = (name: string, parentId: number | null = null) => (trx: Kysely<any>) => trx.insertInto('notes').values({ name, parent_id: parentId }).execute();

    describe('transactions', () => {
      it('reports each of many concurrent transactions committed only once another connection can read it', async () => {
        const seenAtResolve: Record<string, boolean> = {};
        await Promise.all(
          ['a', 'b', 'c', 'd', 'e'].map((name) =>
            db
              .transaction()
              .execute(add(name))
              .then(() => {
                seenAtResolve[name] = committed().includes(name);
              }),
          ),
        );
        expect(seenAtResolve).toEqual({ a: true, b: true, c: true, d: true, e: true });
        expect(committed()).toEqual(['a', 'b', 'c', 'd', 'e']);
      });

      it('writes nothing of a transaction that throws, and keeps the others of its group', async () => {
        const results = await Promise.allSettled([
          db.transaction().execute(add('kept-1')),
          db.transaction().execute(async (trx) => {
            await add('undone')(trx);
            throw new Error('changed my mind');
          }),
          db.transaction().execute(add('kept-2')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(committed()).toEqual(['kept-1', 'kept-2']);
      });

      it('keeps a group going past a statement that fails on a constraint', async () => {
        await db.transaction().execute(add('first'));
        const results = await Promise.allSettled([db.transaction().execute(add('first')), db.transaction().execute(add('second'))]);
        expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
        expect(results[1]!.status).toBe('fulfilled');
        expect(committed()).toEqual(['first', 'second']);
      });

      it('fails every transaction of a group whose COMMIT fails, and stores none of them', async () => {
        // A deferred foreign key is checked only at COMMIT: the bad row passes its own transaction.
        const results = await Promise.allSettled([db.transaction().execute(add('innocent')), db.transaction().execute(add('orphan', 99))]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
        expect(committed()).toEqual([]);
        // The next group starts clean.
        await db.transaction().execute(add('later'));
        expect(committed()).toEqual(['later']);
      });

      it('lets a write outside any transaction that lands in an open group return only once the group is stored', async () => {
        let seen: boolean | undefined;
        // Two transactions that hold the connection for a moment each; the single write queues between them.
        const slow = (name: string) =>
          db.transaction().execute(async (trx) => {
            await add(name)(trx);
            await new Promise((r) => setTimeout(r, 20));
          });
        const first = slow('before');
        const single = add('single')(db).then(() => {
          seen = committed().includes('single');
        });
        const second = slow('after');
        await Promise.all([first, single, second]);
        expect(seen).toBe(true);
      });

      it('serves reads while a group waits to commit', async () => {
        await db.transaction().execute(add('old'));
        const [, rows] = await Promise.all([db.transaction().execute(add('new')), db.selectFrom('notes').select('name').orderBy('name').execute()]);
        expect(rows.map((r) => r.name)).toContain('old');
      });

      it('fails the group SQLite rolled back by itself, and then tells later writes the truth', async () => {
        await db.transaction().execute(add('taken'));
        // INSERT OR ROLLBACK ends the whole outer transaction on a conflict, as a full disk or an I/O error would.
        const results = await Promise.allSettled([
          db.transaction().execute(add('in-the-lost-group')),
          sql`insert or rollback into notes (name) values ('taken')`.execute(db),
          add('after')(db),
        ]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
        expect(results[0]).toMatchObject({ reason: { code: 'SQLITE_GROUP_LOST' } });
        expect(committed()).toEqual(['after', 'taken']);
      });

      it('keeps a held connection (db.connection()) in turn after its first write joined a group', async () => {
        // A group is open (this transaction's) when the held connection writes first.
        const first = db.transaction().execute(add('first'));
        const held = db.connection().execute(async (conn) => {
          await add('held-1')(conn);
          await new Promise((r) => setTimeout(r, 5));
          await add('held-2')(conn);
        });
        await first;
        const undone = db.transaction().execute(async (trx) => {
          await add('undone')(trx);
          await new Promise((r) => setTimeout(r, 30));
          throw new Error('rolls back');
        });
        const results = await Promise.allSettled([held, undone]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
        expect(committed()).toEqual(['first', 'held-1', 'held-2']);
      });

      it('lets a transaction open when the database is closed finish, then closes', async () => {
        const open = db.transaction().execute(async (trx) => {
          await add('first-half')(trx);
          await new Promise((r) => setTimeout(r, 50));
          await add('second-half')(trx);
        });
        await new Promise((r) => setTimeout(r, 10));
        const closed = database.close();
        await Promise.all([open, closed]);
        expect(committed()).toEqual(['first-half', 'second-half']);
      });

      it('commits a pending group when the database closes', async () => {
        const pending = db.transaction().execute(add('last'));
        await database.close();
        await pending;
        expect(committed()).toEqual(['last']);
      });
    });

    describe('write procedures', () => {
      const at = new Date('2026-11-26T12:00:00Z');

      it('runs one as a single transaction, reported committed only once another connection can read all of it', async () => {
        let seen: string[] = [];
        const result = await runWrite(db, addNotes, { names: ['p1', 'p2', 'p3'], at }).then((r) => {
          seen = committed();
          return r;
        });
        expect(seen).toEqual(['p1', 'p2', 'p3']);
        // Its result crosses over whole: numbers, and a Date as a Date.
        expect(result.ids).toHaveLength(3);
        expect(result.at).toEqual(at);
      });

      it('writes nothing of one that throws, keeps the others of its group, and passes the error on with its code', async () => {
        const results = await Promise.allSettled([
          runWrite(db, addNotes, { names: ['kept-1'], at }),
          runWrite(db, addNotes, { names: ['undone-1', 'undone-2'], thenFail: true, at }),
          add('kept-2')(db),
          runWrite(db, addNotes, { names: ['kept-3'], at }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect(results[1]).toMatchObject({ reason: { message: 'changed my mind', code: 'CHANGED_MIND' } });
        expect(committed()).toEqual(['kept-1', 'kept-2', 'kept-3']);
      });

      it('fails on a constraint with the code SQLite gave, and undoes the rows it wrote before', async () => {
        await add('taken')(db);
        const result = runWrite(db, addNotes, { names: ['first-of-two', 'taken'], at });
        await expect(result).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
        expect(committed()).toEqual(['taken']);
      });

      it('runs inside a transaction it is given, as part of it', async () => {
        await expect(
          db.transaction().execute(async (trx) => {
            await runWrite(trx as Kysely<any>, addNotes, { names: ['inner'], at });
            throw new Error('outer rolls back');
          }),
        ).rejects.toThrow('outer rolls back');
        expect(committed()).toEqual([]);
      });
    });

    describe.runIf(writer === 'thread')('what cannot cross to the writer thread', () => {
      const at = new Date('2026-11-26T12:00:00Z');

      it('fails a call whose arguments cannot be copied, alone, and the thread goes on', async () => {
        const results = await Promise.allSettled([
          runWrite(db, addNotes, { names: ['sent-with-it'], at }),
          runWrite(db, addNotes, { names: ['never-sent'], at, extra: () => 1 }),
          add('after')(db),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(results[1]).toMatchObject({ reason: { name: 'DataCloneError' } });
        expect(committed()).toEqual(['after', 'sent-with-it']);
        await add('later')(db);
        expect(committed()).toContain('later');
      });

      it('answers a call whose result cannot be copied with an error, the others with theirs, and the thread goes on', async () => {
        const results = await Promise.allSettled([runWrite(db, addNoteAnsweringAFunction, { name: 'answered-badly' }), runWrite(db, addNotes, { names: ['answered-well'], at })]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
        expect(results[0]).toMatchObject({ reason: { name: 'DataCloneError' } });
        await add('later')(db);
        expect(committed()).toEqual(['answered-badly', 'answered-well', 'later']);
      });
    });

    describe.runIf(writer === 'thread')('when the writer thread stops', () => {
      it('fails what was waiting and what follows with a code answered 503, fails the readiness check, and a database opened later gets a new thread', async () => {
        await add('before')(db);
        const stopped = await runWrite(db, stopTheWriter, undefined).catch((err: unknown) => err);
        expect(stopped).toMatchObject({ code: 'SQLITE_WRITER_STOPPED' });
        expect(isDatabaseUnavailable(stopped)).toBe(true);
        await expect(add('later')(db)).rejects.toMatchObject({ code: 'SQLITE_WRITER_STOPPED' });
        await expect(database.ping()).rejects.toMatchObject({ code: 'SQLITE_WRITER_STOPPED' });
        // Reads go on: they never needed the writer.
        expect((await db.selectFrom('notes').select('name').execute()).map((r) => r.name)).toEqual(['before']);
        expect(committed()).toEqual(['before']);
        // Closing still works (nothing is left to close on the writer's side).
        await database.close();

        const again = await openDatabase(`sqlite:${join(dir, 'again.db')}`, { sqliteWriter: 'thread' });
        try {
          await sql`create table t (x integer)`.execute(again.db);
          await sql`insert into t values (1)`.execute(again.db);
          await again.ping();
        } finally {
          await again.close();
        }
      });
    });
  });
}
