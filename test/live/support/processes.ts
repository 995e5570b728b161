/**
 * Parley as an operator runs it — `node bin/parley.js start` in child processes — and the services
 * around it for the scale-out and fault suites: free loopback ports, a fresh PostgreSQL database per
 * suite, a private redis-server that a test may stop and start. Every child is killed when the suite
 * calls stopAll() and, failing that, when the test worker exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PG_URL } from '../../support/backends.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Children still running, with the signal that ends them at once (nginx's master takes its workers with it on SIGTERM). */
const children = new Map<ChildProcess, NodeJS.Signals>();
process.once('exit', () => {
  for (const [child, signal] of children) child.kill(signal);
});

/** redis-server is on PATH (the suites that stop and start Redis run their own). */
export const redisServerAvailable = spawnSync('redis-server', ['--version']).status === 0;
if (!redisServerAvailable && process.env.CI === 'true') throw new Error('redis-server is not installed; CI needs it for the scale-out suites');
if (!redisServerAvailable) console.warn('scale-out suites that need Redis skipped: no redis-server on PATH');

/** Puts a child this suite started on the list of those killed when it ends. */
export function track(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): void {
  children.set(child, signal);
  child.once('exit', () => children.delete(child));
}

/** The same secret on every instance, so a CSRF token from one is good on the others. */
export const SHARED_SECRET = 'parley-test-secret-shared-by-all-instances';

/** A loopback port nobody listens on at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Instance {
  url: string;
  port: number;
  pid: number;
  /** What the process printed (stdout and stderr), for failure messages. */
  output(): string;
  /** The admin's one-time password, when this start printed it. */
  adminPassword?: string;
  /** Resolves with the exit code or signal once the process has gone. */
  exited: Promise<string>;
  alive(): boolean;
  kill(signal?: NodeJS.Signals): Promise<string>;
}

/** Starts `parley start` on a loopback port and waits until it serves /healthz. */
export async function startInstance(env: Record<string, string>, options: { port?: number; timeoutMs?: number } = {}): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['bin/parley.js', 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      FEED_SCHEDULE: 'false',
      PARLEY_SECRET: SHARED_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(child, 'SIGKILL');
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d));
  child.stderr!.on('data', (d: Buffer) => (output += d));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(signal ?? String(code));
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (gone) throw new Error(`parley on port ${port} exited before serving:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`parley on port ${port} did not serve in time:\n${output}`);
    }
    if (output.includes('Parley is serving')) {
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const password = /Admin login \(shown once\): \S+ \/ (\S+)/.exec(output)?.[1];
  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    adminPassword: password,
    exited,
    alive: () => !gone,
    async kill(signal = 'SIGTERM') {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}

/** Kills every child still running (instances, redis-server) and waits for them to go. */
export async function stopAll(): Promise<void> {
  const waits = [...children.keys()].map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))));
  for (const [child, signal] of children) child.kill(signal);
  await Promise.all(waits);
}

export interface PgDatabase {
  /** postgres:// URL of the new database, optionally through another host:port (a proxy). */
  url(via?: string): string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty PostgreSQL database on the test server (dropped, connections and all, by drop()). */
export async function createPgDatabase(): Promise<PgDatabase> {
  const name = `parley_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const base = new URL(PG_URL);
  return {
    name,
    url(via) {
      const u = new URL(base);
      if (via) u.host = via;
      u.pathname = `/${name}`;
      return u.toString();
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface RedisProcess {
  url: string;
  port: number;
  /** Kills the server (as a crash would); nothing is persisted. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** A redis-server of this suite's own on a free port, with no persistence: stopping it loses everything. */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    track(c);
    child = c;
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
}

/** True when something on the port answers a PING with +PONG. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}
