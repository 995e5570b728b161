/**
 * What a live stream sends: each logged event turned into a frame from the comment's state now.
 * A published comment goes out whole as an anonymous reader sees it (new or changed); a vote only
 * as the new score; a comment that is no longer public as "gone". Frames are built once per event
 * and instance and written to every reader of the story.
 */
import type { Comment } from '../domain/comment.ts';
import { toView, type CommentView } from '../domain/thread.ts';
import type { CommentEventType } from '../live/bus.ts';
import { findComments } from '../store/comments.ts';
import { liveEventsSince, type LiveEventRow } from '../store/live-events.ts';
import type { Deps } from '../commands/deps.ts';

export type LiveFrame =
  | { seq?: number; kind: 'comment'; comment: CommentView }
  | { seq?: number; kind: 'score'; commentId: number; score: number }
  | { seq?: number; kind: 'gone'; commentId: number; deleted: boolean }
  /** Too much was missed to replay: the reader should load the page again. */
  | { kind: 'reload' }
  /** Whether updates from other instances are running behind (Redis unreachable), sent when it changes. */
  | { kind: 'status'; delayed: boolean };

export interface LiveEvent {
  seq?: number;
  type: CommentEventType;
  commentId: number;
}

const ANONYMOUS = { votes: new Map(), reported: new Set<number>(), canEdit: () => false };

export function frameFor(event: LiveEvent, comment: Comment | undefined): LiveFrame {
  const seq = event.seq;
  if (!comment || comment.status !== 'published') {
    return { seq, kind: 'gone', commentId: event.commentId, deleted: comment?.status === 'deleted' };
  }
  if (event.type === 'comment.voted') return { seq, kind: 'score', commentId: comment.id, score: comment.score };
  return { seq, kind: 'comment', comment: toView(comment, ANONYMOUS) };
}

/** Frames for several events, reading their comments in one query. */
export async function framesFor(deps: Pick<Deps, 'db'>, events: LiveEvent[]): Promise<LiveFrame[]> {
  const comments = await findComments(
    deps.db,
    events.map((e) => e.commentId),
  );
  return events.map((e) => frameFor(e, comments.get(e.commentId)));
}

/** The most a reconnecting reader is replayed; past it they are told to reload. */
export const REPLAY_LIMIT = 500;

/** What a reader who saw everything up to `after` missed on one story. */
export async function missedFrames(deps: Pick<Deps, 'db'>, input: { storyId: number; after: number }): Promise<LiveFrame[]> {
  const rows = await liveEventsSince(deps.db, { storyIds: [input.storyId], after: input.after, limit: REPLAY_LIMIT + 1 });
  if (rows.length > REPLAY_LIMIT) return [{ kind: 'reload' }];
  return framesFor(deps, rows.map(toLiveEvent));
}

export function toLiveEvent(row: LiveEventRow): LiveEvent {
  return { seq: row.seq, type: row.type as CommentEventType, commentId: row.commentId };
}
