/** Read models for the moderator workspace: a queue page with everything needed to decide each item. */
import { priority, highlight, type QueueItemView } from '../domain/review.ts';
import type { Deps } from '../commands/deps.ts';
import { findComments } from '../store/comments.ts';
import { latestStatements } from '../store/moderation.ts';
import { authorHistories, listQueue, queueSnapshot, type QueueFilter, type QueueName, type QueueRow } from '../store/review.ts';

export const QUEUE_PAGE = 25;
const PRIORITY_WINDOW = 500;

export type QueueSort = 'oldest' | 'priority';

export async function queuePage(deps: Pick<Deps, 'db'>, input: { queue: QueueName; filter: QueueFilter; sort: QueueSort; page: number }) {
  const offset = (input.page - 1) * QUEUE_PAGE;
  let rows: QueueRow[];
  let hasNext: boolean;
  let histories;
  if (input.sort === 'priority' && input.queue !== 'recent') {
    // Ranked in memory over the oldest few hundred: the queue a person can clear today.
    const window = await listQueue(deps.db, { queue: input.queue, filter: input.filter, limit: PRIORITY_WINDOW, offset: 0 });
    histories = await authorHistories(deps.db, [...new Set(window.map((r) => r.userId))]);
    const ranked = window
      .map((r) => ({ r, p: priority({ openReports: r.openReports, flags: r.flags, authorRejected: histories!.get(r.userId)?.rejected ?? 0 }) }))
      .sort((a, b) => b.p - a.p || a.r.id - b.r.id)
      .map((x) => x.r);
    rows = ranked.slice(offset, offset + QUEUE_PAGE);
    hasNext = ranked.length > offset + QUEUE_PAGE;
  } else {
    const fetched = await listQueue(deps.db, { queue: input.queue, filter: input.filter, limit: QUEUE_PAGE + 1, offset });
    rows = fetched.slice(0, QUEUE_PAGE);
    hasNext = fetched.length > QUEUE_PAGE;
    histories = await authorHistories(deps.db, [...new Set(rows.map((r) => r.userId))]);
  }
  const ids = rows.map((r) => r.id);
  const statements = await latestStatements(deps.db, ids);
  const reports = ids.length
    ? await deps.db.selectFrom('reports').select(['comment_id', 'reason', 'text']).where('comment_id', 'in', ids).where('resolution', 'is', null).orderBy('id').execute()
    : [];
  const appeals = ids.length ? await deps.db.selectFrom('appeals').select(['comment_id', 'text']).where('comment_id', 'in', ids).where('status', '=', 'open').execute() : [];
  const parents = await findComments(deps.db, rows.flatMap((r) => (r.parentId ? [r.parentId] : [])));
  const items: QueueItemView[] = [];
  for (const r of rows) {
    const statement = statements.get(r.id);
    const h = histories.get(r.userId)!;
    const parent = r.parentId ? parents.get(r.parentId) : undefined;
    const pipelineReasons = statement?.reasons ?? [];
    items.push({
      id: r.id,
      revision: r.revision,
      status: r.status,
      story: { slug: r.storySlug, title: r.storyTitle },
      author: { id: r.userId, name: r.authorName, ...h, joined: h.joined },
      createdAt: r.createdAt,
      segments: highlight(r.bodyMd, pipelineReasons.flatMap((x) => x.spans)),
      flags: r.flags,
      reasons: pipelineReasons.map((x) => ({ category: x.category, clause: x.clause, quotes: x.quotes })),
      decidedBy: statement ? statement.actor : null,
      parent: parent ? { authorName: parent.authorName, text: parent.status === 'deleted' ? '(deleted)' : parent.bodyMd.slice(0, 300) } : null,
      reports: reports.filter((x) => x.comment_id === r.id).map((x) => ({ reason: x.reason, text: x.text })),
      appeal: appeals.find((a) => a.comment_id === r.id) ?? null,
    });
  }
  return { ...(await queueSnapshot(deps.db)), items, hasNext, page: input.page };
}
