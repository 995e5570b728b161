/**
 * Debian's nginx, run from a temporary prefix on a loopback port with the site file from
 * deploy/nginx/parley.conf — the one docs/deploy.md shows — with only its listen address and its
 * instances' ports substituted, so what is tested is what operators are told to install.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, track } from './processes.ts';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const nginxAvailable = existsSync(NGINX);
export const SITE_TEMPLATE = fileURLToPath(new URL('../../../deploy/nginx/parley.conf', import.meta.url));

const UPSTREAM_SERVER = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\s*$/;

/** The site file with nginx listening on 127.0.0.1:`listen` and one upstream line per port. */
export function renderSite(template: string, listen: number, ports: number[]): string {
  const lines = template.split('\n');
  const first = lines.findIndex((l) => UPSTREAM_SERVER.test(l));
  if (first < 0) throw new Error('the site template has no "server 127.0.0.1:PORT" upstream lines');
  const [, indent = '', params = ''] = UPSTREAM_SERVER.exec(lines[first]!)!;
  const servers = ports.map((p) => `${indent}server 127.0.0.1:${p}${params};`);
  const kept = lines.filter((l) => !UPSTREAM_SERVER.test(l));
  kept.splice(first, 0, ...servers);
  const site = kept.join('\n');
  if (!/^\s*listen 80;$/m.test(site)) throw new Error('the site template has no "listen 80;" line');
  return site.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${listen};`);
}

export interface Nginx {
  url: string;
  port: number;
  dir: string;
  /** Rewrites the site for these instance ports and reloads nginx (as `nginx -s reload` does in production). */
  reload(ports: number[]): void;
  /** What nginx wrote to its error log. */
  errors(): string;
  stop(): Promise<void>;
}

export async function startNginx(ports: number[], options: { workers?: number; workerConnections?: number } = {}): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-'));
  // nginx's workers drop root for "nobody", who must be able to reach the temporary directories.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const template = readFileSync(SITE_TEMPLATE, 'utf8');
  const writeSite = (p: number[]) => writeFileSync(join(dir, 'parley.conf'), renderSite(template, port, p));
  writeSite(ports);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      `worker_processes ${options.workers ?? 1};`,
      `events { worker_connections ${options.workerConnections ?? 1024}; }`,
      'http {',
      `    access_log ${dir}/access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/${t};`),
      `    include ${dir}/parley.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${dir}/nginx.pid;`];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed: ${check.stderr}`);
  const child = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child, 'SIGTERM');
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}${readLog(dir)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    dir,
    reload(next) {
      writeSite(next);
      const r = spawnSync(NGINX, [...args, '-s', 'reload'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`nginx -s reload failed: ${r.stderr}`);
    },
    errors: () => readLog(dir),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(forced);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}
