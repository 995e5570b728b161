/**
 * What moderators read and change: the queues (pending, reported, appeals, recent, rejected) with
 * their counts and filters, an author's history, and the resolution of reports and appeals.
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { CommentStatus } from '../domain/comment.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB>;

export const QUEUES = ['pending', 'reported', 'appeals', 'recent', 'rejected'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface QueueFilter {
  storyId?: number;
  category?: string;
  authorId?: number;
}

export interface QueueRow {
  id: number;
  storyId: number;
  storySlug: string;
  storyTitle: string;
  userId: number;
  authorName: string;
  parentId: number | null;
  bodyMd: string;
  bodyHtml: string;
  status: CommentStatus;
  revision: number;
  flags: string[];
  createdAt: string;
  openReports: number;
  appealId: number | null;
}

const openReports = (eb: ExpressionBuilder<DB, 'comments'>) =>
  eb
    .selectFrom('reports')
    .select((r) => r.fn.countAll<number>().as('n'))
    .whereRef('reports.comment_id', '=', 'comments.id')
    .where('reports.resolution', 'is', null);

function inQueue(queue: QueueName) {
  return <O>(q: SelectQueryBuilder<DB, 'comments', O>) => {
    switch (queue) {
      case 'pending':
        // Held by the pipeline or by readers' reports, and not waiting on an appeal.
        return q
          .where('comments.status', '=', 'held')
          .where((eb) => eb.not(eb.exists(eb.selectFrom('appeals').select('appeals.id').whereRef('appeals.comment_id', '=', 'comments.id').where('appeals.status', '=', 'open'))));
      case 'reported':
        return q.where('comments.status', '=', 'published').where((eb) => eb(openReports(eb), '>', 0));
      case 'appeals':
        return q.where((eb) => eb.exists(eb.selectFrom('appeals').select('appeals.id').whereRef('appeals.comment_id', '=', 'comments.id').where('appeals.status', '=', 'open')));
      case 'recent':
        return q.where('comments.status', '!=', 'deleted');
      case 'rejected':
        return q.where('comments.status', '=', 'rejected');
    }
  };
}

function filtered<O>(q: SelectQueryBuilder<DB, 'comments', O>, filter: QueueFilter) {
  if (filter.storyId !== undefined) q = q.where('comments.story_id', '=', filter.storyId);
  if (filter.authorId !== undefined) q = q.where('comments.user_id', '=', filter.authorId);
  if (filter.category) q = q.where('comments.flags', 'like', `%${filter.category.replace(/[%_]/g, '')}%`);
  return q;
}

export async function queueCounts(db: Db, filter: QueueFilter = {}): Promise<Record<QueueName, number>> {
  const counts = {} as Record<QueueName, number>;
  for (const queue of QUEUES) {
    if (queue === 'recent') {
      counts.recent = 0;
      continue;
    }
    const row = await filtered(inQueue(queue)(db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'))), filter).executeTakeFirstOrThrow();
    counts[queue] = Number(row.n);
  }
  return counts;
}

/**
 * The counts with the moderation log's position when they were read. The position is read after the
 * counts, so a decision at or below it may be missing from them but never one above it: a page that
 * made decision N knows the counts already include it only when the position is N or more, and a
 * later snapshot corrects the rare one that does not.
 */
export async function queueSnapshot(db: Db, filter: QueueFilter = {}): Promise<{ counts: Record<QueueName, number>; version: number }> {
  const counts = await queueCounts(db, filter);
  const row = await db.selectFrom('moderation_log').select((eb) => eb.fn.max('id').as('v')).executeTakeFirst();
  return { counts, version: Number(row?.v ?? 0) };
}

/** One page of a queue: oldest first (recent: newest first). */
export async function listQueue(db: Db, input: { queue: QueueName; filter: QueueFilter; limit: number; offset: number; newestFirst?: boolean }): Promise<QueueRow[]> {
  const base = db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.user_id')
    .innerJoin('stories', 'stories.id', 'comments.story_id')
    .select((eb) => [
      'comments.id',
      'comments.story_id',
      'stories.slug as story_slug',
      'stories.title as story_title',
      'comments.user_id',
      'users.display_name',
      'comments.parent_id',
      'comments.body_md',
      'comments.body_html',
      'comments.status',
      'comments.revision',
      'comments.flags',
      'comments.created_at',
      openReports(eb).as('open_reports'),
      eb
        .selectFrom('appeals')
        .select('appeals.id')
        .whereRef('appeals.comment_id', '=', 'comments.id')
        .where('appeals.status', '=', 'open')
        .limit(1)
        .as('appeal_id'),
    ]);
  const newest = input.newestFirst ?? input.queue === 'recent';
  const rows = await filtered(inQueue(input.queue)(base), input.filter)
    .orderBy('comments.id', newest ? 'desc' : 'asc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    storyId: r.story_id,
    storySlug: r.story_slug,
    storyTitle: r.story_title,
    userId: r.user_id,
    authorName: r.display_name,
    parentId: r.parent_id,
    bodyMd: r.body_md,
    bodyHtml: r.body_html,
    status: r.status as CommentStatus,
    revision: r.revision,
    flags: r.flags ? r.flags.split(',') : [],
    createdAt: r.created_at,
    openReports: Number(r.open_reports ?? 0),
    appealId: r.appeal_id ?? null,
  }));
}

export interface AuthorHistory {
  userId: number;
  joined: string;
  published: number;
  held: number;
  rejected: number;
  reportsMade: number;
  reportsUpheld: number;
}

export async function authorHistories(db: Db, userIds: number[]): Promise<Map<number, AuthorHistory>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select((eb) => [
      'users.id',
      'users.created_at',
      eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.user_id', '=', 'users.id').where('comments.status', '=', 'published').as('published'),
      eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.user_id', '=', 'users.id').where('comments.status', '=', 'held').as('held'),
      eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.user_id', '=', 'users.id').where('comments.status', '=', 'rejected').as('rejected'),
      eb.selectFrom('reports').select((c) => c.fn.countAll<number>().as('n')).whereRef('reports.user_id', '=', 'users.id').as('reports_made'),
      eb
        .selectFrom('reports')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('reports.user_id', '=', 'users.id')
        .where('reports.resolution', '=', 'upheld')
        .as('reports_upheld'),
    ])
    .where('users.id', 'in', userIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        userId: r.id,
        joined: r.created_at,
        published: Number(r.published ?? 0),
        held: Number(r.held ?? 0),
        rejected: Number(r.rejected ?? 0),
        reportsMade: Number(r.reports_made ?? 0),
        reportsUpheld: Number(r.reports_upheld ?? 0),
      },
    ]),
  );
}

export async function resolveReports(db: Db, input: { commentId: number; resolution: 'upheld' | 'dismissed'; by: number; now: Date }): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ resolution: input.resolution, resolved_at: input.now.toISOString(), resolved_by: input.by })
    .where('comment_id', '=', input.commentId)
    .where('resolution', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function openAppeal(db: Db, commentId: number) {
  return db.selectFrom('appeals').selectAll().where('comment_id', '=', commentId).where('status', '=', 'open').executeTakeFirst();
}

export async function closeAppeal(db: Db, input: { appealId: number; status: 'upheld' | 'denied'; outcome: string; by: number; now: Date }): Promise<void> {
  await db
    .updateTable('appeals')
    .set({ status: input.status, outcome: input.outcome, decided_by: input.by, decided_at: input.now.toISOString() })
    .where('id', '=', input.appealId)
    .execute();
}
