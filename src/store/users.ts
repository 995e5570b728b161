/**
 * Accounts and their server-side sessions. A session is stored by the SHA-256 of its token,
 * so a leaked database does not hand out live sessions.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Role, User } from '../domain/user.ts';
import type { DB, UsersTable } from './schema.ts';
import { prepared, slot } from './prepared.ts';

type Db = Kysely<DB>;

const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role as Role,
  createdAt: r.created_at,
  sanction: r.banned || r.suspended_until ? { until: r.suspended_until, banned: r.banned === 1, reason: r.sanction_reason } : null,
});

/** Inserts the user; returns undefined when the email is taken (the unique key decides, not a prior read). */
export async function insertUser(
  db: Db,
  input: { email: string; displayName: string; passwordHash: string; role?: Role; now: Date },
): Promise<User | undefined> {
  const row = await db
    .insertInto('users')
    .values({
      email: input.email,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      role: input.role ?? 'reader',
      created_at: input.now.toISOString(),
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserForLogin(db: Db, email: string): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && { ...toUser(row), passwordHash: row.password_hash };
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** The account, unless it was erased. */
export async function findLiveUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row && toUser(row);
}

export async function countUsersWithRole(db: Db, role: Role): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(db: Db, input: { idHash: string; userId: number; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: input.idHash,
      user_id: input.userId,
      created_at: input.now.toISOString(),
      expires_at: input.expiresAt.toISOString(),
    })
    .execute();
}

// On every signed-in request.
const sessionUser = prepared<{ idHash: string; now: string }, Selectable<UsersTable>>((db) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.id', '=', slot<string>('idHash'))
    .where('sessions.expires_at', '>', slot<string>('now')),
);

export async function findSessionUser(db: Db, idHash: string, now: Date): Promise<User | undefined> {
  const [row] = (await sessionUser(db, { idHash, now: now.toISOString() })).rows;
  return row && toUser(row);
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', idHash).execute();
}

/** Expired sessions of one account go when it starts a new one (the user's index keeps this cheap). */
export async function deleteExpiredSessions(db: Db, userId: number, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
}

export async function setRole(db: Db, userId: number, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function searchUsers(db: Db, input: { query: string; limit: number }): Promise<User[]> {
  let q = db.selectFrom('users').selectAll();
  const text = input.query.trim().toLowerCase().replace(/[%_]/g, '');
  if (text) q = q.where((eb) => eb.or([eb('email', 'like', `%${text}%`), eb(eb.fn('lower', ['display_name']), 'like', `%${text}%`)]));
  const rows = await q.orderBy('id', 'desc').limit(input.limit).execute();
  return rows.map(toUser);
}

export async function setSanction(db: Db, input: { userId: number; banned: boolean; until: string | null; reason: string | null }): Promise<void> {
  await db
    .updateTable('users')
    .set({ banned: input.banned ? 1 : 0, suspended_until: input.until, sanction_reason: input.reason })
    .where('id', '=', input.userId)
    .execute();
}

export async function recordAccountAction(
  db: Db,
  input: { userId: number; kind: 'suspend' | 'ban' | 'lift'; until: string | null; reason: string; actorId: number; now: Date },
): Promise<void> {
  await db
    .insertInto('account_actions')
    .values({ user_id: input.userId, kind: input.kind, until: input.until, reason: input.reason, actor_id: input.actorId, created_at: input.now.toISOString() })
    .execute();
}

/** A password reset link (only its digest is stored). */
export async function insertPasswordReset(db: Db, input: { idHash: string; userId: number; now: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ id: input.idHash, user_id: input.userId, created_at: input.now.toISOString(), expires_at: input.expiresAt.toISOString(), used_at: null })
    .execute();
}

/** The account a reset link is for, while the link is unused and unexpired (and the account not erased). */
export async function findResetUser(db: Db, idHash: string, now: Date): Promise<User | undefined> {
  const row = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .selectAll('users')
    .where('password_resets.id', '=', idHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', now.toISOString())
    .where('users.deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toUser(row);
}

/** Spends a reset link: true for the one call that marks it used. */
export async function usePasswordReset(db: Db, idHash: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('password_resets').set({ used_at: now.toISOString() }).where('id', '=', idHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new password; every session of the account ends with it. */
export async function replacePassword(db: Db, input: { userId: number; passwordHash: string }): Promise<void> {
  await db.updateTable('users').set({ password_hash: input.passwordHash }).where('id', '=', input.userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', input.userId).execute();
}
