/**
 * Partner feeds: their settings and fetch state, and the takedown log. Stories themselves are
 * stored through the story repository (stories.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import type { FeedView } from '../domain/story.ts';
import type { DB, PublishersTable } from './schema.ts';

type Db = Kysely<DB>;

export type Feed = FeedView;

const toFeed = (r: Selectable<PublishersTable>): Feed => ({
  publisherId: r.id,
  slug: r.slug,
  name: r.name,
  siteUrl: r.site_url,
  feedUrl: r.feed_url ?? '',
  active: r.active === 1,
  removed: r.removed_at !== null,
  intervalMinutes: r.fetch_interval_minutes,
  embedHosts: r.embed_hosts.split(',').map((h) => h.trim()).filter(Boolean),
  allowHost: r.allow_host === 1,
  etag: r.etag,
  lastModified: r.last_modified,
  lastSuccessAt: r.last_success_at,
  lastError: r.last_error,
  nextRunAt: r.next_run_at,
  itemsAdded: r.items_added,
  itemsUpdated: r.items_updated,
  failures: r.failures,
  licence: r.licence,
});

export async function listFeeds(db: Db): Promise<Feed[]> {
  const rows = await db.selectFrom('publishers').selectAll().where('feed_url', 'is not', null).orderBy('id').execute();
  return rows.map(toFeed);
}

export async function findFeed(db: Db, publisherId: number): Promise<Feed | undefined> {
  const row = await db.selectFrom('publishers').selectAll().where('id', '=', publisherId).where('feed_url', 'is not', null).executeTakeFirst();
  return row && toFeed(row);
}

/** Active feeds whose next run is due (or never set), oldest due first. */
export async function dueFeeds(db: Db, now: Date): Promise<Feed[]> {
  const rows = await db
    .selectFrom('publishers')
    .selectAll()
    .where('feed_url', 'is not', null)
    .where('active', '=', 1)
    .where('removed_at', 'is', null)
    .where((eb) => eb.or([eb('next_run_at', 'is', null), eb('next_run_at', '<=', now.toISOString())]))
    .orderBy('next_run_at')
    .execute();
  return rows.map(toFeed);
}

export async function updateFeedSettings(
  db: Db,
  publisherId: number,
  input: { active?: boolean; intervalMinutes?: number; embedHosts?: string[]; allowHost?: boolean; licence?: string | null; removedAt?: string | null },
): Promise<void> {
  const set: { active?: number; fetch_interval_minutes?: number; embed_hosts?: string; allow_host?: number; licence?: string | null; removed_at?: string | null } = {};
  if (input.active !== undefined) set.active = input.active ? 1 : 0;
  if (input.intervalMinutes !== undefined) set.fetch_interval_minutes = input.intervalMinutes;
  if (input.embedHosts !== undefined) set.embed_hosts = input.embedHosts.join(',');
  if (input.allowHost !== undefined) set.allow_host = input.allowHost ? 1 : 0;
  if (input.licence !== undefined) set.licence = input.licence;
  if (input.removedAt !== undefined) set.removed_at = input.removedAt;
  if (Object.keys(set).length) await db.updateTable('publishers').set(set).where('id', '=', publisherId).execute();
}

export async function recordFetch(
  db: Db,
  publisherId: number,
  input:
    | { ok: true; etag?: string | null; lastModified?: string | null; added: number; updated: number; at: Date; nextRunAt: Date }
    | { ok: false; error: string; at: Date; nextRunAt: Date },
): Promise<void> {
  if (input.ok) {
    await db
      .updateTable('publishers')
      .set((eb) => ({
        ...(input.etag !== undefined ? { etag: input.etag } : {}),
        ...(input.lastModified !== undefined ? { last_modified: input.lastModified } : {}),
        last_success_at: input.at.toISOString(),
        last_error: null,
        next_run_at: input.nextRunAt.toISOString(),
        items_added: eb('items_added', '+', input.added),
        items_updated: eb('items_updated', '+', input.updated),
        failures: 0,
      }))
      .where('id', '=', publisherId)
      .execute();
  } else {
    await db
      .updateTable('publishers')
      .set((eb) => ({ last_error: input.error, next_run_at: input.nextRunAt.toISOString(), failures: eb('failures', '+', 1) }))
      .where('id', '=', publisherId)
      .execute();
  }
}

export async function logTakedown(
  db: Db,
  input: { publisherId: number; storyId: number | null; kind: 'unpublish-story' | 'pause-partner' | 'remove-partner'; reason: string; actorId: number | null; now: Date },
): Promise<void> {
  await db
    .insertInto('takedowns')
    .values({ publisher_id: input.publisherId, story_id: input.storyId, kind: input.kind, reason: input.reason, actor_id: input.actorId, created_at: input.now.toISOString() })
    .execute();
}
