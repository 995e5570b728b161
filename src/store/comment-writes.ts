/**
 * What posting, editing, deleting, voting, readers' reports hiding a comment and a moderator's decision write, each
 * as one transaction: the
 * comment's rows, the moderation log, reports and appeals, the story's count and the live event. They are
 * write procedures (sqlite-writer.ts): with SQLite, each runs whole on the writer thread in one round trip;
 * with PostgreSQL, in an ordinary transaction. The use cases (commands/comments.ts, commands/review.ts)
 * decide everything first and pass plain data.
 */
import type { Comment, CommentStatus, VoteValue } from '../domain/comment.ts';
import type { Decision } from '../domain/moderation.ts';
import type { CommentEvent, CommentEventType } from '../live/bus.ts';
import { findComment, insertComment, markDeleted, reviseComment, setStatus, setVote, type NewComment } from './comments.ts';
import type { Dialect } from './database.ts';
import { appendLiveEvent } from './live-events.ts';
import { logDecision } from './moderation.ts';
import { closeAppeal, openAppeal, resolveReports } from './review.ts';
import type { DB } from './schema.ts';
import { addToCommentCount } from './stories.ts';
import { writeProcedure } from './sqlite-writer.ts';
import type { Kysely } from 'kysely';

/**
 * Adds the change to the live event log, inside the change's transaction: its row id is the sequence number
 * every instance shares, and a change that is stored always has one (commands/announce.ts publishes it).
 */
async function record(trx: Kysely<DB>, type: CommentEventType, comment: { storyId: number; id: number }, now: Date): Promise<CommentEvent> {
  const seq = await appendLiveEvent(trx, { type, storyId: comment.storyId, commentId: comment.id, now });
  return { type, storyId: comment.storyId, commentId: comment.id, seq };
}

/** The pipeline's decision, as the moderation log keeps it. */
function logPipeline(trx: Kysely<DB>, comment: Comment, decision: Decision, now: Date) {
  return logDecision(trx, {
    commentId: comment.id,
    revision: comment.revision,
    action: decision.action,
    actor: 'pipeline',
    reasonCodes: [...new Set(decision.reasons.map((r) => r.category))],
    detail: { reasons: decision.reasons, notice: decision.notice ?? null },
    policyVersion: decision.policyVersion,
    now,
  });
}

export const storeNewComment = writeProcedure(import.meta.url, 'storeNewComment', async (trx, input: NewComment) => {
  const comment = await insertComment(trx, input);
  await logPipeline(trx, comment, input.decision, input.now);
  if (comment.status === 'published') await addToCommentCount(trx, comment.storyId, 1);
  return { comment, event: await record(trx, 'comment.created', comment, input.now) };
});

export const storeRevision = writeProcedure(
  import.meta.url,
  'storeRevision',
  async (trx, input: { comment: Comment; bodyMd: string; bodyHtml: string; status: CommentStatus; decision: Decision; now: Date }) => {
    const revised = await reviseComment(trx, input);
    await logPipeline(trx, revised, input.decision, input.now);
    const delta = (input.status === 'published' ? 1 : 0) - (input.comment.status === 'published' ? 1 : 0);
    if (delta) await addToCommentCount(trx, input.comment.storyId, delta);
    return { comment: revised, event: await record(trx, 'comment.edited', input.comment, input.now) };
  },
);

export const storeDeletion = writeProcedure(import.meta.url, 'storeDeletion', async (trx, input: { comment: Comment; now: Date }) => {
  await markDeleted(trx, input.comment.id, input.now);
  if (input.comment.status === 'published') await addToCommentCount(trx, input.comment.storyId, -1);
  return record(trx, 'comment.deleted', input.comment, input.now);
});

export const storeVote = writeProcedure(
  import.meta.url,
  'storeVote',
  async (trx, input: { comment: Comment; dialect: Dialect; userId: number; value: VoteValue; now: Date }) => ({
    result: await setVote(trx, input.dialect, { commentId: input.comment.id, userId: input.userId, value: input.value, now: input.now }),
    event: await record(trx, 'comment.voted', input.comment, input.now),
  }),
);

/**
 * A moderator's decision on the revision they saw: the comment's new status (or, for a redaction, a new
 * revision), the story's count, its reports resolved, an open appeal closed, the log row, the live event.
 */
export const storeReview = writeProcedure(
  import.meta.url,
  'storeReview',
  async (
    trx,
    input: {
      comment: Comment;
      status: 'published' | 'rejected';
      /** A redaction: the text that replaces the current revision's. */
      revise?: { bodyMd: string; bodyHtml: string; decision: Decision };
      moderatorId: number;
      reports: 'upheld' | 'dismissed';
      appeal: { status: 'upheld' | 'denied'; outcome: string };
      log: { action: string; reasonCodes: string[]; detail: unknown; policyVersion: number };
      event: CommentEventType;
      now: Date;
    },
  ) => {
    const { comment, now } = input;
    let revision = comment.revision;
    if (input.revise) revision = (await reviseComment(trx, { comment, ...input.revise, status: input.status, now })).revision;
    else if (comment.status !== input.status) await setStatus(trx, comment.id, input.status);
    const delta = (input.status === 'published' ? 1 : 0) - (comment.status === 'published' ? 1 : 0);
    if (delta) await addToCommentCount(trx, comment.storyId, delta);
    await resolveReports(trx, { commentId: comment.id, resolution: input.reports, by: input.moderatorId, now });
    const appeal = await openAppeal(trx, comment.id);
    if (appeal) await closeAppeal(trx, { appealId: appeal.id, ...input.appeal, by: input.moderatorId, now });
    const decision = await logDecision(trx, { commentId: comment.id, revision, actor: 'moderator', actorId: input.moderatorId, ...input.log, now });
    return { decision, event: await record(trx, input.event, comment, now) };
  },
);

/** Enough readers' reports: a comment still published is held for review, with the count in the log. */
export const storeCommunityHold = writeProcedure(
  import.meta.url,
  'storeCommunityHold',
  async (trx, input: { commentId: number; reports: number; now: Date }): Promise<CommentEvent | undefined> => {
    const fresh = await findComment(trx, input.commentId);
    if (!fresh || fresh.status !== 'published') return undefined;
    await setStatus(trx, fresh.id, 'held');
    await addToCommentCount(trx, fresh.storyId, -1);
    await logDecision(trx, {
      commentId: fresh.id,
      revision: fresh.revision,
      action: 'hold',
      actor: 'community',
      reasonCodes: ['reports'],
      detail: { reports: input.reports },
      now: input.now,
    });
    return record(trx, 'comment.hidden', fresh, input.now);
  },
);
