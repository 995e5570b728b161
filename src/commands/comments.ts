/**
 * The comment use cases: post (or reply), edit, delete, vote, report. Posting and editing run the
 * text through moderate() — the one moderation entry point — with context gathered from the store
 * first; the write happens in one transaction and its event is published only after it commits.
 */
import { AppError, notFound } from '../errors.ts';
import {
  canEdit,
  COMMENT_MAX_LENGTH,
  REPORT_REASONS,
  REPORT_TEXT_MAX,
  statusFor,
  type Comment,
  type ReportReason,
  type VoteValue,
} from '../domain/comment.ts';
import { cleanText, renderCommentMarkdown } from '../domain/markdown.ts';
import type { Decision, ModerationContext } from '../domain/moderation.ts';
import type { DiscussionTerms } from '../domain/story.ts';
import { sanctionNotice, type User } from '../domain/user.ts';
import { moderate } from '../moderation/moderate.ts';
import { findComment, insertReport, moderationFacts } from '../store/comments.ts';
import { countStandingReports, insertAppeal, latestStatements } from '../store/moderation.ts';
import { storeCommunityHold, storeDeletion, storeNewComment, storeRevision, storeVote } from '../store/comment-writes.ts';
import { runWrite } from '../store/sqlite-writer.ts';
import { findStoryById } from '../store/stories.ts';
import { announce } from './announce.ts';
import type { Deps } from './deps.ts';

function validBody(body: string): string {
  const text = cleanText(body).trim();
  if (!text) throw new AppError('validation_failed', 'Write something before posting.', { fields: { body: 'Empty comment.' } });
  if ([...text].length > COMMENT_MAX_LENGTH) {
    throw new AppError('validation_failed', `Comments are at most ${COMMENT_MAX_LENGTH} characters.`, { fields: { body: 'Too long.' } });
  }
  return text;
}

async function judge(deps: Deps, user: User, text: string, storyPremoderated: boolean): Promise<Decision> {
  const now = deps.clock();
  const facts = await moderationFacts(deps.db, { userId: user.id, text, now });
  const context: ModerationContext = {
    storyPremoderated,
    author: {
      publishedCount: facts.publishedCount,
      accountAgeHours: (now.getTime() - Date.parse(user.createdAt)) / 3_600_000,
      recentRejections: facts.recentRejections,
      trusted: user.role !== 'reader',
    },
    recentCommentCount: facts.recentCommentCount,
    duplicateCount: facts.duplicateCount,
  };
  const started = performance.now();
  const decision = moderate({ text }, context, deps.policy());
  deps.metrics.moderationSeconds((performance.now() - started) / 1000);
  return decision;
}

/** A suspended or banned account may read and appeal, but not post, edit, vote or report. */
function mayTakePart(deps: Deps, user: User): void {
  const notice = sanctionNotice(user, deps.clock());
  if (notice) throw new AppError('forbidden', notice);
}

async function throttle(deps: Deps, user: User): Promise<void> {
  const r = await deps.limiter.hit(`post:user:${user.id}`, deps.config.commentsPerMinute, 60);
  if (!r.allowed) {
    throw new AppError('rate_limited', 'You are posting too fast; wait a moment and try again.', { retryAfterSeconds: r.retryAfterSeconds });
  }
}

export async function createComment(
  deps: Deps,
  input: { user: User; /** The story, or its number; a route that has just read it passes it on. */ story: DiscussionTerms | number; parentId?: number | null; body: string },
): Promise<{ comment: Comment; decision: Decision }> {
  const text = validBody(input.body);
  const story = typeof input.story === 'number' ? await findStoryById(deps.db, input.story) : input.story;
  if (!story || story.status !== 'published') throw notFound('Story');
  if (!story.commentsOpen) throw new AppError('comments_closed', 'Comments are closed on this story.');
  let parent: Comment | undefined;
  if (input.parentId != null) {
    parent = await findComment(deps.db, input.parentId);
    if (!parent || parent.storyId !== story.id || parent.status !== 'published') {
      throw new AppError('not_found', 'The comment you are replying to is not there any more.');
    }
  }
  mayTakePart(deps, input.user);
  await throttle(deps, input.user);
  if (story.slowModeMinutes > 0) {
    const slow = await deps.limiter.hit(`slow:${story.id}:${input.user.id}`, 1, story.slowModeMinutes * 60);
    if (!slow.allowed) {
      throw new AppError('rate_limited', `This story is in slow mode: one comment every ${story.slowModeMinutes} minutes.`, {
        retryAfterSeconds: slow.retryAfterSeconds,
      });
    }
  }
  const decision = await judge(deps, input.user, text, story.premoderated);
  const status = statusFor(decision);
  const bodyHtml = renderCommentMarkdown(text);
  const { comment, event } = await runWrite(deps.db, storeNewComment, {
    storyId: story.id,
    userId: input.user.id,
    authorName: input.user.displayName,
    parent: parent ? { id: parent.id, rootId: parent.rootId, depth: parent.depth } : null,
    bodyMd: text,
    bodyHtml,
    status,
    decision,
    now: deps.clock(),
  });
  deps.log.info({ commentId: comment.id, storyId: story.id, action: decision.action }, 'comment created');
  deps.metrics.commentDecided(decision.action);
  announce(deps, event);
  return { comment, decision };
}

async function ownComment(deps: Deps, user: User, commentId: number): Promise<Comment> {
  const comment = await findComment(deps.db, commentId);
  if (!comment) throw notFound('Comment');
  if (comment.userId !== user.id) {
    // Someone else's held or rejected comment is not there, as far as this user can tell.
    if (comment.status === 'held' || comment.status === 'rejected') throw notFound('Comment');
    throw new AppError('forbidden', 'You can only change your own comments.');
  }
  if (comment.status === 'deleted') throw new AppError('comment_deleted', 'This comment was deleted.');
  return comment;
}

export async function editComment(
  deps: Deps,
  input: { user: User; commentId: number; body: string },
): Promise<{ comment: Comment; decision: Decision }> {
  const text = validBody(input.body);
  mayTakePart(deps, input.user);
  const comment = await ownComment(deps, input.user, input.commentId);
  // A held or rejected comment may always be edited and resubmitted; a published one within the window.
  if (comment.status === 'published' && !canEdit(comment, deps.clock(), deps.config.editWindowMinutes)) {
    throw new AppError('edit_window_closed', `Comments can be edited for ${deps.config.editWindowMinutes} minutes after posting.`);
  }
  const story = await findStoryById(deps.db, comment.storyId);
  const decision = await judge(deps, input.user, text, story?.premoderated ?? false);
  const status = statusFor(decision);
  const { comment: updated, event } = await runWrite(deps.db, storeRevision, {
    comment,
    bodyMd: text,
    bodyHtml: renderCommentMarkdown(text),
    status,
    decision,
    now: deps.clock(),
  });
  announce(deps, event);
  deps.metrics.commentDecided(decision.action);
  return { comment: updated, decision };
}

export async function deleteComment(deps: Deps, input: { user: User; commentId: number }): Promise<void> {
  const comment = await ownComment(deps, input.user, input.commentId);
  const event = await runWrite(deps.db, storeDeletion, { comment, now: deps.clock() });
  announce(deps, event);
}

export async function voteComment(deps: Deps, input: { user: User; commentId: number; value: VoteValue }) {
  if (![-1, 0, 1].includes(input.value)) throw new AppError('validation_failed', 'A vote is -1, 0 or 1.');
  mayTakePart(deps, input.user);
  const comment = await findComment(deps.db, input.commentId);
  if (!comment || comment.status !== 'published') throw notFound('Comment');
  const { result, event } = await runWrite(deps.db, storeVote, {
    comment,
    dialect: deps.dialect,
    userId: input.user.id,
    value: input.value,
    now: deps.clock(),
  });
  announce(deps, event);
  return result;
}

export async function reportComment(
  deps: Deps,
  input: { user: User; commentId: number; reason: string; text?: string | null },
): Promise<void> {
  if (!Object.hasOwn(REPORT_REASONS, input.reason)) {
    throw new AppError('validation_failed', `Choose a reason: ${Object.keys(REPORT_REASONS).join(', ')}.`, { fields: { reason: 'Unknown reason.' } });
  }
  const text = input.text ? cleanText(input.text).trim() : '';
  if ([...text].length > REPORT_TEXT_MAX) throw new AppError('validation_failed', `At most ${REPORT_TEXT_MAX} characters.`, { fields: { text: 'Too long.' } });
  if (input.reason === 'other' && !text) {
    throw new AppError('validation_failed', 'Say briefly what is wrong with this comment.', { fields: { text: 'Required for "Other".' } });
  }
  mayTakePart(deps, input.user);
  const comment = await findComment(deps.db, input.commentId);
  if (!comment || comment.status !== 'published') throw notFound('Comment');
  const stored = await insertReport(deps.db, {
    commentId: comment.id,
    userId: input.user.id,
    reason: input.reason as ReportReason,
    text: text || null,
    now: deps.clock(),
  });
  if (!stored) throw new AppError('already_reported', 'You have already reported this comment. Thank you.');
  deps.log.info({ commentId: comment.id, reason: input.reason }, 'comment reported');
  await hideWhenReported(deps, comment);
}

/** Enough reports from accounts in good standing hide the comment until a moderator reviews it. */
async function hideWhenReported(deps: Deps, comment: Comment): Promise<void> {
  const now = deps.clock();
  const reports = await countStandingReports(deps.db, comment.id, now);
  if (reports < deps.config.reportsToHide) return;
  const hidden = await runWrite(deps.db, storeCommunityHold, { commentId: comment.id, reports, now });
  if (hidden) {
    deps.log.info({ commentId: comment.id, reports }, 'comment hidden by reports');
    announce(deps, hidden);
  }
}

export const APPEAL_MAX = 1000;
/** Six months, as the EU DSA (Art. 20) requires at least. */
export const APPEAL_WINDOW_DAYS = 180;

/** The author asks a person to look again at a held or rejected comment, once. */
export async function appealComment(deps: Deps, input: { user: User; commentId: number; text: string }): Promise<void> {
  const text = cleanText(input.text).trim();
  if (!text) throw new AppError('validation_failed', 'Say briefly why the comment keeps to the policy.', { fields: { text: 'Required.' } });
  if ([...text].length > APPEAL_MAX) throw new AppError('validation_failed', `At most ${APPEAL_MAX} characters.`, { fields: { text: 'Too long.' } });
  const comment = await ownComment(deps, input.user, input.commentId);
  if (comment.status !== 'held' && comment.status !== 'rejected') {
    throw new AppError('validation_failed', 'Only a held or rejected comment can be appealed.');
  }
  const decided = (await latestStatements(deps.db, [comment.id])).get(comment.id);
  if (decided && deps.clock().getTime() - Date.parse(decided.at) > APPEAL_WINDOW_DAYS * 86_400_000) {
    throw new AppError('appeal_window_closed', `Decisions can be appealed for ${APPEAL_WINDOW_DAYS / 30} months; this one is older.`);
  }
  const stored = await insertAppeal(deps.db, { commentId: comment.id, userId: input.user.id, revision: comment.revision, text, now: deps.clock() });
  if (!stored) throw new AppError('already_appealed', 'You have already appealed this decision; a moderator will look at it.');
  deps.log.info({ commentId: comment.id }, 'decision appealed');
}

/** "Does this break a rule?" before posting: the same pipeline, nothing stored. */
export async function checkComment(deps: Deps, input: { user: User; storyId: number; body: string }): Promise<Decision> {
  const text = validBody(input.body);
  const story = await findStoryById(deps.db, input.storyId);
  return judge(deps, input.user, text, story?.premoderated ?? false);
}
