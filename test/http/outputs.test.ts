/** The site's own feeds, sitemaps and robots.txt, read back with the project's own feed parser. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoStories } from '../../src/demo/content.ts';
import { parseFeed } from '../../src/syndication/parse-feed.ts';
import { upsertPublisher, upsertStory } from '../../src/store/stories.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

describeBackends('feeds and sitemaps', (backend) => {
  let t: TestServer;
  let c: Client;

  beforeAll(async () => {
    t = await startTestServer(backend, { PUBLIC_URL: 'https://news.example' });
    c = new Client(t.app);
    const quiet = await upsertPublisher(t.deps.db, { slug: 'quiet', name: 'Quiet Times', siteUrl: 'https://quiet.example', indexing: 'noindex' });
    await upsertStory(t.deps.db, {
      publisherId: quiet.id,
      authorId: null,
      guid: 'q',
      slug: 'quiet-story',
      title: 'A quiet "story" & more',
      summary: 'Shh.',
      bodyHtml: '<p>q</p>',
      originalUrl: 'https://quiet.example/q',
      publishedAt: new Date().toISOString(),
    });
  });
  afterAll(() => t?.close());

  it('serves an RSS feed of the latest stories that a feed reader can read back', async () => {
    const res = await c.get('/feed.xml');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('application/rss+xml');
    const parsed = parseFeed(Buffer.from(res.body), String(res.headers['content-type']), 'https://news.example/feed.xml');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.feed.kind).toBe('rss');
    expect(parsed.feed.items[0]!.title).toBe('A quiet "story" & more');
    expect(parsed.feed.items.map((i) => i.link)).toContain(`https://news.example/stories/${demoStories[0]!.slug}`);
  });

  it('serves Atom, and per-author and per-publisher feeds with only their stories', async () => {
    const atom = await c.get('/atom.xml');
    const parsed = parseFeed(Buffer.from(atom.body), 'application/atom+xml', 'https://news.example/atom.xml');
    expect(parsed.ok && parsed.feed.kind).toBe('atom');
    const author = demoStories[0]!.authorSlug;
    const own = demoStories.filter((s) => s.authorSlug === author).map((s) => s.title);
    const feed = parseFeed(Buffer.from((await c.get(`/authors/${author}/feed.xml`)).body), 'application/rss+xml', 'https://news.example/x');
    if (!feed.ok) throw new Error(feed.message);
    expect(feed.feed.items.map((i) => i.title).sort()).toEqual([...own].sort());
    const pub = parseFeed(Buffer.from((await c.get('/publishers/quiet/feed.xml')).body), 'application/rss+xml', 'https://news.example/x');
    expect(pub.ok && pub.feed.items.map((i) => i.title)).toEqual(['A quiet "story" & more']);
    expect((await c.get('/authors/nobody/feed.xml')).status).toBe(404);
  });

  it('lists indexable stories in the sitemap and the last 48 hours in the news sitemap', async () => {
    const map = (await c.get('/sitemap.xml')).body;
    for (const s of demoStories) expect(map).toContain(`<loc>https://news.example/stories/${s.slug}</loc>`);
    expect(map).not.toContain('quiet-story');
    // The news sitemap: a story published an hour ago is in, one from three days ago is out, noindex never.
    const ledger = (await t.deps.db.selectFrom('publishers').select('id').where('slug', '=', 'harbour-ledger').executeTakeFirstOrThrow()).id;
    for (const [slug, hoursAgo] of [['fresh-story', 1], ['stale-story', 72]] as const) {
      await upsertStory(t.deps.db, {
        publisherId: ledger,
        authorId: null,
        guid: slug,
        slug,
        title: slug,
        summary: '',
        bodyHtml: '<p>x</p>',
        originalUrl: `https://harbourledger.example/news/${slug}`,
        publishedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
      });
    }
    const news = (await c.get('/news-sitemap.xml')).body;
    const locs = [...news.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toContain('https://news.example/stories/fresh-story');
    expect(locs).not.toContain('https://news.example/stories/stale-story');
    const recent = demoStories.filter((s) => Date.now() - Date.parse(s.publishedAt) < 48 * 3_600_000);
    expect(locs.sort()).toEqual([...recent.map((s) => `https://news.example/stories/${s.slug}`), 'https://news.example/stories/fresh-story'].sort());
    expect(news).not.toContain('quiet-story');
  });

  it('says where the sitemaps are and keeps crawlers out of private pages', async () => {
    const robots = (await c.get('/robots.txt')).body;
    expect(robots).toContain('Sitemap: https://news.example/sitemap.xml');
    expect(robots).toContain('Disallow: /moderate');
    expect(robots).toContain('Disallow: /admin');
  });
});
