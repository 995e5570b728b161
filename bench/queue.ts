/**
 * Benchmark: the moderators' pending queue with 5,000 held comments across 200 stories.
 *
 * (a) p99 latency and requests per second of the queue's first page (GET /moderate/pending, 25
 *     items, sort oldest) for a logged-in moderator, measured with autocannon side by side in the
 *     same run with a bare Fastify route that returns the same bytes;
 * (b) p50/p99 latency of the approve action (POST /api/moderation/comments/:id/approve, JSON,
 *     session cookie + x-csrf-token), every request approving a different held comment (the
 *     newest ones, so the first page does not change), next to a bare Fastify POST route answering
 *     the same `{"ok":true}` with the same client settings.
 *
 * Every queue-page round runs before the approvals, so the page is always measured at 5,000 held.
 * The load generator runs in a child process so it does not share the servers' event loop.
 * Several rounds, order rotated each round (the machine is noisy); medians are reported.
 * Knobs (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (10), BENCH_APPROVALS (400 per round).
 */
import { availableParallelism, loadavg } from 'node:os';
import Fastify from 'fastify';
import type { Deps } from '../src/commands/deps.ts';
import { hashPassword } from '../src/commands/password.ts';
import { cannon, int, listen, median, ms, num, openSqliteDeps, prng, settle, watchdog, type Sample } from './_support.ts';
import type { ReportReason } from '../src/domain/comment.ts';
import { renderCommentMarkdown } from '../src/domain/markdown.ts';
import type { Category, Decision, Reason, Span } from '../src/domain/moderation.ts';
import { createApp } from '../src/http/app.tsx';
import { CLAUSES } from '../src/moderation/reasons.ts';
import { insertComment, insertReport } from '../src/store/comments.ts';
import { logDecision } from '../src/store/moderation.ts';
import { addToCommentCount, ensureAuthor, upsertPublisher, upsertStory } from '../src/store/stories.ts';
import { insertUser } from '../src/store/users.ts';

const SECONDS = num('BENCH_SECONDS', 10);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 2);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const APPROVALS = Math.max(num('BENCH_APPROVALS', 400), CONNECTIONS);
const APPROVAL_WARMUP = 100;
const STORIES = 200;
const USERS = 300;
const HELD = 5000;
const PUBLISHED_PER_STORY = 5;
const REPLY_SHARE = 0.3;
const REPORTED_SHARE = 0.2;
/** Hard bound on the whole run (setup + every measurement), so a hang cannot stall CI. */
const TIME_LIMIT_MS = 60_000 + ROUNDS * 2 * (SECONDS + WARMUP_SECONDS + 10) * 1000 + (ROUNDS * 2 + 1) * 30_000;

watchdog('queue', TIME_LIMIT_MS);

// ---------------------------------------------------------------- deterministic content

const rand = prng(20261127);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eitan', 'Fatima', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tomasz'];
const LAST = ['Adler', 'Baptiste', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor'];
const TOPICS = ['Council budget', 'Tram extension', 'School meals', 'Harbour dredging', 'Clinic waiting lists', 'Housing permits', 'River flooding', 'Library hours', 'Bus fares', 'Heat plan'];

const SENTENCES = [
  'I read the whole piece twice and I still think the second half buries the most important finding.',
  'This matches what we saw in our town last winter, although the council never published the numbers.',
  'Not sure the comparison with 2019 holds up; the way the figures were collected changed in between.',
  'Good reporting, but I would have liked to hear from the people who actually run the service day to day.',
  'The headline oversells it a little. The body of the article is much more careful than that.',
  'My neighbour works in this sector and says the real bottleneck is staffing, not money.',
  'We tried something similar at work and it took three years before anyone noticed an effect.',
  'The chart in the middle is doing a lot of work here; the y-axis does not start at zero.',
  'Worth remembering that the pilot only covered two districts, both of them fairly wealthy.',
  'The quote from the minister contradicts what the ministry said in its own press release.',
];

/** What got each comment held: the category and the offending passages it quotes. */
const OFFENCES: readonly { category: Category; rule: string; phrases: readonly string[] }[] = [
  { category: 'incivility', rule: 'incivility.model', phrases: ['you are an idiot', 'only a moron would believe this', 'what a clown'] },
  { category: 'profanity', rule: 'profanity.lexicon', phrases: ['this is bullshit', 'what a load of crap', 'damn liars'] },
  { category: 'spam', rule: 'spam.link', phrases: ['earn $500 a day at www.quick-cash.biz', 'cheap pills at bit.ly/3xYz12', 'visit cheapmeds dot com'] },
  { category: 'doxing', rule: 'doxing.phone', phrases: ['call him on 905-674-3793', 'his cell is 415-555-0199', 'she lives at 42 Elm Street'] },
  { category: 'vulgarity', rule: 'vulgarity.lexicon', phrases: ['kiss my ass', 'crude remark here'] },
];
const REMEDY = 'Remove the offending words and post again.';
const REPORT_REASONS: readonly ReportReason[] = ['spam', 'harassment', 'hate', 'doxing', 'vulgar', 'other'];

/** A held comment: ordinary sentences with one or two offending passages, and the reasons quoting them. */
function heldComment(): { md: string; reasons: Reason[] } {
  const offences = rand() < 0.25 ? [pick(OFFENCES), pick(OFFENCES)] : [pick(OFFENCES)];
  let md = pick(SENTENCES);
  const found = new Map<Category, { rule: string; quotes: string[]; spans: Span[] }>();
  for (const o of offences) {
    const phrase = pick(o.phrases);
    if (rand() < 0.5) md += ' ';
    else md += '\n\n';
    const start = md.length;
    md += phrase;
    const span: Span = [start, start + phrase.length];
    md += rand() < 0.5 ? '. ' + pick(SENTENCES) : '.';
    const entry = found.get(o.category) ?? { rule: o.rule, quotes: [], spans: [] };
    entry.quotes.push(phrase);
    entry.spans.push(span);
    found.set(o.category, entry);
  }
  const reasons = [...found].map(([category, f]) => ({ category, rule: f.rule, clause: CLAUSES[category], quotes: f.quotes, spans: f.spans, remedy: REMEDY }));
  return { md, reasons };
}

// ---------------------------------------------------------------- setup

const MODERATOR = { email: 'moderator@bench.parley.local', password: 'bench-moderator-password-1' };

interface Seeded {
  stories: number;
  users: number;
  published: number;
  held: number;
  replies: number;
  reported: number;
  reports: number;
  /** Held comment ids, oldest first. */
  heldIds: number[];
}

/** A publisher, 200 stories, 300 readers and a moderator, 1,000 published comments, 5,000 held ones. */
async function seedQueue(deps: Deps): Promise<Seeded> {
  const moderatorHash = await hashPassword(MODERATOR.password);
  const policyVersion = deps.policy().version;
  return deps.db.transaction().execute(async (trx) => {
    const t0 = Date.parse('2026-11-01T08:00:00.000Z');
    const publisher = await upsertPublisher(trx, { slug: 'bench-gazette', name: 'The Bench Gazette', siteUrl: 'https://gazette.example.org' });
    const author = await ensureAuthor(trx, { publisherId: publisher.id, name: 'Dana Reporter' });
    const storyIds: number[] = [];
    for (let i = 0; i < STORIES; i++) {
      const title = `${TOPICS[i % TOPICS.length]}: part ${Math.floor(i / TOPICS.length) + 1}`;
      const publishedAt = new Date(t0 + i * 600_000).toISOString();
      const { story } = await upsertStory(trx, {
        publisherId: publisher.id,
        authorId: author.id,
        guid: `bench-story-${i}`,
        title,
        summary: `${title}, the summary.`,
        bodyHtml: `<p>${pick(SENTENCES)}</p><p>${pick(SENTENCES)}</p>`,
        originalUrl: `https://gazette.example.org/stories/${i}`,
        publishedAt,
      });
      storyIds.push(story.id);
    }

    const userNow = new Date('2026-10-01T00:00:00.000Z');
    const userIds: number[] = [];
    for (let i = 0; i < USERS; i++) {
      const user = await insertUser(trx, {
        email: `reader-${i}@bench.parley.local`,
        displayName: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
        passwordHash: 'bench-no-login', // not a valid hash: readers never log in, and no scrypt cost
        now: userNow,
      });
      if (user) userIds.push(user.id);
    }
    const moderator = await insertUser(trx, { email: MODERATOR.email, displayName: 'Morgan Moderator', passwordHash: moderatorHash, role: 'moderator', now: userNow });
    if (!moderator) throw new Error('could not create the moderator');

    // Published comments, which held replies answer (the queue shows the parent for context).
    let at = t0 + STORIES * 600_000;
    const tick = () => new Date((at += 7_000));
    const publishedByStory = new Map<number, { id: number; rootId: number | null; depth: number }[]>();
    const PUBLISH: Decision = { action: 'publish', labels: [], reasons: [], policyVersion };
    let published = 0;
    for (const storyId of storyIds) {
      const list: { id: number; rootId: number | null; depth: number }[] = [];
      for (let k = 0; k < PUBLISHED_PER_STORY; k++) {
        const md = pick(SENTENCES);
        const c = await insertComment(trx, {
          storyId,
          userId: pick(userIds),
          authorName: 'Bench reader',
          parent: null,
          bodyMd: md,
          bodyHtml: renderCommentMarkdown(md),
          status: 'published',
          decision: PUBLISH,
          now: tick(),
        });
        list.push({ id: c.id, rootId: c.rootId, depth: c.depth });
        await logDecision(trx, { commentId: c.id, revision: 1, action: 'publish', actor: 'pipeline', reasonCodes: [], detail: { reasons: [], notice: null }, policyVersion, now: new Date(at) });
        published++;
      }
      publishedByStory.set(storyId, list);
      await addToCommentCount(trx, storyId, list.length);
    }

    // Held comments, each with the pipeline's statement (reasons with spans) in the moderation log.
    const heldIds: number[] = [];
    let replies = 0;
    let reported = 0;
    let reports = 0;
    for (let i = 0; i < HELD; i++) {
      const storyId = pick(storyIds);
      const parent = rand() < REPLY_SHARE ? pick(publishedByStory.get(storyId)!) : null;
      const { md, reasons } = heldComment();
      const decision: Decision = { action: 'hold', labels: [], reasons, policyVersion };
      const now = tick();
      const c = await insertComment(trx, { storyId, userId: pick(userIds), authorName: 'Bench reader', parent, bodyMd: md, bodyHtml: renderCommentMarkdown(md), status: 'held', decision, now });
      await logDecision(trx, {
        commentId: c.id,
        revision: c.revision,
        action: 'hold',
        actor: 'pipeline',
        reasonCodes: [...new Set(reasons.map((r) => r.category))],
        detail: { reasons, notice: null },
        policyVersion,
        now,
      });
      heldIds.push(c.id);
      if (parent) replies++;
      if (rand() < REPORTED_SHARE) {
        reported++;
        const n = between(1, 3);
        const first = between(0, userIds.length - 1);
        for (let k = 0; k < n; k++) {
          const reason = pick(REPORT_REASONS);
          const ok = await insertReport(trx, {
            commentId: c.id,
            userId: userIds[(first + k) % userIds.length]!,
            reason,
            text: reason === 'other' ? 'This does not belong here.' : null,
            now: new Date(at + 1000 * (k + 1)),
          });
          if (ok) reports++;
        }
      }
    }
    return { stories: storyIds.length, users: userIds.length + 1, published, held: heldIds.length, replies, reported, reports, heldIds };
  });
}

/** The `name=value` pairs a response sets, as a Cookie header value. */
function cookiesOf(res: Response, jar: Map<string, string>): Map<string, string> {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    if (eq > 0) jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
  }
  return jar;
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Logs the moderator in through the API, as the browser would: pre-session CSRF token, login, fresh token. */
async function logInModerator(base: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const pre = await fetch(`${base}/api/session`);
  cookiesOf(pre, jar);
  const { csrfToken: preToken } = (await pre.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookieHeader(jar), 'x-csrf-token': preToken },
    body: JSON.stringify(MODERATOR),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  cookiesOf(login, jar);
  const session = await fetch(`${base}/api/session`, { headers: { cookie: cookieHeader(jar) } });
  const body = (await session.json()) as { user: { role: string } | null; csrfToken: string };
  if (body.user?.role !== 'moderator') throw new Error(`after login, /api/session says ${JSON.stringify(body.user)}`);
  return { cookie: cookieHeader(jar), csrf: body.csrfToken };
}

// ---------------------------------------------------------------- load generation

/** Fixed-duration GET load with a warm-up (the queue page and its bare twin). */
const pageLoad = (url: string, headers: Record<string, string>) =>
  cannon(
    {
      url,
      headers,
      connections: CONNECTIONS,
      pipelining: 1,
      duration: SECONDS,
      warmup: { connections: CONNECTIONS, duration: WARMUP_SECONDS },
      // Long enough that no request is dropped mid-run (a dropped one leaves its work on the server).
      timeout: 30,
    },
    SECONDS + WARMUP_SECONDS + 45,
  );

/** A fixed number of JSON POSTs (the approvals, one id each, or the bare POST route): latency only. */
const postLoad = (url: string, headers: Record<string, string>, amount: number, approveIds?: number[]) =>
  cannon(
    {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ revision: 1 }),
      connections: CONNECTIONS,
      pipelining: 1,
      amount,
      timeout: 30,
      ...(approveIds ? { approveIds } : {}),
    },
    60,
  );

// ---------------------------------------------------------------- run

const closers: (() => Promise<unknown>)[] = [];
let failed = false;
try {
  const backend = await openSqliteDeps({ PAGE_CACHE_SECONDS: '0' });
  closers.push(() => backend.close());
  const { deps } = backend;

  const setupStart = Date.now();
  const seeded = await seedQueue(deps);
  const seededIn = Date.now() - setupStart;
  const heldCount = async () =>
    Number((await deps.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'held').executeTakeFirstOrThrow()).n);

  const app = await createApp(deps, { logger: false });
  closers.unshift(() => app.close());
  const base = await listen(app);
  const { cookie, csrf } = await logInModerator(base);

  const path = '/moderate/pending';
  const res = await fetch(base + path, { headers: { cookie } });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const html = bytes.toString('utf8');
  const contentType = res.headers.get('content-type') ?? 'text/html; charset=utf-8';
  const itemsOnPage = new Set(html.match(/id="item-\d+"/g) ?? []).size;
  const marks = (html.match(/<mark[\s>]/g) ?? []).length;
  const again = Buffer.from(await (await fetch(base + path, { headers: { cookie } })).arrayBuffer());

  // The baselines: the same fastify, one route each, the same bytes, nothing else.
  const bare = Fastify({ logger: false });
  const okBody = JSON.stringify({ ok: true });
  bare.get(path, (_req, reply) => reply.type(contentType).send(bytes));
  bare.post('/api/moderation/comments/:id/approve', (_req, reply) => reply.type('application/json; charset=utf-8').send(okBody));
  closers.unshift(() => bare.close());
  const bareBase = await listen(bare);

  // Approvals take the newest held comments (the first page, oldest first, stays the same).
  const approvable = [...seeded.heldIds].reverse();
  const takeIds = (n: number) => approvable.splice(0, n);
  // setupRequest may run ahead of what is sent by one request per connection: spare ids, never reused.
  const spare = 2 * CONNECTIONS;

  console.log(`queue: ${path} as a moderator (first page, sort oldest)`);
  console.log(
    `  seeded ${int(seeded.held)} held comments (${int(seeded.replies)} replies, ${int(seeded.reported)} reported with ${int(seeded.reports)} reports, ` +
      `every one with the pipeline's reasons and spans in the moderation log) across ${seeded.stories} stories, ` +
      `${int(seeded.published)} published comments, ${seeded.users} users, in ${(seededIn / 1000).toFixed(1)} s`,
  );
  console.log(
    `  first page: ${(bytes.length / 1024).toFixed(1)} KB, ${itemsOnPage} items, ${marks} highlighted spans` +
      (again.equals(bytes) ? '' : ` [a second render differs: ${(again.length / 1024).toFixed(1)} KB]`),
  );
  const load = () => loadavg()[0]!.toFixed(2);
  console.log(`  machine: ${availableParallelism()} cores, load average ${load()} (1 min) before the runs`);
  console.log(
    `  autocannon: ${CONNECTIONS} connections, pipelining 1, 127.0.0.1, load from a child process; ` +
      `page: ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per target; approve: ${APPROVAL_WARMUP} warm-up approvals, then ${int(APPROVALS)} per target per round; ` +
      `${ROUNDS} rounds (order rotated)`,
  );
  console.log('');

  type Key = 'page' | 'bare' | 'approve' | 'bare-post';
  const labels: Record<Key, string> = {
    page: 'parley queue page',
    bare: 'bare fastify (same bytes)',
    approve: 'parley approve',
    'bare-post': 'bare fastify POST',
  };
  const samples = new Map<Key, Sample[]>((Object.keys(labels) as Key[]).map((k) => [k, []]));
  const header = () =>
    console.log(`  ${'round'.padEnd(6)} ${'target'.padEnd(26)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'requests'.padStart(9)} ${'KB/resp'.padStart(8)}  notes`);
  const row = (round: number, key: Key, s: Sample, extra: (string | false)[]) => {
    const notes = [...extra, s.non2xx > 0 && `${s.non2xx} non-2xx`, s.errors > 0 && `${s.errors} errors`, s.timeouts > 0 && `${s.timeouts} timeouts`].filter(Boolean).join(', ');
    console.log(
      `  ${String(round).padEnd(6)} ${labels[key].padEnd(26)} ${rate(key, s.rps).padStart(7)} ${ms(s.p50).padStart(8)} ${ms(s.p99).padStart(8)} ${int(s.requests).padStart(9)} ${(s.bytesPerResponse / 1024).toFixed(1).padStart(8)}  ${notes}`,
    );
    if (s.non2xx || s.errors || s.timeouts) failed = true;
  };
  // A fixed-amount run ends on autocannon's one-second tick: its requests/duration is not a rate.
  const rate = (key: Key, rps: number) => (key === 'approve' || key === 'bare-post' ? '—' : int(rps));
  const noteSettle = (before: number, after: number) => [before > 1000 && `waited ${(before / 1000).toFixed(1)} s for idle before`, after > 1000 && `${(after / 1000).toFixed(1)} s to drain after`];

  // (a) + (c): the queue page and its bare twin, all rounds before any approval.
  header();
  const pageTargets: { key: Key; url: string; headers: Record<string, string> }[] = [
    { key: 'page', url: base + path, headers: { cookie } },
    { key: 'bare', url: bareBase + path, headers: { cookie } },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < pageTargets.length; k++) {
      const t = pageTargets[(k + round) % pageTargets.length]!;
      const before = await settle();
      const s = await pageLoad(t.url, t.headers);
      const after = await settle();
      samples.get(t.key)!.push(s);
      row(round + 1, t.key, s, noteSettle(before, after));
    }
  }
  const heldAfterPages = await heldCount();

  // (b): approvals, each a different held comment, next to the bare POST route.
  console.log('');
  const warmIds = takeIds(APPROVAL_WARMUP + spare);
  const warm = await postLoad(base + '/api/moderation/comments/0/approve', { cookie, 'x-csrf-token': csrf }, APPROVAL_WARMUP, warmIds);
  await postLoad(bareBase + '/api/moderation/comments/0/approve', { cookie, 'x-csrf-token': csrf }, APPROVAL_WARMUP);
  if (warm.non2xx || warm.errors || warm.timeouts) {
    failed = true;
    console.log(`  warm-up approvals: ${warm.non2xx} non-2xx, ${warm.errors} errors, ${warm.timeouts} timeouts`);
  }
  let approvedOk = warm.requests - warm.non2xx;
  const heldBeforeRounds = await heldCount();
  let approvedInRounds = 0;
  header();
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < 2; k++) {
      const key: Key = (k + round) % 2 === 0 ? 'approve' : 'bare-post';
      const before = await settle();
      const s =
        key === 'approve'
          ? await postLoad(base + '/api/moderation/comments/0/approve', { cookie, 'x-csrf-token': csrf }, APPROVALS, takeIds(APPROVALS + spare))
          : await postLoad(bareBase + '/api/moderation/comments/0/approve', { cookie, 'x-csrf-token': csrf }, APPROVALS);
      const after = await settle();
      samples.get(key)!.push(s);
      if (key === 'approve') {
        approvedOk += s.requests - s.non2xx;
        approvedInRounds += s.requests - s.non2xx;
      }
      row(round + 1, key, s, noteSettle(before, after));
    }
  }
  const heldAtEnd = await heldCount();
  const loadAfter = loadavg()[0]!;
  const busy = loadAfter > availableParallelism() + 0.5;
  console.log(`  load average ${loadAfter.toFixed(2)} (1 min) after the runs${busy ? ': other work competed for the cores, figures are noisy' : ''}`);

  // Every 2xx approval must have taken a different comment out of the queue.
  const distinct = heldBeforeRounds - heldAtEnd === approvedInRounds && seeded.held - heldAtEnd === approvedOk;
  if (!distinct) failed = true;
  console.log(
    `  held: ${int(heldAfterPages)} during the page runs → ${int(heldAtEnd)} after ${int(approvedOk)} approvals ` +
      `(${distinct ? 'each approved a different comment' : `MISMATCH: the queue shrank by ${int(seeded.held - heldAtEnd)}`})`,
  );

  const med = (key: Key) => {
    const xs = samples.get(key)!;
    const of = (f: (x: Sample) => number) => median(xs.map(f));
    return { rps: of((x) => x.rps), p50: of((x) => x.p50), p99: of((x) => x.p99) };
  };
  const p = med('page');
  const b = med('bare');
  const a = med('approve');
  const bp = med('bare-post');
  console.log('');
  console.log(`  ${'median'.padEnd(6)} ${'target'.padEnd(26)} ${'req/s'.padStart(7)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}`);
  for (const key of Object.keys(labels) as Key[]) {
    const m = med(key);
    console.log(`  ${''.padEnd(6)} ${labels[key].padEnd(26)} ${rate(key, m.rps).padStart(7)} ${ms(m.p50).padStart(8)} ${ms(m.p99).padStart(8)}`);
  }
  console.log('');
  if (failed) console.log('  warning: some requests failed (non-2xx, errors or timeouts) or approvals did not match: see the notes above');
  console.log(
    `queue page: parley p99 ${ms(p.p99)} (${int(p.rps)} req/s) · bare p99 ${ms(b.p99)} (${int(b.rps)} req/s) · ratio p99 ${(p.p99 / b.p99).toFixed(1)}× bare, req/s ${(p.rps / b.rps).toFixed(2)} of bare`,
  );
  console.log(
    `approve: p50 ${ms(a.p50)} p99 ${ms(a.p99)} (${CONNECTIONS} concurrent, each a different comment) · ` +
      `bare POST p50 ${ms(bp.p50)} p99 ${ms(bp.p99)} · bare queue-page GET p99 ${ms(b.p99)}`,
  );
  if (failed) process.exitCode = 1;
} catch (err) {
  console.error('queue: failed:', err);
  process.exitCode = 1;
} finally {
  for (const close of closers) await close().catch((err) => console.error('queue: close failed:', err));
}
