/**
 * What a story's live stream tells the page, shared by the discussion island and the small script
 * for logged-out readers (which must not pull the island in).
 */
import type { CommentView } from '../domain/thread.ts';

/** A change to the story's discussion, from its live stream (see client/live.ts). */
export type LiveUpdate =
  | { kind: 'comment'; comment: CommentView }
  | { kind: 'score'; commentId: number; score: number }
  | { kind: 'gone'; commentId: number; deleted: boolean }
  | { kind: 'reload' }
  /** Live updates are running behind: the stream catches up from the database, or the page is polling. */
  | { kind: 'status'; delayed: boolean };

/** Subscribes to the story's live updates; returns a function that stops them. */
export type LiveSubscribe = (apply: (update: LiveUpdate) => void) => () => void;

export const DELAYED_NOTICE = 'Live updates are running behind: new comments may take a little longer to appear.';

export const newCommentsLabel = (n: number) => `${n} new comment${n === 1 ? '' : 's'} — show`;

