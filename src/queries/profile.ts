/** The reader's own page: their comments with state and reasons, and what became of their reports. */
import type { Deps } from '../commands/deps.ts';
import type { ProfileComment, ProfileReport } from '../domain/profile.ts';
import type { User } from '../domain/user.ts';
import { appealsFor, latestStatements } from '../store/moderation.ts';
import { commentsOf, reportsBy } from '../store/profile.ts';

export const PROFILE_PAGE = 30;

export async function profilePage(deps: Pick<Deps, 'db'>, input: { user: User; page: number }) {
  const rows = await commentsOf(deps.db, { userId: input.user.id, limit: PROFILE_PAGE + 1, offset: (input.page - 1) * PROFILE_PAGE });
  const page = rows.slice(0, PROFILE_PAGE);
  const ids = page.map((r) => r.id);
  const statements = await latestStatements(deps.db, ids);
  const appeals = await appealsFor(deps.db, ids);
  const comments: ProfileComment[] = page.map((r) => {
    const s = statements.get(r.id);
    const a = appeals.get(r.id);
    return {
      id: r.id,
      text: r.status === 'deleted' ? '' : r.body_md,
      status: r.status,
      createdAt: r.created_at,
      story: { slug: r.slug, title: r.title },
      statement: s && (s.action !== 'publish' || s.actor !== 'pipeline') ? { action: s.action, by: s.actor, reasons: s.reasons, at: s.at } : null,
      appeal: a ? { status: a.status, outcome: a.outcome } : null,
    };
  });
  const reports: ProfileReport[] = (await reportsBy(deps.db, { userId: input.user.id, limit: 50 })).map((r) => ({
    commentId: r.comment_id,
    reason: r.reason,
    createdAt: r.created_at,
    story: { slug: r.slug, title: r.title },
    outcome:
      r.resolution === 'upheld'
        ? `removed: ${r.rule ?? r.reason}`
        : r.resolution === 'dismissed'
          ? 'kept: no rule broken'
          : r.status === 'held'
            ? 'hidden while a moderator reviews it'
            : 'waiting for a moderator',
  }));
  return { comments, reports, page: input.page, hasNext: rows.length > PROFILE_PAGE };
}
