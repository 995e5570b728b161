/**
 * Signing a reader into an embedded discussion with their host site's token: verify it against the
 * site's keys (domain/sso.ts), spend it once, find or make the account linked to (site, external id)
 * and open an embed session. The account is the site's user's own: never one found by email.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { mintEmbedPass, readEmbedPass, verifySsoToken, type Site } from '../domain/sso.ts';
import type { User } from '../domain/user.ts';
import { identityUser, signInIdentity, useToken } from '../store/sites.ts';
import { deleteExpiredSessions, deleteSession, findLiveUserById, insertSession } from '../store/users.ts';
import { hashToken } from './sessions.ts';
import { requireSite } from './sites.ts';
import type { Deps } from './deps.ts';

/** An embed session lasts a week; the host vouches again on every page view anyway. */
export const EMBED_SESSION_SECONDS = 7 * 86_400;
const EXCHANGES_PER_HOUR_PER_IP = 300;

export interface SsoSignIn {
  user: User;
  /** The new session's token; null when the browser's embed session already is this user's (nothing changed). */
  sessionToken: string | null;
}

export async function signInWithSso(
  deps: Deps,
  input: { siteId: string; token: string; ip: string; current?: { user: User; sessionToken: string } },
): Promise<SsoSignIn> {
  const site = await exchangeAt(deps, input);
  const now = deps.clock();
  const verdict = verifySsoToken(input.token, site.sso, now);
  if (!verdict.ok) {
    deps.log.info({ siteId: site.id, code: verdict.code }, 'sso token refused');
    throw new AppError(verdict.code, verdict.message);
  }
  const externalId = verdict.identity.id;
  const fresh = await useToken(deps.db, { siteId: site.id, tokenId: verdict.tokenId, expiresAt: verdict.expiresAt, now });
  if (!fresh) {
    // A page reloaded with the token it already spent: harmless for the browser that holds that user's session.
    const linked = await identityUser(deps.db, { siteId: site.id, externalId });
    if (input.current && linked === input.current.user.id) return { user: input.current.user, sessionToken: null };
    deps.log.warn({ siteId: site.id }, 'sso token replayed');
    throw new AppError('sso_replayed', 'This sign-in token has already been used. The host site must sign a fresh token for each page view.');
  }
  const user = await signInIdentity(deps.db, { siteId: site.id, externalId, name: verdict.identity.name, now });
  deps.log.info({ siteId: site.id, userId: user.id, format: verdict.format }, 'sso sign-in');
  return openEmbedSession(deps, user, input.current, now);
}

/** The site a token or pass is exchanged for a session at, within the per-address limit on exchanges. */
async function exchangeAt(deps: Deps, input: { siteId: string; ip: string }): Promise<Site> {
  const site = await requireSite(deps, input.siteId);
  const limit = await deps.limiter.hit(`sso:ip:${input.ip}`, EXCHANGES_PER_HOUR_PER_IP, 3600);
  if (!limit.allowed) throw new AppError('rate_limited', 'Too many sign-ins from this address; try again later.', { retryAfterSeconds: limit.retryAfterSeconds });
  return site;
}

/** An embed session for this user, replacing the browser's embed session for another one (none when it is already theirs). */
async function openEmbedSession(deps: Pick<Deps, 'db'>, user: User, current: { user: User; sessionToken: string } | undefined, now: Date): Promise<SsoSignIn> {
  if (current?.user.id === user.id) return { user, sessionToken: null };
  if (current) await deleteSession(deps.db, hashToken(current.sessionToken));
  const token = randomBytes(32).toString('base64url');
  await deleteExpiredSessions(deps.db, user.id, now);
  await insertSession(deps.db, { idHash: hashToken(token), userId: user.id, now, expiresAt: new Date(now.getTime() + EMBED_SESSION_SECONDS * 1000) });
  return { user, sessionToken: token };
}

/**
 * A reader signed in to Parley itself (in the sign-in popup) gets a pass for the embedded thread of a registered
 * site; the frame spends it with signInWithPass. Sites with their own sign-on use that instead, but any site's
 * readers may also use a Parley account.
 */
export async function embedPassFor(deps: Deps, input: { secret: string; user: User; siteId: string }): Promise<{ pass: string; site: Site }> {
  const site = await requireSite(deps, input.siteId);
  return { pass: mintEmbedPass(input.secret, { userId: input.user.id, now: deps.clock(), nonce: randomBytes(16).toString('base64url') }), site };
}

export async function signInWithPass(
  deps: Deps,
  input: { secret: string; siteId: string; pass: string; ip: string; current?: { user: User; sessionToken: string } },
): Promise<SsoSignIn> {
  const site = await exchangeAt(deps, input);
  const now = deps.clock();
  const verdict = readEmbedPass(input.secret, input.pass, now);
  if (!verdict.ok) throw new AppError(verdict.code, verdict.message);
  const user = await findLiveUserById(deps.db, verdict.userId);
  if (!user) throw new AppError('sso_invalid', 'This account is no longer there.');
  if (!(await useToken(deps.db, { siteId: site.id, tokenId: verdict.passId, expiresAt: verdict.expiresAt, now }))) {
    if (input.current?.user.id === user.id) return { user, sessionToken: null };
    throw new AppError('sso_replayed', 'This sign-in pass has already been used; sign in again.');
  }
  deps.log.info({ siteId: site.id, userId: user.id }, 'embed sign-in with a Parley account');
  return openEmbedSession(deps, user, input.current, now);
}

/** Ends the embed session (the host says its reader signed out). */
export async function signOutEmbed(deps: Pick<Deps, 'db'>, input: { sessionToken: string }): Promise<void> {
  await deleteSession(deps.db, hashToken(input.sessionToken));
}
