/**
 * Partner publishers and their feeds: register one, pause or resume fetching, remove one (all its
 * stories are unpublished). Pausing and removing are takedowns: logged with who and why.
 */
import { AppError, notFound } from '../errors.ts';
import { slugify, type Indexing } from '../domain/story.ts';
import { checkFeedUrl } from '../syndication/ssrf.ts';
import { findFeed, logTakedown, updateFeedSettings, type Feed } from '../store/feeds.ts';
import { findAuthor, mergeAuthors as mergeAuthorRows, upsertPublisher } from '../store/stories.ts';
import type { Deps } from './deps.ts';

function httpUrl(raw: string, field: string): string {
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', `${field} must be an http(s) URL.`, { fields: { [field]: 'Not an http(s) URL.' } });
}

export async function addPartner(
  deps: Deps,
  input: {
    name: string;
    siteUrl: string;
    feedUrl: string;
    slug?: string;
    indexing?: Indexing;
    allowHost?: boolean;
    intervalMinutes?: number;
    embedHosts?: string[];
    /** The banner text; {publisher} is replaced by the name. Default: the site's standard credit. */
    attribution?: string | null;
    licence?: string | null;
  },
): Promise<Feed> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new AppError('validation_failed', 'A partner needs a name (at most 200 characters).');
  const siteUrl = httpUrl(input.siteUrl, 'siteUrl');
  const feedUrl = httpUrl(input.feedUrl, 'feedUrl');
  if (!input.allowHost) {
    const check = checkFeedUrl(feedUrl);
    if (!check.ok) throw new AppError('validation_failed', `The feed address is refused: ${check.reason}.`, { fields: { feedUrl: check.reason } });
  }
  const interval = input.intervalMinutes ?? 30;
  if (!Number.isInteger(interval) || interval < 1 || interval > 24 * 60) throw new AppError('validation_failed', 'Fetch every 1 to 1,440 minutes.');
  const attribution = input.attribution?.trim() || null;
  if (attribution && attribution.length > 500) throw new AppError('validation_failed', 'The attribution text is at most 500 characters.');
  const embedHosts = input.embedHosts?.map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (embedHosts?.some((h) => !/^[a-z0-9.-]+$/.test(h))) throw new AppError('validation_failed', 'Embed hosts are host names, e.g. youtube.com, vimeo.com.');
  const publisher = await upsertPublisher(deps.db, { slug: input.slug ?? slugify(name), name, siteUrl, feedUrl, indexing: input.indexing, attribution });
  await updateFeedSettings(deps.db, publisher.id, {
    allowHost: !!input.allowHost,
    intervalMinutes: interval,
    embedHosts,
    licence: input.licence?.trim() || null,
    active: true,
    removedAt: null,
  });
  return (await findFeed(deps.db, publisher.id))!;
}

export async function setPartnerActive(deps: Deps, input: { publisherId: number; active: boolean; reason: string; actorId?: number | null }): Promise<void> {
  const feed = await findFeed(deps.db, input.publisherId);
  if (!feed) throw notFound('Partner');
  await deps.db.transaction().execute(async (trx) => {
    await updateFeedSettings(trx, feed.publisherId, { active: input.active });
    if (!input.active) await logTakedown(trx, { publisherId: feed.publisherId, storyId: null, kind: 'pause-partner', reason: input.reason, actorId: input.actorId ?? null, now: deps.clock() });
  });
}

/** Removes a partner at its request: no more fetching, and every one of its stories unpublished (comments kept). */
export async function removePartner(deps: Deps, input: { publisherId: number; reason: string; actorId?: number | null }): Promise<number> {
  const feed = await findFeed(deps.db, input.publisherId);
  if (!feed) throw notFound('Partner');
  if (!input.reason.trim()) throw new AppError('validation_failed', 'Record why the partner is removed.');
  const now = deps.clock();
  const unpublished = await deps.db.transaction().execute(async (trx) => {
    await updateFeedSettings(trx, feed.publisherId, { active: false, removedAt: now.toISOString() });
    const result = await trx.updateTable('stories').set({ status: 'unpublished' }).where('publisher_id', '=', feed.publisherId).where('status', '=', 'published').executeTakeFirst();
    await logTakedown(trx, { publisherId: feed.publisherId, storyId: null, kind: 'remove-partner', reason: input.reason.trim(), actorId: input.actorId ?? null, now });
    return Number(result.numUpdatedRows);
  });
  deps.bus.publish({ type: 'story.changed', storyId: 0 });
  return unpublished;
}

/** Unpublishes one story at its partner's request: its page answers 410; its comments are kept, hidden. */
export async function takeDownStory(deps: Deps, input: { storyId: number; reason: string; actorId?: number | null }): Promise<void> {
  const reason = input.reason.trim();
  if (!reason) throw new AppError('validation_failed', 'Record why the story is taken down.', { fields: { reason: 'Required.' } });
  const story = await deps.db.selectFrom('stories').select(['id', 'publisher_id', 'status']).where('id', '=', input.storyId).executeTakeFirst();
  if (!story) throw notFound('Story');
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('stories').set({ status: 'unpublished' }).where('id', '=', story.id).execute();
    await logTakedown(trx, { publisherId: story.publisher_id, storyId: story.id, kind: 'unpublish-story', reason, actorId: input.actorId ?? null, now: deps.clock() });
  });
  // (Listings drop with any story's change, so the story's own event is enough.)
  deps.bus.publish({ type: 'story.changed', storyId: story.id });
}

/** Two bylines of one partner are one person: keep one, fold the other in (its stories and future items). */
export async function mergeAuthors(deps: Deps, input: { fromId: number; intoId: number }): Promise<void> {
  const from = await findAuthor(deps.db, { id: input.fromId });
  const into = await findAuthor(deps.db, { id: input.intoId });
  if (!from || !into) throw notFound('Author');
  if (from.id === into.id) throw new AppError('validation_failed', 'Choose two different authors.');
  if (from.publisherId !== into.publisherId) throw new AppError('validation_failed', 'Only authors of the same partner can be merged.');
  await deps.db.transaction().execute((trx) => mergeAuthorRows(trx, { fromId: from.id, intoId: into.id }));
  deps.bus.publish({ type: 'story.changed', storyId: 0 });
}
