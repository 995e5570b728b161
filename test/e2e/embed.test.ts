/**
 * The embed in a real browser, across sites: Parley on 127.0.0.1 and host pages on localhost (another
 * site, so the frame is truly third-party and only SameSite=None cookies reach it). The allowed host
 * embeds a thread and signs its reader in; the reader posts as that user; the frame grows with its
 * content; listing counts arrive; a host whose origin is not allowed gets no thread, and a frame forced
 * onto it with the right parameters is blocked by frame-ancestors.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { addSite } from '../../src/commands/sites.ts';
import type { Site } from '../../src/domain/sso.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { describeBrowser, expectNoSeriousViolations, launchBrowser } from './browser.ts';
import { signUpViaApi } from '../support/api-client.ts';

/** A tiny host site: one post page with the snippet (signed in when ?user= is given), and a listing page. */
function hostServer(render: (url: URL, origin: string) => string): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
      const url = new URL(req.url ?? '/', origin);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(render(url, origin));
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://localhost:${(server.address() as AddressInfo).port}` }));
  });
}

const hmacPayload = (secret: string, user: Record<string, string>) => {
  const message = Buffer.from(JSON.stringify(user)).toString('base64');
  const ts = Math.floor(Date.now() / 1000);
  return `${message} ${createHmac('sha256', secret).update(`${message} ${ts}`).digest('hex')} ${ts}`;
};

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

describeBrowser('the embed on another site', () => {
  let parley: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let site: Site;
  let allowed: { server: Server; origin: string };
  let foreign: { server: Server; origin: string };
  const pageErrors: string[] = [];

  const postPage = (origin: string, url: URL) => {
    const user = url.searchParams.get('user');
    const sso = user ? ` data-sso="${attr(hmacPayload(site.sso.secret!, { id: user, username: 'Mara Quill', email: 'mara@blog.example' }))}"` : '';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour walk — Quill's Blog</title>
<link rel="canonical" href="${origin}/posts/harbour-walk"><meta property="og:title" content="A walk along the harbour"></head>
<body><main><h1>A walk along the harbour</h1><p>The tide was out and the gulls were loud.</p>
<div id="parley-thread"></div>
<script src="${parley.url}/embed.js" data-site="${site.id}" data-theme="light" data-accent="#2f6f4e"${sso} async></script></main></body></html>`;
  };

  beforeAll(async () => {
    [parley, browser] = await Promise.all([startTestServer('sqlite', { COMMENTS_PER_MINUTE: '100000' }), launchBrowser()]);
    allowed = await hostServer((url, origin) =>
      url.pathname === '/list'
        ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Posts</title></head><body><main><h1>Posts</h1><ul>
<li><a href="/posts/harbour-walk">A walk along the harbour</a> <span data-parley-count="${origin}/posts/harbour-walk">…</span></li>
<li><a href="/posts/other">Another post</a> <span data-parley-count="${origin}/posts/other">…</span></li></ul>
<script src="${parley.url}/embed.js" data-site="${site.id}" async></script></main></body></html>`
        : postPage(origin, url),
    );
    foreign = await hostServer((url, origin) =>
      url.pathname === '/forced'
        ? // A copycat that frames the thread itself, naming the allowed page and hiding its own address.
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Copy</title></head><body><main><h1>Copy</h1>
<iframe title="Comments" referrerpolicy="no-referrer" src="${parley.url}/embed/thread?site=${site.id}&url=${encodeURIComponent(`${allowed.origin}/posts/harbour-walk`)}"></iframe></main></body></html>`
        : postPage(origin, url),
    );
    site = await addSite(parley.deps, { name: "Quill's Blog", origins: [allowed.origin], ssoSecret: 'generate' });
    context = await closedContext();
  });

  /** A browser profile whose network is closed: only Parley and the two host sites answer. */
  async function closedContext(): Promise<BrowserContext> {
    const fresh = await browser.newContext();
    const origins = new Set([new URL(parley.url).origin, allowed.origin, foreign.origin]);
    await fresh.route(
      (url) => !origins.has(url.origin),
      (route) => route.abort('blockedbyclient'),
    );
    fresh.setDefaultTimeout(15_000);
    return fresh;
  }

  afterAll(async () => {
    await browser?.close();
    await parley?.close();
    allowed?.server.close();
    foreign?.server.close();
  });

  async function open(url: string, on: BrowserContext = context): Promise<Page> {
    const page = await on.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(url);
    return page;
  }

  async function threadFrame(page: Page): Promise<Frame> {
    await page.waitForSelector('#parley-thread iframe');
    let frame: Frame | undefined;
    await expect.poll(() => (frame = page.frames().find((f) => f.url().includes('/embed/thread'))), { timeout: 15_000 }).toBeTruthy();
    return frame!;
  }

  const frameHeight = (page: Page) => page.$eval('#parley-thread iframe', (f) => f.getBoundingClientRect().height);

  it('shows the thread in a frame sized to it, and makes the page’s story from the host page’s metadata', async () => {
    const page = await open(`${allowed.origin}/posts/harbour-walk`);
    const frame = await threadFrame(page);
    await frame.waitForSelector('section.discussion');
    expect(await frame.locator('#discussion-heading').textContent()).toBe('0 comments');
    expect(await frame.locator('html').getAttribute('data-theme')).toBe('light');
    // The frame reported its height: the iframe is no longer embed.js's starting 240px, and matches the content.
    await expect.poll(() => frameHeight(page)).not.toBe(240);
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    expect(Math.abs((await frameHeight(page)) - content)).toBeLessThanOrEqual(1);
    const story = await parley.deps.db.selectFrom('stories').selectAll().where('publisher_id', '=', site.publisherId).executeTakeFirstOrThrow();
    expect(story).toMatchObject({ guid: `${allowed.origin}/posts/harbour-walk`, title: 'A walk along the harbour', original_url: `${allowed.origin}/posts/harbour-walk` });
    await page.close();
  });

  it('signs the host’s reader in, who posts as themselves, and the frame grows with the new comment', async () => {
    const page = await open(`${allowed.origin}/posts/harbour-walk?user=quill-reader-7`);
    const frame = await threadFrame(page);
    // After exchanging the token the frame reloads signed in (its embed cookie crossed sites).
    await frame.waitForSelector('textarea#body-new-c');
    expect(await frame.locator('label[for="body-new-c"]').textContent()).toBe('Comment as Mara Quill');
    expect(frame.url()).not.toContain('#sso=');
    const cookies = await context.cookies(new URL(parley.url).origin);
    expect(cookies.find((c) => c.name === 'parley_embed_session')).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });
    await frame.waitForFunction(() => document.documentElement.classList.contains('js'));
    await expect.poll(() => frameHeight(page)).not.toBe(240);

    const before = await frameHeight(page);
    const text = 'Walked it this morning too: the new railings along the quay are a real improvement, and the benches were full.';
    await frame.locator('textarea#body-new-c').fill(text);
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await frame.locator('li.comment', { hasText: 'the new railings along the quay' }).waitFor();
    await expect.poll(() => frameHeight(page), { timeout: 15_000 }).toBeGreaterThan(before + 20);

    const stored = await parley.deps.db
      .selectFrom('comments')
      .innerJoin('sso_identities', 'sso_identities.user_id', 'comments.user_id')
      .innerJoin('users', 'users.id', 'comments.user_id')
      .select(['sso_identities.site_id', 'sso_identities.external_id', 'users.display_name', 'comments.status'])
      .where('comments.body_md', '=', text)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ site_id: site.id, external_id: 'quill-reader-7', display_name: 'Mara Quill', status: 'published' });
    await page.close();
  }, 60_000);

  it('signs a reader in with their own Parley account through a popup, and they post as themselves', async () => {
    await signUpViaApi(parley.url, { displayName: 'Ines Own', email: 'ines.own@example.test', password: 'tide tables and gulls' });
    // A browser with no session anywhere.
    const own = await closedContext();
    const page = await open(`${allowed.origin}/posts/harbour-walk`, own);
    const frame = await threadFrame(page);
    await frame.waitForSelector('section.discussion');
    expect(await frame.locator('textarea#body-new-c').count()).toBe(0);
    const opened = page.waitForEvent('popup');
    await frame.getByRole('link', { name: 'Log in', exact: true }).click();
    const popup = await opened;
    // The popup is Parley itself (first-party): the ordinary login form, then back to hand the frame its pass.
    await popup.waitForURL((url) => url.pathname === '/login');
    await popup.getByLabel('Email').fill('ines.own@example.test');
    await popup.getByLabel('Password').fill('tide tables and gulls');
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Log in' }).click();
    await closed;
    // The frame spent the pass and reloaded as the reader.
    const signedIn = await threadFrame(page);
    await signedIn.waitForSelector('textarea#body-new-c');
    expect(await signedIn.locator('label[for="body-new-c"]').textContent()).toBe('Comment as Ines Own');
    await signedIn.waitForFunction(() => document.documentElement.classList.contains('js'));
    const text = 'The quay railings are fine, but the benches by the lifeboat station need fixing before summer.';
    await signedIn.locator('textarea#body-new-c').fill(text);
    await signedIn.getByRole('button', { name: 'Post comment' }).click();
    await signedIn.locator('li.comment', { hasText: 'the benches by the lifeboat station' }).waitFor();
    const stored = await parley.deps.db
      .selectFrom('comments')
      .innerJoin('users', 'users.id', 'comments.user_id')
      .select(['users.email', 'comments.status'])
      .where('comments.body_md', '=', text)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ email: 'ines.own@example.test', status: 'published' });
    await own.close();
  }, 60_000);

  it('brings a new comment to a reader who is not signed in, behind the bar, without reloading the host page', async () => {
    const anon = await closedContext();
    const page = await open(`${allowed.origin}/posts/harbour-walk`, anon);
    const frame = await threadFrame(page);
    await frame.waitForSelector('section.discussion');
    await page.evaluate(() => ((window as unknown as { __kept: number }).__kept = 1));
    const story = await parley.deps.db.selectFrom('stories').select('slug').where('publisher_id', '=', site.publisherId).where('guid', '=', `${allowed.origin}/posts/harbour-walk`).executeTakeFirstOrThrow();
    const writer = await signUpViaApi(parley.url, { displayName: 'Otto Live', email: 'otto.live@example.test' });
    const text = 'Low tide at six tomorrow, for anyone walking the quay with children.';
    expect((await writer.json('POST', `/api/stories/${story.slug}/comments`, { body: text })).status).toBe(201);
    const bar = frame.getByRole('button', { name: '1 new comment — show' });
    await bar.waitFor({ timeout: 15_000 });
    expect(await frame.locator('li.comment', { hasText: 'Low tide at six' }).count()).toBe(0);
    await bar.click();
    await frame.locator('li.comment', { hasText: 'Low tide at six' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __kept?: number }).__kept)).toBe(1);
    await anon.close();
  }, 60_000);

  it('fills the listing page’s counts from one request', async () => {
    const page = await context.newPage();
    const countRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/embed/counts')) countRequests.push(r.url());
    });
    // The earlier cases posted three comments under the harbour walk; the other post has none.
    const posted = await parley.deps.db.selectFrom('stories').select('comment_count').where('publisher_id', '=', site.publisherId).where('guid', '=', `${allowed.origin}/posts/harbour-walk`).executeTakeFirstOrThrow();
    expect(posted.comment_count).toBe(3);
    await page.goto(`${allowed.origin}/list`);
    const counts = page.locator('[data-parley-count]');
    await expect.poll(() => counts.allTextContents()).toEqual(['3 comments', '0 comments']);
    expect(countRequests.length).toBe(1);
    await page.close();
  });

  it('gives an origin that is not allowed no thread, and the browser blocks a frame forced onto it', async () => {
    const page = await open(`${foreign.origin}/posts/harbour-walk`);
    const frame = await threadFrame(page);
    await frame.waitForSelector('h1');
    expect(await frame.locator('h1').textContent()).toBe('This discussion cannot be shown here');
    expect(await frame.locator('section.discussion').count()).toBe(0);

    const forced = await context.newPage();
    let answered = 0;
    forced.on('response', (r) => {
      if (r.url().includes('/embed/thread')) answered = r.status();
    });
    await forced.goto(`${foreign.origin}/forced`);
    // The server answers the thread (the parameters name the allowed page and no Referer says otherwise)…
    await expect.poll(() => answered).toBe(200);
    // …but frame-ancestors names only the allowed host, so the browser does not render it here.
    const frames = () => forced.frames().filter((f) => f !== forced.mainFrame());
    await expect.poll(() => frames().map((f) => f.url())).toEqual(['chrome-error://chromewebdata/']);
    expect(await frames()[0]!.locator('section.discussion').count()).toBe(0);
    await page.close();
    await forced.close();
  });

  it('has an accessible admin page for sites and an accessible thread', async () => {
    const admin = await signUpViaApi(parley.url, { displayName: 'Sites Admin', email: 'sites.admin@example.test' });
    await parley.deps.db.updateTable('users').set({ role: 'admin' }).where('email', '=', 'sites.admin@example.test').execute();
    const adminContext = await browser.newContext({ baseURL: parley.url });
    await adminContext.addCookies(admin.browserCookies());
    const adminPage = await adminContext.newPage();
    expect((await adminPage.goto('/admin/sites'))?.status()).toBe(200);
    expect(await adminPage.locator('pre.snippet').first().textContent()).toContain(`data-site="${site.id}"`);
    await expectNoSeriousViolations(adminPage, 'admin sites');
    await adminContext.close();

    const page = await open(`${allowed.origin}/posts/harbour-walk?user=quill-reader-7`);
    const frame = await threadFrame(page);
    await frame.waitForSelector('li.comment');
    await expectNoSeriousViolations(page, 'host page with the embedded thread');
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
