/**
 * FeedItem → the story fields of StoryInput (without publisherId/authorId; with authorName for the
 * command to map to an author). Pure: the fetch time arrives as an argument. Dates are never NaN: a date
 * that cannot be real falls back to the fetch time, and a future date is clamped to it.
 */
import type { Video } from '../domain/story.ts';
import { videoFromUrl } from './embeds.ts';
import { htmlToText } from './html-to-text.ts';
import type { FeedItem } from './parse-feed.ts';
import { parseFeedDate } from './parse-date.ts';
import { cleanUrl, sanitizeStoryHtml } from './sanitize.ts';

export interface MappedStory {
  guid: string;
  title: string;
  summary: string;
  bodyHtml: string;
  originalUrl: string;
  imageUrl: string | null;
  video: Video | null;
  categories: string[];
  publishedAt: string;
  updatedAt: string;
  authorName: string | null;
}

export interface MapContext {
  fetchedAt: Date;
  /** The partner's allowed embed hosts (e.g. youtube.com, vimeo.com); a video from elsewhere is not embedded. */
  embedHosts: readonly string[];
  /** Credit line shown with an embedded video, e.g. "Video: Harbour Gazette". */
  videoCredit: string;
  /** Used as the original URL when an item has no link of its own. */
  siteUrl?: string | null;
}

const TITLE_MAX = 300;
const SUMMARY_MAX = 500;
const CATEGORY_MAX = 20;
/** Before this, a feed date is a zero timestamp or a typo, not a publication date. */
const EARLIEST = Date.UTC(1990, 0, 1);

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function sensibleDate(raw: string | null, fetchedAt: Date): Date | null {
  const d = parseFeedDate(raw);
  if (!d || d.getTime() < EARLIEST) return null;
  return d.getTime() > fetchedAt.getTime() ? fetchedAt : d;
}

const hostAllowed = (url: string, hosts: readonly string[]) => {
  try {
    const h = new URL(url).hostname.toLowerCase().replace(/^www\./, '');
    return hosts.some((a) => {
      const allowed = a.toLowerCase().replace(/^www\./, '');
      return h === allowed || h.endsWith(`.${allowed}`);
    });
  } catch {
    return false;
  }
};

/** Video candidates: media enclosures first, then players the partner embedded as iframes in the body. */
function findVideo(item: FeedItem, ctx: MapContext): Video | null {
  const iframeSrcs = [...(item.contentHtml ?? item.summaryHtml ?? '').matchAll(/<iframe\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]);
  const candidates = [
    ...item.media.filter((m) => !m.type || /^(video|application\/x-shockwave|text\/html)/.test(m.type)).map((m) => ({ url: m.url, credit: m.credit })),
    ...iframeSrcs.map((s) => {
      try {
        return { url: new URL(s.replace(/&amp;/g, '&'), item.baseUrl ?? undefined).href, credit: null };
      } catch {
        return { url: '', credit: null };
      }
    }),
  ];
  for (const { url, credit } of candidates) {
    if (!url || !hostAllowed(url, ctx.embedHosts)) continue;
    // The partner's own credit line when it gives one, else the partner's name.
    const video = videoFromUrl(url, credit || ctx.videoCredit);
    if (video) return video;
  }
  return null;
}

export function mapItem(item: FeedItem, ctx: MapContext): MappedStory {
  const sourceHtml = item.contentHtml ?? item.summaryHtml ?? '';
  const bodyHtml = sanitizeStoryHtml(sourceHtml, { baseUrl: item.baseUrl ?? undefined }).trim();
  const summaryText = htmlToText(item.summaryHtml ?? item.contentHtml ?? '');
  const title = clip(item.title.trim() || clip(summaryText, 80) || 'Untitled story', TITLE_MAX);
  const published = sensibleDate(item.published, ctx.fetchedAt) ?? sensibleDate(item.updated, ctx.fetchedAt) ?? ctx.fetchedAt;
  const updatedRaw = sensibleDate(item.updated, ctx.fetchedAt);
  const updated = updatedRaw && updatedRaw > published ? updatedRaw : published;
  const seen = new Set<string>();
  const categories = item.categories
    .map((c) => c.slice(0, 64))
    .filter((c) => !seen.has(c.toLowerCase()) && seen.add(c.toLowerCase()))
    .slice(0, CATEGORY_MAX);
  const bodyImage = /<img\b[^>]*?\ssrc="(https:[^"]+)"/.exec(bodyHtml)?.[1]?.replace(/&amp;/g, '&') ?? null;
  const imageUrl = item.images.map((u) => cleanUrl(u)).find((u) => u.startsWith('https:')) ?? bodyImage;
  return {
    guid: item.guid,
    title,
    summary: clip(summaryText, SUMMARY_MAX),
    bodyHtml,
    originalUrl: item.link ? cleanUrl(item.link) : (ctx.siteUrl ?? ''),
    imageUrl,
    video: findVideo(item, ctx),
    categories,
    publishedAt: published.toISOString(),
    updatedAt: updated.toISOString(),
    authorName: item.authors[0]?.slice(0, 120) ?? null,
  };
}
