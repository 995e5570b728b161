/**
 * Feed bytes → { kind, title, siteUrl, items } for RSS 2.0 (and 0.9x/1.0), Atom 1.0 and JSON Feed 1.1,
 * or a coded error. Text is decoded by decode-text.ts, XML read by xml-tree.ts (no entity expansion).
 * Every URL in the result is absolute http(s) or null; every item has a key unique within the feed.
 */
import { decodeFeedBytes } from './decode-text.ts';
import { dedupeItems, shortHash } from './dedupe-items.ts';
import { htmlToText } from './html-to-text.ts';
import { escapeHtml } from './xml-entities.ts';
import { child, children, elements, innerMarkup, parseXmlTree, textOf, XmlRefused, type XmlNode } from './xml-tree.ts';

export interface FeedMedia {
  url: string;
  type: string | null;
  /** The credit line the partner gave the media (media:credit), if any. */
  credit?: string | null;
}

export interface FeedItem {
  /** Unique within the feed: guid/id, else the link, else a hash of title + date. */
  guid: string;
  link: string | null;
  /** Plain text. */
  title: string;
  /** HTML (not yet sanitised). */
  summaryHtml: string | null;
  /** HTML (not yet sanitised): content:encoded, Atom content, content_html / content_text. */
  contentHtml: string | null;
  /** Base for relative URLs inside the HTML: xml:base, else the item link, else the feed URL; null when
   *  the declared xml:base was not http(s), so relative URLs are dropped. */
  baseUrl: string | null;
  published: string | null;
  updated: string | null;
  authors: string[];
  categories: string[];
  images: string[];
  /** Enclosures, media:content and attachments (audio, video, images…). */
  media: FeedMedia[];
}

export interface ParsedFeed {
  kind: 'rss' | 'atom' | 'json';
  title: string;
  siteUrl: string | null;
  items: FeedItem[];
}

export type ParseErrorCode = 'empty' | 'not_a_feed' | 'malformed' | 'doctype_refused' | 'too_deep' | 'too_large';
export type ParseResult = { ok: true; feed: ParsedFeed } | { ok: false; code: ParseErrorCode; message: string };

export interface ParseOptions {
  maxBytes?: number;
  /** Items kept per fetch, in document order (feeds list the newest first). */
  maxItems?: number;
}

const TITLE_CAP = 2000;

/** An absolute http(s) URL, or null: other schemes (javascript:, data:, file:) never leave this module. */
export function resolveUrl(ref: string | null | undefined, base: string | null): string | null {
  const s = ref?.trim();
  if (!s) return null;
  try {
    const u = base ? new URL(s, base) : new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function parseFeed(bytes: Uint8Array, contentType: string | null, feedUrl: string, options: ParseOptions = {}): ParseResult {
  const { maxBytes = 10 * 1024 * 1024, maxItems = 500 } = options;
  if (bytes.length > maxBytes) return { ok: false, code: 'too_large', message: `the feed is ${bytes.length} bytes, more than the ${maxBytes}-byte limit` };
  const { text } = decodeFeedBytes(bytes, contentType);
  const start = text.trimStart();
  if (start === '') return { ok: false, code: 'empty', message: 'the feed is empty' };
  try {
    const isJson = /json/i.test(contentType?.split(';')[0] ?? '') || start[0] === '{';
    const feed = isJson ? readJsonFeed(start, feedUrl) : readXmlFeed(text, feedUrl);
    if (!feed) return { ok: false, code: 'not_a_feed', message: isJson ? 'the JSON is not a JSON Feed' : 'the document is not RSS or Atom (an HTML page?)' };
    const items = dedupeItems(feed.items).slice(0, maxItems);
    return { ok: true, feed: { ...feed, title: feed.title.slice(0, TITLE_CAP), items } };
  } catch (err) {
    if (err instanceof XmlRefused) return { ok: false, code: err.code, message: err.message };
    if (err instanceof SyntaxError) return { ok: false, code: 'malformed', message: `the JSON is not valid (${err.message.slice(0, 100)})` };
    throw err;
  }
}

// ---------------------------------------------------------------- XML

/**
 * xml:base in scope: undefined when none was declared (the caller's fallback applies), null when a
 * declared base is not http(s) (javascript:…), which leaves relative URLs below it unresolvable.
 */
type Base = string | null | undefined;

function baseOf(n: XmlNode, parent: Base, feedUrl: string): Base {
  const declared = n.attrs['xml:base'];
  if (declared === undefined) return parent;
  return resolveUrl(declared, parent === undefined ? feedUrl : parent);
}

const or = (base: Base, fallback: string | null): string | null => (base === undefined ? fallback : base);

function readXmlFeed(text: string, feedUrl: string): Omit<ParsedFeed, 'items'> & { items: FeedItem[] } | null {
  if (/^\s*(<!DOCTYPE\s+html|<html)/i.test(text.replace(/^\s*<\?xml[^>]*>/, ''))) return null;
  const root = parseXmlTree(text);
  const rootBase = baseOf(root, undefined, feedUrl);
  if (root.name === 'rss' || root.name === 'rdf:RDF') return readRss(root, rootBase, feedUrl);
  if (root.name === 'atom:feed') return readAtom(root, rootBase, feedUrl);
  return null;
}

const trimmed = (s: string) => s.replace(/\s+/g, ' ').trim();
const html = (s: string) => (s.trim() ? s : null);

/** RSS elements may hold escaped HTML (the usual), CDATA, or, in sloppy feeds, raw markup. */
function rssHtml(n: XmlNode | undefined): string | null {
  if (!n) return null;
  return html(elements(n).length ? innerMarkup(n) : textOf(n));
}

function readRss(root: XmlNode, rootBase: Base, feedUrl: string) {
  const channel = child(root, 'channel');
  const channelBase = channel ? baseOf(channel, rootBase, feedUrl) : rootBase;
  const siteUrl = resolveUrl(textOf(child(channel, 'link')), or(channelBase, feedUrl));
  const itemNodes = [...children(channel, 'item'), ...children(root, 'item')];
  const items = itemNodes.map((n) => {
    const declared = baseOf(n, channelBase, feedUrl);
    const base = or(declared, feedUrl);
    const link = resolveUrl(textOf(child(n, 'link')), base) ?? resolveUrl(permalinkGuid(n), base);
    const title = htmlToText(textOf(child(n, 'title')));
    const published = trimmed(textOf(child(n, 'pubDate') ?? child(n, 'dc:date'))) || null;
    const media = [
      ...children(n, 'enclosure').map((e) => ({ url: e.attrs.url, type: e.attrs.type ?? null })),
      ...mediaRss(n),
    ].flatMap((m) => {
      const url = resolveUrl(m.url, base);
      return url ? [{ ...m, url }] : [];
    });
    return finish({
      rawGuid: textOf(child(n, 'guid')),
      link,
      title,
      summaryHtml: rssHtml(child(n, 'description')),
      contentHtml: rssHtml(child(n, 'content:encoded')),
      baseUrl: or(declared, link ?? feedUrl),
      published,
      updated: trimmed(textOf(child(n, 'atom:updated'))) || null,
      authors: [...children(n, 'dc:creator'), ...children(n, 'author')].map((a) => rssAuthor(textOf(a))).filter(Boolean),
      categories: [...children(n, 'category'), ...children(n, 'dc:subject')].map((c) => trimmed(textOf(c))).filter(Boolean),
      images: imagesOf(media),
      media,
    });
  });
  return { kind: 'rss' as const, title: htmlToText(textOf(child(channel, 'title'))), siteUrl, items };
}

function permalinkGuid(n: XmlNode): string | null {
  const g = child(n, 'guid');
  return g && g.attrs.isPermaLink !== 'false' && /^https?:/i.test(textOf(g).trim()) ? textOf(g) : null;
}

/** "jane@example.com (Jane Doe)" → "Jane Doe"; a bare address is not a name we show. */
function rssAuthor(s: string): string {
  const t = trimmed(s);
  const m = /^\S+@\S+\s*\((.+)\)$/.exec(t);
  if (m) return m[1].trim();
  return /^\S+@\S+$/.test(t) ? '' : t;
}

function mediaRss(n: XmlNode): FeedMedia[] {
  const groups = [n, ...children(n, 'media:group')];
  return groups.flatMap((g) => [
    ...children(g, 'media:content').map((m) => ({
      url: m.attrs.url,
      type: m.attrs.type ?? (m.attrs.medium ? `${m.attrs.medium}/*` : null),
      credit: htmlToText(textOf(child(m, 'media:credit') ?? child(g, 'media:credit'))) || null,
    })),
    ...children(g, 'media:thumbnail').map((m) => ({ url: m.attrs.url, type: 'image/*' })),
    ...children(g, 'media:player').map((m) => ({ url: m.attrs.url, type: 'video/*' })),
  ]);
}

const imagesOf = (media: FeedMedia[]) => media.filter((m) => m.type?.startsWith('image/')).map((m) => m.url);

/** Atom text constructs: type text (default), html, or xhtml (a div of inline markup). */
function atomText(n: XmlNode | undefined): { html: string | null; text: string } {
  if (!n) return { html: null, text: '' };
  const type = (n.attrs.type ?? 'text').toLowerCase();
  if (type === 'xhtml') {
    const div = elements(n).find((e) => e.name === 'xhtml:div') ?? n;
    const markup = innerMarkup(div);
    return { html: html(markup), text: htmlToText(markup) };
  }
  const t = textOf(n);
  if (type === 'html' || type === 'text/html') return { html: html(t), text: htmlToText(t) };
  return { html: html(escapeHtml(t.trim())), text: trimmed(t) };
}

function readAtom(root: XmlNode, rootBase: Base, feedUrl: string) {
  const alternate = (n: XmlNode, base: Base) => {
    const links = children(n, 'atom:link');
    const l = links.find((x) => (x.attrs.rel ?? 'alternate') === 'alternate') ?? null;
    return l ? resolveUrl(l.attrs.href, or(baseOf(l, base, feedUrl), feedUrl)) : null;
  };
  const items = children(root, 'atom:entry').map((n) => {
    const declared = baseOf(n, rootBase, feedUrl);
    const base = or(declared, feedUrl);
    const link = alternate(n, declared);
    const contentNode = child(n, 'atom:content');
    const content = contentNode && !contentNode.attrs.src ? atomText(contentNode) : { html: null, text: '' };
    const media = [
      ...children(n, 'atom:link')
        .filter((l) => l.attrs.rel === 'enclosure')
        .map((l) => ({ url: l.attrs.href, type: l.attrs.type ?? null })),
      ...mediaRss(n),
    ].flatMap((m) => {
      const url = resolveUrl(m.url, base);
      return url ? [{ ...m, url }] : [];
    });
    const contentBase = contentNode ? baseOf(contentNode, declared, feedUrl) : declared;
    return finish({
      rawGuid: textOf(child(n, 'atom:id')),
      link,
      title: atomText(child(n, 'atom:title')).text,
      summaryHtml: atomText(child(n, 'atom:summary')).html,
      contentHtml: content.html,
      baseUrl: or(contentBase, link ?? feedUrl),
      published: trimmed(textOf(child(n, 'atom:published') ?? child(n, 'atom:issued'))) || null,
      updated: trimmed(textOf(child(n, 'atom:updated') ?? child(n, 'atom:modified'))) || null,
      // An entry without its own author inherits the feed's (RFC 4287 §4.2.1).
      authors: (children(n, 'atom:author').length ? children(n, 'atom:author') : children(root, 'atom:author'))
        .map((a) => trimmed(textOf(child(a, 'atom:name'))))
        .filter(Boolean),
      categories: children(n, 'atom:category').map((c) => trimmed(c.attrs.label ?? c.attrs.term ?? '')).filter(Boolean),
      images: imagesOf(media),
      media,
    });
  });
  return { kind: 'atom' as const, title: atomText(child(root, 'atom:title')).text, siteUrl: alternate(root, rootBase), items };
}

type Draft = Omit<FeedItem, 'guid'> & { rawGuid: string | null };

/** GUID fallback: guid/id → link → hash of title + date. */
function finish(d: Draft): FeedItem {
  const { rawGuid, ...rest } = d;
  const guid = rawGuid?.trim() || d.link || `hash:${shortHash(`${d.title}\n${d.published ?? d.updated ?? ''}\n${d.summaryHtml ?? d.contentHtml ?? ''}`)}`;
  return { guid: guid.slice(0, 2048), ...rest, title: d.title.slice(0, TITLE_CAP) };
}

// ---------------------------------------------------------------- JSON Feed

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function readJsonFeed(text: string, feedUrl: string) {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (!doc || typeof doc !== 'object' || !/^https:\/\/jsonfeed\.org\/version\//.test(str(doc.version) ?? '') || !Array.isArray(doc.items)) return null;
  const feedAuthors = jsonAuthors(doc);
  const items = (doc.items as unknown[]).filter((i): i is Record<string, unknown> => !!i && typeof i === 'object').map((i) => {
    const link = resolveUrl(str(i.url), feedUrl) ?? resolveUrl(str(i.external_url), feedUrl);
    const contentText = str(i.content_text);
    const attachments = Array.isArray(i.attachments) ? (i.attachments as Record<string, unknown>[]) : [];
    const media = attachments.flatMap((a) => {
      const url = resolveUrl(str(a?.url), link ?? feedUrl);
      return url ? [{ url, type: str(a.mime_type) }] : [];
    });
    const images = [str(i.image), str(i.banner_image)].map((u) => resolveUrl(u, link ?? feedUrl)).filter((u): u is string => !!u);
    const summary = str(i.summary);
    const authors = jsonAuthors(i);
    return finish({
      rawGuid: str(i.id),
      link,
      title: trimmed(str(i.title) ?? ''),
      summaryHtml: summary ? html(escapeHtml(summary)) : null,
      contentHtml: str(i.content_html) ?? (contentText ? html(contentText.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('')) : null),
      baseUrl: link ?? feedUrl,
      published: str(i.date_published),
      updated: str(i.date_modified),
      authors: authors.length ? authors : feedAuthors,
      categories: Array.isArray(i.tags) ? (i.tags as unknown[]).map(str).filter((t): t is string => !!t?.trim()).map(trimmed) : [],
      images: [...images, ...imagesOf(media)],
      media,
    });
  });
  return { kind: 'json' as const, title: trimmed(str(doc.title) ?? ''), siteUrl: resolveUrl(str(doc.home_page_url), feedUrl), items };
}

function jsonAuthors(o: Record<string, unknown>): string[] {
  const list = Array.isArray(o.authors) ? o.authors : o.author ? [o.author] : [];
  return (list as Record<string, unknown>[]).map((a) => trimmed(str(a?.name) ?? '')).filter(Boolean);
}

