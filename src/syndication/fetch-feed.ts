/**
 * Fetch one feed over HTTP(S): SSRF-checked on every hop and on the address actually dialled,
 * conditional GET, manual redirects (at most 5, loops detected), gzip/deflate/brotli decoded with the
 * size cap applied to the DECODED bytes, an overall timeout. Never throws: failures come back as coded errors.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BlockedAddressError, checkFeedUrl, forbiddenAddress, guardedLookup, isAllowlisted, type LookupFn } from './ssrf.ts';

export type FetchErrorCode =
  | 'invalid_url'
  | 'blocked_address'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'timeout'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'http_error'
  | 'bad_encoding'
  | 'network';

export type FetchResult =
  | { status: 'ok'; body: Buffer; contentType: string | null; etag: string | null; lastModified: string | null; finalUrl: string }
  | { status: 'not-modified' }
  | { status: 'error'; code: FetchErrorCode; message: string; retryAfterSeconds?: number };

export interface FetchOptions {
  etag?: string | null;
  lastModified?: string | null;
  /** Hosts an admin allowlisted: no address check for them (the demo feed on loopback, test servers). */
  allowHosts?: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  /** DNS resolver; tests pass a stub so no query leaves the machine. */
  lookup?: LookupFn;
  userAgent?: string;
  /** Clock for Retry-After dates (tests). */
  now?: () => number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MiB = 1024 * 1024;

class FetchFailure extends Error {
  constructor(readonly code: FetchErrorCode, message: string, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const { allowHosts = [], maxBytes = 10 * MiB, timeoutMs = 30_000, maxRedirects = 5 } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  const lookup = guardedLookup(allowHosts, options.lookup);
  const seen = new Set<string>();
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const check = checkFeedUrl(current, allowHosts);
      if (!check.ok) throw new FetchFailure(check.verdict === 'block' ? 'blocked_address' : 'invalid_url', `${hop ? 'redirect target' : 'feed URL'} refused: ${check.reason}`);
      // Userinfo would be sent nowhere we intend and invites parser confusion; partners get no credentials.
      if (check.hasCredentials) throw new FetchFailure('invalid_url', `${hop ? 'redirect target' : 'feed URL'} refused: it carries a user name or password`);
      const target = check.url;
      target.hash = '';
      if (seen.has(target.href)) throw new FetchFailure('redirect_loop', `redirect loop: ${target.href} was already visited`);
      seen.add(target.href);
      const res = await request(target, { ...options, lookup, allowHosts, signal });
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.resume();
        const location = res.headers.location;
        if (!location) throw new FetchFailure('http_error', `HTTP ${status} redirect without a Location header`);
        if (hop >= maxRedirects) throw new FetchFailure('too_many_redirects', `more than ${maxRedirects} redirects`);
        try {
          current = new URL(location, target).href;
        } catch {
          throw new FetchFailure('invalid_url', 'redirect target is not a valid URL');
        }
        continue;
      }
      if (status === 304) {
        res.resume();
        return { status: 'not-modified' };
      }
      if (status === 429 || status === 503) {
        res.resume();
        const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], options.now?.() ?? Date.now());
        const what = status === 429 ? 'the publisher is rate limiting us (HTTP 429)' : 'the publisher is unavailable (HTTP 503)';
        throw new FetchFailure(status === 429 ? 'rate_limited' : 'unavailable', retryAfterSeconds === undefined ? what : `${what}; retry after ${retryAfterSeconds} s`, retryAfterSeconds);
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new FetchFailure('http_error', `the server answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`);
      }
      const body = await readBody(res, maxBytes, signal);
      return {
        status: 'ok',
        body,
        contentType: res.headers['content-type'] ?? null,
        etag: header(res.headers.etag),
        lastModified: header(res.headers['last-modified']),
        finalUrl: target.href,
      };
    }
  } catch (err) {
    return toError(err, signal, timeoutMs);
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

function request(
  url: URL,
  o: FetchOptions & { lookup: LookupFn; allowHosts: readonly string[]; signal: AbortSignal },
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': o.userAgent ?? 'Parley feed fetcher',
    };
    if (o.etag) headers['if-none-match'] = o.etag;
    if (o.lastModified) headers['if-modified-since'] = o.lastModified;
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, { method: 'GET', headers, lookup: o.lookup as never, agent: false, signal: o.signal });
    // Belt and braces: judge the peer the socket really reached, whatever path produced the address.
    req.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        const peer = socket.remoteAddress ?? '';
        const why = isAllowlisted(url.hostname, o.allowHosts) ? null : forbiddenAddress(peer);
        if (why) req.destroy(new BlockedAddressError(url.hostname, peer, why));
      });
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Decodes Content-Encoding as a stream and stops reading as soon as the decoded size passes the cap. */
async function readBody(res: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  const encodings = String(res.headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== 'identity');
  if (encodings.length === 0 && Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchFailure('too_large', `the feed is ${declared} bytes, more than the ${maxBytes}-byte limit`);
  }
  let stream: Readable = res;
  for (const enc of encodings.reverse()) {
    const decoder =
      enc === 'gzip' || enc === 'x-gzip' ? zlib.createGunzip()
      : enc === 'br' ? zlib.createBrotliDecompress()
      : enc === 'deflate' ? zlib.createUnzip() // zlib-wrapped, as RFC 9110 says; also accepts a mislabelled gzip body
      : null;
    if (!decoder) {
      res.destroy();
      throw new FetchFailure('bad_encoding', `unsupported Content-Encoding "${enc}"`);
    }
    const source = stream;
    source.on('error', (e) => decoder.destroy(e));
    stream = source.pipe(decoder);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let raw = 0;
  // Compressed bytes are capped too, so a body that never decodes to anything cannot stream forever.
  if (stream !== res) {
    res.on('data', (c: Buffer) => {
      raw += c.length;
      if (raw > maxBytes) res.destroy(new FetchFailure('too_large', `the feed is more than ${maxBytes} bytes`));
    });
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new FetchFailure('too_large', `the feed decodes to more than ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FetchFailure || signal.aborted) throw err;
    if (err && typeof err === 'object' && 'errno' in err && String((err as { code?: string }).code).startsWith('Z_')) {
      throw new FetchFailure('bad_encoding', `the compressed body is corrupt (${(err as unknown as Error).message})`);
    }
    throw err;
  } finally {
    res.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = header(value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const at = /[A-Za-z]/.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function toError(err: unknown, signal: AbortSignal, timeoutMs: number): FetchResult {
  if (err instanceof FetchFailure) {
    return { status: 'error', code: err.code, message: err.message, ...(err.retryAfterSeconds !== undefined && { retryAfterSeconds: err.retryAfterSeconds }) };
  }
  if (signal.aborted) return { status: 'error', code: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
  const found = findCause(err);
  if (found instanceof BlockedAddressError) return { status: 'error', code: 'blocked_address', message: `refused to connect: ${found.message}` };
  if (found instanceof FetchFailure) return toError(found, signal, timeoutMs);
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOTFOUND: 'the host name does not resolve',
    ECONNREFUSED: 'the server refused the connection',
    ECONNRESET: 'the connection was reset',
    ETIMEDOUT: 'the connection timed out',
    EAI_AGAIN: 'DNS lookup failed temporarily',
  };
  return { status: 'error', code: 'network', message: words[e?.code ?? ''] ?? `network error: ${e?.message ?? String(err)}` };
}

function findCause(err: unknown): unknown {
  for (let e = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof BlockedAddressError || e instanceof FetchFailure) return e;
  }
  return undefined;
}
