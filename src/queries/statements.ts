/**
 * Every statement of reasons since a date, in the Transparency Database's shape, read in pages so
 * any number of them streams in bounded memory.
 */
import type { Kysely } from 'kysely';
import type { Reason } from '../domain/moderation.ts';
import { accountStatement, contentStatement, type StatementOfReasons } from '../domain/statements.ts';
import type { DB } from '../store/schema.ts';

const PAGE = 500;

export async function* exportStatements(db: Kysely<DB>, input: { since: string }): AsyncGenerator<StatementOfReasons> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('moderation_log')
      .innerJoin('comments', 'comments.id', 'moderation_log.comment_id')
      .select((eb) => [
        'moderation_log.id',
        'moderation_log.comment_id',
        'moderation_log.action',
        'moderation_log.actor',
        'moderation_log.detail_json',
        'moderation_log.policy_version',
        'moderation_log.created_at',
        'comments.created_at as comment_created_at',
        eb
          .exists(eb.selectFrom('moderation_log as p').select('p.id').whereRef('p.comment_id', '=', 'moderation_log.comment_id').where('p.actor', '=', 'pipeline').where('p.action', '!=', 'publish'))
          .as('flagged'),
        eb.exists(eb.selectFrom('reports').select('reports.id').whereRef('reports.comment_id', '=', 'moderation_log.comment_id')).as('reported'),
      ])
      .where('moderation_log.id', '>', after)
      .where('moderation_log.created_at', '>=', input.since)
      .where('moderation_log.action', 'in', ['hold', 'reject', 'redact'])
      .orderBy('moderation_log.id')
      .limit(PAGE)
      .execute();
    for (const r of rows) {
      const detail = JSON.parse(r.detail_json) as { reasons?: Reason[]; note?: string | null };
      yield contentStatement({
        logId: r.id,
        commentId: r.comment_id,
        action: r.action as 'hold' | 'reject' | 'redact',
        actor: r.actor as 'pipeline' | 'community' | 'moderator',
        reasons: detail.reasons ?? [],
        flaggedByPipeline: Boolean(r.flagged),
        reported: Boolean(r.reported),
        policyVersion: r.policy_version,
        commentCreatedAt: r.comment_created_at,
        decidedAt: r.created_at,
        note: detail.note ?? null,
      });
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  const actions = await db
    .selectFrom('account_actions')
    .innerJoin('users', 'users.id', 'account_actions.user_id')
    .select(['account_actions.id', 'account_actions.user_id', 'account_actions.kind', 'account_actions.until', 'account_actions.reason', 'account_actions.created_at', 'users.created_at as user_created_at'])
    .where('account_actions.created_at', '>=', input.since)
    .where('account_actions.kind', '!=', 'lift')
    .orderBy('account_actions.id')
    .execute();
  for (const a of actions) {
    yield accountStatement({
      actionId: a.id,
      userId: a.user_id,
      kind: a.kind as 'suspend' | 'ban',
      until: a.until,
      reason: a.reason,
      accountCreatedAt: a.user_created_at,
      decidedAt: a.created_at,
    });
  }
}

/** Groups statements into batches of at most `size` (the Transparency Database takes 100 per request). */
export async function* inBatches<T>(items: AsyncIterable<T>, size = 100): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
