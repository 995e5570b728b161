/** The `parley` command as an operator uses it: export past comments and back-test a policy on them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/main.ts';
import { seedDemo } from '../src/commands/seed-demo.ts';
import { DEFAULT_POLICY } from '../src/moderation/default-policy.ts';
import { createLogger } from '../src/log.ts';

const run = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 60_000 });

describe('parley export comments | parley classify', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent' };
    const { deps, database } = await buildDeps(loadConfig(env), { log: createLogger('silent') });
    await seedDemo(deps);
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every comment as JSON Lines and back-tests a stricter policy on them', () => {
    const exported = run(['export', 'comments'], env);
    expect(exported.status).toBe(0);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(lines[0])).toEqual(['id', 'text', 'story', 'status', 'createdAt']);

    const current = run(['classify'], env, exported.stdout);
    expect(current.status).toBe(0);
    const decisions = current.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(decisions.map((d) => d.id)).toEqual(lines.map((l) => l.id));
    // The demo discussion is civil: the default policy publishes all of it.
    expect(decisions.filter((d) => d.action !== 'publish')).toEqual([]);

    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ ...DEFAULT_POLICY, version: 2, mode: 'premoderate-all' }));
    const backTest = run(['classify', '--policy', strict], env, exported.stdout);
    expect(backTest.status).toBe(0);
    const held = backTest.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(held.every((d) => d.action === 'hold')).toBe(true);
  });

  it('refuses a bad --since', () => {
    const r = run(['export', 'comments', '--since', 'yesterday-ish'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--since needs a date/);
  });
});
