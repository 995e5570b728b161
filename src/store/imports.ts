/**
 * The import record: runs, and the source key of every imported item (unique, so an item is imported once
 * however often its file is read), imported authors' accounts, and the comment rows an import writes.
 * A reply stored before its parent keeps the parent's key in pending_parent; relinkReply moves it (and the
 * replies under it) beneath the parent when that arrives, keeping root_id and depth as insertComment sets them.
 */
import type { Kysely } from 'kysely';
import type { CommentStatus } from '../domain/comment.ts';
import { bodyHash, placeUnder } from './comments.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB>;

/** Rows per multi-row insert: far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

export async function startRun(db: Db, input: { source: string; fileName: string; now: Date }): Promise<number> {
  const row = await db
    .insertInto('import_runs')
    .values({ source: input.source, file_name: input.fileName, started_at: input.now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(db: Db, input: { runId: number; summary: unknown; now: Date }): Promise<void> {
  await db
    .updateTable('import_runs')
    .set({ finished_at: input.now.toISOString(), summary_json: JSON.stringify(input.summary) })
    .where('id', '=', input.runId)
    .execute();
}

export interface KeyRow {
  key: string;
  kind: string;
  targetId: number;
  pendingParent: string | null;
}

/** The keys among these that are already imported, with what they point at. */
export async function findKeys(db: Db, keys: string[]): Promise<Map<string, KeyRow>> {
  const out = new Map<string, KeyRow>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = [...new Set(keys.slice(i, i + CHUNK))];
    if (!part.length) continue;
    const rows = await db.selectFrom('import_keys').select(['key', 'kind', 'target_id', 'pending_parent']).where('key', 'in', part).execute();
    for (const r of rows) out.set(r.key, { key: r.key, kind: r.kind, targetId: r.target_id, pendingParent: r.pending_parent });
  }
  return out;
}

export async function insertKeys(db: Db, rows: { key: string; kind: string; targetId: number; runId: number; pendingParent?: string | null }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('import_keys')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ key: r.key, kind: r.kind, target_id: r.targetId, run_id: r.runId, pending_parent: r.pendingParent ?? null })))
      .execute();
  }
}

export interface PlacedComment {
  id: number;
  storyId: number;
  rootId: number | null;
  depth: number;
}

/** Imported comments by their source keys, with where they sit in their thread. */
export async function findCommentsByKey(db: Db, keys: string[]): Promise<Map<string, PlacedComment>> {
  const out = new Map<string, PlacedComment>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const part = [...new Set(keys.slice(i, i + CHUNK))];
    if (!part.length) continue;
    const rows = await db
      .selectFrom('import_keys')
      .innerJoin('comments', 'comments.id', 'import_keys.target_id')
      .select(['import_keys.key', 'comments.id', 'comments.story_id', 'comments.root_id', 'comments.depth'])
      .where('import_keys.kind', '=', 'comment')
      .where('import_keys.key', 'in', part)
      .execute();
    for (const r of rows) out.set(r.key, { id: r.id, storyId: r.story_id, rootId: r.root_id, depth: r.depth });
  }
  return out;
}

/** The first story whose original URL is one of these spellings of the thread's URL. */
export async function findStoryByUrl(db: Db, urls: string[]): Promise<{ id: number; premoderated: boolean } | undefined> {
  const row = await db.selectFrom('stories').select(['id', 'premoderated']).where('original_url', 'in', urls).orderBy('id').limit(1).executeTakeFirst();
  return row && { id: row.id, premoderated: row.premoderated === 1 };
}

export async function storyFlags(db: Db, ids: number[]): Promise<Map<number, { premoderated: boolean }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('stories').select(['id', 'premoderated']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { premoderated: r.premoderated === 1 }]));
}

/** The publisher an import's new stories belong to (one per source site), created on first use; never fetched. */
export async function ensureImportPublisher(db: Db, input: { slug: string; name: string; siteUrl: string; now: Date }): Promise<number> {
  await db
    .insertInto('publishers')
    .values({ slug: input.slug, name: input.name, site_url: input.siteUrl, feed_url: null, created_at: input.now.toISOString() })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const row = await db.selectFrom('publishers').select('id').where('slug', '=', input.slug).executeTakeFirstOrThrow();
  return row.id;
}

export async function setImportedStoryState(db: Db, storyId: number, input: { unpublished: boolean; closed: boolean }): Promise<void> {
  if (!input.unpublished && !input.closed) return;
  await db
    .updateTable('stories')
    .set({ ...(input.unpublished ? { status: 'unpublished' } : {}), ...(input.closed ? { comments_open: 0 } : {}) })
    .where('id', '=', storyId)
    .execute();
}

/**
 * An imported author's account: an address under .invalid that no mail reaches, a password hash that no
 * password matches, and the source it came from, so it cannot log in and is never taken for a local account.
 */
export async function insertImportedUser(db: Db, input: { email: string; displayName: string; importedFrom: string; createdAt: string }): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email: input.email, display_name: input.displayName, password_hash: '!', imported_from: input.importedFrom, created_at: input.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function usersById(db: Db, ids: number[]): Promise<Map<number, { createdAt: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'created_at']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, { createdAt: r.created_at }]));
}

export interface ImportedComment {
  storyId: number;
  userId: number;
  parent: PlacedComment | null;
  bodyMd: string;
  bodyHtml: string;
  status: CommentStatus;
  flags: string;
  createdAt: string;
}

export async function insertImportedComment(db: Db, input: ImportedComment): Promise<PlacedComment> {
  const deleted = input.status === 'deleted';
  const place = placeUnder(input.parent);
  const row = await db
    .insertInto('comments')
    .values({
      story_id: input.storyId,
      user_id: input.userId,
      ...place,
      // A deleted comment leaves a placeholder, as a deletion here does; its text stays in its revision.
      body_md: deleted ? '' : input.bodyMd,
      body_hash: deleted ? null : bodyHash(input.bodyMd),
      body_html: deleted ? '' : input.bodyHtml,
      status: input.status,
      flags: input.flags,
      created_at: input.createdAt,
      deleted_at: deleted ? input.createdAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, storyId: input.storyId, rootId: place.root_id, depth: place.depth };
}

export async function insertRevisions(
  db: Db,
  rows: { commentId: number; bodyMd: string; bodyHtml: string; decisionJson: string; createdAt: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('comment_revisions')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          comment_id: r.commentId,
          revision: 1,
          body_md: r.bodyMd,
          body_html: r.bodyHtml,
          decision_json: r.decisionJson,
          created_at: r.createdAt,
        })),
      )
      .execute();
  }
}

export async function addCommentCounts(db: Db, deltas: Map<number, number>): Promise<void> {
  for (const [storyId, delta] of deltas) {
    if (delta) await db.updateTable('stories').set((eb) => ({ comment_count: eb('comment_count', '+', delta) })).where('id', '=', storyId).execute();
  }
}

/** Replies still waiting for their parent, a page at a time (by key). */
export async function pendingReplies(db: Db, input: { after: string; limit: number }) {
  return db
    .selectFrom('import_keys')
    .select(['key', 'target_id', 'pending_parent', 'run_id'])
    .where('pending_parent', 'is not', null)
    .where('key', '>', input.after)
    .orderBy('key')
    .limit(input.limit)
    .execute();
}

export async function countPending(db: Db, runId: number): Promise<number> {
  const row = await db
    .selectFrom('import_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('run_id', '=', runId)
    .where('pending_parent', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Moves a reply that was stored at the top level (its parent not yet imported) under its parent: the
 * reply and every comment under it take the parent's root, and go as many levels deeper as the parent is
 * deep plus one. Refused (returns false) when the parent is in another story or under the reply itself.
 */
export async function relinkReply(db: Db, input: { key: string; childId: number; parentId: number }): Promise<boolean> {
  const child = await db.selectFrom('comments').select(['id', 'story_id', 'root_id', 'parent_id']).where('id', '=', input.childId).executeTakeFirst();
  // Read now, not earlier: the parent may itself have just been moved under its own parent.
  const parent = await db.selectFrom('comments').select(['id', 'story_id', 'root_id', 'depth']).where('id', '=', input.parentId).executeTakeFirst();
  const ok = child && parent && child.root_id === null && child.parent_id === null && parent.story_id === child.story_id && parent.id !== child.id && parent.root_id !== child.id;
  if (ok) {
    const rootId = parent.root_id ?? parent.id;
    const shift = parent.depth + 1;
    await db
      .updateTable('comments')
      .set((eb) => ({ root_id: rootId, depth: eb('depth', '+', shift) }))
      .where('root_id', '=', child.id)
      .execute();
    await db.updateTable('comments').set({ parent_id: parent.id, root_id: rootId, depth: shift }).where('id', '=', child.id).execute();
  }
  await db.updateTable('import_keys').set({ pending_parent: null }).where('key', '=', input.key).execute();
  return Boolean(ok);
}

/** The tables an archive's records go into, and how a row is recognised as already there without an import key. */
export type ArchiveTable = 'users' | 'account_actions' | 'publishers' | 'authors' | 'stories' | 'story_revisions' | 'takedowns' | 'comments' | 'comment_revisions' | 'moderation_log' | 'votes' | 'reports' | 'appeals' | 'author_aliases';

/** Inserts one archived row and returns its new id. */
export async function insertArchivedRow(db: Db, table: ArchiveTable, values: Record<string, unknown>): Promise<number> {
  const row = await db
    .insertInto(table as 'users')
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts archived rows that have a natural key of their own (votes, reports, appeals, revisions, aliases); ones already there stay. Returns how many were new. */
export async function insertArchivedRows(db: Db, table: ArchiveTable, rows: Record<string, unknown>[], unique: string[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const [result] = await db
      .insertInto(table as 'votes')
      .values(rows.slice(i, i + CHUNK) as never)
      .onConflict((oc) => oc.columns(unique as never).doNothing())
      .execute();
    added += Number(result?.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Sets the setting; returns whether that changed anything. */
export async function putSetting(db: Db, key: string, value: string): Promise<boolean> {
  const before = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (before?.value === value) return false;
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return true;
}

/** An archive's policy version replaces the database's version of the same number; returns whether that changed anything. */
export async function putPolicy(db: Db, input: { version: number; policyJson: string; createdAt: string; createdBy: number | null }): Promise<boolean> {
  const values = { policy_json: input.policyJson, created_at: input.createdAt, created_by: input.createdBy };
  const before = await db.selectFrom('policies').selectAll().where('version', '=', input.version).executeTakeFirst();
  if (before && before.policy_json === values.policy_json && before.created_at === values.created_at && before.created_by === values.created_by) return false;
  await db.insertInto('policies').values({ version: input.version, ...values }).onConflict((oc) => oc.column('version').doUpdateSet(values)).execute();
  return true;
}

export async function userIdByEmail(db: Db, email: string): Promise<number | undefined> {
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id;
}

export async function publisherIdBySlug(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('publishers').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function authorIdFor(db: Db, input: { slug: string; publisherId: number; name: string }): Promise<{ id: number; sameSlug: boolean } | undefined> {
  const bySlug = await db.selectFrom('authors').select(['id', 'publisher_id']).where('slug', '=', input.slug).executeTakeFirst();
  if (bySlug && bySlug.publisher_id === input.publisherId) return { id: bySlug.id, sameSlug: true };
  const byName = await db.selectFrom('authors').select('id').where('publisher_id', '=', input.publisherId).where('name', '=', input.name).executeTakeFirst();
  if (byName) return { id: byName.id, sameSlug: false };
  return bySlug ? { id: -1, sameSlug: true } : undefined;
}

export async function storyIdByGuid(db: Db, publisherId: number, guid: string): Promise<number | undefined> {
  return (await db.selectFrom('stories').select('id').where('publisher_id', '=', publisherId).where('guid', '=', guid).executeTakeFirst())?.id;
}

/** The slug, or the first "slug-N" free in the table. */
export async function freeSlug(db: Db, table: 'stories' | 'authors', slug: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`;
    if (!(await db.selectFrom(table).select('id').where('slug', '=', candidate).executeTakeFirst())) return candidate;
  }
}

/** Sets each story's comment count to its published comments (after comments were added to it). */
export async function recountComments(db: Db, storyIds: number[]): Promise<void> {
  for (let i = 0; i < storyIds.length; i += CHUNK) {
    await db
      .updateTable('stories')
      .set((eb) => ({
        comment_count: eb
          .selectFrom('comments')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('comments.story_id', '=', 'stories.id')
          .where('comments.status', '=', 'published'),
      }))
      .where('id', 'in', storyIds.slice(i, i + CHUNK))
      .execute();
  }
}

/** This database's id in archives it writes (made once, kept in settings, never exported). */
export async function instanceId(db: Db, fresh: () => string): Promise<string> {
  await db.insertInto('settings').values({ key: 'instance_id', value: fresh() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', 'instance_id').executeTakeFirstOrThrow()).value;
}

/** Comment ids for keys (archive import: a parent or root comment already stored). */
export async function targetIds(db: Db, keys: string[]): Promise<Map<string, number>> {
  const found = await findKeys(db, keys);
  return new Map([...found].map(([k, v]) => [k, v.targetId]));
}

export async function insertKeyIfNew(db: Db, row: { key: string; kind: string; targetId: number; runId: number; pendingParent: string | null }): Promise<boolean> {
  const r = await db
    .insertInto('import_keys')
    .values({ key: row.key, kind: row.kind, target_id: row.targetId, run_id: row.runId, pending_parent: row.pendingParent })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  return r !== undefined;
}
