/**
 * The site's own machine-readable outputs: RSS 2.0 and Atom feeds (site, author, publisher),
 * sitemap.xml, the news sitemap (last 48 hours) and robots.txt. Plain strings, every value escaped.
 */
import type { Story } from '../domain/story.ts';
import { escapeXml } from '../domain/xml.ts';

export interface FeedEntry {
  story: Story;
  authorName: string | null;
  publisherName: string;
}

const storyUrl = (base: string, s: Story) => `${base}/stories/${s.slug}`;

export function rssFeed(input: { base: string; title: string; link: string; selfUrl: string; description: string; entries: FeedEntry[] }): string {
  const items = input.entries
    .map(({ story, authorName, publisherName }) =>
      [
        '<item>',
        `<title>${escapeXml(story.title)}</title>`,
        `<link>${escapeXml(storyUrl(input.base, story))}</link>`,
        `<guid isPermaLink="true">${escapeXml(storyUrl(input.base, story))}</guid>`,
        `<pubDate>${new Date(story.publishedAt).toUTCString()}</pubDate>`,
        authorName ? `<dc:creator>${escapeXml(authorName)}</dc:creator>` : '',
        `<source url="${escapeXml(story.originalUrl)}">${escapeXml(publisherName)}</source>`,
        ...story.categories.map((c) => `<category>${escapeXml(c)}</category>`),
        `<description>${escapeXml(story.summary)}</description>`,
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${escapeXml(input.title)}</title>
<link>${escapeXml(input.link)}</link>
<atom:link href="${escapeXml(input.selfUrl)}" rel="self" type="application/rss+xml"/>
<description>${escapeXml(input.description)}</description>
${items}
</channel>
</rss>
`;
}

export function atomFeed(input: { base: string; title: string; link: string; selfUrl: string; entries: FeedEntry[] }): string {
  const updated = input.entries[0]?.story.updatedAt ?? new Date(0).toISOString();
  const entries = input.entries
    .map(({ story, authorName, publisherName }) =>
      [
        '<entry>',
        `<id>${escapeXml(storyUrl(input.base, story))}</id>`,
        `<title>${escapeXml(story.title)}</title>`,
        `<link href="${escapeXml(storyUrl(input.base, story))}"/>`,
        `<link rel="via" href="${escapeXml(story.originalUrl)}" title="${escapeXml(publisherName)}"/>`,
        `<published>${story.publishedAt}</published>`,
        `<updated>${story.updatedAt}</updated>`,
        `<author><name>${escapeXml(authorName ?? publisherName)}</name></author>`,
        `<summary>${escapeXml(story.summary)}</summary>`,
        '</entry>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${escapeXml(input.selfUrl)}</id>
<title>${escapeXml(input.title)}</title>
<link href="${escapeXml(input.link)}"/>
<link rel="self" href="${escapeXml(input.selfUrl)}"/>
<updated>${updated}</updated>
${entries}
</feed>
`;
}

export function sitemap(urls: { loc: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}

export function newsSitemap(input: { base: string; siteName: string; entries: FeedEntry[] }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${input.entries
  .map(
    ({ story }) =>
      `<url><loc>${escapeXml(storyUrl(input.base, story))}</loc><news:news><news:publication><news:name>${escapeXml(input.siteName)}</news:name><news:language>en</news:language></news:publication><news:publication_date>${story.publishedAt}</news:publication_date><news:title>${escapeXml(story.title)}</news:title></news:news></url>`,
  )
  .join('\n')}
</urlset>
`;
}

export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    'Disallow: /moderate',
    'Disallow: /admin',
    'Disallow: /api/',
    'Disallow: /me',
    'Disallow: /login',
    'Disallow: /signup',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    `Sitemap: ${base}/news-sitemap.xml`,
    '',
  ].join('\n');
}
