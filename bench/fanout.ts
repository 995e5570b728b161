/**
 * Benchmark: 10,000 readers of one story's live stream on one instance. A logged-in reader posts a
 * comment; the time from sending the POST to the comment's event arriving at each reader gives the
 * delivery p50 and p99 (medians over rounds), and the server's resident memory before and after the
 * readers connect gives the memory per reader. Goal: p99 ≤ 1 s, ≤ 20 KB per reader.
 *
 * Parley runs as `parley start` (SQLite, the embedded default) in a child process of its own, so its
 * memory is measured alone (VmRSS from /proc). The readers are raw sockets in another child process
 * (one HTTP/1.1 GET /api/stories/:slug/events each, as EventSource sends it), which also sends the
 * POST, so both times come from one clock. The baseline is a bare node:http server in a third process
 * that holds the same number of event streams and, on a POST, writes the same frame bytes Parley sent
 * to every one of them: what the platform costs with nothing of Parley's in the way.
 * Knobs (environment): BENCH_READERS (10000), BENCH_ROUNDS (5), BENCH_CONNECT_CONCURRENCY (200).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstStory, Reader } from '../test/live/support/reader.ts';
import { startInstance, stopAll } from '../test/live/support/processes.ts';
import { int, median, ms, num, watchdog } from './_support.ts';

const READERS = num('BENCH_READERS', 10_000);
const ROUNDS = num('BENCH_ROUNDS', 5);
const CONNECT_CONCURRENCY = num('BENCH_CONNECT_CONCURRENCY', 200);
const GOAL_P99_MS = 1000;
const GOAL_BYTES = 20 * 1024;
const TIME_LIMIT_MS = 300_000 + ROUNDS * 2 * 15_000 + (READERS / 100) * 2 * 1000;

watchdog('fanout', TIME_LIMIT_MS);

/** The readers: raw sockets, one stream each; on "round" sends the POST and times each reader's first frame. */
const READERS_SCRIPT = `
const net = require('node:net');
const http = require('node:http');
const cfg = JSON.parse(process.argv[2]);
const sockets = [];
const first = [];
const texts = [];
let armed = false;
let t0 = 0;
function open(i) {
  return new Promise((resolve, reject) => {
    const s = net.connect(cfg.port, '127.0.0.1');
    let head = '';
    let ready = false;
    s.setNoDelay(true);
    s.on('connect', () => s.write('GET ' + cfg.path + ' HTTP/1.1\\r\\nHost: 127.0.0.1:' + cfg.port + '\\r\\nAccept: text/event-stream\\r\\nCache-Control: no-cache\\r\\n\\r\\n'));
    s.on('data', (buf) => {
      if (!ready) {
        head += buf.toString('latin1');
        if (head.includes('\\r\\n\\r\\n')) {
          if (!head.startsWith('HTTP/1.1 200')) return reject(new Error('stream answered ' + head.split('\\r\\n')[0]));
          ready = true;
          resolve();
        }
        return;
      }
      if (!armed) return;
      if (first[i] === 0 && buf.includes('data:')) {
        first[i] = performance.now() - t0;
        texts[i] = buf.toString('utf8');
      }
    });
    s.on('error', (err) => (ready ? (texts[i] = 'error: ' + err.message) : reject(err)));
    sockets[i] = s;
    first[i] = 0;
  });
}
async function connectAll() {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: cfg.concurrency }, async () => {
    while (next < cfg.readers) await open(next++);
  }));
  return performance.now() - started;
}
function post() {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ body: cfg.bodies[Math.floor(Math.random() * cfg.bodies.length)] + ' (' + Date.now() + ')' });
    const req = http.request({ host: '127.0.0.1', port: cfg.port, method: 'POST', path: cfg.postPath,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...cfg.postHeaders } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode < 300 ? resolve(text) : reject(new Error('POST answered ' + res.statusCode + ': ' + text))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
async function round() {
  for (let i = 0; i < cfg.readers; i++) { first[i] = 0; texts[i] = undefined; }
  armed = true;
  t0 = performance.now();
  const answer = await post();
  const deadline = performance.now() + 15000;
  while (performance.now() < deadline) {
    let got = 0;
    for (let i = 0; i < cfg.readers; i++) if (first[i] > 0) got++;
    if (got === cfg.readers) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  armed = false;
  let id;
  try { const a = JSON.parse(answer); id = a.comment ? a.comment.id : undefined; } catch {}
  const latencies = [];
  let missing = 0;
  let wrong = 0;
  for (let i = 0; i < cfg.readers; i++) {
    if (first[i] === 0) { missing++; continue; }
    if (id !== undefined && !(texts[i].includes('"id":' + id + ',') || texts[i].includes('"commentId":' + id))) wrong++;
    latencies.push(first[i]);
  }
  const sample = texts.find((t) => t !== undefined && t.includes('data:'));
  return { latencies, missing, wrong, sample };
}
process.on('message', async (m) => {
  try {
    if (m === 'connect') process.send({ connected: await connectAll() });
    else if (m === 'round') process.send({ round: await round() });
    else if (m === 'close') { for (const s of sockets) s.destroy(); process.exit(0); }
  } catch (err) { process.send({ error: String(err && err.stack || err) }); }
});
process.send({ up: true });
`;

/** The baseline: a bare node:http server holding event streams, writing one frame to all on POST /publish. */
const BARE_SCRIPT = `
const http = require('node:http');
const payload = require('node:fs').readFileSync(process.argv[2], 'utf8');
const streams = new Set();
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\\n\\n');
    streams.add(res);
    req.on('close', () => streams.delete(res));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{}');
      for (const s of streams) s.write(payload);
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 72000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
`;

const BODIES = [
  'Thanks for following this so closely; the timeline at the end is very useful.',
  'The second quote from the harbour master explains most of the delay.',
  'I went to the meeting and the mood was calmer than this suggests.',
  'Good to see the figures for the east side broken out separately.',
];

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

const pause = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));

/** Runs a script as a child with IPC, raising its open-file limit to what the readers need. */
function child(script: string, args: string[], dir: string, name: string): ChildProcess {
  const file = join(dir, `${name}.cjs`);
  writeFileSync(file, script);
  const soft = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
  const need = READERS + 1000;
  if (Number.isFinite(soft) && soft < need) {
    return fork(file, args, { execPath: 'sh', execArgv: ['-c', `ulimit -n ${need} && exec "${process.execPath}" "$0" "$@"`] });
  }
  return fork(file, args);
}

/** Sends a command to a child and waits for its answer (the first message with that key). */
function ask<T>(c: ChildProcess, message: string, key: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${key}" from the ${message} command in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: Record<string, unknown>) => {
      if (m.error) {
        clearTimeout(timer);
        c.off('message', onMessage);
        reject(new Error(String(m.error)));
      } else if (key in m) {
        clearTimeout(timer);
        c.off('message', onMessage);
        resolve(m[key] as T);
      }
    };
    c.on('message', onMessage);
    if (message) c.send(message);
  });
}

interface RoundResult {
  latencies: number[];
  missing: number;
  wrong: number;
  sample?: string;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/** Connects the readers, measures memory, runs the rounds. */
async function measure(label: string, target: { pid: number; port: number; path: string; postPath: string; postHeaders: Record<string, string> }, dir: string) {
  await pause(1000);
  const before = rssKb(target.pid);
  const readers = child(
    READERS_SCRIPT,
    [JSON.stringify({ port: target.port, path: target.path, readers: READERS, concurrency: CONNECT_CONCURRENCY, postPath: target.postPath, postHeaders: target.postHeaders, bodies: BODIES })],
    dir,
    `readers-${label}`,
  );
  try {
    await ask(readers, '', 'up', 10_000);
    const connectMs = await ask<number>(readers, 'connect', 'connected', 600_000);
    await pause(3000);
    const after = rssKb(target.pid);
    const rounds: RoundResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push(await ask<RoundResult>(readers, 'round', 'round', 60_000));
      const last = rounds[rounds.length - 1]!;
      console.log(
        `  ${label.padEnd(8)} round ${r + 1}: p50 ${ms(pct(last.latencies, 50))}, p99 ${ms(pct(last.latencies, 99))}, max ${ms(Math.max(...last.latencies))}` +
          `${last.missing ? `, ${int(last.missing)} readers got nothing in 15 s` : ''}${last.wrong ? `, ${int(last.wrong)} got another event first` : ''}`,
      );
      await pause(1000);
    }
    const end = rssKb(target.pid);
    return { before, after, end, connectMs, rounds };
  } finally {
    readers.send('close');
    await new Promise((r) => readers.once('exit', r));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'parley-bench-fanout-'));
try {
  console.log(`fanout: ${int(READERS)} live readers of one story on one instance; POST → the comment's event at every reader`);
  console.log(`  machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} (1 min) before the runs`);
  console.log(`  server in its own process (memory from /proc VmRSS); readers: raw sockets in another process, ${CONNECT_CONCURRENCY} connecting at a time; ${ROUNDS} rounds`);
  console.log('');

  const instance = await startInstance({ DATABASE_URL: `sqlite:${join(dir, 'parley.db')}`, COMMENTS_PER_MINUTE: '100000', LOG_LEVEL: 'warn' });
  const story = await firstStory(instance.url);
  const writer = await new Reader(instance.url).signUp('Fanout Writer');
  // Warm the paths measured (a stream opened and closed, a post) so the "before" memory includes them.
  const warm = await fetch(`${instance.url}/api/stories/${story.slug}/events`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
  await warm?.body?.cancel().catch(() => {});
  await writer.post(story.slug, 'Warming up the live path before the readers arrive, thanks.');

  const parley = await measure(
    'parley',
    {
      pid: instance.pid,
      port: instance.port,
      path: `/api/stories/${story.slug}/events`,
      postPath: `/api/stories/${story.slug}/comments`,
      postHeaders: { cookie: writer.cookieHeader(), 'x-csrf-token': writer.csrf, 'x-forwarded-for': writer.ip! },
    },
    dir,
  );
  await instance.kill('SIGTERM');

  // The baseline writes the very frame Parley sent (without the chunk framing the readers saw).
  const sample = parley.rounds.find((r) => r.sample)?.sample ?? 'data: {}\n\n';
  const frame = sample.slice(sample.search(/(id|event|data):/)).replace(/\r\n[0-9a-f]+\r\n/g, '').replace(/\r\n$/, '');
  writeFileSync(join(dir, 'frame.txt'), frame);
  const bare = child(BARE_SCRIPT, [join(dir, 'frame.txt')], dir, 'bare');
  const barePort = (await ask<number>(bare, '', 'port', 10_000)) as number;
  let baseline;
  try {
    baseline = await measure('bare', { pid: bare.pid!, port: barePort, path: '/events', postPath: '/publish', postHeaders: {} }, dir);
  } finally {
    bare.kill('SIGKILL');
  }

  const summarize = (m: typeof parley) => {
    const p50 = median(m.rounds.map((r) => pct(r.latencies, 50)));
    const p99 = median(m.rounds.map((r) => pct(r.latencies, 99)));
    const perReader = ((m.after - m.before) * 1024) / READERS;
    const missing = m.rounds.reduce((n, r) => n + r.missing, 0);
    return { p50, p99, perReader, missing, connectS: m.connectMs / 1000, before: m.before / 1024, after: m.after / 1024, end: m.end / 1024 };
  };
  const p = summarize(parley);
  const b = summarize(baseline);
  console.log('');
  for (const [name, s] of [
    ['parley', p],
    ['bare', b],
  ] as const) {
    console.log(
      `  ${name.padEnd(8)} delivery p50 ${ms(s.p50)}, p99 ${ms(s.p99)} · memory ${s.before.toFixed(0)} MB → ${s.after.toFixed(0)} MB with the readers (${(s.perReader / 1024).toFixed(1)} KB each), ${s.end.toFixed(0)} MB after the rounds · connected in ${s.connectS.toFixed(1)} s${s.missing ? ` · ${int(s.missing)} deliveries missing` : ''}`,
    );
  }
  console.log(`  load average ${loadavg()[0]!.toFixed(2)} (1 min) after the runs`);
  console.log('');
  console.log(`  goal: p99 ≤ ${GOAL_P99_MS} ms → ${p.p99 <= GOAL_P99_MS && p.missing === 0 ? 'met' : 'NOT met'} (${ms(p.p99)}); ≤ 20 KB per reader → ${p.perReader <= GOAL_BYTES ? 'met' : 'NOT met'} (${(p.perReader / 1024).toFixed(1)} KB)`);
  console.log(
    `fanout: parley p99 ${ms(p.p99)} (p50 ${ms(p.p50)}), ${(p.perReader / 1024).toFixed(1)} KB/reader · bare node:http p99 ${ms(b.p99)} (p50 ${ms(b.p50)}), ${(b.perReader / 1024).toFixed(1)} KB/reader · ratio p99 ${(p.p99 / b.p99).toFixed(2)}, memory ${(p.perReader / b.perReader).toFixed(2)}`,
  );
} catch (err) {
  console.error('fanout: failed:', err);
  process.exitCode = 1;
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
