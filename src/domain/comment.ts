/**
 * Comments, votes and reports: the nouns of the discussion and their rules.
 * A comment belongs to a story, may reply to another comment of the same story, and keeps
 * every revision; deleting leaves a placeholder so the thread around it still reads.
 */
import type { Decision } from './moderation.ts';

export type CommentStatus = 'published' | 'held' | 'rejected' | 'deleted';

export const COMMENT_MAX_LENGTH = 5000;
/** Replies deeper than this are shown flat under their ancestor, "in reply to" their parent. */
export const DISPLAY_DEPTH = 4;

export interface Comment {
  id: number;
  storyId: number;
  userId: number;
  authorName: string;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  bodyMd: string;
  bodyHtml: string;
  status: CommentStatus;
  score: number;
  upvotes: number;
  downvotes: number;
  revision: number;
  createdAt: string;
  editedAt: string | null;
}

export type CommentSort = 'newest' | 'oldest' | 'top';
export const COMMENT_SORTS: CommentSort[] = ['newest', 'oldest', 'top'];

export type VoteValue = -1 | 0 | 1;

export const REPORT_REASONS = {
  spam: 'Spam',
  harassment: 'Harassment or insult',
  hate: 'Hate',
  violence: 'Violence or threat',
  doxing: 'Doxing or personal information',
  vulgar: 'Sexual or vulgar',
  other: 'Other',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

/** The policy rule a report reason points at, for preselecting a moderator's decision. */
export const REPORT_RULE: Record<ReportReason, 'spam' | 'incivility' | 'hate' | 'violence' | 'doxing' | 'vulgarity'> = {
  spam: 'spam',
  harassment: 'incivility',
  hate: 'hate',
  violence: 'violence',
  doxing: 'doxing',
  vulgar: 'vulgarity',
  other: 'incivility',
};
export const REPORT_TEXT_MAX = 500;

/** The status a comment takes from its moderation decision. */
export function statusFor(decision: Decision): CommentStatus {
  return decision.action === 'publish' ? 'published' : decision.action === 'hold' ? 'held' : 'rejected';
}

/** Whether the author may still edit: within the window and not deleted. */
export function canEdit(comment: Pick<Comment, 'createdAt' | 'status'>, now: Date, windowMinutes: number): boolean {
  if (comment.status === 'deleted') return false;
  return now.getTime() - Date.parse(comment.createdAt) <= windowMinutes * 60_000;
}
