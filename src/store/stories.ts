/**
 * The story repository: publishers, authors and stories. Demo seeding and feed ingestion both
 * store stories through upsertStory, keyed by (publisher, guid), so a story that changes upstream
 * is updated in place and keeps its comments.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Author, DiscussionTerms, Indexing, Publisher, Story, Video } from '../domain/story.ts';
import { slugify } from '../domain/story.ts';
import type { AuthorsTable, DB, PublishersTable, StoriesTable } from './schema.ts';
import { prepared, slot } from './prepared.ts';

type Db = Kysely<DB>;

const toPublisher = (r: Selectable<PublishersTable>): Publisher => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  siteUrl: r.site_url,
  feedUrl: r.feed_url,
  indexing: r.indexing as Indexing,
  attribution: r.attribution,
});

const toAuthor = (r: Selectable<AuthorsTable>): Author => ({
  id: r.id,
  publisherId: r.publisher_id,
  slug: r.slug,
  name: r.name,
  bio: r.bio,
});

type TermsRow = Pick<Selectable<StoriesTable>, 'id' | 'slug' | 'status' | 'comments_open' | 'premoderated' | 'slow_mode_minutes'>;

const toTerms = (r: TermsRow): DiscussionTerms => ({
  id: r.id,
  slug: r.slug,
  status: r.status as Story['status'],
  commentsOpen: r.comments_open === 1,
  premoderated: r.premoderated === 1,
  slowModeMinutes: r.slow_mode_minutes,
});

const toStory = (r: Selectable<StoriesTable>): Story => ({
  ...toTerms(r),
  publisherId: r.publisher_id,
  authorId: r.author_id,
  guid: r.guid,
  title: r.title,
  summary: r.summary,
  bodyHtml: r.body_html,
  originalUrl: r.original_url,
  imageUrl: r.image_url,
  video: r.video_json ? (JSON.parse(r.video_json) as Video) : null,
  categories: JSON.parse(r.categories_json) as string[],
  publishedAt: r.published_at,
  updatedAt: r.updated_at,
  commentCount: r.comment_count,
});

export interface PublisherInput {
  slug: string;
  name: string;
  siteUrl: string;
  feedUrl?: string | null;
  indexing?: Indexing;
  attribution?: string | null;
}

export async function upsertPublisher(db: Db, input: PublisherInput): Promise<Publisher> {
  const row = await db
    .insertInto('publishers')
    .values({
      slug: input.slug,
      name: input.name,
      site_url: input.siteUrl,
      feed_url: input.feedUrl ?? null,
      indexing: input.indexing ?? 'canonical',
      attribution: input.attribution ?? null,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet({
        name: input.name,
        site_url: input.siteUrl,
        feed_url: input.feedUrl ?? null,
        indexing: input.indexing ?? 'canonical',
        attribution: input.attribution ?? null,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublisher(row);
}

/** Finds the publisher's author by name (or by a name an admin merged into another author), or creates one. */
export async function ensureAuthor(db: Db, input: { publisherId: number; name: string; bio?: string; slug?: string }): Promise<Author> {
  const alias = await db
    .selectFrom('author_aliases')
    .innerJoin('authors', 'authors.id', 'author_aliases.author_id')
    .selectAll('authors')
    .where('author_aliases.publisher_id', '=', input.publisherId)
    .where('author_aliases.name', '=', input.name)
    .executeTakeFirst();
  if (alias) return toAuthor(alias);
  const existing = await db
    .selectFrom('authors')
    .selectAll()
    .where('publisher_id', '=', input.publisherId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (existing) return toAuthor(existing);
  const slug = await uniqueSlug(db, 'authors', input.slug ?? slugify(input.name));
  const row = await db
    .insertInto('authors')
    .values({ publisher_id: input.publisherId, name: input.name, slug, bio: input.bio ?? '', created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAuthor(row);
}

async function uniqueSlug(db: Db, table: 'authors' | 'stories', base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

export interface StoryInput {
  publisherId: number;
  authorId: number | null;
  guid: string;
  slug?: string;
  title: string;
  summary: string;
  bodyHtml: string;
  originalUrl: string;
  imageUrl?: string | null;
  video?: Video | null;
  categories?: string[];
  publishedAt: string;
  updatedAt?: string;
}

/**
 * Inserts the story, or updates it in place when (publisher, guid) is already stored: its comments
 * stay, and when its title or body changed the previous version is kept in story_revisions.
 */
export async function upsertStory(db: Db, input: StoryInput): Promise<{ story: Story; created: boolean; changed: boolean }> {
  const fields = {
    author_id: input.authorId,
    title: input.title,
    summary: input.summary,
    body_html: input.bodyHtml,
    original_url: input.originalUrl,
    image_url: input.imageUrl ?? null,
    video_json: input.video ? JSON.stringify(input.video) : null,
    categories_json: JSON.stringify(input.categories ?? []),
    published_at: input.publishedAt,
    updated_at: input.updatedAt ?? input.publishedAt,
  };
  const existing = await db
    .selectFrom('stories')
    .selectAll()
    .where('publisher_id', '=', input.publisherId)
    .where('guid', '=', input.guid)
    .executeTakeFirst();
  if (existing) {
    const changed = existing.title !== fields.title || existing.body_html !== fields.body_html;
    if (changed) {
      await db
        .insertInto('story_revisions')
        .values({ story_id: existing.id, title: existing.title, body_html: existing.body_html, updated_at: existing.updated_at, recorded_at: new Date().toISOString() })
        .execute();
    }
    const same = !changed && Object.entries(fields).every(([k, v]) => (existing as Record<string, unknown>)[k] === v);
    if (same) return { story: toStory(existing), created: false, changed: false };
    const row = await db.updateTable('stories').set(fields).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow();
    return { story: toStory(row), created: false, changed: true };
  }
  const slug = await uniqueSlug(db, 'stories', input.slug ?? slugify(input.title));
  const row = await db
    .insertInto('stories')
    .values({ ...fields, publisher_id: input.publisherId, guid: input.guid, slug, created_at: new Date().toISOString() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { story: toStory(row), created: true, changed: false };
}

// On every story page and every post.
const storyBySlug = prepared<{ slug: string }, Selectable<StoriesTable>>((db) => db.selectFrom('stories').selectAll().where('slug', '=', slot<string>('slug')));

export async function findStoryBySlug(db: Db, slug: string): Promise<Story | undefined> {
  const [row] = (await storyBySlug(db, { slug })).rows;
  return row && toStory(row);
}

// On every post: the few columns that say whether and how a story takes comments, not its body.
const termsBySlug = prepared<{ slug: string }, TermsRow>((db) =>
  db.selectFrom('stories').select(['id', 'slug', 'status', 'comments_open', 'premoderated', 'slow_mode_minutes']).where('slug', '=', slot<string>('slug')),
);

export async function findDiscussionTerms(db: Db, slug: string): Promise<DiscussionTerms | undefined> {
  const [row] = (await termsBySlug(db, { slug })).rows;
  return row && toTerms(row);
}

export async function findStoryById(db: Db, id: number): Promise<Story | undefined> {
  const row = await db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toStory(row);
}

export async function findPublisher(db: Db, by: { id: number } | { slug: string }): Promise<Publisher | undefined> {
  let q = db.selectFrom('publishers').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('slug', '=', by.slug);
  const row = await q.executeTakeFirst();
  return row && toPublisher(row);
}

export async function findAuthor(db: Db, by: { id: number } | { slug: string }): Promise<Author | undefined> {
  let q = db.selectFrom('authors').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('slug', '=', by.slug);
  const row = await q.executeTakeFirst();
  return row && toAuthor(row);
}

export interface StoryListFilter {
  authorId?: number;
  publisherId?: number;
  excludeId?: number;
}

/**
 * Published stories, newest first, one page (offset-based: story lists are short and stable). Stories of
 * unlisted publishers (registered sites' embedded pages) are never listed.
 */
export async function listStories(db: Db, filter: StoryListFilter, limit: number, offset = 0): Promise<Story[]> {
  let q = db
    .selectFrom('stories')
    .selectAll()
    .where('status', '=', 'published')
    .where('publisher_id', 'not in', db.selectFrom('publishers').select('id').where('listed', '=', 0));
  if (filter.authorId !== undefined) q = q.where('author_id', '=', filter.authorId);
  if (filter.publisherId !== undefined) q = q.where('publisher_id', '=', filter.publisherId);
  if (filter.excludeId !== undefined) q = q.where('id', '!=', filter.excludeId);
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return rows.map(toStory);
}

const addCount = prepared<{ storyId: number; delta: number }, unknown>((db) =>
  db
    .updateTable('stories')
    .set((eb) => ({ comment_count: eb('comment_count', '+', slot<number>('delta')) }))
    .where('id', '=', slot<number>('storyId')),
);

export async function addToCommentCount(db: Db, storyId: number, delta: number): Promise<void> {
  await addCount(db, { storyId, delta });
}

export async function updateStorySettings(db: Db, storyId: number, input: { commentsOpen?: boolean; premoderated?: boolean; slowModeMinutes?: number }): Promise<void> {
  const set: { comments_open?: number; premoderated?: number; slow_mode_minutes?: number } = {};
  if (input.commentsOpen !== undefined) set.comments_open = input.commentsOpen ? 1 : 0;
  if (input.premoderated !== undefined) set.premoderated = input.premoderated ? 1 : 0;
  if (input.slowModeMinutes !== undefined) set.slow_mode_minutes = input.slowModeMinutes;
  if (Object.keys(set).length) await db.updateTable('stories').set(set).where('id', '=', storyId).execute();
}

/** Published stories of listed publishers for feeds and sitemaps, newest first, with author and publisher names and indexing. */
export async function storiesForOutputs(
  db: Db,
  input: { limit: number; since?: string; authorId?: number; publisherId?: number; indexableOnly?: boolean; newsIndexableOnly?: boolean },
) {
  let q = db
    .selectFrom('stories')
    .innerJoin('publishers', 'publishers.id', 'stories.publisher_id')
    .leftJoin('authors', 'authors.id', 'stories.author_id')
    .selectAll('stories')
    .select(['publishers.name as publisher_name', 'publishers.indexing as publisher_indexing', 'authors.name as author_name'])
    .where('stories.status', '=', 'published')
    .where('publishers.listed', '=', 1);
  if (input.since) q = q.where('stories.published_at', '>=', input.since);
  if (input.authorId !== undefined) q = q.where('stories.author_id', '=', input.authorId);
  if (input.publisherId !== undefined) q = q.where('stories.publisher_id', '=', input.publisherId);
  if (input.indexableOnly) q = q.where('publishers.indexing', '!=', 'noindex');
  if (input.newsIndexableOnly) q = q.where('publishers.indexing', 'not in', ['noindex', 'noindex-news']);
  const rows = await q.orderBy('stories.published_at', 'desc').orderBy('stories.id', 'desc').limit(input.limit).execute();
  return rows.map((r) => ({ story: toStory(r), authorName: r.author_name, publisherName: r.publisher_name }));
}

export async function listAuthorsAndPublishers(db: Db) {
  const authors = await db.selectFrom('authors').select(['slug']).execute();
  const publishers = await db.selectFrom('publishers').select(['slug']).where('removed_at', 'is', null).where('listed', '=', 1).execute();
  return { authors: authors.map((a) => a.slug), publishers: publishers.map((p) => p.slug) };
}

/**
 * Merges one byline into another of the same publisher: the stories move, the merged name becomes an
 * alias (so the next fetch maps it to the kept author), and the merged author is deleted.
 */
export async function mergeAuthors(db: Db, input: { fromId: number; intoId: number }): Promise<void> {
  const from = await db.selectFrom('authors').selectAll().where('id', '=', input.fromId).executeTakeFirstOrThrow();
  await db.updateTable('stories').set({ author_id: input.intoId }).where('author_id', '=', input.fromId).execute();
  await db.updateTable('author_aliases').set({ author_id: input.intoId }).where('author_id', '=', input.fromId).execute();
  await db
    .insertInto('author_aliases')
    .values({ publisher_id: from.publisher_id, name: from.name, author_id: input.intoId })
    .onConflict((oc) => oc.columns(['publisher_id', 'name']).doUpdateSet({ author_id: input.intoId }))
    .execute();
  await db.deleteFrom('authors').where('id', '=', input.fromId).execute();
}

