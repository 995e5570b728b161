/**
 * Password reset links, through HTTP on both databases: an admin makes one (the users page or the API), the
 * reader sets a new password with it once, is signed in and signed out everywhere else; spent, expired, forged
 * and too-short attempts change nothing. And `parley users reset-link EMAIL` for operators.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { buildDeps } from '../../src/main.ts';
import { insertUser } from '../../src/store/users.ts';
import { hashPassword } from '../../src/commands/password.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

describeBackends('password reset links', (backend) => {
  let t: TestServer;
  let admin: Client;

  beforeAll(async () => {
    t = await startTestServer(backend);
    admin = new Client(t.app, '192.0.2.200');
    const { user } = await admin.signUp('Reset Admin');
    await t.deps.db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  });
  afterAll(() => t?.close());

  const reader = async (name: string, ip: string) => {
    const client = new Client(t.app, ip);
    const { email, user } = await client.signUp(name);
    return { client, email, id: user.id };
  };
  const logIn = async (email: string, password: string) => {
    const c = new Client(t.app, '192.0.2.250');
    await c.refreshCsrf();
    return c.api('POST', '/api/auth/login', { email, password });
  };
  const linkFor = async (userId: number) => {
    const res = await admin.api('POST', `/api/admin/users/${userId}/reset-link`);
    expect(res.status).toBe(201);
    return res.json() as { url: string; expiresAt: string };
  };
  const pathOf = (url: string) => new URL(url).pathname;

  it('lets a reader set a new password once with the link an admin made, signing them in and out everywhere else', async () => {
    const { client: oldBrowser, email, id } = await reader('Forgetful Reader', '192.0.2.201');
    const link = await linkFor(id);
    expect(link.url).toMatch(/^http:\/\/localhost:\d+\/reset\/[\w-]{43}$|^https?:\/\/[^/]+\/reset\/[\w-]{43}$/);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(71 * 3_600_000);

    const visitor = new Client(t.app, '192.0.2.202');
    const form = await visitor.get(pathOf(link.url));
    expect(form.status).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    expect(form.body).toContain('Forgetful Reader');
    visitor.csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;

    const short = await visitor.form(pathOf(link.url), { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toContain('At least 10 characters.');
    expect((await logIn(email, 'correct horse battery')).status).toBe(200);

    const done = await visitor.form(pathOf(link.url), { password: 'a brand new passphrase' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/');
    expect(visitor.cookies.has('parley_session')).toBe(true);
    expect((await visitor.get('/api/session')).json().user).toMatchObject({ id });
    // The old password and the old browser's session are gone; the new password works.
    expect((await logIn(email, 'correct horse battery')).status).toBe(401);
    expect((await logIn(email, 'a brand new passphrase')).status).toBe(200);
    expect((await oldBrowser.get('/api/session')).json().user).toBeNull();

    // Spent: the link says so and changes nothing.
    const again = await visitor.form(pathOf(link.url), { password: 'yet another passphrase' });
    expect(again.status).toBe(410);
    expect(again.body).toContain('This link has expired or has been used.');
    expect((await logIn(email, 'a brand new passphrase')).status).toBe(200);
  });

  it('refuses an expired link and a made-up one with the same page, and changes nothing', async () => {
    const { email, id } = await reader('Late Reader', '192.0.2.203');
    const link = await linkFor(id);
    const visitor = new Client(t.app, '192.0.2.204');
    visitor.csrf = /name="_csrf" value="([^"]+)"/.exec((await visitor.get(pathOf(link.url))).body)![1]!;
    const realClock = t.deps.clock;
    t.deps.clock = () => new Date(Date.now() + 73 * 3_600_000);
    try {
      const late = await visitor.form(pathOf(link.url), { password: 'too late for this one' });
      expect(late.status).toBe(410);
      expect((await visitor.get(pathOf(link.url))).status).toBe(410);
    } finally {
      t.deps.clock = realClock;
    }
    const forged = await visitor.get('/reset/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ');
    expect(forged.status).toBe(410);
    expect(forged.body).not.toContain('name="password"');
    // Longer than any link: refused before it reaches the route.
    expect((await visitor.get(`/reset/${'x'.repeat(300)}`)).status).toBe(414);
    expect((await logIn(email, 'correct horse battery')).status).toBe(200);
  });

  it('shows the link once on the users page, and is for admins only', async () => {
    const { id } = await reader('Page Reader', '192.0.2.205');
    const page = await admin.form(`/admin/users/${id}/reset-link`, {});
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Password reset link for Page Reader');
    expect(page.body).toMatch(/<pre class="snippet">[^<]*\/reset\/[\w-]{43}<\/pre>/);
    const { client: plain } = await reader('Plain Reader', '192.0.2.206');
    expect((await plain.api('POST', `/api/admin/users/${id}/reset-link`)).status).toBe(403);
    const visitor = new Client(t.app, '192.0.2.207');
    await visitor.refreshCsrf();
    expect((await visitor.api('POST', `/api/admin/users/${id}/reset-link`)).status).toBe(401);
    expect((await admin.api('POST', '/api/admin/users/999999/reset-link')).status).toBe(404);
  });
});

describe('parley users reset-link', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-reset-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent', PUBLIC_URL: 'https://talk.example', SEED_DEMO: 'false' };
    const { deps, database } = await buildDeps(loadConfig(env), { log: createLogger('silent') });
    await insertUser(deps.db, { email: 'restored@example.test', displayName: 'Restored Reader', passwordHash: await hashPassword('an old passphrase'), now: new Date() });
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

  it('prints a link for an account, and says so when there is none', () => {
    const made = run(['users', 'reset-link', 'Restored@Example.test']);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('password reset link for Restored Reader <restored@example.test>');
    expect(made.stdout).toMatch(/^https:\/\/talk\.example\/reset\/[\w-]{43}$/m);
    const missing = run(['users', 'reset-link', 'nobody@example.test']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('parley users:');
    expect(run(['users', 'reset-link']).status).toBe(2);
  });
});
