/** A person's own record through HTTP, on SQLite and PostgreSQL: history, report outcomes, export, erasure. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoStories } from '../../src/demo/content.ts';
import { setRole } from '../../src/store/users.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

const slug = demoStories[2]!.slug;

describeBackends('your own account', (backend) => {
  let t: TestServer;
  let me: Client;
  let mod: Client;
  let email: string;

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000' });
    me = new Client(t.app, '192.0.2.60');
    mod = new Client(t.app, '192.0.2.61');
    email = (await me.signUp('Myself')).email;
    const m = await mod.signUp('Mod');
    await setRole(t.deps.db, m.user.id, 'moderator');
  });
  afterAll(() => t?.close());

  it('needs a login', async () => {
    const anon = new Client(t.app);
    expect((await anon.get('/me')).status).toBe(401);
    expect((await anon.get('/me/export.json')).status).toBe(401);
  });

  it('lists my comments with their state and statement of reasons, and the outcome of my reports', async () => {
    await me.api('POST', `/api/stories/${slug}/comments`, { body: 'A plain and civil observation about the harbour.' });
    await me.api('POST', `/api/stories/${slug}/comments`, { body: 'Her home address is 42 Elm Street, Springfield.' });
    const other = new Client(t.app, '192.0.2.62');
    await other.signUp('Other');
    const rude = (await other.api('POST', `/api/stories/${slug}/comments`, { body: 'The harbour board never listens to anyone, sadly.' })).json().comment;
    const fine = (await other.api('POST', `/api/stories/${slug}/comments`, { body: 'The new ferry times look fine.' })).json().comment;
    await me.api('POST', `/api/comments/${rude.id}/reports`, { reason: 'harassment' });
    await me.api('POST', `/api/comments/${fine.id}/reports`, { reason: 'spam' });
    await mod.api('POST', `/api/moderation/comments/${rude.id}/reject`, { revision: 1, category: 'incivility' });
    await mod.api('POST', `/api/moderation/comments/${fine.id}/approve`, { revision: 1 });

    const page = await me.get('/me');
    expect(page.status).toBe(200);
    expect(page.body).toContain('A plain and civil observation about the harbour.');
    expect(page.body).toContain('Not published');
    expect(page.body).toContain('No personal information about private people');
    expect(page.body).toContain('removed: incivility');
    expect(page.body).toContain('kept: no rule broken');
    const api = (await me.get('/api/me')).json();
    expect(api.comments.map((c: { status: string }) => c.status).sort()).toEqual(['published', 'rejected']);
  });

  it('exports everything held about me, without secrets', async () => {
    const res = await me.get('/me/export.json');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const data = res.json();
    expect(data.account.email).toBe(email);
    expect(data.comments).toHaveLength(2);
    expect(data.comments[0].revisions[0].body).toBeTruthy();
    expect(data.comments[1].statements[0].action).toBe('reject');
    expect(data.reports).toHaveLength(2);
    expect(res.body).not.toContain('scrypt$');
    expect(res.body).not.toContain('password');
  });

  it('deletes my account after the password: personal data erased, comments kept as "deleted account"', async () => {
    const wrong = await me.form('/me/delete', { password: 'not my password' });
    expect(wrong.status).toBe(401);
    const ok = await me.form('/me/delete', { password: 'correct horse battery' });
    expect(ok.status).toBe(303);
    const anon = new Client(t.app);
    const html = (await anon.get(`/stories/${slug}?sort=newest`)).body;
    expect(html).toContain('A plain and civil observation about the harbour.');
    expect(html).toContain('deleted account');
    expect(html).not.toContain('Myself');
    await anon.refreshCsrf();
    expect((await anon.api('POST', '/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(401);
    const row = await t.deps.db.selectFrom('users').selectAll().where('display_name', '=', 'deleted account').executeTakeFirstOrThrow();
    expect(row.email).not.toContain('@test.example');
    expect(row.deleted_at).not.toBeNull();
    const logs = await t.deps.db.selectFrom('moderation_log').select('detail_json').execute();
    expect(logs.some((l) => l.detail_json.includes('42 Elm Street'))).toBe(false);
    expect((await me.get('/me')).status).toBe(401);
  });
});
