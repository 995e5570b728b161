/**
 * Benchmark: comments posted through HTTP with moderation on, sustained, on SQLite (the embedded
 * default) and on PostgreSQL, each side by side in the same run with raw inserts of the same rows
 * through the same driver; prints both and the ratio. Goal: ≥ 2,000 comments/s on SQLite.
 *
 * Parley: POST /api/stories/:slug/comments as many logged-in readers (session cookie + CSRF header,
 * JSON), over the demo's stories, through the whole stack — session lookup, rate limit, the author's
 * record, the moderation pipeline, one transaction (comment, first revision, moderation-log row, the
 * story's count) and the live event — with autocannon in a child process. Raw: the rows that round
 * wrote, read back and inserted again with better-sqlite3 or pg directly, one transaction per comment
 * as Parley does, with the same concurrency on PostgreSQL. The raw figure is what the database alone
 * allows on this machine; the ratio is the share of it that Parley's request path keeps.
 *
 * Each round posts through HTTP, then inserts that round's rows raw (and deletes the copies, so the
 * next round's duplicate and velocity checks see only Parley's own rows); medians are reported. COMMENTS_PER_MINUTE is raised so no limit
 * throttles; moderation runs as configured by default, so a reader posting many comments in minutes
 * gets held for velocity (the decisions are counted and printed).
 * Knobs (environment): BENCH_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (16), BENCH_USERS (1000), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432/test;
 * a fresh schema is made and dropped), BENCH_BACKENDS (sqlite,postgres).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import type { Deps } from '../src/commands/deps.ts';
import { seedDemo } from '../src/commands/seed-demo.ts';
import { hashToken } from '../src/commands/sessions.ts';
import { createApp } from '../src/http/app.tsx';
import { createLogger } from '../src/log.ts';
import { buildDeps } from '../src/main.ts';
import { listStories } from '../src/store/stories.ts';
import { insertSession, insertUser } from '../src/store/users.ts';
import { int, listen, median, ms, num, prng, settle, watchdog } from './_support.ts';

const SECONDS = num('BENCH_SECONDS', 5);
const WARMUP_SECONDS = num('BENCH_WARMUP_SECONDS', 1);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 16);
const USERS = num('BENCH_USERS', 1000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const GOAL = 2000;
const SECRET = randomBytes(24).toString('hex');
const TIME_LIMIT_MS = 120_000 + BACKENDS.length * ROUNDS * (SECONDS + WARMUP_SECONDS + 60) * 1000;

watchdog('post', TIME_LIMIT_MS);

// ---------------------------------------------------------------- content

const rand = prng(20261201);
const OPENINGS = ['I think', 'Honestly,', 'From what I saw,', 'As a commuter,', 'My sense is that', 'Reading this again,', 'For what it is worth,', 'In our street'];
const MIDDLES = [
  'the new timetable helps people who work early shifts',
  'the council should publish the full survey results',
  'the library hours were better before the change',
  'the report leaves out the cost of maintenance',
  'the harbour works have been quieter than expected',
  'the school meals pilot deserves a second year',
  'the figures for the east side look more hopeful',
  'the consultation ran for too short a time',
];
const ENDINGS = ['Thanks for the clear write-up.', 'Curious what others think.', 'Happy to be corrected.', 'Good piece overall.', 'Worth a follow-up story.', ''];
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
const BODIES = Array.from({ length: 2000 }, () => `${pick(OPENINGS)} ${pick(MIDDLES)}. ${pick(ENDINGS)}`.trim());

// ---------------------------------------------------------------- load generation (child process)

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

/** Each request: the next reader (cookie + CSRF token), the next story, the next body with its number. */
const CHILD = `
const autocannon = require(process.argv[1]);
const plan = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
let n = plan.offset;
autocannon({
  url: plan.url,
  connections: plan.connections,
  pipelining: 1,
  duration: plan.duration,
  warmup: plan.warmup ? { connections: plan.connections, duration: plan.warmup } : undefined,
  timeout: 30,
  requests: [{
    method: 'POST',
    setupRequest: (req) => {
      const i = n++;
      const user = plan.users[i % plan.users.length];
      return {
        ...req,
        path: '/api/stories/' + plan.slugs[i % plan.slugs.length] + '/comments',
        headers: { ...req.headers, 'content-type': 'application/json', cookie: 'parley_session=' + user.token, 'x-csrf-token': user.csrf },
        body: JSON.stringify({ body: plan.bodies[i % plan.bodies.length] + ' (' + i + ')' }),
      };
    },
  }],
}).then((r) => {
  process.stdout.write(JSON.stringify({ ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, durationS: r.duration, p50: r.latency.p50, p99: r.latency.p99 }));
}, (err) => { console.error(err); process.exit(1); });
`;

interface Burst {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  p50: number;
  p99: number;
}

function postBurst(plan: Record<string, unknown>, planFile: string): Promise<Burst> {
  writeFileSync(planFile, JSON.stringify(plan));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, autocannonPath, planFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const limit = setTimeout(() => child.kill(), (SECONDS + WARMUP_SECONDS + 60) * 1000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out) as Burst);
      } catch {
        reject(new Error(`load generator printed no result: ${err.trim()}`));
      }
    });
  });
}

// ---------------------------------------------------------------- the rows a post wrote, and raw inserts of them

type Row = Record<string, unknown>;
interface Posted {
  comment: Row;
  revisions: Row[];
  log: Row[];
  events: Row[];
}

const TABLES = ['comments', 'comment_revisions', 'moderation_log', 'live_events'] as const;

async function maxIds(deps: Deps): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES) {
    const row = await deps.db
      .selectFrom(t)
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    out[t] = Number(row?.max ?? 0);
  }
  return out;
}

/** Every comment written since `from`, with the rows that came with it. */
async function postedSince(deps: Deps, from: Record<(typeof TABLES)[number], number>): Promise<Posted[]> {
  const rows = async (t: (typeof TABLES)[number]) => (await deps.db.selectFrom(t).selectAll().where('id', '>', from[t]).orderBy('id').execute()) as Row[];
  const [comments, revisions, log, events] = await Promise.all(TABLES.map(rows));
  const byComment = new Map<number, Posted>(comments!.map((c) => [Number(c.id), { comment: c, revisions: [], log: [], events: [] }]));
  for (const [list, key] of [
    [revisions!, 'revisions'],
    [log!, 'log'],
    [events!, 'events'],
  ] as const) {
    for (const r of list) byComment.get(Number(r.comment_id))?.[key].push(r);
  }
  return [...byComment.values()];
}

const withoutId = (row: Row) => Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'id'));

interface RawInserter {
  /** Inserts the rows again (new ids), one transaction per comment; returns the seconds it took. */
  run(posts: Posted[]): Promise<number>;
  /** Deletes the copies again: every row with an id above `from`, per table. */
  remove(from: Record<(typeof TABLES)[number], number>): Promise<void>;
  close(): Promise<void>;
}

function sqliteInserter(file: string): RawInserter {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, SQLite.Statement>();
  const insert = (table: string, row: Row) => {
    const cols = Object.keys(row);
    const sql = `insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`;
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql)));
    return st.run(row);
  };
  const bump = db.prepare('update stories set comment_count = comment_count + 1 where id = ?');
  const one = db.transaction((p: Posted) => {
    const id = Number(insert('comments', withoutId(p.comment)).lastInsertRowid);
    for (const r of p.revisions) insert('comment_revisions', { ...withoutId(r), comment_id: id });
    for (const r of p.log) insert('moderation_log', { ...withoutId(r), comment_id: id });
    if (p.comment.status === 'published') bump.run(p.comment.story_id);
    return id;
  });
  return {
    async run(posts) {
      const t = performance.now();
      for (const p of posts) {
        const id = one(p);
        // Parley records the live event after the commit, in a statement of its own.
        for (const e of p.events) insert('live_events', { ...withoutId(e), comment_id: id });
      }
      return (performance.now() - t) / 1000;
    },
    async remove(from) {
      // Nothing refers to the copies, and with foreign keys on SQLite would look for references to each
      // deleted comment through every comment's parent (no index there): minutes, by the fifth round.
      db.pragma('foreign_keys = OFF');
      db.transaction(() => {
        for (const t of [...TABLES].reverse()) db.prepare(`delete from ${t} where id > ?`).run(from[t]);
      })();
      db.pragma('foreign_keys = ON');
    },
    async close() {
      db.close();
    },
  };
}

function pgInserter(url: string, schema: string): RawInserter {
  // The same pool size as Parley's.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const insertSql = (table: string, row: Row, returning = false) => {
    const cols = Object.keys(row);
    return { text: `insert into ${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})${returning ? ' returning id' : ''}`, values: Object.values(row) };
  };
  return {
    async run(posts) {
      let next = 0;
      const t = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (next < posts.length) {
            const p = posts[next++]!;
            const client = await pool.connect();
            let id: number;
            try {
              await client.query('begin');
              id = Number((await client.query(insertSql('comments', withoutId(p.comment), true))).rows[0].id);
              for (const r of p.revisions) await client.query(insertSql('comment_revisions', { ...withoutId(r), comment_id: id }));
              for (const r of p.log) await client.query(insertSql('moderation_log', { ...withoutId(r), comment_id: id }));
              if (p.comment.status === 'published') await client.query('update stories set comment_count = comment_count + 1 where id = $1', [p.comment.story_id]);
              await client.query('commit');
            } finally {
              client.release();
            }
            for (const e of p.events) await pool.query(insertSql('live_events', { ...withoutId(e), comment_id: id }));
          }
        }),
      );
      return (performance.now() - t) / 1000;
    },
    async remove(from) {
      for (const t of [...TABLES].reverse()) await pool.query(`delete from ${t} where id > $1`, [from[t]]);
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------- one backend

interface Result {
  backend: string;
  http: number[];
  raw: number[];
  p50: number[];
  p99: number[];
  decisions: Record<string, number>;
  failed: number;
  comments: number;
}

async function measure(backend: 'sqlite' | 'postgres', dir: string): Promise<Result> {
  const file = join(dir, `${backend}.db`);
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: backend === 'sqlite' ? `sqlite:${file}` : PG_URL,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    COMMENTS_PER_MINUTE: '1000000',
    PARLEY_SECRET: SECRET,
  });
  const { deps, database } = await buildDeps(config, { log: createLogger('silent'), database: backend === 'postgres' ? { schema } : undefined });
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  if (backend === 'postgres') {
    closers.push(async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    });
  }
  try {
    await seedDemo(deps);
    const slugs = (await listStories(deps.db, {}, 50)).map((s) => s.slug);
    const app = await createApp(deps, { logger: false });
    closers.unshift(() => app.close());
    const url = await listen(app);

    // Readers with sessions made directly in the store (no password hashing to wait for); their CSRF
    // tokens from GET /api/session, as the discussion script gets them.
    const users: { token: string; csrf: string }[] = [];
    const now = new Date();
    for (let i = 0; i < USERS; i++) {
      const user = await insertUser(deps.db, { email: `poster-${i}@bench.parley.local`, displayName: `Poster ${i}`, passwordHash: 'bench-no-login', now });
      const token = randomBytes(32).toString('base64url');
      await insertSession(deps.db, { idHash: hashToken(token), userId: user!.id, now, expiresAt: new Date(now.getTime() + 86_400_000) });
      const res = await app.inject({ url: '/api/session', headers: { cookie: `parley_session=${token}` } });
      users.push({ token, csrf: res.json().csrfToken });
    }

    const raw = backend === 'sqlite' ? sqliteInserter(file) : pgInserter(PG_URL, schema);
    closers.unshift(() => raw.close());
    const result: Result = { backend, http: [], raw: [], p50: [], p99: [], decisions: {}, failed: 0, comments: 0 };
    let offset = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await settle();
      const before = await maxIds(deps);
      const burst = await postBurst(
        { url, connections: CONNECTIONS, duration: SECONDS, warmup: WARMUP_SECONDS, users, slugs, bodies: BODIES, offset },
        join(dir, 'plan.json'),
      );
      offset += 1_000_000;
      await settle();
      const posted = await postedSince(deps, before);
      const httpRate = burst.ok / burst.durationS;
      const beforeRaw = await maxIds(deps);
      const rawSeconds = await raw.run(posted);
      const rawRate = posted.length / rawSeconds;
      // The copies go again, so the next HTTP round meets only the rows Parley itself wrote.
      await raw.remove(beforeRaw);
      for (const p of posted) result.decisions[String(p.comment.status)] = (result.decisions[String(p.comment.status)] ?? 0) + 1;
      result.http.push(httpRate);
      result.raw.push(rawRate);
      result.p50.push(burst.p50);
      result.p99.push(burst.p99);
      result.failed += burst.non2xx + burst.errors + burst.timeouts;
      result.comments += posted.length;
      console.log(
        `  ${backend.padEnd(9)} ${String(round + 1).padEnd(6)} ${int(httpRate).padStart(8)} ${ms(burst.p50).padStart(8)} ${ms(burst.p99).padStart(8)} ${int(rawRate).padStart(9)} ${(httpRate / rawRate).toFixed(2).padStart(6)}` +
          `  ${int(posted.length)} comments (warm-up included) replayed raw in ${rawSeconds.toFixed(2)} s` +
          (burst.non2xx || burst.errors || burst.timeouts ? `; ${burst.non2xx} non-2xx, ${burst.errors} errors, ${burst.timeouts} timeouts` : ''),
      );
    }
    return result;
  } finally {
    for (const close of closers) await close().catch((err) => console.error('post: close failed:', err));
  }
}

// ---------------------------------------------------------------- run

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-post-'));
try {
  console.log('post: comments through HTTP (moderation on) against raw inserts of the same rows through the same driver');
  console.log(`  machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} (1 min) before the runs`);
  console.log(
    `  autocannon: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per round, ${ROUNDS} rounds, ${int(USERS)} readers over the demo's stories, load from a child process`,
  );
  console.log('');
  console.log(`  ${'backend'.padEnd(9)} ${'round'.padEnd(6)} ${'http c/s'.padStart(8)} ${'p50'.padStart(8)} ${'p99'.padStart(8)} ${'raw c/s'.padStart(9)} ${'ratio'.padStart(6)}`);
  const results: Result[] = [];
  for (const backend of BACKENDS) results.push(await measure(backend, dir));
  console.log(`  load average ${loadavg()[0]!.toFixed(2)} (1 min) after the runs`);
  console.log('');
  for (const r of results) {
    const http = median(r.http);
    const raw = median(r.raw);
    const mix = Object.entries(r.decisions)
      .map(([k, v]) => `${k} ${((100 * v) / r.comments).toFixed(0)} %`)
      .join(', ');
    console.log(
      `post [${r.backend}]: parley ${int(http)} comments/s (p50 ${ms(median(r.p50))}, p99 ${ms(median(r.p99))}) · raw inserts ${int(raw)} comments/s · ratio ${(http / raw).toFixed(2)}` +
        `  [decisions: ${mix}${r.failed ? `; ${r.failed} failed requests` : ''}]`,
    );
  }
  const sqlite = results.find((r) => r.backend === 'sqlite');
  if (sqlite) {
    const http = median(sqlite.http);
    console.log(`  goal: ≥ ${int(GOAL)} comments/s on the embedded default (SQLite) → ${http >= GOAL ? 'met' : 'NOT met'} (${int(http)})`);
  }
} catch (err) {
  console.error('post: failed:', err);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
