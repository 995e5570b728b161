import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFeedBytes } from '../../src/syndication/decode-text.ts';
import { parseFeed, type ParseResult } from '../../src/syndication/parse-feed.ts';
import { corpusBytes, jsonLines } from './corpus.ts';

const FEED_URL = 'https://partner.example/feed.xml';
const parse = (s: string | Buffer, type: string | null = null) => parseFeed(typeof s === 'string' ? Buffer.from(s) : s, type, FEED_URL);
const ok = (r: ParseResult) => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.feed;
};

const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:m="http://search.yahoo.com/mrss/">
<channel><title>Harbour &amp; Hills</title><link>https://partner.example/</link>
<item><title>Flood defences &lt;b&gt;approved&lt;/b&gt;</title><link>/news/flood</link><guid isPermaLink="false">hh-1</guid>
<description>Short &lt;i&gt;summary&lt;/i&gt;</description><content:encoded><![CDATA[<p>Body with <a href="/more">more</a> &amp; more</p>]]></content:encoded>
<pubDate>Tue, 01 Sep 2026 10:00:00 +0100</pubDate><dc:creator>Ana Lima</dc:creator><category>Local</category><category>Weather</category>
<m:content url="https://cdn.partner.example/a.jpg" medium="image"/><enclosure url="https://youtu.be/Qm7tR2vLx9K" type="video/mp4" length="1"/></item>
<item><title>Second</title><link>https://partner.example/news/second</link></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://partner.example/"><title type="text">Atom &lt;Desk&gt;</title>
<link href="/" rel="alternate"/><link href="/atom.xml" rel="self"/><id>urn:desk</id><updated>2026-09-01T10:00:00Z</updated><author><name>Desk</name></author>
<entry><id>urn:desk:1</id><title type="html">A &amp;amp; B</title><link rel="alternate" href="stories/1"/>
<published>2026-09-01T09:00:00Z</published><updated>2026-09-01T10:00:00Z</updated><category term="politics" label="Politics"/>
<summary>plain &lt;not markup&gt;</summary><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>there</em></p></div></content></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON Desk',
  home_page_url: 'https://partner.example/',
  authors: [{ name: 'Desk' }],
  items: [
    { id: 7, url: '/j/7', title: 'Seven', content_html: '<p>seven</p>', date_published: '2026-09-01T10:00:00Z', tags: ['a', 'b'], image: 'https://cdn.partner.example/7.jpg' },
    { id: 'eight', title: 'Eight', content_text: 'line one\n\nline <two>' },
  ],
});

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with namespaces under any prefix', () => {
    const feed = ok(parse(RSS, 'application/rss+xml'));
    expect(feed).toMatchObject({ kind: 'rss', title: 'Harbour & Hills', siteUrl: 'https://partner.example/' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: 'hh-1',
      link: 'https://partner.example/news/flood',
      title: 'Flood defences approved',
      summaryHtml: 'Short <i>summary</i>',
      contentHtml: '<p>Body with <a href="/more">more</a> &amp; more</p>',
      baseUrl: 'https://partner.example/news/flood',
      published: 'Tue, 01 Sep 2026 10:00:00 +0100',
      authors: ['Ana Lima'],
      categories: ['Local', 'Weather'],
      images: ['https://cdn.partner.example/a.jpg'],
    });
    expect(feed.items[1].guid).toBe('https://partner.example/news/second');
  });

  it('reads Atom 1.0 with xml:base, text constructs and xhtml content', () => {
    const feed = ok(parse(ATOM));
    expect(feed).toMatchObject({ kind: 'atom', title: 'Atom <Desk>', siteUrl: 'https://partner.example/' });
    expect(feed.items[0]).toMatchObject({
      guid: 'urn:desk:1',
      title: 'A & B',
      link: 'https://partner.example/stories/1',
      summaryHtml: 'plain &lt;not markup&gt;',
      contentHtml: '<p>Hello <em>there</em></p>',
      categories: ['Politics'],
      authors: ['Desk'],
      updated: '2026-09-01T10:00:00Z',
    });
  });

  it('reads JSON Feed 1.1', () => {
    const feed = ok(parse(JSON_FEED, 'application/feed+json'));
    expect(feed).toMatchObject({ kind: 'json', title: 'JSON Desk' });
    expect(feed.items[0]).toMatchObject({ guid: '7', link: 'https://partner.example/j/7', categories: ['a', 'b'], authors: ['Desk'], images: ['https://cdn.partner.example/7.jpg'] });
    expect(feed.items[1]).toMatchObject({ guid: 'eight', contentHtml: '<p>line one</p><p>line &lt;two&gt;</p>' });
  });

  it.each([
    ['{"version":"https://jsonfeed.org/version/1.1"}', 'not_a_feed'],
    ['{"items": [', 'malformed'],
    ['<opml version="2.0"><body/></opml>', 'not_a_feed'],
  ])('%s → %s', (input, code) => expect(parse(input)).toMatchObject({ ok: false, code }));

  it('refuses a body over the input cap', () => {
    expect(parseFeed(Buffer.from(RSS), null, FEED_URL, { maxBytes: 100 })).toMatchObject({ ok: false, code: 'too_large' });
  });
});

// Expected outcomes from hostile-feeds/SOURCE.md; `check` runs on a successful parse.
type Case = [file: string, expected: string, check?: (r: ParseResult) => void];
const items = (r: ParseResult) => ok(r).items;
const hostile: Case[] = [
  ['billion-laughs.xml', 'doctype_refused'],
  ['billion-laughs-utf16be-bom.xml', 'doctype_refused'],
  ['quadratic-blowup.xml', 'doctype_refused'],
  ['xxe-file.xml', 'doctype_refused'],
  ['xxe-http-metadata.xml', 'doctype_refused'],
  ['xxe-parameter-entity-oob.xml', 'doctype_refused'],
  ['multi-doctype-limit-reset.xml', 'doctype_refused'],
  // Policy: any internal subset is refused, even one literal entity (DESIGN.md: refuse a DOCTYPE that declares entities).
  ['safe-internal-entity.xml', 'doctype_refused'],
  ['external-dtd.xml', 'ok', (r) => expect(ok(r).title).toBe('external dtd')],
  ['xinclude.xml', 'ok', (r) => expect(JSON.stringify(r)).not.toMatch(/root:/)],
  ['deep-nesting-50k.xml', 'too_deep'],
  ['many-attributes-20k.xml', 'ok', (r) => expect(items(r)).toHaveLength(1)],
  ['huge-title-1MiB.xml', 'ok', (r) => expect(items(r)[0].title.length).toBeLessThanOrEqual(2000)],
  ['items-10k.xml', 'ok', (r) => expect(items(r)).toHaveLength(500)],
  ['empty.xml', 'empty'],
  ['whitespace-only.xml', 'empty'],
  ['truncated.xml', 'malformed'],
  ['not-a-feed.html', 'not_a_feed'],
  ['duplicate-guids.xml', 'ok', (r) => {
    const guids = items(r).map((i) => i.guid);
    expect(new Set(guids).size).toBe(guids.length);
    expect(items(r).map((i) => i.title)).toEqual(['A', 'B', 'C', 'D', 'E']);
  }],
  ['missing-guids.xml', 'ok', (r) => {
    const first = items(r).map((i) => i.guid);
    expect(items(parse(corpusBytes('hostile-feeds', 'missing-guids.xml'))).map((i) => i.guid)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first).toContain('https://partner.example/y');
    expect(first).toContain('https://partner.example/z');
  }],
  ['atom-duplicate-ids.xml', 'ok', (r) => expect(items(r).map((i) => i.link)).toEqual(['https://partner.example/1', 'https://partner.example/2', 'https://partner.example/3'])],
  ['relative-and-base-urls.xml', 'ok', (r) => {
    const [a, b, c, d] = items(r);
    expect(a.link).toBe('https://partner.example/blog/posts/1');
    expect(b.link).toBeNull();
    expect(c.link).toBe('http://127.0.0.1/secret');
    expect(d.baseUrl).toBe('https://partner.example/blog/');
  }],
  ['dangerous-link-schemes.xml', 'ok', (r) => {
    for (const i of items(r)) {
      expect(i.link === null || i.link.startsWith('https://')).toBe(true);
      expect(i.media.every((m) => /^https?:/.test(m.url))).toBe(true);
    }
  }],
  ['invalid-utf8.xml', 'ok', (r) => expect(JSON.stringify(r)).not.toMatch(/[\uD800-\uDFFF]/)],
  ['illegal-xml-chars.xml', 'ok', (r) => expect(JSON.stringify(items(r))).not.toMatch(/\\u000[0-8]|\\u001|\uFFFE|\uFFFF/)],
  ['bom-declaration-mismatch.xml', 'ok', (r) => expect(ok(r).title).toContain('café')],
  // Policy: valid UTF-8 bytes beat a Latin-1 label (sniffed, as Miniflux does).
  ['declared-latin1-actually-utf8.xml', 'ok', (r) => expect(ok(r).title).toBe('café — “quotes”')],
  ['undeclared-html-entities.xml', 'ok', (r) => expect(items(r)[0].title).toBe('café … — © &bogus;')],
  ['double-escaped-html.xml', 'ok', (r) => expect(items(r)[0].title).toBe('<script>alert(1)</script>')],
  ['cdata-tricks.xml', 'ok', (r) => expect(items(r)[0].title).not.toContain('<script')],
  ['bogus-dates.xml', 'ok', (r) => expect(items(r)).toHaveLength(10)],
  ['html-content-vectors.xml', 'ok', (r) => expect(items(r)).toHaveLength(35)],
  ['numeric-entity-flood.xml', 'ok', (r) => expect(items(r)[0].summaryHtml).toMatch(/^AB<AB</)],
];

describe('parseFeed: every hostile feed', () => {
  // Socket spy: XXE, external DTDs and xml:base to loopback must never open a connection.
  const original = net.Socket.prototype.connect;
  const dialled: unknown[] = [];
  beforeAll(() => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      dialled.push(args[0]);
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
  });
  afterAll(() => {
    net.Socket.prototype.connect = original;
    expect(dialled).toEqual([]);
  });

  it('covers every file in the corpus but the gzip bomb (fetch test)', async () => {
    const { readdirSync } = await import('node:fs');
    const { corpusPath } = await import('./corpus.ts');
    const files = readdirSync(corpusPath('hostile-feeds')).filter((f) => f !== 'SOURCE.md' && !f.endsWith('.gz'));
    expect(hostile.map(([f]) => f).sort()).toEqual(files.sort());
  });
  // Per case: a time limit (a hang fails), a wall-clock bound and a heap watermark (no expansion happened).
  it.each(hostile)('%s → %s', (file, expected, check) => {
    const bytes = corpusBytes('hostile-feeds', file);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const result = parse(bytes);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
    expect(result.ok ? 'ok' : result.code).toBe(expected);
    check?.(result);
  }, 5000);
});

interface Manifest { path: string; headers?: string[]; expect: string }
const WHATWG: Record<string, string[]> = {
  'us-ascii': ['windows-1252'],
  'iso-8859-1': ['windows-1252'],
  'utf-8': ['utf-8'],
  'utf-16be': ['utf-16be'],
  'utf-16le': ['utf-16le'],
  big5: ['big5'],
  gb18030: ['gbk', 'gb18030'],
};

describe('encodings: feedparser fixtures (sample)', () => {
  // Left out by policy: text/* without charset defaulting to us-ascii (RFC 3023; we read the XML declaration
  // instead, as RFC 7303 does) and UTF-32, which TextDecoder does not support.
  const sample = jsonLines<Manifest>('feedparser-fixtures', 'MANIFEST.jsonl').filter(
    (m) => m.path.startsWith('encoding/') && /^not bozo and encoding == '/.test(m.expect) && !/utf[-_]?32|http_text_/.test(m.path),
  );
  it('has a real sample', () => expect(sample.length).toBeGreaterThan(25));
  it.each(sample.map((m) => [m.path, m] as const))('%s', (path, m) => {
    const contentType = m.headers?.[0]?.replace(/^Content-type:\s*/i, '') ?? null;
    const want = /encoding == '([^']+)'/.exec(m.expect)![1];
    const bytes = corpusBytes('feedparser-fixtures', path);
    expect(WHATWG[want]).toContain(decodeFeedBytes(bytes, contentType).encoding);
    expect(parseFeed(bytes, contentType, FEED_URL).ok).toBe(true);
  });
  it.each([
    ['encoding/euc-kr.xml', (r: ParseResult) => expect(ok(r).title).toBe('\ub144')],
    ['encoding/euc-kr-item.xml', (r: ParseResult) => expect(items(r)[0].summaryHtml).toBe('\ub144')],
    ['encoding/demoronize-1.xml', (r: ParseResult) => expect(items(r)[0].summaryHtml).toBe('don\u2019t')],
    ['encoding/double-encoded-html.xml', (r: ParseResult) => expect(items(r)[0].summaryHtml).toBe('\u2026')],
  ])('%s', (path, check) => check(parseFeed(corpusBytes('feedparser-fixtures', path), null, FEED_URL)));
});

describe('encodings: Miniflux fixtures', () => {
  it.each([
    ['encoding/utf8.xml', 'Café'],
    ['encoding/iso-8859-1.xml', 'Café'],
    ['encoding/windows-1252.xml', 'Euro €'],
    ['encoding/invalid-prolog.xml', 'Café'],
    ['encoding/utf8-incorrect-prolog.xml', 'Café'],
    ['encoding/windows-1252-incorrect-prolog.xml', '€'],
    ['encoding/koi8r.xml', 'Пример RSS ленты'],
    ['xml/koi8r.xml', 'Пример RSS ленты'],
    ['xml/iso88591.xml', null],
    ['xml/iso88591_utf8_mismatch.xml', null],
  ])('%s contains %s', (path, text) => {
    const decoded = decodeFeedBytes(corpusBytes('miniflux-encoding-fixtures', path)).text;
    if (text) expect(decoded).toContain(text);
    expect(decoded).not.toMatch(/\x00/);
  });
});
