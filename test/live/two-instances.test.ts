/**
 * Two `parley start` processes on different ports, on one PostgreSQL database and one Redis: a comment
 * posted on either reaches a live-stream reader connected to the other within a second.
 * (A redis-server of the suite's own, so no other suite's events cross this one's.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/backends.ts';
import { openEventStream, type EventStream } from './support/event-stream.ts';
import { createPgDatabase, redisServerAvailable, startInstance, startRedis, stopAll, type Instance, type PgDatabase } from './support/processes.ts';
import { firstStory, mentions, Reader } from './support/reader.ts';

const pgUp = await postgresAvailable();

(pgUp && redisServerAvailable ? describe : describe.skip)('two instances on one PostgreSQL and one Redis', () => {
  let database: PgDatabase;
  let a: Instance;
  let b: Instance;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    database = await createPgDatabase();
    const redis = await startRedis();
    a = await startInstance({ DATABASE_URL: database.url(), REDIS_URL: redis.url });
    b = await startInstance({ DATABASE_URL: database.url(), REDIS_URL: redis.url, SEED_DEMO: 'false' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stopAll();
    await database?.drop();
  });

  it('delivers a comment posted on one to a live reader on the other within a second, both ways', async () => {
    const story = await firstStory(a.url);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const reader = await openEventStream(`${to.url}/api/stories/${story.slug}/events`);
      streams.push(reader);
      expect(reader.status).toBe(200);
      const writer = await new Reader(from.url).signUp('Cross Writer');
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        const sent = Date.now();
        const res = await writer.post(story.slug, `Cross-instance note ${from.port}-${i}: a fair summary of the council meeting.`);
        expect(res.status).toBe(201);
        const frame = await reader.waitFor((f) => mentions(f.data, res.data.comment.id), 5000);
        delays.push(frame.at - sent);
        // The frame names the event, so a reader who reconnects can resume from it.
        expect(frame.id).toMatch(/^\d+$/);
      }
      // From sending the POST to the reader on the other instance: the median of three, so one post
      // slowed by a busy machine does not decide it.
      expect([...delays].sort((x, y) => x - y)[1], `delays ${delays.join(', ')} ms`).toBeLessThan(1000);
      expect(reader.ended).toBeUndefined();
    }
  });
});
