/**
 * The deployment in docs/deploy.md, started on loopback: three `parley start` instances on one
 * PostgreSQL database and one Redis, behind Debian's nginx running the site file
 * deploy/nginx/parley.conf. Readers go through nginx only: pages, sign-up and posting (CSRF and
 * Origin checks across instances), a live stream that is not held back, an instance added with a
 * reload, an instance dying. Without nginx the suite is skipped with a line saying so;
 * in CI (CI=true) a missing nginx fails it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/backends.ts';
import { openEventStream } from './support/event-stream.ts';
import { NGINX, nginxAvailable, SITE_TEMPLATE, startNginx, type Nginx } from './support/nginx.ts';
import { createPgDatabase, redisServerAvailable, startInstance, startRedis, stopAll, type Instance, type PgDatabase, type RedisProcess } from './support/processes.ts';
import { firstStory, mentions, Reader } from './support/reader.ts';

if (!nginxAvailable && process.env.CI === 'true') throw new Error(`nginx is missing at ${NGINX}; CI must run the deployment suite (apt-get install nginx)`);
if (!nginxAvailable) console.warn(`nginx suite skipped: no nginx at ${NGINX} (apt-get install nginx to run it)`);
const pgUp = await postgresAvailable();

/** Story-page requests an instance has answered, from its own /metrics. */
async function storyPagesServed(instance: Instance): Promise<number> {
  const text = await (await fetch(`${instance.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('parley_http_request_duration_seconds_count{') && l.includes('route="/stories/:slug"'))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('the deployment files and docs/deploy.md', () => {
  it('are the same text, so the documented set-up is the tested one', () => {
    const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    expect(doc).toContain(readFileSync(SITE_TEMPLATE, 'utf8').trim());
    expect(doc).toContain(readFileSync(new URL('../../deploy/systemd/parley@.service', import.meta.url), 'utf8').trim());
  });
});

(nginxAvailable && pgUp && redisServerAvailable ? describe : describe.skip)('three instances behind nginx on PostgreSQL and Redis', () => {
  let database: PgDatabase;
  let redis: RedisProcess;
  let instances: Instance[];
  let nginx: Nginx;
  let slug: string;

  beforeAll(async () => {
    database = await createPgDatabase();
    redis = await startRedis();
    const env = { DATABASE_URL: database.url(), REDIS_URL: redis.url, PAGE_CACHE_SECONDS: '0' };
    // The first start migrates and seeds; the others find the schema and content there.
    const first = await startInstance(env);
    instances = [first, ...(await Promise.all([1, 2].map(() => startInstance({ ...env, SEED_DEMO: 'false' }))))];
    // nginx starts with two of them; the first case adds the third as docs/deploy.md says.
    nginx = await startNginx(instances.slice(0, 2).map((i) => i.port));
    slug = (await firstStory(nginx.url)).slug;
  });
  afterAll(async () => {
    await nginx?.stop();
    await stopAll();
    await database?.drop();
  });

  it('takes a new instance in with a reload, and spreads page reads over all three', async () => {
    // docs/deploy.md, "Adding an instance": it is running; add its line, reload.
    nginx.reload(instances.map((i) => i.port));
    const third = instances[2]!;
    const served0 = await storyPagesServed(third);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${nginx.url}/stories/${slug}`);
          await res.arrayBuffer();
          expect(res.status).toBe(200);
          return (await storyPagesServed(third)) - served0;
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBeGreaterThan(0);

    const before = await Promise.all(instances.map(storyPagesServed));
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${nginx.url}/stories/${slug}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const after = await Promise.all(instances.map(storyPagesServed));
    const served = after.map((n, i) => n - before[i]!);
    expect(served.reduce((a, b) => a + b, 0)).toBe(30);
    for (const n of served) expect(n).toBeGreaterThan(0);
    expect((await fetch(`${nginx.url}/metrics`)).status).toBe(403);
  });

  it('lets a reader sign up and post through it, whichever instance answers each request', async () => {
    const reader = await new Reader(nginx.url).signUp('Proxied Reader');
    const ids: number[] = [];
    // Several posts: with three instances, some go to one that did not issue the session or token.
    for (let i = 0; i < 6; i++) {
      const res = await reader.post(slug, `Through the proxy, note ${i}: the timetable change seems sensible to me.`);
      expect(res.status, JSON.stringify(res.data)).toBe(201);
      ids.push(res.data.comment.id);
    }
    const listed = await reader.get(`/api/stories/${slug}/comments?sort=newest&limit=20`);
    for (const id of ids) expect(listed.data.comments.some((c: { id: number }) => c.id === id)).toBe(true);
  });

  it('passes a live stream through without holding its events back', async () => {
    const stream = await openEventStream(`${nginx.url}/api/stories/${slug}/events`);
    try {
      expect(stream.status).toBe(200);
      expect(String(stream.headers['content-type'])).toMatch(/^text\/event-stream/);
      const writer = await new Reader(nginx.url).signUp('Live Writer');
      // Each post lands on some instance; the stream, on another or the same, gets it at once.
      // A buffered stream would hold a small event until the buffer filled: it would not arrive at all.
      for (let i = 0; i < 3; i++) {
        const sent = Date.now();
        const res = await writer.post(slug, `Live through nginx ${i}: thanks for keeping this thread so readable.`);
        expect(res.status).toBe(201);
        const frame = await stream.waitFor((f) => mentions(f.data, res.data.comment.id), 5000);
        expect(frame.at - sent).toBeLessThan(3000);
      }
      expect(stream.ended).toBeUndefined();
    } finally {
      stream.close();
    }
  });

  it('keeps serving page reads when an instance dies', async () => {
    await instances[2]!.kill('SIGKILL');
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${nginx.url}/stories/${slug}`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect(nginx.errors()).not.toMatch(/\[(emerg|crit)\]/);
  });
});
