/**
 * Password reset links. Parley sends no email, so an administrator makes a link for a reader (from the users
 * page, the API or `parley users reset-link EMAIL`) and hands it over; the reader chooses a new password with
 * it, once, within three days. Setting it ends every session of the account and starts a new one. This is
 * also how accounts restored from an archive (which carries no password hashes) or brought in by an import
 * get a password.
 */
import { randomBytes } from 'node:crypto';
import { AppError, notFound } from '../errors.ts';
import { normaliseEmail, PASSWORD_MAX, PASSWORD_MIN, type User } from '../domain/user.ts';
import { findLiveUserById, findResetUser, findUserForLogin, insertPasswordReset, replacePassword, usePasswordReset } from '../store/users.ts';
import type { Deps } from './deps.ts';
import { hashPassword } from './password.ts';
import { requireAdmin } from './review.ts';
import { hashToken, startSession } from './sessions.ts';

export const RESET_LINK_HOURS = 72;

export interface ResetLink {
  user: User;
  url: string;
  expiresAt: string;
}

/** A link for one account, found by id (an admin on the site) or by email (the command line, run by an operator). */
export async function issueResetLink(deps: Deps, input: { admin?: User; userId?: number; email?: string }): Promise<ResetLink> {
  if (input.admin !== undefined) requireAdmin(input.admin);
  let user: User | undefined;
  if (input.userId !== undefined) user = await findLiveUserById(deps.db, input.userId);
  else if (input.email !== undefined) {
    const found = await findUserForLogin(deps.db, normaliseEmail(input.email));
    user = found && (await findLiveUserById(deps.db, found.id));
  }
  if (!user) throw notFound('Account');
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000);
  await insertPasswordReset(deps.db, { idHash: hashToken(token), userId: user.id, now, expiresAt });
  deps.log.info({ userId: user.id, by: input.admin?.id ?? 'command line' }, 'password reset link made');
  return { user, url: `${deps.config.publicUrl.replace(/\/$/, '')}/reset/${token}`, expiresAt: expiresAt.toISOString() };
}

const invalidLink = () => new AppError('reset_link_invalid', 'This link has expired or has been used. Ask the site’s administrator for a new one.');

/** The account a link would reset, or reset_link_invalid. */
export async function resetLinkUser(deps: Deps, token: string): Promise<User> {
  const user = token.length <= 100 ? await findResetUser(deps.db, hashToken(token), deps.clock()) : undefined;
  if (!user) throw invalidLink();
  return user;
}

export async function resetPassword(deps: Deps, input: { token: string; password: string }): Promise<{ user: User; sessionToken: string }> {
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) {
    const field = input.password.length < PASSWORD_MIN ? `At least ${PASSWORD_MIN} characters.` : `At most ${PASSWORD_MAX} characters.`;
    throw new AppError('validation_failed', 'Please choose another password.', { fields: { password: field } });
  }
  const user = await resetLinkUser(deps, input.token);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  const spent = await deps.db.transaction().execute(async (trx) => {
    if (!(await usePasswordReset(trx, hashToken(input.token), now))) return false;
    await replacePassword(trx, { userId: user.id, passwordHash });
    return true;
  });
  if (!spent) throw invalidLink();
  deps.log.info({ userId: user.id }, 'password reset');
  return { user, sessionToken: await startSession(deps, user.id) };
}
