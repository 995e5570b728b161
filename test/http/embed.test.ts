/**
 * The embed through HTTP, on SQLite and PostgreSQL: registering sites, the framed thread and its
 * frame-ancestors, refusals for origins not allowed, single sign-on (HMAC payload, HS256, RS256) with
 * its refusals and replay protection, writes from the frame, batched counts, and embed.js itself.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSite } from '../../src/commands/sites.ts';
import type { Site } from '../../src/domain/sso.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

const BLOG = 'https://blog.example';
const OTHER = 'https://copycat.example';
/** The host name the frame's requests are sent to: its own origin. */
const SELF = 'http://parley.test';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const now = () => Math.floor(Date.now() / 1000);
let jtis = 0;

function hmacPayload(secret: string, user: Record<string, unknown>, ts = now()) {
  const message = Buffer.from(JSON.stringify(user)).toString('base64');
  return `${message} ${createHmac('sha256', secret).update(`${message} ${ts}`).digest('hex')} ${ts}`;
}

function jwt(claims: Record<string, unknown>, key: { hs?: string; rs?: typeof privateKey }) {
  const alg = key.rs ? 'RS256' : 'HS256';
  const data = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${Buffer.from(
    JSON.stringify({ exp: now() + 300, iat: now(), jti: `t-${++jtis}`, ...claims }),
  ).toString('base64url')}`;
  const signature = key.rs ? sign('sha256', Buffer.from(data), key.rs) : createHmac('sha256', key.hs!).update(data).digest();
  return `${data}.${signature.toString('base64url')}`;
}

const threadUrl = (site: string, page: string, extra: Record<string, string> = {}) =>
  `/embed/thread?${new URLSearchParams({ site, url: `${BLOG}${page}`, title: `Post ${page}`, ...extra })}`;

/** A reader's browser inside the frame: the embed's cookies, the frame as Referer, our own Origin on writes. */
class FrameReader extends Client {
  frame = '';

  override request(opts: Parameters<Client['request']>[0]) {
    return super.request({ ...opts, headers: { host: 'parley.test', ...(opts.headers ?? {}) } });
  }

  async open(site: string, page: string, extra: Record<string, string> = {}) {
    this.frame = `${SELF}${threadUrl(site, page, extra)}`;
    const res = await this.get(threadUrl(site, page, extra), { referer: `${BLOG}${page}` });
    this.csrf = /data-csrf="([^"]+)"/.exec(res.body)?.[1] ?? '';
    return res;
  }

  write(method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.api(method, url, payload, { referer: this.frame, origin: SELF, ...headers });
  }

  async signIn(site: string, token: string) {
    const res = await this.write('POST', '/api/embed/sso', { site, token });
    if (res.status === 200) this.csrf = res.json().csrfToken;
    return res;
  }
}

describeBackends('embedded discussions', (backend) => {
  let t: TestServer;
  let site: Site;
  let rsSite: Site;
  let admin: Client;

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000' });
    site = await addSite(t.deps, { name: 'Harbour Blog', origins: [BLOG, 'http://localhost:5173'], ssoSecret: 'generate' });
    rsSite = await addSite(t.deps, { name: 'Keyed Blog', id: 'keyed', origins: [BLOG], ssoPublicKey: PEM });
    admin = new Client(t.app, '192.0.2.120');
    const { user } = await admin.signUp('Site Admin');
    await t.deps.db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  });
  afterAll(() => t?.close());

  const siteCount = async () => Number((await t.deps.db.selectFrom('sites').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const storiesOf = (s: Site) => t.deps.db.selectFrom('stories').selectAll().where('publisher_id', '=', s.publisherId).execute();

  describe('registering sites', () => {
    it('lets an admin register a site through the API and shows its snippet on the admin page', async () => {
      const res = await admin.api('POST', '/api/admin/sites', { name: 'Quay Notes', origins: ['https://quay.example/', 'http://localhost:8080'], ssoSecret: 'generate' });
      expect(res.status).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({ id: 'quay-notes', origins: ['https://quay.example', 'http://localhost:8080'], formats: ['hmac', 'HS256'] });
      expect(created.ssoSecret).toMatch(/^[\w-]{43}$/);
      expect(created.snippet).toContain('data-site="quay-notes"');
      expect(created.snippet).toContain('/embed.js');
      const page = await admin.get('/admin/sites');
      expect(page.status).toBe(200);
      expect(page.body).toContain('Quay Notes');
      expect(page.body).toContain('data-site=&quot;quay-notes&quot;');
      expect((await admin.get('/api/admin/sites')).json().sites.map((s: { id: string }) => s.id)).toEqual(['harbour-blog', 'keyed', 'quay-notes']);
    });

    it('registers through the admin form too', async () => {
      await admin.refreshCsrf();
      const res = await admin.form('/admin/sites', { name: 'Form Site', origins: 'https://form.example\nhttps://www.form.example', generateSecret: '1' });
      expect(res.status).toBe(303);
      const stored = await t.deps.db.selectFrom('sites').selectAll().where('id', '=', 'form-site').executeTakeFirstOrThrow();
      expect(JSON.parse(stored.origins_json)).toEqual(['https://form.example', 'https://www.form.example']);
      expect(stored.sso_secret).toBeTruthy();
    });

    it.each([
      ['an origin with a path', { name: 'Bad', origins: ['https://bad.example/blog'] }, 400, 'validation_failed'],
      ['a wildcard origin', { name: 'Bad', origins: ['*'] }, 400, 'validation_failed'],
      ['no origin', { name: 'Bad', origins: [] }, 400, 'validation_failed'],
      ['a private key for the public key', { name: 'Bad', origins: [BLOG], ssoPublicKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 400, 'validation_failed'],
      ['a taken id', { name: 'Other', id: 'keyed', origins: [BLOG] }, 409, 'site_taken'],
      ['a bad id', { name: 'Bad', id: 'Not An Id', origins: [BLOG] }, 400, 'validation_failed'],
    ])('refuses %s with a coded error and writes nothing', async (_name, body, status, code) => {
      const before = await siteCount();
      const res = await admin.api('POST', '/api/admin/sites', body);
      expect(res.status).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await siteCount()).toBe(before);
    });

    it('is for admins only', async () => {
      const reader = new Client(t.app, '192.0.2.121');
      await reader.signUp('Not Admin');
      expect((await reader.get('/admin/sites')).status).toBe(403);
      expect((await reader.api('POST', '/api/admin/sites', { name: 'X', origins: [BLOG] })).status).toBe(403);
      expect((await new Client(t.app).get('/api/admin/sites')).status).toBe(401);
    });
  });

  describe('the framed thread', () => {
    it('shows the thread to an allowed origin, framed by that site only, and makes the page’s story once', async () => {
      const reader = new FrameReader(t.app, '192.0.2.130');
      const res = await reader.open(site.id, '/2026/harbour-walk', { theme: 'dark', accent: '#e4572e' });
      expect(res.status).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain(`frame-ancestors ${BLOG} http://localhost:5173;`);
      expect(csp).not.toContain("frame-ancestors 'self'");
      expect(res.headers['x-frame-options']).toBeUndefined();
      expect(res.body).toContain('class="discussion"');
      expect(res.body).toContain('data-theme="dark"');
      expect(res.body).toContain(`data-parent-origin="${BLOG}"`);
      // The accent reaches the page through the one style element the policy allows by its nonce.
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      expect(res.body).toContain(`<style nonce="${nonce}">:root.embed{--accent:#e4572e;--accent-fg:#000000}</style>`);
      // The pre-session CSRF cookie must work in a third-party frame.
      expect(String(res.headers['set-cookie'])).toMatch(/parley_embed_csrf=.*Secure; Partitioned; SameSite=None/);

      const [story] = await storiesOf(site);
      expect(story).toMatchObject({ guid: `${BLOG}/2026/harbour-walk`, title: 'Post /2026/harbour-walk', original_url: `${BLOG}/2026/harbour-walk`, status: 'published' });
      await reader.open(site.id, '/2026/harbour-walk');
      await reader.open(site.id, '/2026/harbour-walk', { title: 'A different title later' });
      expect((await storiesOf(site)).length).toBe(1);
    });

    it('keys the page by data-page-id when given, whatever the URL', async () => {
      const reader = new FrameReader(t.app, '192.0.2.131');
      await reader.open(site.id, '/a?utm=1', { page: 'post-77' });
      await reader.open(site.id, '/b', { page: 'post-77' });
      const stories = (await storiesOf(site)).filter((s) => s.guid === 'post-77');
      expect(stories.length).toBe(1);
      expect(stories[0]!.original_url).toBe(`${BLOG}/a?utm=1`);
    });

    it('keeps embedded pages off the home page, the API listing, the feeds and the sitemap; the site’s own pages keep their frame policy', async () => {
      const reader = new FrameReader(t.app, '192.0.2.132');
      await reader.open(site.id, '/never-listed', { title: 'Embedded only page' });
      const home = await reader.get('/');
      expect(home.body).not.toContain('Embedded only page');
      expect(home.body).toContain('story-card');
      expect(JSON.stringify((await reader.get('/api/stories')).json())).not.toContain('Embedded only page');
      expect((await reader.get('/feed.xml')).body).not.toContain('Embedded only page');
      const sitemap = (await reader.get('/sitemap.xml')).body;
      const [story] = (await storiesOf(site)).filter((s) => s.title === 'Embedded only page');
      expect(sitemap).toContain('/stories/');
      expect(sitemap).not.toContain(story!.slug);
      expect(sitemap).not.toContain('site-harbour-blog');
      // Moderators still reach the page's discussion on the site itself, credited to the host page and not indexed.
      const own = await reader.get(`/stories/${story!.slug}`);
      expect(own.status).toBe(200);
      expect(own.body).toContain('<meta name="robots" content="noindex"/>');
      expect(own.body).toContain(`href="${BLOG}/never-listed"`);
      expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(String(home.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    });

    it.each([
      ['the page is on another origin', threadUrl('harbour-blog', '/x').replace(encodeURIComponent(BLOG), encodeURIComponent(OTHER)), `${OTHER}/x`, 403, /cannot be shown on https:\/\/copycat\.example/],
      ['the Referer is another origin', threadUrl('harbour-blog', '/x'), `${OTHER}/x`, 403, /cannot be shown on https:\/\/copycat\.example/],
      ['the site is unknown', threadUrl('no-such-site', '/x'), `${BLOG}/x`, 404, /No site is registered/],
    ])('shows no thread when %s', async (_name, url, referer, status, message) => {
      const before = (await storiesOf(site)).length;
      const res = await new Client(t.app, '192.0.2.133').get(url, { referer });
      expect(res.status).toBe(status);
      expect(res.body).not.toContain('class="discussion"');
      expect(res.body).toMatch(message);
      expect((await storiesOf(site)).length).toBe(before);
    });

    it('answers 403 on the API for an origin not allowed', async () => {
      const query = new URLSearchParams({ site: site.id, url: `${BLOG}/api-view` });
      const allowed = await new Client(t.app).get(`/api/embed/thread?${query}`, { origin: BLOG });
      expect(allowed.status).toBe(200);
      expect(allowed.json()).toMatchObject({ story: { url: `${BLOG}/api-view` }, comments: [] });
      const refused = await new Client(t.app).get(`/api/embed/thread?${query}`, { origin: OTHER });
      expect(refused.status).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'origin_not_allowed', message: expect.stringContaining('cannot be shown on https://copycat.example') });
    });
  });

  describe('signing in with a Parley account (the popup and its pass)', () => {
    /** The popup's last page, for a reader signed in to Parley itself: the pass it hands the frame. */
    const passFor = async (own: Client, siteId = site.id) => {
      const res = await own.get(`/login/embed?site=${siteId}`);
      return { res, pass: /data-pass="([^"]+)"/.exec(res.body)?.[1] ?? '' };
    };

    it('sends a visitor through the login form and back, keeping the popup’s link to the frame on the way', async () => {
      const visitor = new Client(t.app, '192.0.2.160');
      const res = await visitor.get(`/login/embed?site=${site.id}`);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/login/embed?site=${site.id}`)}`);
      expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
      const login = await visitor.get(res.headers.location as string);
      expect(login.status).toBe(200);
      expect(login.headers['cross-origin-opener-policy']).toBe('unsafe-none');
      expect(login.body).toContain(`href="/signup?next=${encodeURIComponent(`/login/embed?site=${site.id}`)}"`);
      expect((await visitor.get(`/login/embed?site=${site.id}&start=signup`)).headers.location).toMatch(/^\/signup\?next=/);
      // The site's ordinary login page keeps the strict policy.
      expect((await visitor.get('/login')).headers['cross-origin-opener-policy']).toBe('same-origin');
    });

    it('hands a signed-in reader a pass the frame spends once for a session of its own, and they post as themselves', async () => {
      const own = new Client(t.app, '192.0.2.161');
      const { user } = await own.signUp('Ines Parley');
      const { res, pass } = await passFor(own);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('You are signed in as Ines Parley');
      const frame = new FrameReader(t.app, '192.0.2.162');
      await frame.open(site.id, '/own-account');
      const signIn = await frame.write('POST', '/api/embed/signin', { site: site.id, pass });
      expect(signIn.status).toBe(200);
      expect(signIn.json()).toMatchObject({ user: { id: user.id, displayName: 'Ines Parley' }, changed: true });
      frame.csrf = signIn.json().csrfToken;
      expect(frame.cookies.has('parley_embed_session')).toBe(true);
      const [story] = (await storiesOf(site)).filter((s) => s.guid === `${BLOG}/own-account`);
      const posted = await frame.write('POST', `/api/stories/${story!.slug}/comments`, { body: 'Signed in with my own account, from the blog’s page.' });
      expect(posted.status).toBe(201);
      expect(posted.json().comment.authorName).toBe('Ines Parley');
      // Spent: another browser holding the same pass gets nothing.
      const thief = new FrameReader(t.app, '192.0.2.163');
      await thief.open(site.id, '/own-account');
      const stolen = await thief.write('POST', '/api/embed/signin', { site: site.id, pass });
      expect(stolen.status).toBe(401);
      expect(stolen.json().error.code).toBe('sso_replayed');
      expect(thief.cookies.has('parley_embed_session')).toBe(false);
    });

    it.each([
      ['a pass with another user id', (pass: string) => pass.replace(/^\d+/, '1'), 'sso_invalid'],
      ['a pass with its signature changed', (pass: string) => pass.slice(0, -2) + (pass.endsWith('AA') ? 'BB' : 'AA'), 'sso_invalid'],
      ['text that is not a pass', () => 'not a pass at all', 'sso_invalid'],
    ])('refuses %s with a coded error and no session', async (_name, change, code) => {
      const own = new Client(t.app, '192.0.2.164');
      await own.signUp('Forger Test');
      const { pass } = await passFor(own);
      const frame = new FrameReader(t.app, '192.0.2.165');
      await frame.open(site.id, '/forged');
      const before = await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const res = await frame.write('POST', '/api/embed/signin', { site: site.id, pass: change(pass) });
      expect(res.status).toBe(401);
      expect(res.json().error.code).toBe(code);
      expect(frame.cookies.has('parley_embed_session')).toBe(false);
      const after = await t.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('refuses a pass for a site that is not registered, and writes from outside the frame', async () => {
      const own = new Client(t.app, '192.0.2.166');
      await own.signUp('Nowhere Reader');
      expect((await passFor(own, 'no-such-site')).res.status).toBe(404);
      const { pass } = await passFor(own);
      const frame = new FrameReader(t.app, '192.0.2.167');
      await frame.open(site.id, '/outside');
      const foreign = await frame.write('POST', '/api/embed/signin', { site: site.id, pass }, { origin: BLOG });
      expect(foreign.status).toBe(403);
      expect(foreign.json().error.code).toBe('csrf_invalid');
      const unknown = await frame.write('POST', '/api/embed/signin', { site: 'no-such-site', pass });
      expect(unknown.status).toBe(404);
    });
  });

  describe('single sign-on', () => {
    it('signs a reader in with an HMAC payload, who then posts as themselves from the frame', async () => {
      // A local account with the same email exists: the SSO user must not become it.
      const local = new Client(t.app, '192.0.2.140');
      const { user: localUser } = await local.signUp('Local Mara', 'mara@blog.example');

      const reader = new FrameReader(t.app, '192.0.2.141');
      await reader.open(site.id, '/sso-post');
      const signIn = await reader.signIn(site.id, hmacPayload(site.sso.secret!, { id: 'blog-user-1', username: 'Mara From The Blog', email: 'mara@blog.example' }));
      expect(signIn.status).toBe(200);
      expect(signIn.json()).toMatchObject({ user: { displayName: 'Mara From The Blog' }, changed: true });
      expect(signIn.json().user.id).not.toBe(localUser.id);
      expect(String(signIn.headers['set-cookie'])).toMatch(/parley_embed_session=.*Secure; Partitioned; SameSite=None/);

      const page = await reader.open(site.id, '/sso-post');
      expect(page.body).toContain('Comment as Mara From The Blog');
      const [story] = (await storiesOf(site)).filter((s) => s.guid === `${BLOG}/sso-post`);
      const posted = await reader.write('POST', `/api/stories/${story!.slug}/comments`, { body: 'Signed in from the blog, no second login needed.' });
      expect(posted.status).toBe(201);
      const row = await t.deps.db
        .selectFrom('comments')
        .innerJoin('users', 'users.id', 'comments.user_id')
        .innerJoin('sso_identities', 'sso_identities.user_id', 'users.id')
        .select(['users.display_name', 'users.email', 'sso_identities.site_id', 'sso_identities.external_id'])
        .where('comments.id', '=', posted.json().comment.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ display_name: 'Mara From The Blog', site_id: site.id, external_id: 'blog-user-1' });
      expect(row.email).not.toContain('@');
      expect((await reader.open(site.id, '/sso-post')).body).toContain('Signed in from the blog, no second login needed.');

      // Replying, voting and reporting go through the same API from the frame.
      const neighbour = new FrameReader(t.app, '192.0.2.139');
      await neighbour.open(site.id, '/sso-post');
      await neighbour.signIn(site.id, hmacPayload(site.sso.secret!, { id: 'blog-user-9', username: 'Neighbour' }));
      const id = posted.json().comment.id;
      expect((await neighbour.write('POST', `/api/stories/${story!.slug}/comments`, { body: 'Agreed, it was easy.', parentId: id })).status).toBe(201);
      expect((await neighbour.write('PUT', `/api/comments/${id}/vote`, { value: 1 })).json()).toMatchObject({ score: 1, value: 1 });
      expect((await neighbour.write('POST', `/api/comments/${id}/reports`, { reason: 'spam' })).status).toBe(201);
    });

    it('links the same external user to the same account, with the name the host gives now', async () => {
      const a = new FrameReader(t.app, '192.0.2.142');
      await a.open(site.id, '/p');
      const first = (await a.signIn(site.id, jwt({ user: { id: 'blog-user-2', username: 'Old Name' } }, { hs: site.sso.secret! }))).json();
      const b = new FrameReader(t.app, '192.0.2.143');
      await b.open(site.id, '/p');
      const second = (await b.signIn(site.id, jwt({ sub: 'blog-user-2', name: 'New Name' }, { hs: site.sso.secret! }))).json();
      expect(second.user).toEqual({ id: first.user.id, displayName: 'New Name' });
      // The same external id on another site is another person.
      const c = new FrameReader(t.app, '192.0.2.144');
      await c.open(rsSite.id, '/p');
      const other = await c.signIn(rsSite.id, jwt({ user: { id: 'blog-user-2', username: 'Keyed Person' } }, { rs: privateKey }));
      expect(other.status).toBe(200);
      expect(other.json().user.id).not.toBe(first.user.id);
    });

    it('refuses a token used twice, except a reload by the browser it already signed in', async () => {
      const token = jwt({ user: { id: 'blog-user-3', username: 'Once' } }, { hs: site.sso.secret! });
      const first = new FrameReader(t.app, '192.0.2.145');
      await first.open(site.id, '/q');
      expect((await first.signIn(site.id, token)).status).toBe(200);
      const again = await first.signIn(site.id, token);
      expect(again.status).toBe(200);
      expect(again.json().changed).toBe(false);
      const thief = new FrameReader(t.app, '192.0.2.146');
      await thief.open(site.id, '/q');
      const stolen = await thief.signIn(site.id, token);
      expect(stolen.status).toBe(401);
      expect(stolen.json().error).toMatchObject({ code: 'sso_replayed', message: expect.stringContaining('already been used') });
      expect(thief.cookies.has('parley_embed_session')).toBe(false);
    });

    it.each([
      ['a forged HMAC payload', () => hmacPayload('not-the-secret-not-the-secret-not-the', { id: 'x', username: 'X' }), 'sso_invalid', /not signed with this site/],
      ['an expired HMAC payload', () => hmacPayload(site.sso.secret!, { id: 'x', username: 'X' }, now() - 7200), 'sso_expired', /older than/],
      ['an expired JWT', () => jwt({ user: { id: 'x', username: 'X' }, exp: now() - 600 }, { hs: site.sso.secret! }), 'sso_expired', /expired/],
      ['an RS256 token on a site with only a secret', () => jwt({ user: { id: 'x', username: 'X' } }, { rs: privateKey }), 'sso_invalid', /does not accept RS256/],
      ['malformed text', () => 'this is not a token', 'sso_invalid', /three parts/],
    ])('refuses %s with a readable coded error', async (_name, token, code, message) => {
      const reader = new FrameReader(t.app, '192.0.2.147');
      await reader.open(site.id, '/r');
      const res = await reader.signIn(site.id, token());
      expect(res.status).toBe(401);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).toMatch(message);
      expect(reader.cookies.has('parley_embed_session')).toBe(false);
    });

    it('refuses HS256 keyed with the public key on an RS256 site (alg confusion)', async () => {
      const reader = new FrameReader(t.app, '192.0.2.148');
      await reader.open(rsSite.id, '/s');
      const res = await reader.signIn(rsSite.id, jwt({ user: { id: 'x', username: 'X' } }, { hs: PEM }));
      expect(res.status).toBe(401);
      expect(res.json().error.message).toMatch(/does not accept HS256/);
    });

    it('protects the frame’s writes with the token header and our own Origin, and keeps the embed session inside the embed', async () => {
      const reader = new FrameReader(t.app, '192.0.2.149');
      await reader.open(site.id, '/csrf');
      await reader.signIn(site.id, jwt({ user: { id: 'blog-user-4', username: 'Careful' } }, { hs: site.sso.secret! }));
      const [story] = (await storiesOf(site)).filter((s) => s.guid === `${BLOG}/csrf`);
      const url = `/api/stories/${story!.slug}/comments`;
      const noOrigin = await reader.request({ method: 'POST', url, payload: { body: 'x' }, headers: { referer: reader.frame, 'x-csrf-token': reader.csrf } });
      expect(noOrigin.status).toBe(403);
      expect(noOrigin.json().error.code).toBe('csrf_invalid');
      const foreign = await reader.write('POST', url, { body: 'x' }, { origin: BLOG });
      expect(foreign.status).toBe(403);
      const formField = await reader.request({
        method: 'POST',
        url: `/stories/${story!.slug}/comments`,
        payload: new URLSearchParams({ _csrf: reader.csrf, body: 'From a plain form' }).toString(),
        headers: { referer: reader.frame, origin: SELF, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(formField.status).toBe(403);
      expect((await reader.write('POST', url, { body: 'With the header and our Origin.' })).status).toBe(201);
      // The embed's cookie means nothing to the site's own pages.
      expect((await reader.get('/api/session')).json().user).toBeNull();
      expect((await reader.get('/api/session', { referer: reader.frame })).json().user).toMatchObject({ displayName: 'Careful' });
      // A link followed from the frame opens a page of the site in a tab of its own: not the embed.
      expect((await reader.get('/api/session', { referer: reader.frame, 'sec-fetch-mode': 'navigate' })).json().user).toBeNull();
    });

    it('signs out when the host says so', async () => {
      const reader = new FrameReader(t.app, '192.0.2.150');
      await reader.open(site.id, '/out');
      await reader.signIn(site.id, jwt({ user: { id: 'blog-user-5', username: 'Leaving' } }, { hs: site.sso.secret! }));
      expect((await reader.open(site.id, '/out')).body).toContain('data-signed-in="true"');
      expect((await reader.write('POST', '/api/embed/logout')).status).toBe(204);
      expect((await reader.open(site.id, '/out')).body).toContain('data-signed-in="false"');
    });
  });

  describe('counts and embed.js', () => {
    it('counts the comments of many pages in one request, for allowed origins only', async () => {
      const reader = new FrameReader(t.app, '192.0.2.160');
      await reader.open(site.id, '/counted', { page: 'counted' });
      await reader.signIn(site.id, jwt({ user: { id: 'blog-user-6', username: 'Counter' } }, { hs: site.sso.secret! }));
      const [story] = (await storiesOf(site)).filter((s) => s.guid === 'counted');
      await reader.write('POST', `/api/stories/${story!.slug}/comments`, { body: 'One.' });
      await reader.write('POST', `/api/stories/${story!.slug}/comments`, { body: 'Two, about the harbour.' });
      const res = await new Client(t.app).get(`/api/embed/counts?site=${site.id}&page=counted&page=never-seen`, { origin: BLOG });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ counts: { counted: 2, 'never-seen': 0 } });
      expect(res.headers['access-control-allow-origin']).toBe(BLOG);
      const refused = await new Client(t.app).get(`/api/embed/counts?site=${site.id}&page=counted`, { origin: OTHER });
      expect(refused.status).toBe(403);
      expect(refused.json().error.code).toBe('origin_not_allowed');
      expect((await new Client(t.app).get(`/api/embed/counts?site=${site.id}&${'page=p&'.repeat(101)}`)).status).toBe(400);
    });

    it('serves embed.js to other origins, under 5 KB gzipped', async () => {
      const res = await new Client(t.app).get('/embed.js');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('javascript');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.body).toContain('parley:resize');
      expect(gzipSync(res.body).length).toBeLessThanOrEqual(5 * 1024);
    });
  });
});
