/** Insights over the last days: gathers the rows for computeInsights and the most reported stories. */
import type { Deps } from '../commands/deps.ts';
import { computeInsights } from '../domain/insights.ts';

export async function insightsPage(deps: Pick<Deps, 'db' | 'clock'>, input: { hours: number }) {
  const to = deps.clock();
  const from = new Date(to.getTime() - input.hours * 3_600_000);
  const since = from.toISOString();
  const comments = await deps.db.selectFrom('comments').select(['id', 'created_at']).where('created_at', '>=', since).execute();
  const log = await deps.db
    .selectFrom('moderation_log')
    .select(['comment_id', 'action', 'actor', 'reason_codes', 'created_at'])
    .where((eb) => eb.or([eb('created_at', '>=', since), eb('comment_id', 'in', eb.selectFrom('comments').select('id').where('status', '=', 'held'))]))
    .orderBy('id')
    .execute();
  const insights = computeInsights({
    from,
    to,
    comments: comments.map((c) => ({ id: c.id, createdAt: c.created_at })),
    log: log.map((r) => ({ commentId: r.comment_id, action: r.action, actor: r.actor, reasonCodes: r.reason_codes, at: r.created_at })),
  });
  const topReported = await deps.db
    .selectFrom('reports')
    .innerJoin('comments', 'comments.id', 'reports.comment_id')
    .innerJoin('stories', 'stories.id', 'comments.story_id')
    .select((eb) => ['stories.slug', 'stories.title', eb.fn.countAll<number>().as('reports')])
    .where('reports.created_at', '>=', since)
    .groupBy(['stories.slug', 'stories.title'])
    .orderBy('reports', 'desc')
    .limit(10)
    .execute();
  return { insights, topReported: topReported.map((r) => ({ slug: r.slug, title: r.title, reports: Number(r.reports) })), hours: input.hours };
}
