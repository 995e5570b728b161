/**
 * Stories republished from partner publishers, with their publisher and author.
 * A story always credits its publisher (attribution banner, canonical or noindex) and links to the original.
 */

/** How search engines should treat a partner's stories here: canonical to the original, noindex, or kept out of Google News only. */
export type Indexing = 'canonical' | 'noindex' | 'noindex-news';

export interface Publisher {
  id: number;
  slug: string;
  name: string;
  siteUrl: string;
  feedUrl: string | null;
  indexing: Indexing;
  /** Custom attribution banner text; {publisher} is replaced by the name. */
  attribution: string | null;
}

export interface Author {
  id: number;
  publisherId: number;
  slug: string;
  name: string;
  bio: string;
}

/** A video from an allowlisted player only. */
export type Video =
  | { kind: 'youtube'; id: string; credit: string }
  | { kind: 'vimeo'; id: string; credit: string }
  | { kind: 'mp4'; url: string; credit: string };

export type StoryStatus = 'published' | 'unpublished';

export interface Story {
  id: number;
  publisherId: number;
  authorId: number | null;
  guid: string;
  slug: string;
  title: string;
  summary: string;
  /** Sanitised when stored; rendered as is. */
  bodyHtml: string;
  originalUrl: string;
  imageUrl: string | null;
  video: Video | null;
  categories: string[];
  publishedAt: string;
  updatedAt: string;
  status: StoryStatus;
  commentCount: number;
  commentsOpen: boolean;
  /** Every comment on this story waits for a moderator (a per-story override of the site mode). */
  premoderated: boolean;
  /** Minutes a reader must wait between comments on this story (0: off). */
  slowModeMinutes: number;
}

/** What taking part in a story's discussion needs to know of the story: whether it is open, and on what terms. */
export type DiscussionTerms = Pick<Story, 'id' | 'slug' | 'status' | 'commentsOpen' | 'premoderated' | 'slowModeMinutes'>;

export const DEFAULT_ATTRIBUTION =
  "We support our publishers and content creators. You can view this story on {publisher}'s website";

export function attributionText(publisher: Publisher): string {
  return (publisher.attribution ?? DEFAULT_ATTRIBUTION).replaceAll('{publisher}', publisher.name);
}

/** Lowercase, hyphenated, ASCII: "Flood Défense 2026!" → "flood-defense-2026". */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'story'
  );
}

/** A partner's feed as the admin page shows it. */
export interface FeedView {
  publisherId: number;
  slug: string;
  name: string;
  siteUrl: string;
  feedUrl: string;
  active: boolean;
  removed: boolean;
  intervalMinutes: number;
  embedHosts: string[];
  allowHost: boolean;
  etag: string | null;
  lastModified: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  nextRunAt: string | null;
  itemsAdded: number;
  itemsUpdated: number;
  /** Consecutive failed fetches (0 after a success). */
  failures: number;
  licence: string | null;
}
