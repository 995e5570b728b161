/**
 * Single sign-on for embedded discussions: a host site vouches for its signed-in reader with a token,
 * checked here against the site's keys. Two formats:
 * - the HMAC payload (as Disqus has it): `base64(JSON) + ' ' + hex HMAC-SHA256(secret, base64 + ' ' + ts) + ' ' + ts`;
 * - a JWT, HS256 with the site's secret or RS256 with the site's public key (as Coral has it).
 * Pure: the clock comes in as `now`, the verdict goes out as data; replay is the caller's part (it
 * stores `tokenId` until `expiresAt`). Written with node:crypto rather than a JWT library because only
 * two algorithms are wanted and each must be tied to its own key (no `alg: none`, no HS/RS confusion).
 */
import { createHash, createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { cleanText } from './markdown.ts';
import { DISPLAY_NAME_MAX } from './user.ts';

export interface SsoKeys {
  /** Shared secret for the HMAC payload and HS256. */
  secret: string | null;
  /** SPKI PEM of the RSA key for RS256. */
  publicKey: string | null;
  /** When set, a JWT's `iss` must equal it. */
  issuer: string | null;
  /** When set, a JWT's `aud` must be or include it. */
  audience: string | null;
}

export interface SsoIdentity {
  /** The host site's id for its user. */
  id: string;
  name: string;
}

export type SsoFormat = 'hmac' | 'HS256' | 'RS256';

export type SsoVerdict =
  | { ok: true; format: SsoFormat; identity: SsoIdentity; tokenId: string; expiresAt: Date }
  | { ok: false; code: 'sso_invalid' | 'sso_expired'; message: string };

/** How old an HMAC payload's timestamp may be. */
export const HMAC_MAX_AGE_SECONDS = 3600;
/** How far a JWT's `exp` may lie ahead: a token is a one-time ticket, not a long-lived credential. */
export const JWT_MAX_LIFETIME_SECONDS = 24 * 3600;
/** Clock difference tolerated between the host site and us. */
export const CLOCK_SKEW_SECONDS = 60;
export const TOKEN_MAX_LENGTH = 8192;
const EXTERNAL_ID_MAX = 200;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const invalid = (message: string): SsoVerdict => ({ ok: false, code: 'sso_invalid', message });
const expired = (message: string): SsoVerdict => ({ ok: false, code: 'sso_expired', message });
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The user the claims name: `{id, username|name}` at the top, or in `user` (Coral), or `sub` and `name` (OpenID). */
function identityOf(claims: Record<string, unknown>): SsoIdentity | string {
  const user = claims.user && typeof claims.user === 'object' && !Array.isArray(claims.user) ? (claims.user as Record<string, unknown>) : claims;
  const rawId = user.id ?? claims.sub;
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : typeof rawId === 'string' ? rawId.trim() : '';
  if (!id) return 'The sign-in token names no user id.';
  if (id.length > EXTERNAL_ID_MAX) return `The user id is longer than ${EXTERNAL_ID_MAX} characters.`;
  const rawName = [user.username, user.name, user.display_name, claims.name, claims.preferred_username].find((v) => typeof v === 'string' && v.trim());
  const name = cleanText(String(rawName ?? ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!name) return 'The sign-in token names no username.';
  return { id, name: [...name].slice(0, DISPLAY_NAME_MAX).join('') };
}

/** The HMAC payload: base64 JSON, hex signature over "base64 timestamp", Unix timestamp in seconds. */
function verifyHmacPayload(token: string, keys: SsoKeys, now: Date): SsoVerdict {
  const parts = token.split(' ');
  if (parts.length !== 3) return invalid('The sign-in payload must be three parts separated by spaces: message, signature, timestamp.');
  const [message, signature, timestamp] = parts as [string, string, string];
  if (!keys.secret) return invalid('This site has no SSO secret, so it cannot accept HMAC payloads.');
  if (!/^\d{1,12}$/.test(timestamp)) return invalid('The payload timestamp must be a Unix time in seconds.');
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return invalid('The payload signature must be 64 hexadecimal digits (HMAC-SHA256).');
  const expected = createHmac('sha256', keys.secret).update(`${message} ${timestamp}`).digest();
  if (!sameBytes(expected, Buffer.from(signature, 'hex'))) return invalid('The payload signature does not match: it was not signed with this site’s secret.');
  const issued = Number(timestamp);
  const seconds = now.getTime() / 1000;
  if (issued > seconds + CLOCK_SKEW_SECONDS) return invalid('The payload timestamp is in the future; check the host server’s clock.');
  if (issued < seconds - HMAC_MAX_AGE_SECONDS) return expired(`The sign-in payload is older than ${HMAC_MAX_AGE_SECONDS / 60} minutes; sign a fresh one for each page.`);
  if (!message || !BASE64.test(message)) return invalid('The payload message is not base64.');
  const claims = parseJsonObject(Buffer.from(message, 'base64').toString('utf8'));
  if (!claims) return invalid('The payload message is not a JSON object.');
  const identity = identityOf(claims);
  if (typeof identity === 'string') return invalid(identity);
  return { ok: true, format: 'hmac', identity, tokenId: `sig:${sha256(signature.toLowerCase())}`, expiresAt: new Date((issued + HMAC_MAX_AGE_SECONDS) * 1000) };
}

function rsaKey(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a PEM is an RSA public key we would verify RS256 with (2048 bits or more). */
export function checkRsaPublicKey(pem: string): string | null {
  if (pem.includes('PRIVATE KEY')) return 'That is a private key: give the public key, and keep the private one on the host server.';
  const key = rsaKey(pem);
  if (!key || key.type !== 'public') return 'Not an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----).';
  if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return 'The RSA key must be at least 2048 bits.';
  return null;
}

const numericDate = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function verifyJwt(token: string, keys: SsoKeys, now: Date): SsoVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return invalid('A JWT has three parts separated by dots.');
  const [head, body, signature] = parts as [string, string, string];
  if (!BASE64URL.test(head) || !BASE64URL.test(body)) return invalid('The JWT is not base64url.');
  const header = parseJsonObject(Buffer.from(head, 'base64url').toString('utf8'));
  if (!header) return invalid('The JWT header is not a JSON object.');
  const alg = header.alg;
  if (alg === 'none' || alg === 'None' || alg === 'NONE' || !signature) return invalid('Unsigned tokens (alg "none") are refused.');
  if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) return invalid('The JWT header’s typ must be "JWT".');
  if (header.crit !== undefined) return invalid('The JWT header asks for extensions ("crit") that are not supported.');
  if (!BASE64URL.test(signature)) return invalid('The JWT signature is not base64url.');
  const signed = Buffer.from(`${head}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  // Each algorithm is checked with its own key only: an RS256 public key is never used as an HMAC secret.
  if (alg === 'HS256') {
    if (!keys.secret) return invalid('This site does not accept HS256 tokens (it has no SSO secret).');
    if (!sameBytes(createHmac('sha256', keys.secret).update(signed).digest(), given)) return invalid('The JWT signature does not match: it was not signed with this site’s secret.');
  } else if (alg === 'RS256') {
    const key = keys.publicKey ? rsaKey(keys.publicKey) : undefined;
    if (!key) return invalid('This site does not accept RS256 tokens (it has no RSA public key).');
    if (!verify('sha256', signed, key, given)) return invalid('The JWT signature does not match: it was not signed with this site’s private key.');
  } else {
    return invalid(`The JWT algorithm ${JSON.stringify(alg)} is not accepted; use HS256 or RS256.`);
  }
  const claims = parseJsonObject(Buffer.from(body, 'base64url').toString('utf8'));
  if (!claims) return invalid('The JWT payload is not a JSON object.');
  const seconds = now.getTime() / 1000;
  if (!numericDate(claims.exp)) return invalid('The JWT has no expiry ("exp", seconds since 1970); every token must expire.');
  const exp = claims.exp as number;
  if (seconds >= exp + CLOCK_SKEW_SECONDS) return expired('The sign-in token has expired; sign a fresh one for each page.');
  if (exp - seconds > JWT_MAX_LIFETIME_SECONDS) return invalid('The JWT expires more than a day ahead; give it a short life (minutes).');
  if (claims.nbf !== undefined && (!numericDate(claims.nbf) || (claims.nbf as number) > seconds + CLOCK_SKEW_SECONDS)) {
    return invalid('The JWT is not valid yet ("nbf" is in the future); check the host server’s clock.');
  }
  if (claims.iat !== undefined && (!numericDate(claims.iat) || (claims.iat as number) > seconds + CLOCK_SKEW_SECONDS)) {
    return invalid('The JWT was issued in the future ("iat"); check the host server’s clock.');
  }
  if (keys.issuer && claims.iss !== keys.issuer) return invalid(`The JWT issuer ("iss") must be ${JSON.stringify(keys.issuer)}.`);
  if (keys.audience) {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(keys.audience)) return invalid(`The JWT audience ("aud") must include ${JSON.stringify(keys.audience)}.`);
  }
  const identity = identityOf(claims);
  if (typeof identity === 'string') return invalid(identity);
  const jti = typeof claims.jti === 'string' && claims.jti && claims.jti.length <= 200 ? claims.jti : null;
  return { ok: true, format: alg, identity, tokenId: jti ? `jti:${jti}` : `sig:${sha256(signature)}`, expiresAt: new Date(exp * 1000) };
}

/** Checks a token against a site's keys at `now`: a JWT (two dots, no spaces) or the HMAC payload. */
export function verifySsoToken(token: string, keys: SsoKeys, now: Date): SsoVerdict {
  const text = token.trim();
  if (!text) return invalid('The sign-in token is empty.');
  if (text.length > TOKEN_MAX_LENGTH) return invalid(`The sign-in token is longer than ${TOKEN_MAX_LENGTH} characters.`);
  return text.includes(' ') ? verifyHmacPayload(text, keys, now) : verifyJwt(text, keys, now);
}

/** A site registered to embed discussions. */
export interface Site {
  /** The public id in `data-site`: lowercase letters, digits and hyphens. */
  id: string;
  name: string;
  /** Origins allowed to frame the thread, e.g. "https://blog.example". */
  origins: string[];
  publisherId: number;
  sso: SsoKeys;
  /** The host's login page, for readers who are not signed in there. */
  loginUrl: string | null;
  createdAt: string;
}

export const SITE_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const SITE_ORIGINS_MAX = 20;

/** "https://Blog.Example/" → "https://blog.example"; null for anything that is not a bare http(s) origin. */
export function normaliseOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null;
  return url.origin;
}

/** The origin of an http(s) URL, or null. */
export function originOf(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Which sign-on formats a site accepts, in words for its admin page. */
export function ssoFormats(keys: SsoKeys): SsoFormat[] {
  return [...(keys.secret ? (['hmac', 'HS256'] as const) : []), ...(keys.publicKey ? (['RS256'] as const) : [])];
}

/**
 * A reader's own Parley account in an embedded thread. The frame's cookies are partitioned under the host site,
 * so signing in on Parley (first-party, in a popup) does not reach it; instead the popup hands the frame a pass:
 * the user id, an expiry and a one-time id, signed with the server's secret. The frame spends it once for an
 * embed session of its own.
 */
export const EMBED_PASS_SECONDS = 120;

const passMac = (secret: string, body: string) => createHmac('sha256', secret).update(`embed-pass:${body}`).digest('base64url');

export function mintEmbedPass(secret: string, input: { userId: number; now: Date; nonce: string }): string {
  const body = `${input.userId}.${Math.floor(input.now.getTime() / 1000) + EMBED_PASS_SECONDS}.${input.nonce}`;
  return `${body}.${passMac(secret, body)}`;
}

export type EmbedPassVerdict =
  | { ok: true; userId: number; passId: string; expiresAt: Date }
  | { ok: false; code: 'sso_invalid' | 'sso_expired'; message: string };

export function readEmbedPass(secret: string, pass: string, now: Date): EmbedPassVerdict {
  const invalid = { ok: false as const, code: 'sso_invalid' as const, message: 'This sign-in pass is not valid; sign in again.' };
  const parts = pass.length <= 200 ? pass.split('.') : [];
  if (parts.length !== 4 || !/^[1-9]\d{0,9}$/.test(parts[0]!) || !/^\d{1,12}$/.test(parts[1]!) || !/^[\w-]{16,64}$/.test(parts[2]!)) return invalid;
  const body = parts.slice(0, 3).join('.');
  const given = Buffer.from(parts[3]!);
  const expected = Buffer.from(passMac(secret, body));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
  const expiresAt = new Date(Number(parts[1]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'sso_expired', message: 'This sign-in pass has expired; sign in again.' };
  return { ok: true, userId: Number(parts[0]), passId: `pass:${parts[2]}`, expiresAt };
}
