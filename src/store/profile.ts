/**
 * A person's own data: their comments with each one's state and latest statement of reasons, the
 * outcome of their reports, everything for export, and erasure of their account.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

type Db = Kysely<DB>;

export async function commentsOf(db: Db, input: { userId: number; limit: number; offset: number }) {
  return db
    .selectFrom('comments')
    .innerJoin('stories', 'stories.id', 'comments.story_id')
    .select(['comments.id', 'comments.body_md', 'comments.status', 'comments.created_at', 'comments.revision', 'stories.slug', 'stories.title'])
    .where('comments.user_id', '=', input.userId)
    .orderBy('comments.id', 'desc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
}

/** The reader's reports and what became of them (the moderator's rule when upheld). */
export async function reportsBy(db: Db, input: { userId: number; limit: number }) {
  return db
    .selectFrom('reports')
    .innerJoin('comments', 'comments.id', 'reports.comment_id')
    .innerJoin('stories', 'stories.id', 'comments.story_id')
    .select((eb) => [
      'reports.id',
      'reports.comment_id',
      'reports.reason',
      'reports.resolution',
      'reports.created_at',
      'comments.status',
      'stories.slug',
      'stories.title',
      eb
        .selectFrom('moderation_log')
        .select('moderation_log.reason_codes')
        .whereRef('moderation_log.comment_id', '=', 'reports.comment_id')
        .where('moderation_log.actor', '=', 'moderator')
        .orderBy('moderation_log.id', 'desc')
        .limit(1)
        .as('rule'),
    ])
    .where('reports.user_id', '=', input.userId)
    .orderBy('reports.id', 'desc')
    .limit(input.limit)
    .execute();
}

/** Everything stored about the person, for "export my data". Password hash and session ids are left out. */
export async function exportUserData(db: Db, userId: number) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'created_at', 'suspended_until', 'banned', 'sanction_reason'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const comments = await db.selectFrom('comments').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  const ids = comments.map((c) => c.id);
  const revisions = ids.length ? await db.selectFrom('comment_revisions').selectAll().where('comment_id', 'in', ids).orderBy('id').execute() : [];
  const statements = ids.length
    ? await db.selectFrom('moderation_log').select(['comment_id', 'revision', 'action', 'actor', 'reason_codes', 'detail_json', 'policy_version', 'created_at']).where('comment_id', 'in', ids).orderBy('id').execute()
    : [];
  const appeals = await db.selectFrom('appeals').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  const votes = await db.selectFrom('votes').select(['comment_id', 'value', 'created_at']).where('user_id', '=', userId).execute();
  const reports = await db.selectFrom('reports').select(['comment_id', 'reason', 'text', 'created_at', 'resolution']).where('user_id', '=', userId).execute();
  return {
    account: user,
    comments: comments.map((c) => ({
      ...c,
      revisions: revisions.filter((r) => r.comment_id === c.id).map((r) => ({ revision: r.revision, body: r.body_md, created_at: r.created_at })),
      statements: statements.filter((s) => s.comment_id === c.id).map((s) => ({ ...s, detail: JSON.parse(s.detail_json), detail_json: undefined })),
    })),
    appeals,
    votes,
    reports,
  };
}

/**
 * Erases the account's personal data: email, name, password, sessions, report texts. Comments stay
 * in their threads under "deleted account"; quotes are removed from the statements of reasons.
 */
export async function eraseUser(db: Db, input: { userId: number; now: Date }): Promise<void> {
  await db
    .updateTable('users')
    .set({ email: `deleted-${input.userId}@erased.invalid`, display_name: 'deleted account', password_hash: '!', deleted_at: input.now.toISOString(), sanction_reason: null })
    .where('id', '=', input.userId)
    .execute();
  await db.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
  // The link from an embedding site's user id goes too: signing in there again makes a new account.
  await db.deleteFrom('sso_identities').where('user_id', '=', input.userId).execute();
  await db.updateTable('reports').set({ text: null }).where('user_id', '=', input.userId).execute();
  const logs = await db
    .selectFrom('moderation_log')
    .innerJoin('comments', 'comments.id', 'moderation_log.comment_id')
    .select(['moderation_log.id', 'moderation_log.detail_json'])
    .where('comments.user_id', '=', input.userId)
    .execute();
  for (const log of logs) {
    const detail = JSON.parse(log.detail_json) as { reasons?: { quotes?: string[] }[] };
    for (const r of detail.reasons ?? []) r.quotes = [];
    await db.updateTable('moderation_log').set({ detail_json: JSON.stringify(detail) }).where('id', '=', log.id).execute();
  }
}
