/**
 * Prepared queries (src/store/prepared.ts) on both databases: each call runs with its own values, inside and
 * outside a transaction, on SQLite and PostgreSQL open in the same process (each with its own compiled SQL),
 * and a missing value is refused rather than bound as NULL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepared, slot } from '../../src/store/prepared.ts';
import { describeBackends, openTestDeps, type TestDeps } from '../support/backends.ts';

const insertEvent = prepared<{ storyId: number; type: string; commentId: number; at: string }, { id: number }>((db) =>
  db
    .insertInto('live_events')
    .values({ story_id: slot<number>('storyId'), type: slot<string>('type'), comment_id: slot<number>('commentId'), created_at: slot<string>('at') })
    .returning('id'),
);
// A constant among the slots stays a constant.
const countOfType = prepared<{ storyId: number }, { n: number }>((db) =>
  db
    .selectFrom('live_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'comment.created')
    .where('story_id', '=', slot<number>('storyId')),
);

describeBackends('prepared queries', (backend) => {
  let t: TestDeps;
  let other: TestDeps;
  beforeAll(async () => {
    t = await openTestDeps(backend);
    // The other database kind, open at the same time: the same prepared query must speak each one's SQL.
    other = await openTestDeps(backend === 'sqlite' ? 'postgres' : 'sqlite');
  });
  afterAll(async () => {
    await t?.close();
    await other?.close();
  });

  it('runs with each call’s values, in and out of transactions, on two databases at once', async () => {
    const at = '2026-11-26T12:00:00.000Z';
    const [a] = (await insertEvent(t.deps.db, { storyId: 1, type: 'comment.created', commentId: 10, at })).rows;
    const [b] = (await insertEvent(other.deps.db, { storyId: 1, type: 'comment.created', commentId: 11, at })).rows;
    await t.deps.db.transaction().execute(async (trx) => {
      await insertEvent(trx, { storyId: 1, type: 'comment.voted', commentId: 10, at });
      await insertEvent(trx, { storyId: 2, type: 'comment.created', commentId: 20, at });
    });
    expect(Number(a!.id)).toBeGreaterThan(0);
    expect(Number(b!.id)).toBeGreaterThan(0);
    const rows = await t.deps.db.selectFrom('live_events').select(['story_id', 'type', 'comment_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { story_id: 1, type: 'comment.created', comment_id: 10 },
      { story_id: 1, type: 'comment.voted', comment_id: 10 },
      { story_id: 2, type: 'comment.created', comment_id: 20 },
    ]);
    expect(Number((await countOfType(t.deps.db, { storyId: 1 })).rows[0]!.n)).toBe(1);
    expect(Number((await countOfType(t.deps.db, { storyId: 2 })).rows[0]!.n)).toBe(1);
    expect(Number((await countOfType(other.deps.db, { storyId: 1 })).rows[0]!.n)).toBe(1);
  });

  it('refuses a call that leaves a slot without a value', async () => {
    await expect(insertEvent(t.deps.db, { storyId: 1, type: 'comment.created', at: 'x' } as never)).rejects.toThrow('no value for slot "commentId"');
  });
});
