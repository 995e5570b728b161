/** The reader's path through HTTP (the whole Fastify stack), on SQLite and PostgreSQL. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoStories } from '../../src/demo/content.ts';
import { CATEGORIES, type Policy } from '../../src/domain/moderation.ts';
import { DEFAULT_POLICY } from '../../src/moderation/default-policy.ts';
import { upsertPublisher, upsertStory, findStoryBySlug } from '../../src/store/stories.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

const PUBLISH_ALL: Policy = {
  ...DEFAULT_POLICY,
  mode: 'postmoderate',
  newCommenterHoldCount: 0,
  categories: Object.fromEntries(CATEGORIES.map((c) => [c, { threshold: 1, action: 'allow' }])) as Policy['categories'],
};

const videoStory = demoStories.find((s) => s.video)!;
const plainStory = demoStories.find((s) => !s.video)!;

async function rowCounts(t: TestServer) {
  const count = async (table: 'comments' | 'comment_revisions' | 'votes' | 'reports' | 'users' | 'sessions') =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    comments: await count('comments'),
    revisions: await count('comment_revisions'),
    votes: await count('votes'),
    reports: await count('reports'),
    users: await count('users'),
  };
}

describeBackends('reader path over HTTP', (backend) => {
  let t: TestServer;
  let alice: Client;
  let bob: Client;
  let anon: Client;

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000' });
    // These tests are about the discussion's mechanics, not the policy: publish everything.
    t.deps.policy = () => PUBLISH_ALL;
    alice = new Client(t.app, '203.0.113.1');
    bob = new Client(t.app, '203.0.113.2');
    anon = new Client(t.app, '203.0.113.3');
    await alice.signUp('Alice');
    await bob.signUp('Bob');
  });
  afterAll(() => t?.close());

  const storyId = async (slug: string) => (await findStoryBySlug(t.deps.db, slug))!.id;

  it('lists the latest stories newest first with comment counts, paginated', async () => {
    const publisher = await upsertPublisher(t.deps.db, { slug: 'extra', name: 'Extra Press', siteUrl: 'https://extra.example' });
    for (let i = 0; i < 5; i++) {
      await upsertStory(t.deps.db, {
        publisherId: publisher.id,
        authorId: null,
        guid: `old-${i}`,
        title: `Archive item ${i}`,
        summary: 'Old news',
        bodyHtml: '<p>old</p>',
        originalUrl: `https://extra.example/${i}`,
        publishedAt: `2020-01-0${i + 1}T00:00:00.000Z`,
      });
    }
    const home = await anon.get('/');
    expect(home.status).toBe(200);
    const titles = [...home.body.matchAll(/<h2><a href="\/stories\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(10);
    const newest = [...demoStories].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))[0]!;
    expect(titles[0]).toBe(newest.title.replace(/'/g, '&#39;').replace(/&(?!#39;)/g, '&amp;'));
    expect(home.body).toMatch(/\d+ comments?<\/a>/);
    expect(home.body).toContain('href="/?page=2"');
    const page2 = await anon.get('/?page=2');
    expect(page2.body).toContain('Archive item 0');
    expect(page2.body).not.toContain('href="/?page=3"');
    expect((await anon.get('/?page=abc')).status).toBe(400);
  });

  it('credits the publisher on the story page: banner, canonical, JSON-LD, OpenGraph, author box, video credit', async () => {
    const res = await anon.get(`/stories/${videoStory.slug}`);
    expect(res.status).toBe(200);
    const html = res.body;
    expect(html).toMatch(
      new RegExp(`<p class="attribution"[^>]*><a href="${videoStory.originalUrl}"[^>]*>We support our publishers and content creators. You can view this story on The Harbour Ledger(&#39;|')s website</a>`),
    );
    expect(html.indexOf('class="attribution"')).toBeLessThan(html.indexOf('class="story-body"'));
    expect(html).toContain(`<link rel="canonical" href="${videoStory.originalUrl}"/>`);
    expect(html).not.toContain('name="robots"');
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1]!);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.isBasedOn.url).toBe(videoStory.originalUrl);
    expect(ld.isBasedOn.publisher.name).toBe('The Harbour Ledger');
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toMatch(/<meta property="og:title" content="[^"]+"\/>/);
    expect(html).toMatch(/Latest posts by [^<]+ <a href="\/authors\/[a-z-]+">\(see all\)<\/a>/);
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/');
    expect(html).toContain(`(Video credit: ${videoStory.video!.credit})`);
    expect(html).toContain('We have no tolerance for comments containing violence, racism, profanity, vulgarity, doxing or discourteous behaviour.');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('says noindex instead of canonical when the partner chooses it', async () => {
    const publisher = await upsertPublisher(t.deps.db, { slug: 'quiet', name: 'Quiet Times', siteUrl: 'https://quiet.example', indexing: 'noindex' });
    await upsertStory(t.deps.db, {
      publisherId: publisher.id,
      authorId: null,
      guid: 'q1',
      slug: 'quiet-story',
      title: 'Quiet story',
      summary: '',
      bodyHtml: '<p>q</p>',
      originalUrl: 'https://quiet.example/q1',
      publishedAt: '2019-01-01T00:00:00.000Z',
    });
    const html = (await anon.get('/stories/quiet-story')).body;
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).not.toContain('rel="canonical"');
    expect(html).toMatch(/Quiet Times(&#39;|')s website/);
  });

  it('serves author archives and publisher pages, and 404s for unknown ones', async () => {
    const author = (await anon.get(`/stories/${plainStory.slug}`)).body.match(/<a href="(\/authors\/[a-z-]+)">\(see all\)/)![1]!;
    const page = await anon.get(author);
    expect(page.status).toBe(200);
    const own = demoStories.filter((s) => `/authors/${s.authorSlug}` === author);
    for (const s of own) expect(page.body).toContain(`/stories/${s.slug}`);
    const publisher = await anon.get('/publishers/harbour-ledger');
    expect(publisher.status).toBe(200);
    expect(publisher.body).toContain('Stories from The Harbour Ledger');
    expect((await anon.get('/authors/nobody')).status).toBe(404);
    expect((await anon.get('/stories/no-such-story')).status).toBe(404);
    const api404 = await anon.get('/api/stories/no-such-story');
    expect(api404.status).toBe(404);
    expect(api404.json().error.code).toBe('not_found');
  });

  it('signs up and logs in with httpOnly SameSite cookies and a new session id at each login', async () => {
    const c = new Client(t.app, '198.51.100.9');
    const { email } = await c.signUp('Carol');
    const first = c.cookies.get('parley_session');
    const logout = await c.api('POST', '/api/auth/logout');
    expect(logout.status).toBe(204);
    expect((await c.get('/api/session')).json().user).toBeNull();
    await c.refreshCsrf();
    const res = await c.api('POST', '/api/auth/login', { email, password: 'correct horse battery' });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/parley_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(c.cookies.get('parley_session')).not.toBe(first);
    // The old session does not come back to life.
    const old = new Client(t.app);
    old.cookies.set('parley_session', first!);
    expect((await old.get('/api/session')).json().user).toBeNull();
  });

  it('refuses a wrong password, then limits attempts per account', async () => {
    const c = new Client(t.app, '198.51.100.10');
    const { email } = await c.signUp('Dave');
    await c.api('POST', '/api/auth/logout');
    await c.refreshCsrf();
    const wrong = await c.api('POST', '/api/auth/login', { email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Different addresses: the per-account limit still applies.
      const other = new Client(t.app, `198.51.100.${20 + i}`);
      await other.refreshCsrf();
      statuses.push((await other.api('POST', '/api/auth/login', { email, password: 'not the password' })).status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits login attempts per IP address, whatever the account', async () => {
    const c = new Client(t.app, '198.51.100.99');
    await c.refreshCsrf();
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) statuses.push((await c.api('POST', '/api/auth/login', { email: `nobody${i}@test.example`, password: 'whatever it is' })).status);
    expect(statuses.slice(0, 50).every((s) => s === 401)).toBe(true);
    expect(statuses[50]).toBe(429);
    const limited = await c.api('POST', '/api/auth/login', { email: 'someone@test.example', password: 'whatever it is' });
    expect(limited.json().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('sets Secure cookies when PUBLIC_URL is https', async () => {
    const secure = await startTestServer(backend, { PUBLIC_URL: 'https://news.example' });
    try {
      const c = new Client(secure.app);
      await c.refreshCsrf();
      const res = await c.api('POST', '/api/auth/signup', { email: 'sec@test.example', password: 'correct horse battery', displayName: 'Sec' });
      expect(res.status).toBe(201);
      expect(String(res.headers['set-cookie'])).toMatch(/parley_session=[^;]+;.*Secure/i);
    } finally {
      await secure.close();
    }
  });

  it('refuses writes without the CSRF token or from another origin', async () => {
    const before = await rowCounts(t);
    const noToken = await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'hi' }, { 'x-csrf-token': '' });
    expect(noToken.status).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_invalid');
    const foreign = await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'hi' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const form = await alice.form(`/stories/${plainStory.slug}/comments`, { body: 'hi' }, false);
    expect(form.status).toBe(403);
    // Bob's token is not Alice's.
    const swapped = await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'hi' }, { 'x-csrf-token': bob.csrf });
    expect(swapped.status).toBe(403);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('needs a session to write', async () => {
    await anon.refreshCsrf();
    const res = await anon.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'hi' });
    expect(res.status).toBe(401);
    expect(res.json().error.code).toBe('not_authenticated');
  });

  it('posts, replies, edits (keeping revisions), votes, reports and deletes through the API', async () => {
    const slug = plainStory.slug;
    const posted = await alice.api('POST', `/api/stories/${slug}/comments`, { body: 'Good *reporting* — see [the plan](https://council.example/plan).' });
    expect(posted.status).toBe(201);
    const comment = posted.json().comment;
    expect(comment.bodyHtml).toContain('<em>reporting</em>');
    expect(comment.bodyHtml).toContain('<a href="https://council.example/plan" rel="nofollow ugc noopener">the plan</a>');
    expect(posted.json().decision.action).toBe('publish');

    const reply = await bob.api('POST', `/api/stories/${slug}/comments`, { body: 'I disagree, respectfully.', parentId: comment.id });
    expect(reply.status).toBe(201);
    const page = (await anon.get(`/api/stories/${slug}/comments?sort=newest`)).json();
    const mine = page.comments.find((c: { id: number }) => c.id === comment.id);
    expect(mine.replies.map((r: { id: number }) => r.id)).toContain(reply.json().comment.id);

    const edited = await alice.api('PATCH', `/api/comments/${comment.id}`, { body: 'Good reporting, edited.' });
    expect(edited.status).toBe(200);
    expect(edited.json().comment.edited).toBe(true);
    const revisions = await t.deps.db.selectFrom('comment_revisions').select('body_md').where('comment_id', '=', comment.id).orderBy('revision').execute();
    expect(revisions.map((r) => r.body_md)).toEqual(['Good *reporting* — see [the plan](https://council.example/plan).', 'Good reporting, edited.']);
    const notMine = await bob.api('PATCH', `/api/comments/${comment.id}`, { body: 'hijack' });
    expect(notMine.status).toBe(403);

    const up = await bob.api('PUT', `/api/comments/${comment.id}/vote`, { value: 1 });
    expect(up.json()).toMatchObject({ score: 1, value: 1 });
    const again = await bob.api('PUT', `/api/comments/${comment.id}/vote`, { value: 1 });
    expect(again.json().score).toBe(1);
    const down = await bob.api('PUT', `/api/comments/${comment.id}/vote`, { value: -1 });
    expect(down.json().score).toBe(-1);

    const report = await bob.api('POST', `/api/comments/${comment.id}/reports`, { reason: 'spam' });
    expect(report.status).toBe(201);
    const twice = await bob.api('POST', `/api/comments/${comment.id}/reports`, { reason: 'hate' });
    expect(twice.status).toBe(409);
    expect(twice.json().error.code).toBe('already_reported');
    const other = await alice.api('POST', `/api/comments/${reply.json().comment.id}/reports`, { reason: 'other' });
    expect(other.status).toBe(400);
    const stored = await t.deps.db.selectFrom('reports').selectAll().where('comment_id', '=', comment.id).execute();
    expect(stored.map((r) => r.reason)).toEqual(['spam']);

    const del = await alice.api('DELETE', `/api/comments/${comment.id}`);
    expect(del.status).toBe(204);
    const after = (await anon.get(`/api/stories/${slug}/comments?sort=newest`)).json();
    const placeholder = after.comments.find((c: { id: number }) => c.id === comment.id);
    expect(placeholder.status).toBe('deleted');
    expect(placeholder.bodyHtml).toBe('');
    expect(placeholder.replies).toHaveLength(1);
    const html = (await anon.get(`/stories/${slug}?sort=newest`)).body;
    expect(html).toContain('This comment was deleted.');
    expect(html).toContain('I disagree, respectfully.');
  });

  it('closes the edit window after the configured minutes', async () => {
    const posted = (await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'Typo here' })).json().comment;
    const realClock = t.deps.clock;
    t.deps.clock = () => new Date(Date.now() + 16 * 60_000);
    try {
      const late = await alice.api('PATCH', `/api/comments/${posted.id}`, { body: 'Fixed' });
      expect(late.status).toBe(409);
      expect(late.json().error.code).toBe('edit_window_closed');
    } finally {
      t.deps.clock = realClock;
    }
  });

  it('works with plain forms: post, reply, vote, report, edit, delete, each redirecting back', async () => {
    const slug = plainStory.slug;
    const posted = await alice.form(`/stories/${slug}/comments`, { body: 'Posted without JavaScript.' });
    expect(posted.status).toBe(303);
    const id = Number(String(posted.headers.location).match(/#c(\d+)$/)![1]);
    const page = await alice.get(`/stories/${slug}?sort=newest`);
    expect(page.body).toContain('Posted without JavaScript.');
    expect(page.body).toContain(`action="/comments/${id}/edit"`);

    const reply = await bob.form(`/stories/${slug}/comments`, { body: 'Reply without JavaScript.', parentId: String(id) });
    expect(reply.status).toBe(303);
    expect(String(reply.headers.location)).toMatch(new RegExp(`^/stories/${slug}/comments/${id}#c\\d+$`));
    const thread = await bob.get(String(reply.headers.location).split('#')[0]!);
    expect(thread.body).toContain('Reply without JavaScript.');

    expect((await bob.form(`/comments/${id}/vote`, { value: '1' })).status).toBe(303);
    expect((await bob.form(`/comments/${id}/report`, { reason: 'harassment' })).status).toBe(303);
    const bobView = await bob.get(`/stories/${slug}?sort=newest`);
    expect(bobView.body).toContain('Reported — thank you');
    expect(bobView.body).toMatch(new RegExp(`id="c${id}"[\\s\\S]*?aria-pressed="true"[^>]*aria-label="Vote up"`));

    expect((await alice.form(`/comments/${id}/edit`, { body: 'Edited without JavaScript.' })).status).toBe(303);
    expect((await alice.get(`/stories/${slug}?sort=newest`)).body).toContain('Edited without JavaScript.');
    expect((await alice.form(`/comments/${id}/delete`, {})).status).toBe(303);

    const empty = await alice.form(`/stories/${slug}/comments`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Write something before posting.');
  });

  it('signs up and logs in through the plain forms, keeping what was typed on error', async () => {
    const c = new Client(t.app, '198.51.100.77');
    const form = await c.get('/signup');
    c.csrf = form.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const bad = await c.form('/signup', { displayName: 'Erin', email: 'not-an-email', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Enter a valid email address.');
    expect(bad.body).toContain('value="Erin"');
    const ok = await c.form('/signup', { displayName: 'Erin', email: 'erin@test.example', password: 'long enough password', next: `/stories/${plainStory.slug}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`/stories/${plainStory.slug}`);
    const offsite = await new Client(t.app, '198.51.100.78').get('/login?next=//evil.example');
    expect(offsite.body).toContain('name="next" value="/"');
  });

  it('pages a long discussion by cursor and never loads it whole', async () => {
    const id = await storyId(demoStories[2]!.slug);
    const slug = demoStories[2]!.slug;
    const before = (await anon.get(`/api/stories/${slug}/comments?sort=oldest&limit=100`)).json().comments.length;
    for (let i = 0; i < 45; i++) await alice.api('POST', `/api/stories/${slug}/comments`, { body: `Numbered comment ${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await anon.get(`/api/stories/${slug}/comments?sort=newest${cursor ? `&after=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.comments.length).toBeLessThanOrEqual(20);
      seen.push(...body.comments.map((c: { id: number }) => c.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(45 + before);
    expect(pages).toBe(Math.ceil((45 + before) / 20));
    const html = (await anon.get(`/stories/${slug}?sort=newest`)).body;
    expect(html).toMatch(/href="\/stories\/[^"]+\?sort=newest&amp;after=[^"#]+#discussion-heading"[^>]*>More comments/);
    expect((await anon.get(`/api/stories/${slug}/comments?after=%%%`)).status).toBe(400);
    void id;
  });

  it('nests replies to a capped depth and shows deeper ones flat, "in reply to"', async () => {
    const slug = demoStories[3]!.slug;
    let parentId: number | undefined;
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const who = i % 2 ? bob : alice;
      const res = await who.api('POST', `/api/stories/${slug}/comments`, parentId ? { body: `Level ${i}`, parentId } : { body: `Level ${i}` });
      parentId = res.json().comment.id;
      ids.push(parentId!);
    }
    const thread = (await anon.get(`/api/stories/${slug}/comments/${ids[0]}`)).json().thread;
    let node = thread;
    for (let depth = 1; depth <= 3; depth++) {
      expect(node.replies).toHaveLength(1);
      node = node.replies[0];
    }
    // Level 4 is the deepest nesting; levels 5 and 6 sit beside it, each "in reply to" its parent.
    const flat = thread.replies[0].replies[0].replies[0].replies;
    expect(flat.map((c: { id: number }) => c.id)).toEqual([ids[4], ids[5], ids[6]]);
    expect(flat[1].inReplyTo).toEqual({ id: ids[4], authorName: 'Alice' });
    const html = (await anon.get(`/stories/${slug}/comments/${ids[0]}`)).body;
    expect(html).toContain('in reply to <a href="#c');
  });

  it('renders Markdown safely: raw HTML is text, dangerous links are dropped', async () => {
    const res = await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, {
      body: '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n> quoted\n\n- a\n- b\n\n`code`',
    });
    const html = res.json().comment.bodyHtml as string;
    const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].filter((tag) => !['p', 'blockquote', 'ul', 'li', 'code'].includes(tag))).toEqual([]);
    expect(html).not.toContain('href=');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<code>code</code>');
  });

  it('answers bad input with a coded 4xx and writes nothing', async () => {
    const slug = plainStory.slug;
    const before = await rowCounts(t);
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `/api/stories/${slug}/comments`, { body: '' }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: 'x'.repeat(5001) }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: 'x'.repeat(20_001) }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: 42 }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: ['a'] }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: 'hi', parentId: 'x' }, 400, 'validation_failed'],
      ['POST', `/api/stories/${slug}/comments`, { body: 'hi', parentId: 99999999 }, 404, 'not_found'],
      ['POST', `/api/stories/${slug}/comments`, { body: 'hi', extra: 1 }, 400, 'validation_failed'],
      ['POST', `/api/stories/nope/comments`, { body: 'hi' }, 404, 'not_found'],
      ['PUT', `/api/comments/99999999/vote`, { value: 1 }, 404, 'not_found'],
      ['PUT', `/api/comments/1/vote`, { value: 2 }, 400, 'validation_failed'],
      ['PUT', `/api/comments/abc/vote`, { value: 1 }, 400, 'validation_failed'],
      ['POST', `/api/comments/1/reports`, { reason: 'boring' }, 400, 'validation_failed'],
      ['PATCH', `/api/comments/99999999`, { body: 'x' }, 404, 'not_found'],
      ['POST', '/api/auth/signup', { email: 'a@b.example', password: 'x', displayName: '' }, 400, 'validation_failed'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await alice.api(method as 'POST', url, payload);
      expect([url, res.status, res.json().error?.code]).toEqual([url, status, code]);
    }
    const badJson = await alice.request({ method: 'POST', url: `/api/stories/${slug}/comments`, payload: '{"body":', headers: { 'content-type': 'application/json', 'x-csrf-token': alice.csrf } });
    expect(badJson.status).toBe(400);
    expect(badJson.json().error.code).toBe('validation_failed');
    const xml = await alice.request({ method: 'POST', url: `/api/stories/${slug}/comments`, payload: '<a/>', headers: { 'content-type': 'application/xml', 'x-csrf-token': alice.csrf } });
    expect(xml.status).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
    const huge = await alice.request({ method: 'POST', url: `/api/stories/${slug}/comments`, payload: JSON.stringify({ body: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json', 'x-csrf-token': alice.csrf } });
    expect(huge.status).toBe(413);
    expect(await rowCounts(t)).toEqual(before);
  });

  it('takes every naughty string without a 500', async () => {
    const lines = readFileSync(new URL('../../../shared/data/security/blns/blns.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThan(400);
    const slug = demoStories[5]!.slug;
    const c = new Client(t.app, '198.51.100.200');
    await c.signUp('Naughty');
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    for (const line of lines) {
      count((await c.api('POST', `/api/stories/${slug}/comments`, { body: line })).status);
      count((await c.api('GET', `/api/stories/${encodeURIComponent(line).slice(0, 190)}`)).status);
      count((await c.api('POST', '/api/auth/login', { email: line, password: line })).status);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect((await anon.get(`/stories/${slug}?sort=newest`)).status).toBe(200);
  });

  it('reports health and readiness', async () => {
    expect((await anon.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await anon.get('/readyz')).json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('exposes Prometheus metrics: requests by route, comments by decision, moderation latency', async () => {
    await alice.api('POST', `/api/stories/${plainStory.slug}/comments`, { body: 'Counting this one.' });
    const res = await anon.get('/metrics');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    expect(res.body).toMatch(/parley_comments_total\{action="publish"\} \d+/);
    expect(res.body).toMatch(/parley_http_request_duration_seconds_count\{route="\/api\/stories\/:slug\/comments",method="POST",status="201"\} \d+/);
    expect(res.body).toMatch(/parley_moderation_duration_seconds_count \d+/);
    expect(res.body).toContain('parley_sse_clients');
    if (backend === 'postgres') expect(res.body).toMatch(/parley_db_pool_connections\{state="total"\} \d+/);
  });

  it('describes the API in an OpenAPI document', async () => {
    const doc = (await anon.get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/stories/{slug}/comments', '/api/comments/{id}/vote', '/api/comments/{id}/reports', '/api/auth/login', '/api/session']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/api/') && !['/healthz', '/readyz', '/metrics'].includes(p))).toBe(false);
  });
});
