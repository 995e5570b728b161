/** `parley sites add` / `parley sites list` as an operator runs them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';

const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

describe('parley sites', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sites-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent', PUBLIC_URL: 'https://talk.example' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers a site with its origins and prints its secret and snippet, then lists it', () => {
    const key = join(dir, 'key.pem');
    writeFileSync(key, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const added = run(['sites', 'add', 'Harbour', 'Blog', '--origin', 'https://blog.example', '--origin', 'http://localhost:8080/', '--public-key', key], env);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('added site harbour-blog: Harbour Blog, origins https://blog.example http://localhost:8080');
    expect(added.stdout).toMatch(/SSO secret \(HMAC payloads and HS256 tokens\): [\w-]{43}\n/);
    expect(added.stdout).toContain('<script src="https://talk.example/embed.js" data-site="harbour-blog" async></script>');

    const listed = run(['sites', 'list'], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toBe('harbour-blog\tHarbour Blog\thttps://blog.example http://localhost:8080\tsign-on: hmac, HS256, RS256\n');
  });

  it('refuses a bad origin and a taken id with a message, registering nothing', async () => {
    const bad = run(['sites', 'add', 'Bad', '--origin', 'https://bad.example/blog'], env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/is not an origin/);
    const taken = run(['sites', 'add', 'Again', '--id', 'harbour-blog', '--origin', 'https://again.example', '--no-secret'], env);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toMatch(/already registered/);
    const database = await openDatabase(env.DATABASE_URL!);
    expect((await database.db.selectFrom('sites').select('id').execute()).map((r) => r.id)).toEqual(['harbour-blog']);
    await database.close();
  });
});
