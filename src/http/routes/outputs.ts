/** The site's feeds, sitemaps and robots.txt. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../errors.ts';
import { findAuthor, findPublisher, listAuthorsAndPublishers, storiesForOutputs } from '../../store/stories.ts';
import { atomFeed, newsSitemap, robotsTxt, rssFeed, sitemap } from '../../web/outputs.ts';
import type { HttpContext } from '../context.ts';
import { demoFeedXml } from '../../demo/feed.ts';

const FEED_SIZE = 30;
const SITEMAP_MAX = 50_000;

export function outputRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const base = () => deps.config.publicUrl;
  const Slug = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) });

  app.get('/feed.xml', { schema: { hide: true } }, async (_req, reply) => {
    const entries = await storiesForOutputs(deps.db, { limit: FEED_SIZE });
    const xml = rssFeed({ base: base(), title: http.siteName, link: `${base()}/`, selfUrl: `${base()}/feed.xml`, description: 'The latest stories from our partner publishers.', entries });
    return reply.type('application/rss+xml; charset=utf-8').send(xml);
  });
  app.get('/atom.xml', { schema: { hide: true } }, async (_req, reply) => {
    const entries = await storiesForOutputs(deps.db, { limit: FEED_SIZE });
    return reply.type('application/atom+xml; charset=utf-8').send(atomFeed({ base: base(), title: http.siteName, link: `${base()}/`, selfUrl: `${base()}/atom.xml`, entries }));
  });
  app.get('/authors/:slug/feed.xml', { schema: { hide: true, params: Slug } }, async (req, reply) => {
    const author = await findAuthor(deps.db, { slug: (req.params as { slug: string }).slug });
    if (!author) throw notFound('Author');
    const entries = await storiesForOutputs(deps.db, { limit: FEED_SIZE, authorId: author.id });
    const link = `${base()}/authors/${author.slug}`;
    return reply
      .type('application/rss+xml; charset=utf-8')
      .send(rssFeed({ base: base(), title: `${author.name} — ${http.siteName}`, link, selfUrl: `${link}/feed.xml`, description: `Stories by ${author.name}.`, entries }));
  });
  app.get('/publishers/:slug/feed.xml', { schema: { hide: true, params: Slug } }, async (req, reply) => {
    const publisher = await findPublisher(deps.db, { slug: (req.params as { slug: string }).slug });
    if (!publisher) throw notFound('Publisher');
    const entries = await storiesForOutputs(deps.db, { limit: FEED_SIZE, publisherId: publisher.id });
    const link = `${base()}/publishers/${publisher.slug}`;
    return reply
      .type('application/rss+xml; charset=utf-8')
      .send(rssFeed({ base: base(), title: `${publisher.name} — ${http.siteName}`, link, selfUrl: `${link}/feed.xml`, description: `Stories from ${publisher.name}.`, entries }));
  });
  app.get('/sitemap.xml', { schema: { hide: true } }, async (_req, reply) => {
    const entries = await storiesForOutputs(deps.db, { limit: SITEMAP_MAX, indexableOnly: true });
    const { authors, publishers } = await listAuthorsAndPublishers(deps.db);
    const urls = [
      { loc: `${base()}/` },
      ...entries.map(({ story }) => ({ loc: `${base()}/stories/${story.slug}`, lastmod: story.updatedAt })),
      ...authors.map((a) => ({ loc: `${base()}/authors/${a}` })),
      ...publishers.map((p) => ({ loc: `${base()}/publishers/${p}` })),
    ];
    return reply.type('application/xml; charset=utf-8').send(sitemap(urls));
  });
  app.get('/news-sitemap.xml', { schema: { hide: true } }, async (_req, reply) => {
    const since = new Date(deps.clock().getTime() - 48 * 3_600_000).toISOString();
    const entries = await storiesForOutputs(deps.db, { limit: 1000, since, newsIndexableOnly: true });
    return reply.type('application/xml; charset=utf-8').send(newsSitemap({ base: base(), siteName: http.siteName, entries }));
  });
  if (deps.config.seedDemo) {
    // The demo partner's feed, which this site ingests like any partner's (demo mode only).
    app.get('/demo/feed.xml', { schema: { hide: true } }, async (_req, reply) => reply.type('application/rss+xml; charset=utf-8').send(demoFeedXml()));
  }
  app.get('/robots.txt', { schema: { hide: true } }, async (_req, reply) => reply.type('text/plain; charset=utf-8').send(robotsTxt(base())));
}
