/**
 * Who is asking, and did they mean to. Sessions live server-side (store/users.ts); the cookie holds
 * only a random token. CSRF tokens are an HMAC of the session token (or, before login, of a random
 * cookie), checked on every write: the `_csrf` form field or the `x-csrf-token` header. Written here
 * rather than taken from a plugin because the token must be bound to our own session store.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { User } from '../domain/user.ts';
import type { Config } from '../config.ts';

export const SESSION_COOKIE = 'parley_session';
export const CSRF_COOKIE = 'parley_csrf';
const SESSION_MAX_AGE = 30 * 86_400;
/** The embedded discussion's own session and pre-session cookies (see embedCookieOptions). */
export const EMBED_SESSION_COOKIE = 'parley_embed_session';
export const EMBED_CSRF_COOKIE = 'parley_embed_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    sessionToken?: string;
    /** A request of the embedded discussion: it uses the embed's cookies, never the site's own session. */
    embed?: boolean;
  }
}

export function cookieOptions(config: Config, maxAge?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, ...(maxAge ? { maxAge } : {}) };
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(config, SESSION_MAX_AGE));
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/**
 * The embed runs in a third-party iframe, where only SameSite=None cookies are sent, and None needs
 * Secure (browsers accept Secure over plain http on localhost). Partitioned keeps the cookie per
 * embedding site, so a reader's session on one host site is not their session on another.
 */
export function embedCookieOptions(maxAge?: number) {
  return { path: '/', httpOnly: true, sameSite: 'none' as const, secure: true, partitioned: true, ...(maxAge ? { maxAge } : {}) };
}

export function setEmbedSessionCookie(reply: FastifyReply, token: string, maxAge: number): void {
  reply.setCookie(EMBED_SESSION_COOKIE, token, embedCookieOptions(maxAge));
}

export function clearEmbedSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(EMBED_SESSION_COOKIE, embedCookieOptions());
}

/**
 * Whether a request belongs to the embedded discussion: its pages and API under /embed/ and /api/embed/,
 * and what the frame's scripts fetch (the Referer, sent in full only to ourselves, is an /embed/ page).
 */
export function isEmbedRequest(request: FastifyRequest): boolean {
  const path = request.url;
  if (path.startsWith('/embed/') || path.startsWith('/api/embed/')) return true;
  const referer = request.headers.referer;
  // A link followed from the frame opens one of our own pages in a tab of its own: not the embed.
  if (!referer || request.headers['sec-fetch-mode'] === 'navigate') return false;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host && url.pathname.startsWith('/embed/');
  } catch {
    return false;
  }
}

export function csrfGuard(secret: string) {
  const sign = (binding: string) => createHmac('sha256', secret).update(binding).digest('base64url');

  /** The token for forms on this response; sets the pre-session cookie when there is no session. */
  function tokenFor(request: FastifyRequest, reply: FastifyReply, config: Config): string {
    if (request.sessionToken) return sign(`session:${request.sessionToken}`);
    const [name, kind] = request.embed ? [EMBED_CSRF_COOKIE, 'embed-anon'] : [CSRF_COOKIE, 'anon'];
    let anon = request.cookies[name];
    if (!anon || anon.length < 32) {
      anon = randomBytes(24).toString('base64url');
      reply.setCookie(name, anon, request.embed ? embedCookieOptions() : cookieOptions(config));
      request.cookies[name] = anon;
    }
    return sign(`${kind}:${anon}`);
  }

  /** Throws csrf_invalid unless the request carries a token bound to its session (or pre-session cookie). */
  function verify(request: FastifyRequest): void {
    const origin = request.headers.origin;
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== request.headers.host) throw new AppError('csrf_invalid', 'This request came from another site and was refused.');
    }
    const header = request.headers['x-csrf-token'];
    // The embed's cookies are sent cross-site, so its writes must also prove they came from its own
    // frame: the header (only script on a page of ours can set it) and an Origin naming this site.
    if (request.embed && (typeof header !== 'string' || !origin || origin === 'null')) {
      throw new AppError('csrf_invalid', 'Writes from an embedded discussion need the x-csrf-token header and this site as their Origin.');
    }
    const body = request.body as Record<string, unknown> | undefined;
    const given = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : '';
    const bindings = [];
    if (request.sessionToken) bindings.push(`session:${request.sessionToken}`);
    const anon = request.cookies[request.embed ? EMBED_CSRF_COOKIE : CSRF_COOKIE];
    if (anon) bindings.push(`${request.embed ? 'embed-anon' : 'anon'}:${anon}`);
    const ok = bindings.some((b) => {
      const expected = Buffer.from(sign(b));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    });
    if (!ok) throw new AppError('csrf_invalid', 'Your form expired or came from elsewhere. Reload the page and try again.');
  }

  return { tokenFor, verify };
}
