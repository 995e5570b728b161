/**
 * The moderation log as people read it: in full for moderators; for the public, redacted — no
 * comment text, no names, and links only to comments that are still published.
 */
import type { Deps } from '../commands/deps.ts';
import type { LogEntryView } from '../domain/review.ts';
import { listLog, type LogFilter } from '../store/moderation.ts';

export const LOG_PAGE = 50;

export async function moderationLog(deps: Pick<Deps, 'db'>, input: { full: boolean; filter: LogFilter; page: number }) {
  const rows = await listLog(deps.db, { filter: input.filter, limit: LOG_PAGE + 1, offset: (input.page - 1) * LOG_PAGE });
  const entries: LogEntryView[] = rows.slice(0, LOG_PAGE).map((r) => ({
    id: r.id,
    at: r.created_at,
    action: r.action,
    actor: r.actor,
    reasons: r.reason_codes ? r.reason_codes.split(',') : [],
    policyVersion: r.policy_version,
    story: { slug: r.story_slug, title: r.story_title },
    commentId: input.full || r.comment_status === 'published' ? r.comment_id : null,
    ...(input.full ? { text: r.comment_status === 'deleted' ? '(deleted by its author)' : r.body_md, author: r.author_name, moderator: r.moderator_name } : {}),
  }));
  return { entries, page: input.page, hasNext: rows.length > LOG_PAGE };
}
