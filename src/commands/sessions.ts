/**
 * Sign up, log in, log out. A login creates a brand-new session id (never reuses one), and
 * attempts are limited per account and per IP address.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { DISPLAY_NAME_MAX, normaliseEmail, PASSWORD_MAX, PASSWORD_MIN, type User } from '../domain/user.ts';
import { cleanText } from '../domain/markdown.ts';
import { deleteExpiredSessions, deleteSession, findSessionUser, findUserForLogin, insertSession, insertUser } from '../store/users.ts';
import type { Deps } from './deps.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';

const SESSION_DAYS = 30;
export const LOGIN_LIMIT_PER_ACCOUNT = 10;
export const LOGIN_LIMIT_PER_IP = 50;
const LOGIN_WINDOW_SECONDS = 15 * 60;
const SIGNUP_LIMIT_PER_IP = 20;

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startSession(deps: Deps, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  await deleteExpiredSessions(deps.db, userId, now);
  await insertSession(deps.db, {
    idHash: hashToken(token),
    userId,
    now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
  });
  return token;
}

export function validateSignUp(input: { email: string; displayName: string; password: string }) {
  const fields: Record<string, string> = {};
  const email = normaliseEmail(cleanText(input.email));
  const displayName = cleanText(input.displayName).replace(/\s+/g, ' ').trim();
  if (!EMAIL.test(email) || email.length > 320) fields.email = 'Enter a valid email address.';
  if (!displayName) fields.displayName = 'Enter a display name.';
  else if ([...displayName].length > DISPLAY_NAME_MAX) fields.displayName = `At most ${DISPLAY_NAME_MAX} characters.`;
  if (input.password.length < PASSWORD_MIN) fields.password = `At least ${PASSWORD_MIN} characters.`;
  else if (input.password.length > PASSWORD_MAX) fields.password = `At most ${PASSWORD_MAX} characters.`;
  if (Object.keys(fields).length) throw new AppError('validation_failed', 'Please correct the highlighted fields.', { fields });
  return { email, displayName, password: input.password };
}

export async function signUp(
  deps: Deps,
  input: { email: string; displayName: string; password: string; ip: string },
): Promise<{ user: User; sessionToken: string }> {
  const valid = validateSignUp(input);
  const limit = await deps.limiter.hit(`signup:ip:${input.ip}`, SIGNUP_LIMIT_PER_IP, 3600);
  if (!limit.allowed) throw new AppError('rate_limited', 'Too many sign-ups from this address; try again later.', { retryAfterSeconds: limit.retryAfterSeconds });
  const user = await insertUser(deps.db, {
    email: valid.email,
    displayName: valid.displayName,
    passwordHash: await hashPassword(valid.password),
    now: deps.clock(),
  });
  if (!user) throw new AppError('email_taken', 'An account with this email already exists; log in instead.', { fields: { email: 'Already registered.' } });
  deps.log.info({ userId: user.id }, 'user signed up');
  return { user, sessionToken: await startSession(deps, user.id) };
}

export async function logIn(
  deps: Deps,
  input: { email: string; password: string; ip: string },
): Promise<{ user: User; sessionToken: string }> {
  const email = normaliseEmail(cleanText(input.email));
  for (const [key, limit] of [
    [`login:ip:${input.ip}`, LOGIN_LIMIT_PER_IP],
    [`login:account:${email}`, LOGIN_LIMIT_PER_ACCOUNT],
  ] as const) {
    const r = await deps.limiter.hit(key, limit, LOGIN_WINDOW_SECONDS);
    if (!r.allowed) {
      throw new AppError('rate_limited', 'Too many login attempts; wait a few minutes and try again.', { retryAfterSeconds: r.retryAfterSeconds });
    }
  }
  const found = await findUserForLogin(deps.db, email);
  const ok = await verifyPassword(input.password.slice(0, PASSWORD_MAX), found?.passwordHash ?? DUMMY_HASH);
  if (!found || !ok) throw new AppError('invalid_credentials', 'That email and password do not match an account.');
  const { passwordHash: _, ...user } = found;
  deps.log.info({ userId: user.id }, 'user logged in');
  return { user, sessionToken: await startSession(deps, user.id) };
}

export async function logOut(deps: Deps, input: { sessionToken: string }): Promise<void> {
  await deleteSession(deps.db, hashToken(input.sessionToken));
}

export async function userForSession(deps: Deps, sessionToken: string): Promise<User | undefined> {
  return findSessionUser(deps.db, hashToken(sessionToken), deps.clock());
}
