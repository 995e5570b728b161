/**
 * What the load benchmarks share: knobs from the environment, a seeded random source, fresh SQLite
 * storage, a server on loopback, autocannon in a child process (its own event loop and core), a wait
 * for the servers to go idle between targets, and number formatting. (Files starting with "_" are not
 * benchmarks: `npm run bench` does not list them.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.ts';
import type { Deps } from '../src/commands/deps.ts';
import { createLogger } from '../src/log.ts';
import { buildDeps } from '../src/main.ts';
import type { OpenOptions } from '../src/store/database.ts';

/** A positive number from the environment, or the default. */
export const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/** mulberry32: the same content on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ends the process if the whole run takes longer than this, so a hang cannot stall anything. */
export function watchdog(name: string, limitMs: number): void {
  const started = Date.now();
  setTimeout(() => {
    console.error(`${name}: gave up after ${Math.round((Date.now() - started) / 1000)} s (time limit)`);
    process.exit(1);
  }, limitMs).unref();
}

export interface Backend {
  deps: Deps;
  close(): Promise<void>;
}

/** Fresh, migrated SQLite storage with deps around it (as test/support/backends.ts does for tests). */
export async function openSqliteDeps(overrides: Record<string, string>, database: OpenOptions = {}): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const config = loadConfig({ DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`, LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...overrides });
  const built = await buildDeps(config, { log: createLogger('silent'), database });
  const { deps } = built;
  return {
    deps,
    async close() {
      await built.database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

export interface Sample {
  rps: number;
  p99: number;
  p50: number;
  bytesPerResponse: number;
  requests: number;
  warmupRequests: number;
  durationS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

/**
 * The child's script: autocannon aggregates results only on a process's main thread. With
 * `approveIds`, each request is a POST to the next id's approve URL (each id handed out once).
 */
const CHILD = `
const autocannon = require(process.argv[1]);
const opts = JSON.parse(process.argv[2]);
const ids = opts.approveIds;
delete opts.approveIds;
if (ids) {
  let next = 0;
  opts.requests = [{
    method: 'POST',
    setupRequest: (req) => {
      // Past the end of the list: an id that does not exist (answers 404, counted as non-2xx).
      const id = next < ids.length ? ids[next++] : 2147483647;
      return { ...req, path: '/api/moderation/comments/' + id + '/approve' };
    },
  }];
}
autocannon(opts).then((r) => {
  process.stdout.write(JSON.stringify({
    rps: r.requests.average,
    p99: r.latency.p99,
    p50: r.latency.p50,
    bytesPerResponse: r.requests.total > 0 ? r.throughput.total / r.requests.total : 0,
    requests: r.requests.total,
    warmupRequests: r.warmup ? r.warmup.requests.total : 0,
    durationS: r.duration,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  }));
}, (err) => { console.error(err); process.exit(1); });
`;

/** Runs autocannon with these options in a child process, killed after `limitS` seconds. */
export function cannon(opts: Record<string, unknown>, limitS: number): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD, autocannonPath, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const limit = setTimeout(() => child.kill(), limitS * 1000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(limit);
      if (code !== 0) return reject(new Error(`autocannon against ${String(opts.url)} exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out) as Sample);
      } catch {
        reject(new Error(`autocannon against ${String(opts.url)} printed no result: ${err.trim()}`));
      }
    });
  });
}

/**
 * Waits until this process (which runs every server) is idle: requests the load generator left
 * in flight when it stopped are still being served, and must not count against the next target.
 * Idle = 10 consecutive 50 ms timers firing less than 10 ms late; gives up after 10 s.
 */
export async function settle(): Promise<number> {
  const start = Date.now();
  let quiet = 0;
  while (quiet < 10 && Date.now() - start < 10_000) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    quiet = performance.now() - t - 50 < 10 ? quiet + 1 : 0;
  }
  return Date.now() - start;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const ms = (n: number) => (n >= 10 ? `${Math.round(n)} ms` : n >= 1 ? `${n.toFixed(1)} ms` : `${n.toFixed(2)} ms`);
