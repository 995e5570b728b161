/**
 * Partner feeds end to end, on SQLite and PostgreSQL: a fixture feed server on 127.0.0.1, ingestion
 * through the real fetch and parse code into stories, conditional GET, items that change, failures
 * recorded in words, and a removed partner's stories unpublished.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestFeed } from '../../src/commands/ingest-feed.ts';
import { addPartner, removePartner, setPartnerActive } from '../../src/commands/partners.ts';
import { dueFeeds, findFeed, listFeeds } from '../../src/store/feeds.ts';
import { findStoryBySlug } from '../../src/store/stories.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

let feedVersion = 1;
let requests: { path: string; ifNoneMatch?: string }[] = [];

const rss = (version: number) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Bay Courier</title><link>https://baycourier.example/</link>
<item><guid>bay-1</guid><title>${version === 1 ? 'Ferry fares frozen for winter' : 'Ferry fares frozen for winter and spring'}</title>
<link>/news/ferry-fares?utm_source=rss</link><dc:creator>Nell Marsh</dc:creator><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate>
<description>The harbour board froze fares.</description>
<content:encoded><![CDATA[<p>The harbour board froze fares <script>alert(1)</script>for the winter.</p><img src="https://track.example/p.gif" width="1" height="1">]]></content:encoded></item>
<item><guid>bay-2</guid><title>Lighthouse reopens</title><link>https://baycourier.example/news/lighthouse</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Visitors can climb the tower again.&lt;/p&gt;</description></item>
</channel></rss>`;

describeBackends('partner feeds', (backend) => {
  let t: TestServer;
  let feeds: Server;
  let base: string;

  beforeAll(async () => {
    t = await startTestServer(backend);
    feeds = createServer((req, res) => {
      requests.push({ path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
      if (req.url === '/broken.xml') return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item>');
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      const etag = `"v${feedVersion}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rss(feedVersion));
    });
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', r));
    const address = feeds.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => feeds?.close(r));
    await t?.close();
  });

  it('refuses a feed on a private address unless an admin allowlists the host', async () => {
    await expect(addPartner(t.deps, { name: 'Sneaky', siteUrl: 'https://sneaky.example', feedUrl: 'http://169.254.169.254/feed' })).rejects.toThrow(/refused/);
    await expect(addPartner(t.deps, { name: 'Sneaky', siteUrl: 'https://sneaky.example', feedUrl: 'file:///etc/passwd' })).rejects.toThrow(/http\(s\)/);
  });

  it('ingests a feed into credited stories, then asks with the ETag and stores nothing new', async () => {
    requests = [];
    feedVersion = 1;
    const feed = await addPartner(t.deps, { name: 'Bay Courier', siteUrl: 'https://baycourier.example', feedUrl: `${base}/feed.xml`, allowHost: true });
    expect((await dueFeeds(t.deps.db, new Date())).map((f) => f.publisherId)).toContain(feed.publisherId);
    const first = await ingestFeed(t.deps, { publisherId: feed.publisherId });
    expect(first).toEqual({ status: 'ok', added: 2, updated: 0, items: 2 });
    const story = (await findStoryBySlug(t.deps.db, 'ferry-fares'))!;
    // Relative links resolve against the feed's own address; tracking parameters are dropped.
    expect(story.originalUrl).toBe(`${base}/news/ferry-fares`);
    expect(story.bodyHtml).toContain('The harbour board froze fares');
    expect(story.bodyHtml).not.toMatch(/<script|track\.example/);
    const page = await new Client(t.app).get('/stories/ferry-fares');
    expect(page.body).toContain('You can view this story on Bay Courier');
    expect(page.body).toMatch(/Latest posts by Nell Marsh/);

    const second = await ingestFeed(t.deps, { publisherId: feed.publisherId });
    expect(second).toEqual({ status: 'not-modified' });
    expect(requests.at(-1)?.ifNoneMatch).toBe('"v1"');
    const state = (await findFeed(t.deps.db, feed.publisherId))!;
    expect(state).toMatchObject({ itemsAdded: 2, itemsUpdated: 0, lastError: null });
    expect(state.lastSuccessAt).not.toBeNull();
    expect(Date.parse(state.nextRunAt!)).toBeGreaterThan(Date.now());
  });

  it('updates a changed item in place, keeping its comments and its earlier version', async () => {
    const feed = (await dueFeeds(t.deps.db, new Date(Date.now() + 86_400_000))).find((f) => f.name === 'Bay Courier')!;
    const story = (await findStoryBySlug(t.deps.db, 'ferry-fares'))!;
    const reader = new Client(t.app, '192.0.2.90');
    await reader.signUp('Reader');
    expect((await reader.api('POST', `/api/stories/${story.slug}/comments`, { body: 'Good news for commuters.' })).status).toBe(201);
    feedVersion = 2;
    const outcome = await ingestFeed(t.deps, { publisherId: feed.publisherId });
    expect(outcome).toEqual({ status: 'ok', added: 0, updated: 1, items: 2 });
    const after = (await findStoryBySlug(t.deps.db, story.slug))!;
    expect(after.id).toBe(story.id);
    expect(after.title).toBe('Ferry fares frozen for winter and spring');
    const revisions = await t.deps.db.selectFrom('story_revisions').selectAll().where('story_id', '=', story.id).execute();
    expect(revisions.map((r) => r.title)).toEqual(['Ferry fares frozen for winter']);
    expect((await new Client(t.app).get(`/stories/${story.slug}?sort=newest`)).body).toContain('Good news for commuters.');
  });

  it('records a failing feed’s error in words and leaves the other feeds alone', async () => {
    const broken = await addPartner(t.deps, { name: 'Broken Gazette', siteUrl: 'https://broken.example', feedUrl: `${base}/broken.xml`, allowHost: true });
    const redirect = await addPartner(t.deps, { name: 'Redirect Times', siteUrl: 'https://redirect.example', feedUrl: `${base}/to-metadata`, allowHost: true });
    const b = await ingestFeed(t.deps, { publisherId: broken.publisherId });
    expect(b.status).toBe('error');
    const r = await ingestFeed(t.deps, { publisherId: redirect.publisherId });
    expect(r).toMatchObject({ status: 'error', code: 'blocked_address' });
    expect((await findFeed(t.deps.db, redirect.publisherId))!.lastError).toMatch(/169\.254\.169\.254/);
    expect(await t.deps.metrics.registry.metrics()).toMatch(/parley_feed_fetches_total\{outcome="blocked_address"\} 1/);
    const failed = (await findFeed(t.deps.db, broken.publisherId))!;
    expect(failed.lastError).toBeTruthy();
    expect(failed.failures).toBe(1);
    // Backing off: twice the interval after one failure (not the usual 30 minutes).
    expect(Date.parse(failed.nextRunAt!) - Date.now()).toBeGreaterThan(59 * 60_000);
    const bay = (await dueFeeds(t.deps.db, new Date(Date.now() + 86_400_000))).find((f) => f.name === 'Bay Courier')!;
    expect((await ingestFeed(t.deps, { publisherId: bay.publisherId })).status).not.toBe('error');
  });

  it('runs the due feeds on a schedule, each once per tick, failures recorded and the rest carried on', async () => {
    const { startFeedSchedule } = await import('../../src/commands/feed-schedule.ts');
    const schedule = startFeedSchedule(t.deps, { autostart: false });
    const later = t.deps.clock;
    t.deps.clock = () => new Date(Date.now() + 2 * 86_400_000);
    try {
      requests = [];
      const fetched = await schedule.tick();
      expect(fetched).toBe(3); // Bay Courier, Broken Gazette, Redirect Times
      expect(requests.map((r) => r.path).sort()).toEqual(['/broken.xml', '/feed.xml', '/to-metadata']);
      // Their next runs moved past "now": a second tick fetches nothing.
      expect(await schedule.tick()).toBe(0);
    } finally {
      t.deps.clock = later;
      await schedule.stop();
    }
  });

  it('gives admins the partners page and API, and takes one story down (410, logged)', async () => {
    const admin = new Client(t.app, '192.0.2.95');
    const { user } = await admin.signUp('Admin');
    await t.deps.db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
    const reader = new Client(t.app, '192.0.2.96');
    await reader.signUp('Reader');
    expect((await reader.get('/admin/partners')).status).toBe(403);
    expect((await reader.api('POST', '/api/admin/partners', { name: 'X', siteUrl: 'https://x.example', feedUrl: 'https://x.example/feed' })).status).toBe(403);
    const page = await admin.get('/admin/partners');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Bay Courier');
    expect(page.body).toMatch(/Last error: [^<]*169\.254\.169\.254/);
    const refused = await admin.form('/admin/partners', { name: 'Metadata', siteUrl: 'https://m.example', feedUrl: 'http://169.254.169.254/feed' });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('The feed address is refused');
    const created = await admin.api('POST', '/api/admin/partners', {
      name: 'Harbour Weekly',
      siteUrl: 'https://weekly.example',
      feedUrl: `${base}/weekly.xml`,
      allowHost: true,
      indexing: 'noindex-news',
      attribution: 'First published by {publisher}; republished with permission.',
      licence: 'Syndication agreement 2026-14',
      embedHosts: 'vimeo.com',
    });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({ embedHosts: ['vimeo.com'], licence: 'Syndication agreement 2026-14' });
    expect((await ingestFeed(t.deps, { publisherId: created.json().publisherId })).status).toBe('ok');
    const weekly = await reader.get('/publishers/harbour-weekly');
    const weeklyStory = weekly.body.match(/href="(\/stories\/[^"#]+)"/)![1]!;
    const html = (await reader.get(weeklyStory)).body;
    expect(html).toContain('First published by Harbour Weekly; republished with permission.');
    expect(html).toContain('<meta name="Googlebot-News" content="noindex"/>');
    expect(html).toContain('rel="canonical"');
    const story = (await findStoryBySlug(t.deps.db, 'lighthouse'))!;
    expect((await reader.api('POST', `/api/admin/stories/${story.id}/takedown`, { reason: 'x' })).status).toBe(403);
    expect((await admin.api('POST', `/api/admin/stories/${story.id}/takedown`, { reason: 'Partner asked: a correction is pending.' })).status).toBe(200);
    expect((await reader.get('/stories/lighthouse')).status).toBe(410);
    // Nor does it take comments any more.
    const late = await reader.api('POST', '/api/stories/lighthouse/comments', { body: 'Is the correction out yet?' });
    expect(late.status).toBe(410);
    expect(late.json().error.code).toBe('gone');
    const log = await t.deps.db.selectFrom('takedowns').selectAll().where('story_id', '=', story.id).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ kind: 'unpublish-story', reason: 'Partner asked: a correction is pending.', actor_id: user.id });
    // Two bylines, one person: merge them, and the next fetch maps the merged byline to the kept author.
    const bay = (await listFeeds(t.deps.db)).find((f) => f.name === 'Bay Courier')!;
    const nell = (await t.deps.db.selectFrom('authors').selectAll().where('name', '=', 'Nell Marsh').where('publisher_id', '=', bay.publisherId).executeTakeFirstOrThrow());
    const alias = await t.deps.db.insertInto('authors').values({ publisher_id: bay.publisherId, slug: 'n-marsh', name: 'N. Marsh', bio: '', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow();
    expect((await reader.api('POST', '/api/admin/authors/merge', { fromId: alias.id, intoId: nell.id })).status).toBe(403);
    expect((await admin.api('POST', '/api/admin/authors/merge', { fromId: alias.id, intoId: nell.id })).json()).toEqual({ ok: true });
    const { ensureAuthor } = await import('../../src/store/stories.ts');
    expect((await ensureAuthor(t.deps.db, { publisherId: bay.publisherId, name: 'N. Marsh' })).id).toBe(nell.id);
    expect((await admin.get('/admin/partners')).body).toContain('Merge authors');
    // Restore it for the next case, which counts the partner's stories.
    await t.deps.db.updateTable('stories').set({ status: 'published' }).where('id', '=', story.id).execute();
  });

  it('pauses a partner (no fetching) and removes one (its stories answer 410), with the takedowns logged', async () => {
    const bay = (await listFeeds(t.deps.db)).find((f) => f.name === 'Bay Courier')!;
    await setPartnerActive(t.deps, { publisherId: bay.publisherId, active: false, reason: 'Partner asked to pause during a legal review.' });
    expect((await dueFeeds(t.deps.db, new Date(Date.now() + 30 * 86_400_000))).some((f) => f.publisherId === bay.publisherId)).toBe(false);
    expect((await new Client(t.app).get('/stories/lighthouse')).status).toBe(200);
    const unpublished = await removePartner(t.deps, { publisherId: bay.publisherId, reason: 'Syndication agreement ended.' });
    expect(unpublished).toBe(2);
    expect((await new Client(t.app).get('/stories/lighthouse')).status).toBe(410);
    const log = await t.deps.db.selectFrom('takedowns').select(['kind', 'reason']).where('publisher_id', '=', bay.publisherId).orderBy('id').execute();
    expect(log).toEqual([
      { kind: 'unpublish-story', reason: 'Partner asked: a correction is pending.' },
      { kind: 'pause-partner', reason: 'Partner asked to pause during a legal review.' },
      { kind: 'remove-partner', reason: 'Syndication agreement ended.' },
    ]);
  });
});
