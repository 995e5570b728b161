/**
 * Fetch one partner's feed and store its stories: conditional GET, parse, map each item, store it
 * through the story repository (new, updated in place with a revision, or unchanged), and record the
 * outcome in words on the partner. A failing feed records its error and never throws, so one feed
 * never holds up the others.
 */
import { AppError, notFound } from '../errors.ts';
import { fetchFeed, type FetchOptions } from '../syndication/fetch-feed.ts';
import { mapItem } from '../syndication/map-item.ts';
import { parseFeed, type FeedItem } from '../syndication/parse-feed.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import { findFeed, recordFetch, type Feed } from '../store/feeds.ts';
import { storeFeedFetch, storeStories, type Stored, type StoryToStore } from '../store/feed-writes.ts';
import { runWrite } from '../store/sqlite-writer.ts';
import type { Deps } from './deps.ts';

export type IngestOutcome =
  | { status: 'ok'; added: number; updated: number; items: number }
  | { status: 'not-modified' }
  | { status: 'error'; code: string; message: string };

const USER_AGENT = 'Parley feed reader';

const DAY_SECONDS = 86_400;

/** After a success, the partner's interval; after failures, twice as long each time (at most a day), or longer if the server asked. */
function nextRun(now: Date, feed: Feed, failed = false, retryAfterSeconds?: number): Date {
  const backoff = failed ? Math.min(DAY_SECONDS, feed.intervalMinutes * 60 * 2 ** Math.min(feed.failures + 1, 10)) : feed.intervalMinutes * 60;
  return new Date(now.getTime() + Math.max(backoff, retryAfterSeconds ?? 0) * 1000);
}

/** The partner's own address name for a story (…/news/ferry-fares → ferry-fares), when it has a clean one. */
function slugFromUrl(url: string): string | undefined {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    const slug = last.replace(/\.(html?|php|aspx?)$/i, '').toLowerCase();
    return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) && slug.length >= 3 && slug.length <= 80 && !/^\d+$/.test(slug) ? slug : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a feed's items to stories (sanitised, dated, credited), ready to store. */
export function mapItems(feed: Pick<Feed, 'name' | 'siteUrl' | 'embedHosts'>, items: FeedItem[], now: Date): StoryToStore[] {
  return items.map((item) => {
    const mapped = mapItem(item, { fetchedAt: now, embedHosts: feed.embedHosts, videoCredit: feed.name, siteUrl: feed.siteUrl });
    return { ...mapped, slug: slugFromUrl(mapped.originalUrl) };
  });
}

/** Maps and stores a feed's items through the story repository: the step every partner's items take. */
export function storeItems(db: Kysely<DB>, feed: Pick<Feed, 'publisherId' | 'name' | 'siteUrl' | 'embedHosts'>, items: FeedItem[], now: Date): Promise<Stored> {
  return storeStories(db, feed.publisherId, mapItems(feed, items, now));
}

export async function ingestFeed(deps: Deps, input: { publisherId: number; fetchOptions?: Partial<FetchOptions> }): Promise<IngestOutcome> {
  const feed = await findFeed(deps.db, input.publisherId);
  if (!feed) throw notFound('Partner feed');
  if (feed.removed) throw new AppError('gone', 'This partner was removed.');
  const now = deps.clock();
  const allowHosts = feed.allowHost ? [new URL(feed.feedUrl).hostname] : [];
  const fetched = await fetchFeed(feed.feedUrl, {
    etag: feed.etag,
    lastModified: feed.lastModified,
    allowHosts,
    userAgent: `${USER_AGENT} (+${deps.config.publicUrl})`,
    ...input.fetchOptions,
  });
  deps.metrics.feedFetched(fetched.status === 'error' ? fetched.code : fetched.status);
  if (fetched.status === 'not-modified') {
    await recordFetch(deps.db, feed.publisherId, { ok: true, added: 0, updated: 0, at: now, nextRunAt: nextRun(now, feed) });
    return { status: 'not-modified' };
  }
  if (fetched.status === 'error') {
    await recordFetch(deps.db, feed.publisherId, { ok: false, error: fetched.message, at: now, nextRunAt: nextRun(now, feed, true, fetched.retryAfterSeconds) });
    deps.log.warn({ publisherId: feed.publisherId, code: fetched.code }, 'feed fetch failed');
    return { status: 'error', code: fetched.code, message: fetched.message };
  }
  const parsed = parseFeed(fetched.body, fetched.contentType, fetched.finalUrl);
  if (!parsed.ok) {
    deps.metrics.feedFetched(`parse_${parsed.code}`);
    await recordFetch(deps.db, feed.publisherId, { ok: false, error: parsed.message, at: now, nextRunAt: nextRun(now, feed, true) });
    deps.log.warn({ publisherId: feed.publisherId, code: parsed.code }, 'feed parse failed');
    return { status: 'error', code: parsed.code, message: parsed.message };
  }
  // Mapped here (sanitising is the costly part), stored in one transaction with the fetch's outcome.
  const { added, updated, changedStories } = await runWrite(deps.db, storeFeedFetch, {
    publisherId: feed.publisherId,
    stories: mapItems(feed, parsed.feed.items, now),
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    at: now,
    nextRunAt: nextRun(now, feed),
  });
  for (const storyId of changedStories) deps.bus.publish({ type: 'story.changed', storyId });
  if (added) deps.bus.publish({ type: 'story.changed', storyId: 0 });
  deps.log.info({ publisherId: feed.publisherId, added, updated }, 'feed ingested');
  return { status: 'ok', added, updated, items: parsed.feed.items.length };
}
