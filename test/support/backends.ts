/**
 * Runs a suite against every storage backend: SQLite (a temporary file) and PostgreSQL (a fresh
 * schema per suite in TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
 * Without PostgreSQL the PostgreSQL half reports itself skipped with how to run it; in CI it fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Deps } from '../../src/commands/deps.ts';
import { seedDemo } from '../../src/commands/seed-demo.ts';
import { createApp } from '../../src/http/app.tsx';
import { createLogger } from '../../src/log.ts';
import { buildDeps } from '../../src/main.ts';
import type { FastifyInstance } from 'fastify';

export type Backend = 'sqlite' | 'postgres';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgUp: boolean | undefined;
export async function postgresAvailable(): Promise<boolean> {
  if (pgUp !== undefined) return pgUp;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    pgUp = true;
  } catch {
    pgUp = false;
  } finally {
    await client.end().catch(() => {});
  }
  return pgUp;
}

const pgReady = await postgresAvailable();
if (!pgReady && process.env.CI === 'true') {
  throw new Error(`PostgreSQL is not reachable at ${PG_URL}; CI needs it (start it: pg_ctlcluster ... main start)`);
}
if (!pgReady) {
  console.warn(`PostgreSQL suites skipped: no server at ${PG_URL} (start PostgreSQL or set TEST_DATABASE_URL to run them)`);
}

/** describe() once per backend; the PostgreSQL one is skipped (and says so) when there is no server. */
export function describeBackends(title: string, fn: (backend: Backend) => void) {
  describe(`${title} [sqlite]`, () => fn('sqlite'));
  (pgReady ? describe : describe.skip)(`${title} [postgres]`, () => fn('postgres'));
}

export interface TestDeps {
  deps: Deps;
  close(): Promise<void>;
}

/** Fresh, empty, migrated storage for one suite, with deps around it. */
export async function openTestDeps(backend: Backend, overrides: Record<string, string> = {}): Promise<TestDeps> {
  let dir: string | undefined;
  let schema: string | undefined;
  let url: string;
  if (backend === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    url = `sqlite:${join(dir, 'test.db')}`;
  } else {
    schema = `t_${randomBytes(6).toString('hex')}`;
    url = PG_URL;
  }
  const config: Config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', PAGE_CACHE_SECONDS: '0', SEED_DEMO: 'false', ...overrides });
  const { deps, database } = await buildDeps(config, { log: createLogger('silent'), database: { schema, connectionTimeoutMillis: 60_000 } });
  return {
    deps,
    async close() {
      await database.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.end();
      }
    },
  };
}

export interface TestServer extends TestDeps {
  app: FastifyInstance;
  url: string;
}

/** A running server on 127.0.0.1 (a free port) with the demo content seeded. */
export async function startTestServer(backend: Backend, overrides: Record<string, string> = {}): Promise<TestServer> {
  const base = await openTestDeps(backend, overrides);
  await seedDemo(base.deps);
  const app = await createApp(base.deps, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    ...base,
    app,
    url,
    async close() {
      await app.close();
      await base.close();
    },
  };
}
