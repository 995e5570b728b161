/**
 * Two instances on one Redis (the real one on 127.0.0.1:6379, or TEST_REDIS_URL): events published on
 * one reach the other, and a rate limit holds across both. Skipped, with a line saying so, when there is
 * no Redis outside CI; in CI its absence fails the run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { ParleyEvent } from '../../src/live/bus.ts';
import { createLogger } from '../../src/log.ts';
import { buildDeps } from '../../src/main.ts';
import { createApp } from '../../src/http/app.tsx';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const up = await redisUp();
if (!up && process.env.CI === 'true') throw new Error(`Redis is not reachable at ${REDIS_URL}; CI needs it`);
if (!up) console.warn(`Redis suites skipped: no server at ${REDIS_URL} (start Redis or set TEST_REDIS_URL to run them)`);

(up ? describe : describe.skip)('two instances on one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const instances: Awaited<ReturnType<typeof buildDeps>>[] = [];

  beforeAll(async () => {
    for (const name of ['a', 'b']) {
      const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}`, REDIS_URL, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
      instances.push(await buildDeps(config, { log: createLogger('silent') }));
    }
  });
  afterAll(async () => {
    for (const i of instances) await i.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('carries an event published on one instance to the other, once, within a second', async () => {
    const [a, b] = instances;
    const seenOnB: ParleyEvent[] = [];
    const seenOnA: ParleyEvent[] = [];
    b!.deps.bus.subscribe((e) => seenOnB.push(e));
    a!.deps.bus.subscribe((e) => seenOnA.push(e));
    // Wait until both instances' subscriptions have reached Redis.
    const probe = new Redis(REDIS_URL);
    try {
      await expect.poll(async () => Number(((await probe.pubsub('NUMSUB', 'parley:events')) as [string, number])[1]), { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    } finally {
      probe.disconnect();
    }
    const storyId = Math.floor(Math.random() * 1e9);
    const started = Date.now();
    a!.deps.bus.publish({ type: 'story.changed', storyId });
    await expect.poll(() => seenOnB.filter((e) => e.type === 'story.changed' && e.storyId === storyId).length, { timeout: 1000, interval: 10 }).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    // The publisher sees its own event once (locally), not again from Redis.
    await new Promise((r) => setTimeout(r, 200));
    expect(seenOnA.filter((e) => e.type === 'story.changed' && e.storyId === storyId)).toHaveLength(1);
    expect(seenOnB.filter((e) => e.type === 'story.changed' && e.storyId === storyId)).toHaveLength(1);
  });

  it('holds one rate limit across both instances', async () => {
    const [a, b] = instances;
    const key = `test:${randomBytes(6).toString('hex')}`;
    const results = [];
    for (let i = 0; i < 6; i++) results.push((await (i % 2 ? b! : a!).deps.limiter.hit(key, 4, 60)).allowed);
    expect(results).toEqual([true, true, true, true, false, false]);
  });

  it('reports Redis in /readyz', async () => {
    const app = await createApp(instances[0]!.deps, { logger: false });
    const res = await app.inject({ url: '/readyz' });
    expect(res.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
    await app.close();
  });
});

describe('REDIS_URL', () => {
  it('must be a redis:// URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://localhost:6379' })).toThrow(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
  });
});

describe('when Redis is down', () => {
  it('keeps serving: events stay local, limits per instance, /readyz says degraded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-noredis-'));
    const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
    const { deps, database } = await buildDeps(config, { log: createLogger('silent') });
    try {
      const seen: ParleyEvent[] = [];
      deps.bus.subscribe((e) => seen.push(e));
      deps.bus.publish({ type: 'story.changed', storyId: 7 });
      expect(seen).toEqual([{ type: 'story.changed', storyId: 7 }]);
      const key = `down:${randomBytes(4).toString('hex')}`;
      const hits = [];
      for (let i = 0; i < 3; i++) hits.push((await deps.limiter.hit(key, 2, 60)).allowed);
      expect(hits).toEqual([true, true, false]);
      const app = await createApp(deps, { logger: false });
      expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'degraded', database: 'ok', redis: 'unreachable' });
      await app.close();
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
