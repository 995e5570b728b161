/** The live event log (see migration 014): appended with each visible change, in its transaction; read by live streams. */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { prepared, slot } from './prepared.ts';

type Db = Kysely<DB>;

export interface LiveEventRow {
  seq: number;
  storyId: number;
  type: string;
  commentId: number;
}

const append = prepared<{ storyId: number; type: string; commentId: number; at: string }, { id: number }>((db) =>
  db
    .insertInto('live_events')
    .values({ story_id: slot<number>('storyId'), type: slot<string>('type'), comment_id: slot<number>('commentId'), created_at: slot<string>('at') })
    .returning('id'),
);

export async function appendLiveEvent(db: Db, input: { storyId: number; type: string; commentId: number; now: Date }): Promise<number> {
  const [row] = (await append(db, { storyId: input.storyId, type: input.type, commentId: input.commentId, at: input.now.toISOString() })).rows;
  return Number(row!.id);
}

/** Events after `after` on these stories, oldest first. */
export async function liveEventsSince(db: Db, input: { storyIds: number[]; after: number; limit: number }): Promise<LiveEventRow[]> {
  if (!input.storyIds.length) return [];
  const rows = await db
    .selectFrom('live_events')
    .select(['id', 'story_id', 'type', 'comment_id'])
    .where('story_id', 'in', input.storyIds)
    .where('id', '>', input.after)
    .orderBy('id')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.id), storyId: r.story_id, type: r.type, commentId: r.comment_id }));
}

/** The newest sequence number (0 when there is none): a page rendered now has seen everything up to it. */
export async function latestLiveSeq(db: Db, storyId?: number): Promise<number> {
  let query = db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('max'));
  if (storyId !== undefined) query = query.where('story_id', '=', storyId);
  const row = await query.executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function pruneLiveEvents(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('live_events').where('created_at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
