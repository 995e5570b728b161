/**
 * Benchmark: read throughput of a story page with 1, 2 and 3 Parley instances behind nginx, on one
 * PostgreSQL database — the deployment of docs/deploy.md (Debian's nginx with deploy/nginx/parley.conf,
 * `parley start` processes, both started as the deployment suite starts them), on loopback. The baseline is one instance behind the same nginx; the
 * ratio says what each added instance buys. One instance reached directly (no nginx) is printed too,
 * for what the proxy costs.
 *
 * Two modes, each with its own instances: the default page cache (PAGE_CACHE_SECONDS=1: a logged-out
 * reader's page is rendered about once a second per instance) and no cache (every request reads
 * PostgreSQL and renders). The story has a few hundred comments.
 *
 * On a machine with few cores this measures the cores, not Parley: nginx, the instances, PostgreSQL
 * and the load generator share them, so a second or third instance cannot add throughput once they are
 * busy. The figures are printed with the core count and load average so they are read that way.
 * Knobs (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (50), BENCH_COMMENTS (300), BENCH_MODES (cached,uncached), TEST_DATABASE_URL.
 */
import { availableParallelism, loadavg } from 'node:os';
import { loadConfig } from '../src/config.ts';
import { renderCommentMarkdown } from '../src/domain/markdown.ts';
import type { Decision } from '../src/domain/moderation.ts';
import { seedDemo } from '../src/commands/seed-demo.ts';
import { createLogger } from '../src/log.ts';
import { buildDeps } from '../src/main.ts';
import { insertComment } from '../src/store/comments.ts';
import { addToCommentCount, listStories } from '../src/store/stories.ts';
import { insertUser } from '../src/store/users.ts';
import { nginxAvailable, NGINX, startNginx } from '../test/live/support/nginx.ts';
import { createPgDatabase, startInstance, stopAll, type Instance } from '../test/live/support/processes.ts';
import { cannon, int, median, ms, num, prng, settle, watchdog, type Sample } from './_support.ts';

const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 2);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const COMMENTS = num('BENCH_COMMENTS', 300);
const MODES = (process.env.BENCH_MODES ?? 'cached,uncached').split(',').map((m) => m.trim()) as ('cached' | 'uncached')[];
const TIME_LIMIT_MS = 240_000 + MODES.length * ROUNDS * 4 * (SECONDS + WARMUP_SECONDS + 15) * 1000;

watchdog('scale', TIME_LIMIT_MS);

const rand = prng(20261202);
const SENTENCES = [
  'The second half of the piece is where the real news is.',
  'Our ward saw the same thing last winter, but nobody wrote it down.',
  'I would like to see the full numbers before drawing conclusions.',
  'A fair summary; the quotes from the drivers were the best part.',
  'Worth noting the pilot only ran in two districts.',
  'Thanks for linking the council minutes, that helps a lot.',
];

/** A discussion on the newest story: readers and top-level comments with some replies. */
async function seedDiscussion(url: string): Promise<string> {
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const { deps, database } = await buildDeps(config, { log: createLogger('silent') });
  try {
    await seedDemo(deps);
    const [story] = await listStories(deps.db, {}, 1);
    if (!story) throw new Error('the demo seed produced no story');
    const decision: Decision = { action: 'publish', labels: [], reasons: [], policyVersion: 1 };
    await deps.db.transaction().execute(async (trx) => {
      const users: number[] = [];
      for (let i = 0; i < 50; i++) {
        const u = await insertUser(trx, { email: `scale-${i}@bench.parley.local`, displayName: `Reader ${i}`, passwordHash: 'bench-no-login', now: new Date('2026-10-01T00:00:00Z') });
        users.push(u!.id);
      }
      const placed: { id: number; rootId: number | null; depth: number }[] = [];
      const t0 = Date.parse(story.publishedAt);
      for (let i = 0; i < COMMENTS; i++) {
        const parent = placed.length && rand() < 0.4 ? placed[Math.floor(rand() * placed.length)]! : null;
        const md = SENTENCES[Math.floor(rand() * SENTENCES.length)]!;
        const c = await insertComment(trx, {
          storyId: story.id,
          userId: users[i % users.length]!,
          authorName: 'Bench reader',
          parent,
          bodyMd: md,
          bodyHtml: renderCommentMarkdown(md),
          status: 'published',
          decision,
          now: new Date(t0 + (i + 1) * 60_000),
        });
        placed.push({ id: c.id, rootId: c.rootId, depth: c.depth });
      }
      await addToCommentCount(trx, story.id, COMMENTS);
    });
    return story.slug;
  } finally {
    await database.close();
  }
}

function load(url: string): Promise<Sample> {
  return cannon(
    { url, connections: CONNECTIONS, pipelining: 1, duration: SECONDS, warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS }, timeout: 30 },
    SECONDS + WARMUP_SECONDS + 45,
  );
}

if (!nginxAvailable) {
  console.error(`scale: needs nginx at ${NGINX} (apt-get install nginx)`);
  process.exit(1);
}

let failed = false;
const database = await createPgDatabase();
try {
  const slug = await seedDiscussion(database.url());
  const path = `/stories/${slug}`;
  console.log(`scale: the story page (${path}, ${COMMENTS} comments) read through nginx with 1, 2 and 3 instances on one PostgreSQL`);
  console.log(`  machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} (1 min) before the runs`);
  console.log(
    `  autocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per target, ${ROUNDS} rounds (order rotated), load from a child process; nginx ${availableParallelism()} workers`,
  );
  const summary: string[] = [];
  for (const mode of MODES) {
    const instances: Instance[] = [];
    for (let i = 0; i < 3; i++) {
      instances.push(await startInstance({ DATABASE_URL: database.url(), SEED_DEMO: 'false', PAGE_CACHE_SECONDS: mode === 'cached' ? '1' : '0', LOG_LEVEL: 'error' }));
    }
    const nginx = await startNginx([instances[0]!.port], { workers: availableParallelism(), workerConnections: 4096 });
    try {
      console.log('');
      console.log(`  ${mode === 'cached' ? 'page cache 1 s (the default)' : 'no page cache (PAGE_CACHE_SECONDS=0)'}`);
      console.log(`  ${'round'.padEnd(6)} ${'target'.padEnd(22)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}  notes`);
      const targets = [
        { key: 'direct', label: '1 instance, direct', size: 0 },
        { key: '1', label: '1 behind nginx', size: 1 },
        { key: '2', label: '2 behind nginx', size: 2 },
        { key: '3', label: '3 behind nginx', size: 3 },
      ];
      const samples = new Map<string, Sample[]>(targets.map((t) => [t.key, []]));
      let upstream = 1;
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < targets.length; k++) {
          const t = targets[(k + round) % targets.length]!;
          if (t.size && t.size !== upstream) {
            nginx.reload(instances.slice(0, t.size).map((i) => i.port));
            upstream = t.size;
            // Old workers finish their connections and exit; give the new ones a moment.
            await new Promise((r) => setTimeout(r, 1000));
          }
          await settle();
          const url = t.size ? `${nginx.url}${path}` : `${instances[0]!.url}${path}`;
          const s = await load(url);
          samples.get(t.key)!.push(s);
          const notes = [s.non2xx && `${s.non2xx} non-2xx`, s.errors && `${s.errors} errors`, s.timeouts && `${s.timeouts} timeouts`].filter(Boolean).join(', ');
          if (notes) failed = true;
          console.log(`  ${String(round + 1).padEnd(6)} ${t.label.padEnd(22)} ${int(s.rps).padStart(7)} ${ms(s.p50).padStart(8)} ${ms(s.p99).padStart(8)}  ${notes}`);
        }
      }
      const med = (key: string) => {
        const xs = samples.get(key)!;
        return { rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) };
      };
      const base = med('1');
      console.log('');
      console.log(`  ${'median'.padEnd(6)} ${'target'.padEnd(22)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'vs 1'.padStart(6)}`);
      for (const t of targets) {
        const m = med(t.key);
        console.log(`  ${''.padEnd(6)} ${t.label.padEnd(22)} ${int(m.rps).padStart(7)} ${ms(m.p50).padStart(8)} ${ms(m.p99).padStart(8)} ${(m.rps / base.rps).toFixed(2).padStart(6)}`);
      }
      const two = med('2');
      const three = med('3');
      summary.push(
        `scale [${mode}]: parley ×3 behind nginx ${int(three.rps)} req/s, ×2 ${int(two.rps)} req/s · baseline ×1 ${int(base.rps)} req/s · ratio ×3/×1 ${(three.rps / base.rps).toFixed(2)}, ×2/×1 ${(two.rps / base.rps).toFixed(2)} · direct ×1 (no nginx) ${int(med('direct').rps)} req/s`,
      );
      if (nginx.errors().match(/\[(emerg|crit|alert)\]/)) console.log(`  nginx error log: ${nginx.errors().trim().split('\n').slice(-3).join(' | ')}`);
    } finally {
      await nginx.stop();
      await stopAll();
    }
  }
  console.log('');
  console.log(`  load average ${loadavg()[0]!.toFixed(2)} (1 min) after the runs; ${availableParallelism()} cores shared by nginx, the instances, PostgreSQL and the load generator`);
  if (failed) console.log('  warning: some requests failed (non-2xx, errors or timeouts): see the notes above');
  for (const line of summary) console.log(line);
} catch (err) {
  console.error('scale: failed:', err);
  process.exitCode = 1;
} finally {
  await stopAll();
  await database.drop().catch((err) => console.error('scale: could not drop the database:', err));
}
