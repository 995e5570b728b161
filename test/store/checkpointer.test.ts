/**
 * The write-ahead log is folded into the database file by the worker's checkpoints, not by the writer
 * (whose own automatic checkpoint waits for 40 MB of log): written data reaches the file itself within a
 * moment, and closing leaves no log behind.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { startCheckpointer } from '../../src/store/sqlite-checkpointer.ts';

let dir: string | undefined;
let database: Database | undefined;

afterEach(async () => {
  await database?.close().catch(() => {});
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

it('moves committed pages into the database file in the background, and leaves no log after closing', async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
  const file = join(dir, 'test.db');
  database = await openDatabase(`sqlite:${file}`);
  const db = database.db as unknown as Kysely<any>;
  await sql`create table blobs (id integer primary key, body text not null)`.execute(db);
  const before = statSync(file).size;
  const body = 'x'.repeat(4000);
  for (let i = 0; i < 50; i++) {
    await db.transaction().execute((trx) => trx.insertInto('blobs').values(Array.from({ length: 10 }, () => ({ body }))).execute());
  }
  // 2 MB written: far below the writer's own checkpoint threshold, so only the worker can have moved it.
  expect(await until(() => statSync(file).size >= before + 2_000_000, 3000)).toBe(true);
  await database.close();
  database = undefined;
  expect(existsSync(`${file}-wal`)).toBe(false);
});

it('says so when the background checkpoints cannot run', async () => {
  const failures: Error[] = [];
  const checkpointer = startCheckpointer(join(tmpdir(), 'parley-no-such-dir', 'x', 'test.db'), { onFailure: (err) => failures.push(err) });
  expect(await until(() => failures.length > 0, 5000)).toBe(true);
  expect(failures[0]!.message).toMatch(/directory does not exist|unable to open/i);
  await checkpointer.stop();
});
