/**
 * Benchmark: a story with 1,000 comments, opened by a reader who is not logged in.
 *
 * Requests per second and p99 latency of the story's first page (GET /stories/:slug, default sort
 * "top") measured with autocannon, side by side in the same run with a bare Fastify route that
 * returns the same bytes; prints both and the ratio. Goal: the story page at ≥ 0.5 of the bare
 * route on the embedded default (SQLite). A secondary line measures the uncached path
 * (PAGE_CACHE_SECONDS=0: every request renders from the database).
 *
 * The load generator runs in a child process so it does not share the servers' event loop.
 * Several rounds, order rotated each round (the machine is noisy); medians are reported.
 * Knobs (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (50).
 */
import { availableParallelism, loadavg } from 'node:os';
import Fastify from 'fastify';
import type { Deps } from '../src/commands/deps.ts';
import { seedDemo } from '../src/commands/seed-demo.ts';
import { cannon, int, listen, median, ms, num, openSqliteDeps, prng, settle, watchdog, type Sample } from './_support.ts';
import type { VoteValue } from '../src/domain/comment.ts';
import { renderCommentMarkdown } from '../src/domain/markdown.ts';
import type { Decision } from '../src/domain/moderation.ts';
import type { CommentView } from '../src/domain/thread.ts';
import { createApp } from '../src/http/app.tsx';
import { storyPage } from '../src/queries/discussion.ts';
import { insertComment, setVote } from '../src/store/comments.ts';
import { addToCommentCount, listStories } from '../src/store/stories.ts';
import { insertUser } from '../src/store/users.ts';

const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 2);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const COMMENTS = 1000;
const USERS = 200;
const TOP_LEVEL_SHARE = 0.6;
const GOAL = 0.5;
/** Hard bound on the whole run (setup + every measurement), so a hang cannot stall CI. */
const TIME_LIMIT_MS = 60_000 + ROUNDS * 3 * (SECONDS + WARMUP_SECONDS + 10) * 1000;

watchdog('story-page', TIME_LIMIT_MS);

// ---------------------------------------------------------------- deterministic content

const rand = prng(20261126);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eitan', 'Fatima', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tomasz'];
const LAST = ['Adler', 'Baptiste', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen'];

const SENTENCES = [
  'I read the whole piece twice and I still think the second half buries the most important finding.',
  'This matches what we saw in our town last winter, although the council never published the numbers.',
  'Not sure the comparison with 2019 holds up; the way the figures were collected changed in between.',
  'Good reporting, but I would have liked to hear from the people who actually run the service day to day.',
  'The headline oversells it a little. The body of the article is much more careful than that.',
  'Does anyone know whether the full report is public? I could only find the summary.',
  'My neighbour works in this sector and says the real bottleneck is staffing, not money.',
  'Thanks for linking the sources, it makes a real difference when you can check the claims yourself.',
  'We tried something similar at work and it took three years before anyone noticed an effect.',
  'The chart in the middle is doing a lot of work here; the y-axis does not start at zero.',
  'I disagree with the conclusion, but the facts are laid out fairly and that is what matters.',
  'Worth remembering that the pilot only covered two districts, both of them fairly wealthy.',
  'Honestly this is the first article on the subject that explained the trade-offs clearly.',
  'The quote from the minister contradicts what the ministry said in its own press release.',
  'Small correction: the law passed in March, not in May, according to the official journal.',
];
const LINKS = ['https://example.org/report-2026.pdf', 'https://example.com/data/table-4', 'https://en.wikipedia.org/wiki/Public_transport', 'https://example.net/minutes/2026-03-14'];
const WORDS = ['budget', 'pilot', 'council', 'survey', 'schools', 'ridership', 'housing', 'turnout', 'waiting lists', 'inflation'];

function piece(): string {
  const s = pick(SENTENCES);
  switch (between(0, 9)) {
    case 0:
      return `> ${s}\n\n${pick(SENTENCES)}`;
    case 1:
      return `Source: [${pick(WORDS)} figures](${pick(LINKS)}). ${s}`;
    case 2:
      return `- ${pick(WORDS)}: up\n- ${pick(WORDS)}: down\n- ${pick(WORDS)}: flat`;
    case 3:
      return s.replace(/(\w+) (\w+)/, '**$1 $2**');
    case 4:
      return s.replace(/ (\w+)\.$/, ' _$1_.');
    case 5:
      return `The \`${pick(WORDS).replace(' ', '_')}\` column in the dataset is the one to look at. ${s}`;
    case 6:
      return `1. ${pick(SENTENCES)}\n2. ${pick(SENTENCES)}`;
    default:
      return s;
  }
}

/** A Markdown body of 50–600 characters, mostly short, sometimes long. */
function body(): string {
  const target = 50 + Math.floor(550 * rand() ** 1.6);
  let text = piece();
  while (text.length < target) {
    const next = piece();
    const sep = rand() < 0.4 ? '\n\n' : ' ';
    if (text.length + sep.length + next.length > 600) break;
    text += sep + next;
  }
  return text.length > 600 ? text.slice(0, 600) : text;
}

// ---------------------------------------------------------------- setup

const DECISION: Decision = { action: 'publish', labels: [], reasons: [], policyVersion: 1 };

/** 200 readers, 1,000 comments (60 % top-level, the rest replies at various depths) and votes. */
async function seedDiscussion(deps: Deps, storyId: number, publishedAt: string) {
  await deps.db.transaction().execute(async (trx) => {
    const userIds: number[] = [];
    for (let i = 0; i < USERS; i++) {
      const user = await insertUser(trx, {
        email: `bench-${i}@bench.parley.local`,
        displayName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
        passwordHash: 'bench-no-login', // not a valid hash: nobody logs in, and no scrypt cost
        now: new Date('2026-10-01T00:00:00.000Z'),
      });
      if (user) userIds.push(user.id);
    }

    // Exactly 60 % top-level, in a shuffled but reproducible order (the first comment is top-level).
    const topCount = Math.round(COMMENTS * TOP_LEVEL_SHARE);
    const kinds = Array.from({ length: COMMENTS }, (_, i) => i < topCount);
    for (let i = kinds.length - 1; i > 1; i--) {
      const j = 1 + Math.floor(rand() * i);
      [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
    }

    const t0 = Date.parse(publishedAt);
    const t1 = Math.max(Date.now() - 60_000, t0 + 3_600_000);
    const step = (t1 - t0) / COMMENTS;
    type Node = { id: number; rootId: number | null; depth: number };
    const roots: Node[] = [];
    const threads = new Map<number, Node[]>(); // root id -> every comment in its thread
    const all: Node[] = [];
    const hot: Node[] = []; // the threads readers pile into

    for (let i = 0; i < COMMENTS; i++) {
      let parent: Node | null = null;
      if (!kinds[i]) {
        const pool = hot.length > 0 && rand() < 0.7 ? threads.get(pick(hot).id)! : all;
        parent = pick(pool);
      }
      const md = body();
      const c = await insertComment(trx, {
        storyId,
        userId: pick(userIds),
        authorName: 'Bench reader',
        parent,
        bodyMd: md,
        bodyHtml: renderCommentMarkdown(md),
        status: 'published',
        decision: DECISION,
        now: new Date(t0 + step * (i + 1)),
      });
      const node: Node = { id: c.id, rootId: c.rootId, depth: c.depth };
      all.push(node);
      if (node.rootId === null) {
        roots.push(node);
        threads.set(node.id, [node]);
        if (hot.length < 30 && rand() < 0.15) hot.push(node);
      } else {
        threads.get(node.rootId)!.push(node);
      }
    }
    await addToCommentCount(trx, storyId, COMMENTS);

    // Votes: hot threads' roots collect many upvotes, everything else a few of either kind.
    const now = new Date();
    const hotIds = new Set(hot.map((h) => h.id));
    let votes = 0;
    for (const c of all) {
      const n = hotIds.has(c.id) ? between(20, 120) : rand() < 0.5 ? 0 : between(1, 6);
      const start = between(0, userIds.length - 1);
      for (let k = 0; k < n; k++) {
        const value: VoteValue = hotIds.has(c.id) ? (rand() < 0.9 ? 1 : -1) : rand() < 0.7 ? 1 : -1;
        await setVote(trx, deps.dialect, { commentId: c.id, userId: userIds[(start + k) % userIds.length]!, value, now });
        votes++;
      }
    }
    const maxDepth = Math.max(...all.map((c) => c.depth));
    stats = { users: userIds.length, comments: all.length, topLevel: roots.length, votes, maxDepth, hotThreads: hot.length };
  });
}
let stats = { users: 0, comments: 0, topLevel: 0, votes: 0, maxDepth: 0, hotThreads: 0 };

const countViews = (views: CommentView[]): number => views.reduce((n, v) => n + 1 + countViews(v.replies), 0);

// ---------------------------------------------------------------- load generation

function pageLoad(url: string): Promise<Sample> {
  const opts = {
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: SECONDS,
    warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
    // Long enough that no request is dropped mid-run (a dropped one leaves its work on the server).
    timeout: 30,
  };
  return cannon(opts, SECONDS + WARMUP_SECONDS + 45);
}

// ---------------------------------------------------------------- run

const closers: (() => Promise<unknown>)[] = [];
let failed = false;
try {
  const backend = await openSqliteDeps({ PAGE_CACHE_SECONDS: '1' });
  closers.push(() => backend.close());
  const { deps } = backend;

  const setupStart = Date.now();
  await seedDemo(deps);
  const [story] = await listStories(deps.db, {}, 1);
  if (!story) throw new Error('the demo seed produced no story');
  await seedDiscussion(deps, story.id, story.publishedAt);
  const seededIn = Date.now() - setupStart;

  // Anonymous story pages read the clock once per render from the database (never on a cache
  // hit), so counting calls tells how often the cached app actually rendered.
  let renders = 0;
  const cachedDeps: Deps = { ...deps, clock: () => (renders++, new Date()) };
  const cachedApp = await createApp(cachedDeps, { logger: false });
  closers.unshift(() => cachedApp.close());
  const cachedBase = await listen(cachedApp);

  const uncachedDeps: Deps = { ...deps, config: { ...deps.config, pageCacheSeconds: 0 } };
  const uncachedApp = await createApp(uncachedDeps, { logger: false });
  closers.unshift(() => uncachedApp.close());
  const uncachedBase = await listen(uncachedApp);

  const path = `/stories/${story.slug}`;
  const res = await fetch(cachedBase + path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
  const uncachedRes = await fetch(uncachedBase + path);
  const uncachedBytes = Buffer.from(await uncachedRes.arrayBuffer());
  if (uncachedRes.status !== 200) throw new Error(`GET ${path} (uncached) answered ${uncachedRes.status}`);

  const firstPage = await storyPage(deps, { slug: story.slug, sort: 'top' });
  const onPage = countViews(firstPage.discussion.comments);
  const rootsOnPage = firstPage.discussion.comments.length;

  // The baseline: the same fastify, one route, the same bytes, nothing else.
  const bare = Fastify({ logger: false });
  bare.get(path, (_req, reply) => reply.type(contentType).send(bytes));
  closers.unshift(() => bare.close());
  const bareBase = await listen(bare);

  console.log(`story-page: "${story.title}" (${path})`);
  console.log(
    `  seeded ${int(stats.comments)} comments (${int(stats.topLevel)} top-level, replies up to depth ${stats.maxDepth}, ${stats.hotThreads} busy threads) ` +
      `by ${stats.users} readers, ${int(stats.votes)} votes, in ${(seededIn / 1000).toFixed(1)} s`,
  );
  console.log(
    `  first page (sort top, anonymous): ${(bytes.length / 1024).toFixed(1)} KB, ${onPage} comments (${rootsOnPage} top-level + ${onPage - rootsOnPage} replies)` +
      (uncachedBytes.equals(bytes) ? '' : ` [uncached render differs: ${(uncachedBytes.length / 1024).toFixed(1)} KB]`),
  );
  const load = () => loadavg()[0]!.toFixed(2);
  console.log(`  machine: ${availableParallelism()} cores, load average ${load()} (1 min) before the runs`);
  console.log(
    `  autocannon: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per target, ${ROUNDS} rounds (order rotated), 127.0.0.1, load from a child process`,
  );
  console.log('');

  const targets = [
    { key: 'parley', label: 'parley (page cache 1 s)', url: cachedBase + path, app: cachedApp },
    { key: 'bare', label: 'bare fastify', url: bareBase + path, app: bare },
    { key: 'uncached', label: 'parley (no page cache)', url: uncachedBase + path, app: uncachedApp },
  ] as const;
  // Requests each server received (including those the load generator gave up on or left in flight).
  const received = new Map<string, number>(targets.map((t) => [t.key, 0]));
  for (const t of targets) t.app.server.on('request', () => received.set(t.key, received.get(t.key)! + 1));
  const samples = new Map<string, (Sample & { cpuMs: number })[]>(targets.map((t) => [t.key, []]));

  console.log(
    `  ${'round'.padEnd(6)} ${'target'.padEnd(24)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'CPU/req'.padStart(8)} ${'KB/resp'.padStart(8)}  notes`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < targets.length; k++) {
      const t = targets[(k + round) % targets.length]!;
      const settledBefore = await settle();
      renders = 0;
      const n0 = received.get(t.key)!;
      const cpu0 = process.cpuUsage();
      const s = await pageLoad(t.url);
      // Requests still in flight when autocannon stopped are served anyway: their CPU counts too.
      const drained = await settle();
      const cpu = process.cpuUsage(cpu0);
      const handled = received.get(t.key)! - n0;
      const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(handled, 1);
      samples.get(t.key)!.push({ ...s, cpuMs });
      const notes = [
        t.key === 'parley' && `${int(renders)} of ${int(handled)} rendered from the db`,
        settledBefore > 1000 && `waited ${(settledBefore / 1000).toFixed(1)} s for idle before`,
        drained > 1000 && `${(drained / 1000).toFixed(1)} s to drain after`,
        s.non2xx && `${s.non2xx} non-2xx`,
        s.errors && `${s.errors} errors`,
        s.timeouts && `${s.timeouts} timeouts`,
      ]
        .filter(Boolean)
        .join(', ');
      console.log(
        `  ${String(round + 1).padEnd(6)} ${t.label.padEnd(24)} ${int(s.rps).padStart(7)} ${ms(s.p50).padStart(8)} ${ms(s.p99).padStart(8)} ${ms(cpuMs).padStart(8)} ${(s.bytesPerResponse / 1024).toFixed(1).padStart(8)}  ${notes}`,
      );
      if (s.non2xx || s.errors || s.timeouts) failed = true;
    }
  }
  const loadAfter = loadavg()[0]!;
  const busy = loadAfter > availableParallelism() + 0.5;
  console.log(`  load average ${loadAfter.toFixed(2)} (1 min) after the runs${busy ? ': other work competed for the cores, figures are noisy' : ''}`);

  const med = (key: string) => {
    const xs = samples.get(key)!;
    const of = (f: (x: Sample & { cpuMs: number }) => number) => median(xs.map(f));
    return { rps: of((x) => x.rps), p50: of((x) => x.p50), p99: of((x) => x.p99), cpuMs: of((x) => x.cpuMs) };
  };
  const p = med('parley');
  const b = med('bare');
  const u = med('uncached');
  const ratio = p.rps / b.rps;
  console.log('');
  console.log(
    `  ${'median'.padEnd(6)} ${'target'.padEnd(24)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'CPU/req'.padStart(8)} ${'vs bare'.padStart(8)}`,
  );
  for (const [t, m] of [
    [targets[0], p],
    [targets[1], b],
    [targets[2], u],
  ] as const) {
    console.log(
      `  ${''.padEnd(6)} ${t.label.padEnd(24)} ${int(m.rps).padStart(7)} ${ms(m.p50).padStart(8)} ${ms(m.p99).padStart(8)} ${ms(m.cpuMs).padStart(8)} ${(m.rps / b.rps).toFixed(2).padStart(8)}`,
    );
  }
  console.log('');
  console.log(`  goal: story page ≥ ${GOAL.toFixed(2)} of the bare route (req/s) → ${ratio >= GOAL ? 'met' : 'NOT met'} (${ratio.toFixed(2)})`);
  console.log(
    `  server CPU per request, bare/parley: ${(b.cpuMs / p.cpuMs).toFixed(2)} (less sensitive to other load on the machine; ` +
      `the bare route is usually limited by the load generator, not by its server)`,
  );
  if (failed) console.log('  warning: some requests failed (non-2xx, errors or timeouts): see the notes above');
  console.log(
    `  uncached (PAGE_CACHE_SECONDS=0): parley ${int(u.rps)} req/s (p99 ${ms(u.p99)}, ${ms(u.cpuMs)} CPU/req) · ratio ${(u.rps / b.rps).toFixed(2)} of bare`,
  );
  console.log(
    `story-page: parley ${int(p.rps)} req/s (p99 ${ms(p.p99)}) · bare fastify ${int(b.rps)} req/s (p99 ${ms(b.p99)}) · ratio ${ratio.toFixed(2)}`,
  );
} catch (err) {
  console.error('story-page: failed:', err);
  process.exitCode = 1;
} finally {
  for (const close of closers) await close().catch((err) => console.error('story-page: close failed:', err));
}
