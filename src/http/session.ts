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

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    sessionToken?: string;
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

export function csrfGuard(secret: string) {
  const sign = (binding: string) => createHmac('sha256', secret).update(binding).digest('base64url');

  /** The token for forms on this response; sets the pre-session cookie when there is no session. */
  function tokenFor(request: FastifyRequest, reply: FastifyReply, config: Config): string {
    if (request.sessionToken) return sign(`session:${request.sessionToken}`);
    let anon = request.cookies[CSRF_COOKIE];
    if (!anon || anon.length < 32) {
      anon = randomBytes(24).toString('base64url');
      reply.setCookie(CSRF_COOKIE, anon, cookieOptions(config));
      request.cookies[CSRF_COOKIE] = anon;
    }
    return sign(`anon:${anon}`);
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
    const body = request.body as Record<string, unknown> | undefined;
    const given = typeof header === 'string' ? header : typeof body?._csrf === 'string' ? body._csrf : '';
    const bindings = [];
    if (request.sessionToken) bindings.push(`session:${request.sessionToken}`);
    const anon = request.cookies[CSRF_COOKIE];
    if (anon) bindings.push(`anon:${anon}`);
    const ok = bindings.some((b) => {
      const expected = Buffer.from(sign(b));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    });
    if (!ok) throw new AppError('csrf_invalid', 'Your form expired or came from elsewhere. Reload the page and try again.');
  }

  return { tokenFor, verify };
}
