/** The live event log on both databases: numbering, reading after a number, the newest number, pruning. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendLiveEvent, latestLiveSeq, liveEventsSince, pruneLiveEvents } from '../../src/store/live-events.ts';
import { describeBackends, openTestDeps, type TestDeps } from '../support/backends.ts';

describeBackends('live event log', (backend) => {
  let t: TestDeps;
  beforeAll(async () => {
    t = await openTestDeps(backend);
  });
  afterAll(() => t?.close());

  it('numbers events in order and reads them back per story, after a number', async () => {
    const db = t.deps.db;
    expect(await latestLiveSeq(db)).toBe(0);
    const old = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-11-26T12:00:00Z');
    const a1 = await appendLiveEvent(db, { storyId: 1, type: 'comment.created', commentId: 10, now: old });
    const b1 = await appendLiveEvent(db, { storyId: 2, type: 'comment.created', commentId: 20, now });
    const a2 = await appendLiveEvent(db, { storyId: 1, type: 'comment.voted', commentId: 10, now });
    expect(a1).toBeLessThan(b1);
    expect(b1).toBeLessThan(a2);
    expect(await liveEventsSince(db, { storyIds: [1], after: 0, limit: 10 })).toEqual([
      { seq: a1, storyId: 1, type: 'comment.created', commentId: 10 },
      { seq: a2, storyId: 1, type: 'comment.voted', commentId: 10 },
    ]);
    expect((await liveEventsSince(db, { storyIds: [1, 2], after: a1, limit: 10 })).map((e) => e.seq)).toEqual([b1, a2]);
    expect((await liveEventsSince(db, { storyIds: [1, 2], after: 0, limit: 1 })).map((e) => e.seq)).toEqual([a1]);
    expect(await latestLiveSeq(db)).toBe(a2);
    expect(await latestLiveSeq(db, 2)).toBe(b1);
    expect(await latestLiveSeq(db, 99)).toBe(0);
    expect(await pruneLiveEvents(db, new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect((await liveEventsSince(db, { storyIds: [1], after: 0, limit: 10 })).map((e) => e.seq)).toEqual([a2]);
  });
});
