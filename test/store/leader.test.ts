/** One instance runs the feed schedule: a PostgreSQL advisory lock, taken over when its holder goes away. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { lockKey, openDatabase } from '../../src/store/database.ts';
import { PG_URL, postgresAvailable } from '../support/backends.ts';

const up = await postgresAvailable();

(up ? describe : describe.skip)('schedule leadership on PostgreSQL', () => {
  it('lets one instance lead, and another take over when it lets go or its connection dies', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const a = await openDatabase(PG_URL, { schema });
    const b = await openDatabase(PG_URL, { schema });
    try {
      expect(await a.leader.acquire()).toBe(true);
      expect(await a.leader.acquire()).toBe(true);
      expect(await b.leader.acquire()).toBe(false);
      await a.leader.release();
      expect(await b.leader.acquire()).toBe(true);
      expect(await a.leader.acquire()).toBe(false);
      // The leader's connection dies (the instance was killed): the lock is free again.
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      // Only the backend holding this test's own lock (other suites' locks are left alone).
      await admin.query(
        `select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and classid = 0 and objid = $1 and objsubid = 1`,
        [lockKey(`parley:feeds:${schema}`)],
      );
      await admin.end();
      await expect.poll(() => a.leader.acquire(), { timeout: 5000, interval: 100 }).toBe(true);
    } finally {
      await a.close();
      await b.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  });
});

describe('schedule leadership on SQLite', () => {
  it('is always this process', async () => {
    const db = await openDatabase('sqlite::memory:');
    expect(await db.leader.acquire()).toBe(true);
    await db.close();
  });
});
