/**
 * The demo partner as a real feed: RSS 2.0 built from the demo content, which the app serves at
 * /demo/feed.xml in demo mode and ingests through the same parse, map and store steps as any partner.
 */
import { escapeXml } from '../domain/xml.ts';
import { demoAuthors, demoPublisher, demoStories } from './content.ts';

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function demoFeedXml(): string {
  const authorName = new Map(demoAuthors.map((a) => [a.slug, a.name]));
  const items = demoStories
    .map((s) =>
      [
        '<item>',
        `<guid isPermaLink="false">${escapeXml(s.guid)}</guid>`,
        `<title>${escapeXml(s.title)}</title>`,
        `<link>${escapeXml(s.originalUrl)}</link>`,
        `<pubDate>${new Date(s.publishedAt).toUTCString()}</pubDate>`,
        `<dc:creator>${escapeXml(authorName.get(s.authorSlug) ?? demoPublisher.name)}</dc:creator>`,
        ...s.categories.map((c) => `<category>${escapeXml(c)}</category>`),
        `<description>${escapeXml(s.summary)}</description>`,
        `<content:encoded>${cdata(s.bodyHtml)}</content:encoded>`,
        s.video ? `<media:content url="${escapeXml(s.video.url)}" medium="video"><media:credit>${escapeXml(s.video.credit)}</media:credit></media:content>` : '',
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${escapeXml(demoPublisher.name)}</title>
<link>${escapeXml(demoPublisher.siteUrl)}</link>
<description>Demo partner feed (fiction written for Parley)</description>
${items}
</channel>
</rss>
`;
}
