/**
 * The demo partner as a real feed: RSS 2.0 built from the demo content, which the app serves at
 * /demo/feed.xml in demo mode and ingests through the same parse, map and store steps as any partner.
 */
import { demoAuthors, demoPublisher, demoStories } from './content.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function demoFeedXml(): string {
  const authorName = new Map(demoAuthors.map((a) => [a.slug, a.name]));
  const items = demoStories
    .map((s) =>
      [
        '<item>',
        `<guid isPermaLink="false">${esc(s.guid)}</guid>`,
        `<title>${esc(s.title)}</title>`,
        `<link>${esc(s.originalUrl)}</link>`,
        `<pubDate>${new Date(s.publishedAt).toUTCString()}</pubDate>`,
        `<dc:creator>${esc(authorName.get(s.authorSlug) ?? demoPublisher.name)}</dc:creator>`,
        ...s.categories.map((c) => `<category>${esc(c)}</category>`),
        `<description>${esc(s.summary)}</description>`,
        `<content:encoded>${cdata(s.bodyHtml)}</content:encoded>`,
        s.video ? `<media:content url="${esc(s.video.url)}" medium="video"><media:credit>${esc(s.video.credit)}</media:credit></media:content>` : '',
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${esc(demoPublisher.name)}</title>
<link>${esc(demoPublisher.siteUrl)}</link>
<description>Demo partner feed (fiction written for Parley)</description>
${items}
</channel>
</rss>
`;
}
