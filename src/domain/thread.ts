/**
 * How a page of comments is shown: top-level comments with their replies nested up to
 * DISPLAY_DEPTH, deeper replies flat under their ancestor at that depth, "in reply to" their parent.
 * Pure: the query hands over flat rows, this builds the tree the components render.
 */
import { DISPLAY_DEPTH, type Comment, type VoteValue } from './comment.ts';
import type { Decision } from './moderation.ts';

/** A statement of reasons as the author reads it. */
export interface ReasonView {
  category: string;
  clause: string;
  quotes: string[];
  remedy: string;
}

export interface CommentView {
  id: number;
  parentId: number | null;
  authorName: string;
  bodyHtml: string;
  status: Comment['status'];
  score: number;
  createdAt: string;
  edited: boolean;
  /** Set when shown flat under an ancestor rather than under its parent. */
  inReplyTo: { id: number; authorName: string } | null;
  mine: boolean;
  /** The source text, for the author's edit form only. */
  bodyMd: string | null;
  canEdit: boolean;
  myVote: VoteValue;
  reported: boolean;
  replies: CommentView[];
  /** Replies not shown on this page (see the thread page). */
  moreReplies: number;
  /** For the author of a held or rejected comment: why, and whether they appealed. */
  reasons: ReasonView[] | null;
  notice: string | null;
  /** The author's appeal of a decision on this comment, and its outcome once decided. */
  appeal: { status: 'open' | 'upheld' | 'denied'; outcome: string | null } | null;
}

export interface ViewerFacts {
  viewerId?: number;
  votes: Map<number, VoteValue>;
  reported: Set<number>;
  canEdit: (c: Comment) => boolean;
  /** The latest decisions on the viewer's own held or rejected comments. */
  decisions?: Map<number, Pick<Decision, 'reasons' | 'notice'>>;
  appeals?: Map<number, { status: 'open' | 'upheld' | 'denied'; outcome: string | null }>;
}

export function toView(c: Comment, viewer: ViewerFacts): CommentView {
  const mine = viewer.viewerId !== undefined && c.userId === viewer.viewerId;
  const deleted = c.status === 'deleted';
  const decision = mine && (c.status === 'held' || c.status === 'rejected') ? viewer.decisions?.get(c.id) : undefined;
  return {
    id: c.id,
    parentId: c.parentId,
    authorName: deleted ? '' : c.authorName,
    bodyHtml: deleted ? '' : c.bodyHtml,
    status: c.status,
    score: c.score,
    createdAt: c.createdAt,
    edited: c.editedAt !== null,
    inReplyTo: null,
    mine: mine && !deleted,
    bodyMd: mine && !deleted ? c.bodyMd : null,
    // Held and rejected comments can always be edited and resubmitted by their author.
    canEdit: mine && (c.status === 'held' || c.status === 'rejected' || viewer.canEdit(c)),
    myVote: viewer.votes.get(c.id) ?? 0,
    reported: viewer.reported.has(c.id),
    replies: [],
    moreReplies: 0,
    reasons: decision ? decision.reasons.map((r) => ({ category: r.category, clause: r.clause, quotes: r.quotes, remedy: r.remedy })) : null,
    notice: decision?.notice ?? null,
    appeal: (mine && viewer.appeals?.get(c.id)) || null,
  };
}

/**
 * Nests `replies` (oldest first) under `roots`. A reply whose parent is missing from the page
 * (not visible to this viewer) is attached to its root so it is never lost.
 */
export function buildThread(
  roots: Comment[],
  replies: Comment[],
  viewer: ViewerFacts,
  replyCounts: Map<number, number> = new Map(),
): CommentView[] {
  const views = new Map<number, CommentView>();
  const depthOf = new Map<number, number>();
  const containerOf = new Map<number, CommentView>();
  const result = roots.map((r) => {
    const v = toView(r, viewer);
    views.set(r.id, v);
    depthOf.set(r.id, 0);
    return v;
  });
  for (const reply of replies) {
    const parent = (reply.parentId !== null && views.get(reply.parentId)) || views.get(reply.rootId ?? -1);
    if (!parent) continue;
    const view = toView(reply, viewer);
    views.set(reply.id, view);
    const parentDepth = depthOf.get(parent.id)!;
    if (parentDepth < DISPLAY_DEPTH) {
      parent.replies.push(view);
      depthOf.set(reply.id, parentDepth + 1);
      containerOf.set(reply.id, parent);
    } else {
      const container = containerOf.get(parent.id)!;
      container.replies.push(view);
      depthOf.set(reply.id, parentDepth);
      containerOf.set(reply.id, container);
      view.inReplyTo = { id: parent.id, authorName: parent.authorName || 'a deleted comment' };
    }
  }
  for (const root of result) {
    const shown = countNested(root);
    root.moreReplies = Math.max(0, (replyCounts.get(root.id) ?? shown) - shown);
  }
  return result;
}

function countNested(view: CommentView): number {
  return view.replies.reduce((n, r) => n + 1 + countNested(r), 0);
}
