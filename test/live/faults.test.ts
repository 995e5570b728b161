/**
 * Faults a scaled-out site meets, with real processes (`parley start`), the real PostgreSQL and a
 * redis-server of the suite's own:
 * - PostgreSQL goes away (connections dropped and refused, or a host that never answers) and comes
 *   back: requests fail fast with a coded 503 and Retry-After, /readyz follows, and the same process
 *   serves again without a restart;
 * - the process is killed (SIGKILL) in the middle of a burst of posts: every comment answered 201
 *   is in the database afterwards, on SQLite and on PostgreSQL;
 * - Redis stops and starts: nothing fails for readers, live updates carry on on each instance and
 *   across instances once Redis is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase } from '../../src/store/database.ts';
import { findComments } from '../../src/store/comments.ts';
import { PG_URL, postgresAvailable } from '../support/backends.ts';
import { openEventStream, type EventStream } from './support/event-stream.ts';
import { createPgDatabase, redisServerAvailable, startInstance, startRedis, stopAll, type Instance, type PgDatabase, type RedisProcess } from './support/processes.ts';
import { firstStory, mentions, Reader } from './support/reader.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

const pgUp = await postgresAvailable();

const pgTarget = new URL(PG_URL);

/**
 * One PostgreSQL database for the suites here, seeded by the first instance started on it: each suite
 * checks only the comments it posted, and starting on a seeded database is quicker.
 */
let shared: Promise<PgDatabase> | undefined;
const sharedDatabase = () => (shared ??= createPgDatabase());
afterAll(async () => {
  await stopAll();
  if (shared) await (await shared).drop();
});

/** Civil, distinct comment text (the moderation pipeline runs on every post). */
const civil = (tag: string, n: number) => `${tag} note ${n}: the figures for district ${n % 17} look steadier than last month, thanks for the summary.`;

describe('which database failures answer 503 rather than 500', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each([
    { what: 'connection refused', err: withCode('ECONNREFUSED'), unavailable: true },
    { what: 'connection reset', err: withCode('ECONNRESET'), unavailable: true },
    { what: 'a name with several addresses, all refused', err: Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: undefined }), unavailable: true },
    { what: 'the pool gave up waiting for a connection', err: new Error('timeout exceeded when trying to connect'), unavailable: true },
    { what: 'the server went away mid-query', err: new Error('Connection terminated unexpectedly'), unavailable: true },
    { what: 'connecting timed out', err: new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }), unavailable: true },
    { what: 'the administrator ended the connection (57P01)', err: withCode('57P01', 'terminating connection due to administrator command'), unavailable: true },
    { what: 'the server is starting up (57P03)', err: withCode('57P03', 'the database system is starting up'), unavailable: true },
    { what: 'too many connections (53300)', err: withCode('53300'), unavailable: true },
    { what: 'SQLite locked past its busy timeout', err: withCode('SQLITE_BUSY', 'database is locked'), unavailable: true },
    { what: 'a syntax error (42601)', err: withCode('42601', 'syntax error at or near "selec"'), unavailable: false },
    { what: 'a unique violation (23505)', err: withCode('23505'), unavailable: false },
    { what: 'a SQLite constraint', err: withCode('SQLITE_CONSTRAINT_UNIQUE'), unavailable: false },
    { what: 'a plain bug', err: new TypeError("Cannot read properties of undefined (reading 'id')"), unavailable: false },
  ])('$what', ({ err, unavailable }) => {
    expect(isDatabaseUnavailable(err)).toBe(unavailable);
  });
});

(pgUp ? describe : describe.skip)('PostgreSQL goes away and comes back', () => {
  let database: PgDatabase;
  let proxy: TcpProxy;
  let instance: Instance;
  let reader: Reader;
  let slug: string;

  beforeAll(async () => {
    database = await sharedDatabase();
    proxy = await startTcpProxy({ host: pgTarget.hostname, port: Number(pgTarget.port || 5432) });
    instance = await startInstance({ DATABASE_URL: database.url(`127.0.0.1:${proxy.port}`), PAGE_CACHE_SECONDS: '0' });
    reader = await new Reader(instance.url).signUp('Outage Reader');
    slug = (await firstStory(instance.url)).slug;
  });
  afterAll(async () => {
    await stopAll();
    await proxy?.close();
  });

  it('answers 503 with Retry-After and a code, fast, while it is away, and serves again without a restart', async () => {
    // A load balancer's health check carries no session.
    const readyz = async () => {
      const res = await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
      return { status: res.status, data: (await res.json()) as { status: string; database: string } };
    };
    expect((await readyz()).status).toBe(200);

    // Every connection dropped, new ones refused: a server restarting.
    await proxy.set('refuse');
    const api = await reader.get(`/api/stories/${slug}/comments`);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(api.data.error.code).toBe('unavailable');
    expect(api.ms).toBeLessThan(3000);
    const page = await fetch(`${instance.url}/stories/${slug}`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await page.text()).toContain('Temporarily unavailable');
    const lost = civil('Outage', 1);
    const post = await reader.post(slug, lost);
    expect(post.status).toBe(503);
    expect(post.data.error.code).toBe('unavailable');
    const ready = await readyz();
    expect(ready.status).toBe(503);
    expect(ready.data.database).toBe('unreachable');

    // A host that accepts connections and never answers: the pool's connect timeout bounds the wait.
    await proxy.set('stall');
    const stalled = await reader.get(`/api/stories/${slug}/comments`);
    expect(stalled.status).toBe(503);
    expect(stalled.data.error.code).toBe('unavailable');
    expect(stalled.ms).toBeLessThan(6000);

    await proxy.set('pass');
    await expect.poll(async () => (await readyz()).status, { timeout: 15_000, interval: 200 }).toBe(200);
    const kept = civil('Recovered', 2);
    const posted = await reader.post(slug, kept);
    expect(posted.status).toBe(201);
    const bodies = ((await reader.get(`/api/stories/${slug}/comments?sort=newest`)).data.comments as { bodyHtml: string }[]).map((c) => c.bodyHtml).join('\n');
    expect(bodies).toContain('Recovered note 2');
    // The post refused during the outage left nothing behind.
    expect(bodies).not.toContain('Outage note 1');
    expect(instance.alive()).toBe(true);
    expect(instance.output()).not.toMatch(/Unhandled|uncaught/i);
  });

  it('answers the requests whose queries were in flight when the connections dropped, and stays up', async () => {
    await Promise.all(Array.from({ length: 4 }, () => reader.get(`/api/stories/${slug}/comments`)));
    // Queries sent and never answered, then every connection cut under them.
    await proxy.set('freeze');
    const inFlight = Array.from({ length: 6 }, () => reader.get(`/api/stories/${slug}/comments`));
    await new Promise((r) => setTimeout(r, 500));
    await proxy.set('refuse');
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(503));
    expect(answers.every((a) => a.data.error.code === 'unavailable' && a.headers.get('retry-after'))).toBe(true);
    await proxy.set('pass');
    await expect.poll(async () => (await reader.get(`/api/stories/${slug}/comments`)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    expect(instance.alive()).toBe(true);
  });

  it('survives the server ending its connections (as a restart does) and never answers 500', async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      // Warm the pool so there are idle connections to lose.
      await Promise.all(Array.from({ length: 5 }, () => reader.get(`/api/stories/${slug}/comments`)));
      const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database.name]);
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const statuses: number[] = [];
    await expect
      .poll(
        async () => {
          const s = (await reader.get(`/api/stories/${slug}/comments`)).status;
          statuses.push(s);
          return s;
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe(200);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect((await reader.post(slug, civil('After restart', 3))).status).toBe(201);
    expect(instance.alive()).toBe(true);
  });
});

for (const backend of ['sqlite', 'postgres'] as const) {
  (backend === 'sqlite' || pgUp ? describe : describe.skip)(`a process killed mid-burst [${backend}]`, () => {
    let dir: string | undefined;
    afterAll(async () => {
      await stopAll();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('keeps every comment it answered 201', async () => {
      let url: string;
      if (backend === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
        url = `sqlite:${join(dir, 'parley.db')}`;
      } else {
        url = (await sharedDatabase()).url();
      }
      const instance = await startInstance({ DATABASE_URL: url, COMMENTS_PER_MINUTE: '1000000' });
      const slug = (await firstStory(instance.url)).slug;
      const writers = await Promise.all(Array.from({ length: 6 }, (_, i) => new Reader(instance.url, `198.51.100.${10 + i}`).signUp(`Writer ${i}`)));

      const acknowledged: { id: number; body: string }[] = [];
      const failures: string[] = [];
      let n = 0;
      let killed = false;
      const KILL_AFTER = 60;
      // Five posts in flight per writer, until the process dies under them.
      const loops = writers.flatMap((writer) =>
        Array.from({ length: 5 }, async () => {
          for (;;) {
            const body = civil(`Burst ${backend}`, n++);
            try {
              const res = await writer.post(slug, body, 10_000);
              if (res.status !== 201) throw new Error(`answered ${res.status}: ${JSON.stringify(res.data)}`);
              acknowledged.push({ id: res.data.comment.id, body });
              if (acknowledged.length >= KILL_AFTER && !killed) {
                killed = true;
                await instance.kill('SIGKILL');
              }
            } catch (err) {
              failures.push((err as Error).message);
              return;
            }
          }
        }),
      );
      await Promise.all(loops);
      expect(await instance.exited).toBe('SIGKILL');
      expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
      // Posts were still in flight when it died (the kill really was mid-burst), and none failed before.
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => !f.startsWith('answered'))).toBe(true);

      const opened = await openDatabase(url);
      try {
        const found = await findComments(opened.db, acknowledged.map((a) => a.id));
        const missing = acknowledged.filter((a) => found.get(a.id)?.bodyMd !== a.body);
        expect(missing).toEqual([]);
        // And each has its live event: a reader who reconnects after the crash is sent every one.
        const events = await opened.db
          .selectFrom('live_events')
          .select('comment_id')
          .where('type', '=', 'comment.created')
          .where('comment_id', 'in', acknowledged.map((a) => a.id))
          .execute();
        expect(new Set(events.map((e) => e.comment_id)).size).toBe(acknowledged.length);
        // Nothing was numbered that is not stored: every comment.created event names a stored comment.
        const orphans = await opened.db
          .selectFrom('live_events')
          .leftJoin('comments', 'comments.id', 'live_events.comment_id')
          .select('live_events.id')
          .where('comments.id', 'is', null)
          .execute();
        expect(orphans).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  });
}

(pgUp && redisServerAvailable ? describe : describe.skip)('Redis stopped and started', () => {
  let redis: RedisProcess;
  let database: PgDatabase;
  let a: Instance;
  let b: Instance;
  const streams: EventStream[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    database = await sharedDatabase();
    a = await startInstance({ DATABASE_URL: database.url(), REDIS_URL: redis.url });
    b = await startInstance({ DATABASE_URL: database.url(), REDIS_URL: redis.url, SEED_DEMO: 'false' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await stopAll();
  });

  const subscribers = async () => {
    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      return Number(((await probe.pubsub('NUMSUB', 'parley:events')) as [string, number])[1]);
    } catch {
      return 0;
    } finally {
      probe.disconnect();
    }
  };

  it('keeps posting, reading and local live updates working while it is down, and carries events between instances again when it is back', async () => {
    const story = await firstStory(a.url);
    const writer = await new Reader(a.url).signUp('Redis Writer');
    const onA = await openEventStream(`${a.url}/api/stories/${story.slug}/events`);
    const onB = await openEventStream(`${b.url}/api/stories/${story.slug}/events`);
    streams.push(onA, onB);
    expect([onA.status, onB.status]).toEqual([200, 200]);
    await expect.poll(subscribers, { timeout: 5000 }).toBeGreaterThanOrEqual(2);

    const before = (await writer.post(story.slug, civil('Before', 1))).data.comment.id as number;
    await onB.waitFor((f) => mentions(f.data, before), 5000);

    await redis.stop();
    await expect.poll(async () => (await writer.get('/readyz')).data.status, { timeout: 5000 }).toBe('degraded');
    // Readers are told their updates are running behind (the pages show a notice).
    for (const stream of [onA, onB]) await stream.waitFor((f) => f.event === 'status' && (f.data as { delayed: boolean }).delayed === true, 10_000);
    const during = await writer.post(story.slug, civil('During', 2));
    expect(during.status).toBe(201);
    const duringId = during.data.comment.id as number;
    // The instance that took the post tells its own readers at once.
    await onA.waitFor((f) => mentions(f.data, duringId), 5000);
    // Readers of the other instance are not failed: pages and the API answer, the stream stays open,
    // and the comment reaches it by the stream's own catch-up from the database.
    for (const base of [a.url, b.url]) {
      expect((await fetch(`${base}/stories/${story.slug}`)).status).toBe(200);
      const listed = await new Reader(base).get(`/api/stories/${story.slug}/comments?sort=newest`);
      expect(listed.status).toBe(200);
      expect(listed.data.comments.some((c: { id: number }) => c.id === duringId)).toBe(true);
    }
    expect((await new Reader(b.url).get('/readyz')).data).toMatchObject({ status: 'degraded', database: 'ok', redis: 'unreachable' });
    await onB.waitFor((f) => mentions(f.data, duringId), 15_000);
    expect(onA.ended).toBeUndefined();
    expect(onB.ended).toBeUndefined();
    // An instance started during the outage serves at once and joins the others when Redis is back.
    const c = await startInstance({ DATABASE_URL: database.url(), REDIS_URL: redis.url, SEED_DEMO: 'false' });
    const onC = await openEventStream(`${c.url}/api/stories/${story.slug}/events`);
    streams.push(onC);

    // A reader who joins during the outage is told at once.
    await onC.waitFor((f) => f.event === 'status' && (f.data as { delayed: boolean }).delayed === true, 5000);

    await redis.start();
    for (const base of [a.url, b.url, c.url]) {
      await expect.poll(async () => (await new Reader(base).get('/readyz')).data.status, { timeout: 10_000, interval: 200 }).toBe('ready');
    }
    // And told again when updates are live once more.
    for (const stream of [onA, onB, onC]) await stream.waitFor((f) => f.event === 'status' && (f.data as { delayed: boolean }).delayed === false, 10_000);
    // Every instance subscribed again: the server forgot the subscriptions when it stopped.
    await expect.poll(subscribers, { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(3);
    const sent = Date.now();
    const after = (await writer.post(story.slug, civil('After', 3))).data.comment.id as number;
    for (const stream of [onB, onC]) {
      const frame = await stream.waitFor((f) => mentions(f.data, after), 5000);
      // Over Redis, not the streams' catch-up from the database every few seconds.
      expect(frame.at - sent).toBeLessThan(2500);
      expect(stream.ended).toBeUndefined();
    }
    expect(a.alive() && b.alive() && c.alive()).toBe(true);
  });
});
