/**
 * The comment aggregate: comments with their revisions, votes and reports.
 * Pages of a thread are read by cursor, top-level comments first and then their replies,
 * so a story with 10,000 comments is never loaded whole.
 */
import { createHash } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { Comment, CommentSort, CommentStatus, ReportReason, VoteValue } from '../domain/comment.ts';
import type { Decision } from '../domain/moderation.ts';
import type { Dialect } from './database.ts';
import type { CommentsTable, DB } from './schema.ts';
import { prepared, slot } from './prepared.ts';

type Db = Kysely<DB>;
type Row = Selectable<CommentsTable> & { display_name: string };

const toComment = (r: Row): Comment => ({
  id: r.id,
  storyId: r.story_id,
  userId: r.user_id,
  authorName: r.display_name,
  parentId: r.parent_id,
  rootId: r.root_id,
  depth: r.depth,
  bodyMd: r.body_md,
  bodyHtml: r.body_html,
  status: r.status as CommentStatus,
  score: r.score,
  upvotes: r.upvotes,
  downvotes: r.downvotes,
  revision: r.revision,
  createdAt: r.created_at,
  editedAt: r.edited_at,
});

/** Readers see published comments and deleted placeholders; an author also sees their own held and rejected ones. */
function visibleTo(viewerId: number | undefined) {
  return (eb: ExpressionBuilder<DB, 'comments'>) =>
    viewerId === undefined
      ? eb('comments.status', 'in', ['published', 'deleted'])
      : eb.or([
          eb('comments.status', 'in', ['published', 'deleted']),
          eb.and([eb('comments.status', 'in', ['held', 'rejected']), eb('comments.user_id', '=', viewerId)]),
        ]);
}

function withAuthor(db: Db) {
  return db.selectFrom('comments').innerJoin('users', 'users.id', 'comments.user_id').selectAll('comments').select('users.display_name');
}

/** The digest the duplicate check looks comments up by (the same text, byte for byte). */
export function bodyHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The categories a decision flagged, as stored for queue filters. */
export function flagsOf(decision: Decision): string {
  return [...new Set(decision.reasons.map((r) => r.category))].join(',');
}

export async function findComment(db: Db, id: number): Promise<Comment | undefined> {
  const row = await withAuthor(db).where('comments.id', '=', id).executeTakeFirst();
  return row && toComment(row);
}

/** Several comments by id in one query (e.g. the parents of a page of queue items). */
export async function findComments(db: Db, ids: number[]): Promise<Map<number, Comment>> {
  if (ids.length === 0) return new Map();
  const rows = await withAuthor(db).where('comments.id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, toComment(r)]));
}

export interface NewComment {
  storyId: number;
  userId: number;
  /** The author's display name, as the stored comment reports it. */
  authorName: string;
  parent: Pick<Comment, 'id' | 'rootId' | 'depth'> | null;
  bodyMd: string;
  bodyHtml: string;
  status: CommentStatus;
  decision: Decision;
  now: Date;
}

/** Where a comment sits in its thread: its parent, the thread's top-level comment, its depth. */
export function placeUnder(parent: Pick<Comment, 'id' | 'rootId' | 'depth'> | null) {
  return { parent_id: parent?.id ?? null, root_id: parent ? (parent.rootId ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0 };
}

/** Inserts the comment and its first revision. Run inside the command's transaction. */
const insertCommentRow = prepared<
  { storyId: number; userId: number; parentId: number | null; rootId: number | null; depth: number; bodyMd: string; bodyHash: string; bodyHtml: string; status: string; flags: string; at: string },
  { id: number }
>((db) =>
  db
    .insertInto('comments')
    .values({
      story_id: slot<number>('storyId'),
      user_id: slot<number>('userId'),
      parent_id: slot<number | null>('parentId'),
      root_id: slot<number | null>('rootId'),
      depth: slot<number>('depth'),
      body_md: slot<string>('bodyMd'),
      body_hash: slot<string>('bodyHash'),
      body_html: slot<string>('bodyHtml'),
      status: slot<CommentStatus>('status'),
      flags: slot<string>('flags'),
      created_at: slot<string>('at'),
    })
    .returning('id'),
);

const insertFirstRevision = prepared<{ commentId: number; bodyMd: string; bodyHtml: string; decision: string; at: string }, unknown>((db) =>
  db.insertInto('comment_revisions').values({
    comment_id: slot<number>('commentId'),
    revision: 1,
    body_md: slot<string>('bodyMd'),
    body_html: slot<string>('bodyHtml'),
    decision_json: slot<string>('decision'),
    created_at: slot<string>('at'),
  }),
);

export async function insertComment(db: Db, input: NewComment): Promise<Comment> {
  const at = input.now.toISOString();
  const place = placeUnder(input.parent);
  const [row] = (
    await insertCommentRow(db, {
      storyId: input.storyId,
      userId: input.userId,
      parentId: place.parent_id,
      rootId: place.root_id,
      depth: place.depth,
      bodyMd: input.bodyMd,
      bodyHash: bodyHash(input.bodyMd),
      bodyHtml: input.bodyHtml,
      status: input.status,
      flags: flagsOf(input.decision),
      at,
    })
  ).rows;
  const id = Number(row!.id);
  await insertFirstRevision(db, { commentId: id, bodyMd: input.bodyMd, bodyHtml: input.bodyHtml, decision: JSON.stringify(input.decision), at });
  return {
    id,
    storyId: input.storyId,
    userId: input.userId,
    authorName: input.authorName,
    parentId: place.parent_id,
    rootId: place.root_id,
    depth: place.depth,
    bodyMd: input.bodyMd,
    bodyHtml: input.bodyHtml,
    status: input.status,
    score: 0,
    upvotes: 0,
    downvotes: 0,
    revision: 1,
    createdAt: at,
    editedAt: null,
  };
}

/** Stores a new revision and makes it current. */
export async function reviseComment(
  db: Db,
  input: { comment: Comment; bodyMd: string; bodyHtml: string; status: CommentStatus; decision: Decision; now: Date },
): Promise<Comment> {
  const revision = input.comment.revision + 1;
  const at = input.now.toISOString();
  await db
    .insertInto('comment_revisions')
    .values({
      comment_id: input.comment.id,
      revision,
      body_md: input.bodyMd,
      body_html: input.bodyHtml,
      decision_json: JSON.stringify(input.decision),
      created_at: at,
    })
    .execute();
  await db
    .updateTable('comments')
    .set({ body_md: input.bodyMd, body_hash: bodyHash(input.bodyMd), body_html: input.bodyHtml, status: input.status, revision, edited_at: at, flags: flagsOf(input.decision) })
    .where('id', '=', input.comment.id)
    .execute();
  return (await findComment(db, input.comment.id))!;
}

/** Leaves a placeholder: the text goes from the page, the revisions stay for the moderation record. */
export async function markDeleted(db: Db, id: number, now: Date): Promise<void> {
  await db
    .updateTable('comments')
    .set({ status: 'deleted', body_md: '', body_hash: null, body_html: '', deleted_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function listRevisions(db: Db, commentId: number) {
  return db.selectFrom('comment_revisions').selectAll().where('comment_id', '=', commentId).orderBy('revision').execute();
}

/** Where a page of top-level comments starts: after the last one of the previous page. */
export interface CommentCursor {
  id: number;
  score?: number;
}

export async function listTopLevel(
  db: Db,
  input: { storyId: number; sort: CommentSort; after?: CommentCursor; limit: number; viewerId?: number },
): Promise<Comment[]> {
  let q = withAuthor(db).where('comments.story_id', '=', input.storyId).where('comments.root_id', 'is', null).where(visibleTo(input.viewerId));
  const after = input.after;
  if (input.sort === 'newest') {
    if (after) q = q.where('comments.id', '<', after.id);
    q = q.orderBy('comments.id', 'desc');
  } else if (input.sort === 'oldest') {
    if (after) q = q.where('comments.id', '>', after.id);
    q = q.orderBy('comments.id', 'asc');
  } else {
    if (after) {
      const score = after.score ?? 0;
      q = q.where((eb) =>
        eb.or([eb('comments.score', '<', score), eb.and([eb('comments.score', '=', score), eb('comments.id', '<', after.id)])]),
      );
    }
    q = q.orderBy('comments.score', 'desc').orderBy('comments.id', 'desc');
  }
  const rows = await q.limit(input.limit).execute();
  return rows.map(toComment);
}

/** The first `perRoot` replies (oldest first) under each of the given top-level comments. */
export async function listReplies(db: Db, input: { rootIds: number[]; perRoot: number; viewerId?: number }): Promise<Comment[]> {
  if (input.rootIds.length === 0) return [];
  const ranked = db
    .selectFrom('comments')
    .select(['comments.id', sql<number>`row_number() over (partition by comments.root_id order by comments.id)`.as('rn')])
    .where('comments.root_id', 'in', input.rootIds)
    .where(visibleTo(input.viewerId))
    .as('ranked');
  const rows = await withAuthor(db)
    .innerJoin(ranked, 'ranked.id', 'comments.id')
    .where('ranked.rn', '<=', input.perRoot)
    .orderBy('comments.id')
    .execute();
  return rows.map(toComment);
}

/** Replies per top-level comment that the viewer can see, to say "N more replies". */
export async function countReplies(db: Db, input: { rootIds: number[]; viewerId?: number }): Promise<Map<number, number>> {
  if (input.rootIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select(['comments.root_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('comments.root_id', 'in', input.rootIds)
    .where(visibleTo(input.viewerId))
    .groupBy('comments.root_id')
    .execute();
  return new Map(rows.map((r) => [r.root_id!, Number(r.n)]));
}

/** Every visible reply under one top-level comment, oldest first (the thread page). */
export async function listThread(db: Db, input: { rootId: number; limit: number; viewerId?: number }): Promise<Comment[]> {
  const rows = await withAuthor(db)
    .where('comments.root_id', '=', input.rootId)
    .where(visibleTo(input.viewerId))
    .orderBy('comments.id')
    .limit(input.limit)
    .execute();
  return rows.map(toComment);
}

/**
 * Sets (or with 0 clears) the user's vote and adjusts the comment's tallies by the difference.
 * The comment row is locked first on PostgreSQL, so concurrent votes on one comment apply one
 * at a time; the (comment, user) primary key makes a user's vote count once however often it is sent.
 */
export async function setVote(
  db: Db,
  dialect: Dialect,
  input: { commentId: number; userId: number; value: VoteValue; now: Date },
): Promise<{ score: number; upvotes: number; downvotes: number; value: VoteValue }> {
  let lock = db.selectFrom('comments').select('id').where('id', '=', input.commentId);
  if (dialect === 'postgres') lock = lock.forUpdate();
  await lock.executeTakeFirst();
  const prev = await db
    .selectFrom('votes')
    .select('value')
    .where('comment_id', '=', input.commentId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  const before = (prev?.value ?? 0) as VoteValue;
  if (before !== input.value) {
    if (input.value === 0) {
      await db.deleteFrom('votes').where('comment_id', '=', input.commentId).where('user_id', '=', input.userId).execute();
    } else {
      await db
        .insertInto('votes')
        .values({ comment_id: input.commentId, user_id: input.userId, value: input.value, created_at: input.now.toISOString() })
        .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doUpdateSet({ value: input.value }))
        .execute();
    }
    const up = (input.value === 1 ? 1 : 0) - (before === 1 ? 1 : 0);
    const down = (input.value === -1 ? 1 : 0) - (before === -1 ? 1 : 0);
    await db
      .updateTable('comments')
      .set((eb) => ({
        upvotes: eb('upvotes', '+', up),
        downvotes: eb('downvotes', '+', down),
        score: eb('score', '+', up - down),
      }))
      .where('id', '=', input.commentId)
      .execute();
  }
  const row = await db
    .selectFrom('comments')
    .select(['score', 'upvotes', 'downvotes'])
    .where('id', '=', input.commentId)
    .executeTakeFirstOrThrow();
  return { ...row, value: input.value };
}

/** The viewer's own votes on the given comments. */
export async function votesBy(db: Db, userId: number, commentIds: number[]): Promise<Map<number, VoteValue>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('votes')
    .select(['comment_id', 'value'])
    .where('user_id', '=', userId)
    .where('comment_id', 'in', commentIds)
    .execute();
  return new Map(rows.map((r) => [r.comment_id, r.value as VoteValue]));
}

/** Records the report; returns false when this user already reported this comment. */
export async function insertReport(
  db: Db,
  input: { commentId: number; userId: number; reason: ReportReason; text: string | null; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('reports')
    .values({
      comment_id: input.commentId,
      user_id: input.userId,
      reason: input.reason,
      text: input.text,
      created_at: input.now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listReports(db: Db, commentId: number) {
  return db.selectFrom('reports').selectAll().where('comment_id', '=', commentId).orderBy('id').execute();
}

export async function reportedBy(db: Db, userId: number, commentIds: number[]): Promise<Set<number>> {
  if (commentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('reports')
    .select('comment_id')
    .where('user_id', '=', userId)
    .where('comment_id', 'in', commentIds)
    .execute();
  return new Set(rows.map((r) => r.comment_id));
}

/** Facts about an author and a text that the moderation pipeline needs, gathered before it runs. */
/** Published comments are counted up to this many: the new-commenter rule asks about the first 100 at most. */
export const PUBLISHED_COUNTED = 100;

// The author's record and the same text's recent copies, in one statement. Each part reads a bounded stretch of an
// index (user, status, time; text digest, time), so a prolific author costs about what a new one does: summing over
// all of an author's comments, as this did before, took 1.6 ms per post at 10,000 of them, on the event loop.
const facts = prepared<
  { userId: number; monthAgo: string; minutesAgo: string; hash: string; dayAgo: string; text: string },
  { published: number; rejected: number; recent: number; duplicates: number }
>((db) =>
  db.selectNoFrom((eb) => [
    // Those up to the 100th one's time: two short walks of the index, however many there are.
    eb
      .selectFrom('comments')
      .select((c) => c.fn.countAll<number>().as('n'))
      .where('user_id', '=', slot<number>('userId'))
      .where('status', '=', 'published')
      .where((w) =>
        w(
          'created_at',
          '<=',
          w.fn.coalesce(
            w
              .selectFrom('comments as p')
              .select('p.created_at')
              .where('p.user_id', '=', slot<number>('userId'))
              .where('p.status', '=', 'published')
              .orderBy('p.created_at')
              .limit(1)
              .offset(PUBLISHED_COUNTED - 1),
            w.val('9999'),
          ),
        ),
      )
      .as('published'),
    eb
      .selectFrom('comments')
      .select((c) => c.fn.countAll<number>().as('n'))
      .where('user_id', '=', slot<number>('userId'))
      .where('status', '=', 'rejected')
      .where('created_at', '>', slot<string>('monthAgo'))
      .as('rejected'),
    eb
      .selectFrom('comments')
      .select((c) => c.fn.countAll<number>().as('n'))
      .where('user_id', '=', slot<number>('userId'))
      .where('status', 'in', ['published', 'held', 'rejected', 'deleted'])
      .where('created_at', '>', slot<string>('minutesAgo'))
      .as('recent'),
    eb
      .selectFrom('comments as copy')
      .select((c) => c.fn.countAll<number>().as('n'))
      .where('copy.body_hash', '=', slot<string>('hash'))
      .where('copy.created_at', '>', slot<string>('dayAgo'))
      .where('copy.body_md', '=', slot<string>('text'))
      .as('duplicates'),
  ]),
);

export async function moderationFacts(db: Db, input: { userId: number; text: string; now: Date }) {
  const t = input.now.getTime();
  const since = (ms: number) => new Date(t - ms).toISOString();
  const [row] = (
    await facts(db, {
      userId: input.userId,
      monthAgo: since(30 * 86_400_000),
      minutesAgo: since(10 * 60_000),
      hash: bodyHash(input.text),
      dayAgo: since(86_400_000),
      text: input.text,
    })
  ).rows;
  return {
    publishedCount: Number(row?.published ?? 0),
    recentRejections: Number(row?.rejected ?? 0),
    recentCommentCount: Number(row?.recent ?? 0),
    duplicateCount: Number(row?.duplicates ?? 0),
  };
}

export async function setStatus(db: Db, id: number, status: CommentStatus): Promise<void> {
  await db.updateTable('comments').set({ status }).where('id', '=', id).execute();
}
