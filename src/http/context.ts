/** What the route modules share: the command deps, the assets, CSRF, the page cache and rendering. */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Deps } from '../commands/deps.ts';
import type { Assets } from '../web/assets.ts';
import { renderDocument, type PageContext } from '../web/layout.tsx';
import type { csrfGuard } from './session.ts';
import type { PageCache } from './page-cache.ts';

export interface HttpContext {
  deps: Deps;
  assets: Assets;
  csrf: ReturnType<typeof csrfGuard>;
  cache: PageCache;
  siteName: string;
  /** The server's secret (PARLEY_SECRET, or one made at start): CSRF tokens and embed passes are signed with it. */
  secret: string;
}

export function pageContext(http: HttpContext, request: FastifyRequest, reply: FastifyReply): PageContext {
  const user = request.user;
  return {
    siteName: http.siteName,
    assets: http.assets,
    viewer: user ? { name: user.displayName, role: user.role, csrf: http.csrf.tokenFor(request, reply, http.deps.config) } : null,
    path: request.url,
  };
}

export const etagOf = (html: string) => `"${createHash('sha1').update(html).digest('base64url')}"`;

/** Sends a rendered page; anonymous GETs are cached (per URL) and answer If-None-Match with 304. */
export function sendPage(
  http: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  page: VNode,
  /** noStore: the page holds a secret (a reset link, a new key) that no cache may keep. */
  opts: { status?: number; cacheStory?: number; noStore?: boolean } = {},
) {
  const html = renderDocument(page);
  reply.code(opts.status ?? 200).type('text/html; charset=utf-8');
  if (!request.user && http.cache.enabled && opts.cacheStory !== undefined && (opts.status ?? 200) === 200) {
    const etag = etagOf(html);
    http.cache.set(request.url, opts.cacheStory, html, etag);
    reply.header('etag', etag);
  }
  reply.header('cache-control', opts.noStore ? 'no-store' : 'private, no-cache');
  return reply.send(html);
}

/** Serves an anonymous page from the cache when it can; returns true if it did. */
export function sendCached(http: HttpContext, request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.user || !http.cache.enabled) return false;
  const hit = http.cache.get(request.url);
  if (!hit) return false;
  reply.header('etag', hit.etag).header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] === hit.etag) reply.code(304).send();
  else reply.type('text/html; charset=utf-8').send(hit.html);
  return true;
}

/** A relative path on this site, or "/" — never an open redirect. */
/** The sign-in popup of an embedded discussion (routes/embed.tsx). */
export const EMBED_SIGNIN_PATH = '/login/embed';

/**
 * Every response on the sign-in popup's way (redirects included) lets it keep its link to the frame that opened
 * it, whose page is another site's; every other page keeps Cross-Origin-Opener-Policy: same-origin.
 */
export function keepPopupOpener(reply: FastifyReply): void {
  reply.header('cross-origin-opener-policy', 'unsafe-none');
}

export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The path (and query) of the page on this site the request came from, or undefined. */
export function refererPath(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
