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
  | { kind: 'reload' };

/** Subscribes to the story's live updates; returns a function that stops them. */
export type LiveSubscribe = (apply: (update: LiveUpdate) => void) => () => void;

export const newCommentsLabel = (n: number) => `${n} new comment${n === 1 ? '' : 's'} — show`;

