/**
 * Storing a partner's mapped stories: each through the story repository (new, updated in place with a
 * revision, or unchanged), with its author's record. `storeFeedFetch` does it for a fetch, together with the
 * fetch's outcome on the partner, as one write procedure (sqlite-writer.ts): with SQLite, a whole feed is
 * stored on the writer thread in one round trip, and the event loop never waits for it.
 */
import type { Kysely } from 'kysely';
import type { MappedStory } from '../syndication/map-item.ts';
import { recordFetch } from './feeds.ts';
import type { DB } from './schema.ts';
import { writeProcedure } from './sqlite-writer.ts';
import { ensureAuthor, upsertStory } from './stories.ts';

/** A story ready to store: mapped from its feed item, with the slug its address suggests (if any). */
export type StoryToStore = MappedStory & { slug?: string };

export interface Stored {
  added: number;
  updated: number;
  /** Stories already here whose title or body changed. */
  changedStories: number[];
  /** Each item's guid → its story's id. */
  guids: Map<string, number>;
}

export async function storeStories(db: Kysely<DB>, publisherId: number, stories: StoryToStore[]): Promise<Stored> {
  const stored: Stored = { added: 0, updated: 0, changedStories: [], guids: new Map() };
  for (const s of stories) {
    const author = s.authorName ? await ensureAuthor(db, { publisherId, name: s.authorName }) : null;
    const { story, created, changed } = await upsertStory(db, {
      publisherId,
      authorId: author?.id ?? null,
      guid: s.guid,
      slug: s.slug,
      title: s.title,
      summary: s.summary,
      bodyHtml: s.bodyHtml,
      originalUrl: s.originalUrl,
      imageUrl: s.imageUrl,
      video: s.video,
      categories: s.categories,
      publishedAt: s.publishedAt,
      updatedAt: s.updatedAt,
    });
    stored.guids.set(s.guid, story.id);
    if (created) stored.added++;
    else if (changed) {
      stored.updated++;
      stored.changedStories.push(story.id);
    }
  }
  return stored;
}

export const storeFeedFetch = writeProcedure(
  import.meta.url,
  'storeFeedFetch',
  async (trx, input: { publisherId: number; stories: StoryToStore[]; etag?: string | null; lastModified?: string | null; at: Date; nextRunAt: Date }) => {
    const stored = await storeStories(trx, input.publisherId, input.stories);
    await recordFetch(trx, input.publisherId, {
      ok: true,
      etag: input.etag,
      lastModified: input.lastModified,
      added: stored.added,
      updated: stored.updated,
      at: input.at,
      nextRunAt: input.nextRunAt,
    });
    return stored;
  },
);
