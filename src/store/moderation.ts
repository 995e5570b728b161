/**
 * The moderation record: the versioned policy, the moderation log (one row per decision, with
 * who decided — the pipeline, the community or a moderator — and the reason), and appeals.
 */
import { sql, type Kysely } from 'kysely';
import type { Policy, Reason } from '../domain/moderation.ts';
import type { DB } from './schema.ts';
import { prepared, slot } from './prepared.ts';

type Db = Kysely<DB>;

export async function currentPolicy(db: Db): Promise<Policy | undefined> {
  const row = await db.selectFrom('policies').select(['version', 'policy_json']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && { ...(JSON.parse(row.policy_json) as Policy), version: row.version };
}

/** Stores the policy as the next version and returns it with that version. */
export async function savePolicy(db: Db, input: { policy: Omit<Policy, 'version'>; by: number | null; now: Date }): Promise<Policy> {
  const latest = await currentPolicy(db);
  const version = (latest?.version ?? 0) + 1;
  const { version: _drop, ...body } = input.policy as Policy;
  await db
    .insertInto('policies')
    .values({ version, policy_json: JSON.stringify(body), created_at: input.now.toISOString(), created_by: input.by })
    .execute();
  return { ...body, version } as Policy;
}

export type Actor = 'pipeline' | 'community' | 'moderator';

const insertLogRow = prepared<
  { commentId: number; revision: number; action: string; actor: Actor; actorId: number | null; reasonCodes: string; detail: string; policyVersion: number | null; at: string },
  { id: number }
>((db) =>
  db
    .insertInto('moderation_log')
    .values({
      comment_id: slot<number>('commentId'),
      revision: slot<number>('revision'),
      action: slot<string>('action'),
      actor: slot<string>('actor'),
      actor_id: slot<number | null>('actorId'),
      reason_codes: slot<string>('reasonCodes'),
      detail_json: slot<string>('detail'),
      policy_version: slot<number | null>('policyVersion'),
      created_at: slot<string>('at'),
    })
    .returning('id'),
);

export async function logDecision(
  db: Db,
  input: { commentId: number; revision: number; action: string; actor: Actor; actorId?: number | null; reasonCodes: string[]; detail: unknown; policyVersion?: number | null; now: Date },
): Promise<number> {
  const [row] = (
    await insertLogRow(db, {
      commentId: input.commentId,
      revision: input.revision,
      action: input.action,
      actor: input.actor,
      actorId: input.actorId ?? null,
      reasonCodes: input.reasonCodes.join(','),
      detail: JSON.stringify(input.detail),
      policyVersion: input.policyVersion ?? null,
      at: input.now.toISOString(),
    })
  ).rows;
  return Number(row!.id);
}

export interface Statement {
  action: string;
  actor: Actor;
  reasons: Reason[];
  notice?: string;
  at: string;
}

/** The latest decision on each comment, with the reasons its author reads (from the moderation log). */
export async function latestStatements(db: Db, commentIds: number[]): Promise<Map<number, Statement>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('moderation_log')
    .select(['comment_id', 'action', 'actor', 'detail_json', 'created_at', 'id'])
    .where('comment_id', 'in', commentIds)
    .orderBy('id')
    .execute();
  const out = new Map<number, Statement>();
  for (const r of rows) {
    const detail = JSON.parse(r.detail_json) as { reasons?: Reason[]; notice?: string | null };
    out.set(r.comment_id, { action: r.action, actor: r.actor as Actor, reasons: detail.reasons ?? [], notice: detail.notice ?? undefined, at: r.created_at });
  }
  return out;
}

/** Stores the appeal; false when the comment was already appealed (one appeal per comment). */
export async function insertAppeal(db: Db, input: { commentId: number; userId: number; revision: number; text: string; now: Date }): Promise<boolean> {
  const row = await db
    .insertInto('appeals')
    .values({ comment_id: input.commentId, user_id: input.userId, revision: input.revision, text: input.text, created_at: input.now.toISOString() })
    .onConflict((oc) => oc.column('comment_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface AppealState {
  status: 'open' | 'upheld' | 'denied';
  outcome: string | null;
}

export async function appealsFor(db: Db, commentIds: number[]): Promise<Map<number, AppealState>> {
  if (commentIds.length === 0) return new Map();
  const rows = await db.selectFrom('appeals').select(['comment_id', 'status', 'outcome']).where('comment_id', 'in', commentIds).execute();
  return new Map(rows.map((r) => [r.comment_id, { status: r.status as AppealState['status'], outcome: r.outcome }]));
}

/**
 * Reports on the comment from distinct accounts in good standing: older than a day or with a
 * published comment, no rejection in the last 30 days, and a reporting record that moderators
 * mostly agreed with (three or more dismissed reports, and over twice as many dismissed as upheld,
 * and the account's reports no longer count).
 */
export async function countStandingReports(db: Db, commentId: number, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const row = await db
    .selectFrom('reports')
    .innerJoin('users', 'users.id', 'reports.user_id')
    .select((eb) => eb.fn.count<number>('reports.user_id').distinct().as('n'))
    .where('reports.comment_id', '=', commentId)
    .where((eb) =>
      eb.or([
        eb('users.created_at', '<=', dayAgo),
        eb.exists(eb.selectFrom('comments as c').select('c.id').whereRef('c.user_id', '=', 'users.id').where('c.status', '=', 'published')),
      ]),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('comments as r').select('r.id').whereRef('r.user_id', '=', 'users.id').where('r.status', '=', 'rejected').where('r.created_at', '>', monthAgo),
        ),
      ),
    )
    .where(
      sql<boolean>`(
        (select count(*) from reports d where d.user_id = users.id and d.resolution = 'dismissed') < 3
        or (select count(*) from reports d where d.user_id = users.id and d.resolution = 'dismissed')
           <= 2 * (select count(*) from reports u where u.user_id = users.id and u.resolution = 'upheld')
      )`,
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The policy in force, storing the given default as version 1 on a new site (safe when instances race). */
export async function ensurePolicy(db: Db, fallback: Policy, now: Date): Promise<Policy> {
  const existing = await currentPolicy(db);
  if (existing) return existing;
  const { version: _v, ...body } = fallback;
  await db
    .insertInto('policies')
    .values({ version: 1, policy_json: JSON.stringify(body), created_at: now.toISOString(), created_by: null })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
  return (await currentPolicy(db))!;
}

export interface LogFilter {
  actor?: Actor;
  action?: string;
  storyId?: number;
}

/** The moderation log, newest first, with the story and (for moderators) the comment and people. */
export async function listLog(db: Db, input: { filter: LogFilter; limit: number; offset: number }) {
  let q = db
    .selectFrom('moderation_log')
    .innerJoin('comments', 'comments.id', 'moderation_log.comment_id')
    .innerJoin('stories', 'stories.id', 'comments.story_id')
    .innerJoin('users as author', 'author.id', 'comments.user_id')
    .leftJoin('users as moderator', 'moderator.id', 'moderation_log.actor_id')
    .select([
      'moderation_log.id',
      'moderation_log.comment_id',
      'moderation_log.revision',
      'moderation_log.action',
      'moderation_log.actor',
      'moderation_log.reason_codes',
      'moderation_log.policy_version',
      'moderation_log.created_at',
      'moderation_log.detail_json',
      'comments.status as comment_status',
      'comments.body_md',
      'stories.slug as story_slug',
      'stories.title as story_title',
      'author.display_name as author_name',
      'moderator.display_name as moderator_name',
    ]);
  if (input.filter.actor) q = q.where('moderation_log.actor', '=', input.filter.actor);
  if (input.filter.action) q = q.where('moderation_log.action', '=', input.filter.action);
  if (input.filter.storyId !== undefined) q = q.where('comments.story_id', '=', input.filter.storyId);
  return q.orderBy('moderation_log.id', 'desc').limit(input.limit).offset(input.offset).execute();
}

export async function listPolicies(db: Db, limit = 50) {
  return db
    .selectFrom('policies')
    .leftJoin('users', 'users.id', 'policies.created_by')
    .select(['policies.version', 'policies.policy_json', 'policies.created_at', 'users.display_name as by'])
    .orderBy('policies.version', 'desc')
    .limit(limit)
    .execute();
}
