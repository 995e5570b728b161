/**
 * Moderators' decisions: approve or reject a comment (only the revision they saw), decide an
 * appeal, and, for admins, grant roles. Each decision resolves the comment's reports, writes a row
 * to the moderation log with the moderator and the policy clause, and publishes an event after commit.
 */
import { AppError, notFound } from '../errors.ts';
import { CATEGORIES, type Category, type Reason } from '../domain/moderation.ts';
import type { Role, User } from '../domain/user.ts';
import { CLAUSES } from '../moderation/reasons.ts';
import { renderCommentMarkdown } from '../domain/markdown.ts';
import { storeReview } from '../store/comment-writes.ts';
import { findComment } from '../store/comments.ts';
import { openAppeal } from '../store/review.ts';
import { runWrite } from '../store/sqlite-writer.ts';
import { findStoryById, updateStorySettings } from '../store/stories.ts';
import { findUserById, recordAccountAction, setRole, setSanction } from '../store/users.ts';
import { announce } from './announce.ts';
import type { Deps } from './deps.ts';

export function requireModerator(user: User | undefined): User {
  if (!user) throw new AppError('not_authenticated', 'Log in as a moderator.');
  if (user.role !== 'moderator' && user.role !== 'admin') throw new AppError('forbidden', 'Only moderators can do this.');
  return user;
}

export function requireAdmin(user: User | undefined): User {
  if (!user) throw new AppError('not_authenticated', 'Log in as an admin.');
  if (user.role !== 'admin') throw new AppError('forbidden', 'Only admins can do this.');
  return user;
}

export const NOTE_MAX = 1000;

function cleanNote(note: string | undefined): string {
  const text = (note ?? '').trim();
  if ([...text].length > NOTE_MAX) throw new AppError('validation_failed', `Notes are at most ${NOTE_MAX} characters.`);
  return text;
}

async function seenRevision(deps: Deps, commentId: number, revision: number) {
  const comment = await findComment(deps.db, commentId);
  if (!comment || comment.status === 'deleted') throw notFound('Comment');
  if (comment.revision !== revision) {
    throw new AppError('revision_changed', 'The author edited this comment after you opened it; look at the new text before deciding.', {
      revision: comment.revision,
    });
  }
  return comment;
}

export async function approveComment(deps: Deps, input: { moderator: User; commentId: number; revision: number; note?: string }) {
  requireModerator(input.moderator);
  const note = cleanNote(input.note);
  const comment = await seenRevision(deps, input.commentId, input.revision);
  const now = deps.clock();
  const { decision, event } = await runWrite(deps.db, storeReview, {
    comment,
    status: 'published',
    moderatorId: input.moderator.id,
    reports: 'dismissed',
    appeal: { status: 'upheld', outcome: note || 'A moderator reviewed your comment and published it.' },
    log: { action: 'approve', reasonCodes: ['approved'], detail: { reasons: [], note: note || null }, policyVersion: deps.policy().version },
    event: 'comment.edited',
    now: deps.clock(),
  });
  deps.log.info({ commentId: comment.id, moderatorId: input.moderator.id }, 'comment approved');
  announce(deps, event);
  return { decision };
}

export async function rejectComment(deps: Deps, input: { moderator: User; commentId: number; revision: number; category: string; note?: string }) {
  requireModerator(input.moderator);
  if (!(CATEGORIES as readonly string[]).includes(input.category)) {
    throw new AppError('validation_failed', `Choose the rule it breaks: ${CATEGORIES.join(', ')}.`, { fields: { category: 'Unknown rule.' } });
  }
  const category = input.category as Category;
  const note = cleanNote(input.note);
  const comment = await seenRevision(deps, input.commentId, input.revision);
  const now = deps.clock();
  const reason: Reason = {
    category,
    rule: `moderator.${category}`,
    clause: CLAUSES[category],
    quotes: [],
    spans: [],
    remedy: note || 'You can edit the comment so that it keeps to this rule and post it again, or appeal.',
  };
  const { decision, event } = await runWrite(deps.db, storeReview, {
    comment,
    status: 'rejected',
    moderatorId: input.moderator.id,
    reports: 'upheld',
    appeal: { status: 'denied', outcome: note || `A moderator upheld the decision: ${CLAUSES[category]}` },
    log: { action: 'reject', reasonCodes: [category], detail: { reasons: [reason], note: note || null }, policyVersion: deps.policy().version },
    event: 'comment.hidden',
    now: deps.clock(),
  });
  deps.log.info({ commentId: comment.id, moderatorId: input.moderator.id, category }, 'comment rejected');
  announce(deps, event);
  return { decision };
}

export const REDACTED = '[removed by a moderator]';

/**
 * Removes a passage (e.g. a phone number) from the revision the moderator saw and publishes the rest.
 * The redacted text becomes a new revision; the removed words are not kept in the statement of reasons.
 */
export async function redactComment(deps: Deps, input: { moderator: User; commentId: number; revision: number; text: string; category: string; note?: string }) {
  requireModerator(input.moderator);
  if (!(CATEGORIES as readonly string[]).includes(input.category)) throw new AppError('validation_failed', `Choose the rule it breaks: ${CATEGORIES.join(', ')}.`);
  const note = cleanNote(input.note);
  const passage = input.text.trim();
  if (!passage) throw new AppError('validation_failed', 'Say which words to remove.', { fields: { text: 'Required.' } });
  const comment = await seenRevision(deps, input.commentId, input.revision);
  if (!comment.bodyMd.includes(passage)) throw new AppError('validation_failed', 'Those words are not in the comment; copy them exactly.', { fields: { text: 'Not found.' } });
  const category = input.category as Category;
  const reason: Reason = {
    category,
    rule: `moderator.redact.${category}`,
    clause: CLAUSES[category],
    quotes: [],
    spans: [],
    remedy: note || 'A moderator removed the part that broke this rule and published the rest.',
  };
  const bodyMd = comment.bodyMd.split(passage).join(REDACTED);
  const policyVersion = deps.policy().version;
  const { event } = await runWrite(deps.db, storeReview, {
    comment,
    status: 'published',
    revise: { bodyMd, bodyHtml: renderCommentMarkdown(bodyMd), decision: { action: 'publish', labels: [], reasons: [reason], policyVersion } },
    moderatorId: input.moderator.id,
    reports: 'upheld',
    appeal: { status: 'upheld', outcome: note || 'A moderator published your comment without the part that broke the rule.' },
    log: { action: 'redact', reasonCodes: [category], detail: { reasons: [reason], note: note || null }, policyVersion },
    event: 'comment.edited',
    now: deps.clock(),
  });
  deps.log.info({ commentId: comment.id, moderatorId: input.moderator.id, category }, 'comment redacted');
  announce(deps, event);
}

/** An appeal is upheld (the comment is published at once) or denied, with a reasoned outcome for the author. */
export async function decideAppeal(deps: Deps, input: { moderator: User; commentId: number; revision: number; upheld: boolean; outcome: string; category?: string }) {
  requireModerator(input.moderator);
  const outcome = cleanNote(input.outcome);
  if (!outcome) throw new AppError('validation_failed', 'Tell the author why, in a sentence.', { fields: { outcome: 'Required.' } });
  const appeal = await openAppeal(deps.db, input.commentId);
  if (!appeal) throw notFound('Open appeal');
  if (input.upheld) return approveComment(deps, { moderator: input.moderator, commentId: input.commentId, revision: input.revision, note: outcome });
  const logged = await deps.db.selectFrom('moderation_log').select('reason_codes').where('comment_id', '=', input.commentId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const category = input.category ?? logged?.reason_codes.split(',').find((c) => (CATEGORIES as readonly string[]).includes(c)) ?? 'incivility';
  return rejectComment(deps, { moderator: input.moderator, commentId: input.commentId, revision: input.revision, category, note: outcome });
}

const ROLES: Role[] = ['reader', 'moderator', 'admin'];

export async function grantRole(deps: Deps, input: { admin: User; userId: number; role: string }): Promise<User> {
  requireAdmin(input.admin);
  if (!ROLES.includes(input.role as Role)) throw new AppError('validation_failed', `A role is one of ${ROLES.join(', ')}.`);
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw notFound('User');
  if (user.id === input.admin.id && input.role !== 'admin') throw new AppError('validation_failed', 'You cannot remove your own admin role.');
  await setRole(deps.db, user.id, input.role as Role);
  deps.log.info({ userId: user.id, role: input.role, adminId: input.admin.id }, 'role granted');
  return { ...user, role: input.role as Role };
}

const RECENT_DAYS = 7;

/**
 * Suspends an account for some days, bans it, or lifts either, with a reason; optionally rejects
 * the account's held comments and those published in the last week.
 */
export async function sanctionUser(
  deps: Deps,
  input: { moderator: User; userId: number; kind: 'suspend' | 'ban' | 'lift'; days?: number; reason: string; rejectRecent?: boolean },
): Promise<{ rejected: number }> {
  requireModerator(input.moderator);
  const reason = cleanNote(input.reason);
  if (input.kind !== 'lift' && !reason) throw new AppError('validation_failed', 'Give the reason the account holder will read.', { fields: { reason: 'Required.' } });
  const user = await findUserById(deps.db, input.userId);
  if (!user) throw notFound('User');
  if (user.role !== 'reader' && input.kind !== 'lift') throw new AppError('forbidden', 'Moderators and admins cannot be suspended; an admin can change their role first.');
  const now = deps.clock();
  let until: string | null = null;
  if (input.kind === 'suspend') {
    const days = input.days ?? 0;
    if (!Number.isInteger(days) || days < 1 || days > 365) throw new AppError('validation_failed', 'Suspend for 1 to 365 days.', { fields: { days: 'Out of range.' } });
    until = new Date(now.getTime() + days * 86_400_000).toISOString();
  }
  await deps.db.transaction().execute(async (trx) => {
    await setSanction(trx, { userId: user.id, banned: input.kind === 'ban', until, reason: input.kind === 'lift' ? null : reason });
    await recordAccountAction(trx, { userId: user.id, kind: input.kind, until, reason, actorId: input.moderator.id, now });
  });
  deps.log.info({ userId: user.id, kind: input.kind, moderatorId: input.moderator.id }, 'account sanction changed');
  let rejected = 0;
  if (input.rejectRecent && input.kind !== 'lift') {
    const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
    const targets = await deps.db
      .selectFrom('comments')
      .select(['id', 'revision'])
      .where('user_id', '=', user.id)
      .where((eb) => eb.or([eb('status', '=', 'held'), eb.and([eb('status', '=', 'published'), eb('created_at', '>=', since)])]))
      .execute();
    for (const c of targets) {
      await rejectComment(deps, { moderator: input.moderator, commentId: c.id, revision: c.revision, category: 'incivility', note: `Removed with the account's ${input.kind === 'ban' ? 'ban' : 'suspension'}: ${reason}` });
      rejected++;
    }
  }
  return { rejected };
}

/** Comments open or closed, pre-moderation, slow mode: one story's discussion controls. */
export async function setStorySettings(
  deps: Deps,
  input: { moderator: User; storyId: number; commentsOpen?: boolean; premoderated?: boolean; slowModeMinutes?: number },
): Promise<void> {
  requireModerator(input.moderator);
  const story = await findStoryById(deps.db, input.storyId);
  if (!story) throw notFound('Story');
  if (input.slowModeMinutes !== undefined && (!Number.isInteger(input.slowModeMinutes) || input.slowModeMinutes < 0 || input.slowModeMinutes > 1440)) {
    throw new AppError('validation_failed', 'Slow mode is 0 (off) to 1,440 minutes.');
  }
  await updateStorySettings(deps.db, story.id, input);
  deps.log.info({ storyId: story.id, moderatorId: input.moderator.id }, 'story discussion settings changed');
  deps.bus.publish({ type: 'story.changed', storyId: story.id });
}
