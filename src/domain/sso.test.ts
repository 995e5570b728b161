import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkRsaPublicKey, EMBED_PASS_SECONDS, mintEmbedPass, normaliseOrigin, readEmbedPass, verifySsoToken, type SsoKeys } from './sso.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const T = NOW.getTime() / 1000;
const SECRET = 'a-site-secret-of-at-least-thirty-two-chars';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function hmacPayload(user: unknown, ts = T, secret = SECRET) {
  const message = Buffer.from(typeof user === 'string' ? user : JSON.stringify(user)).toString('base64');
  const sig = createHmac('sha256', secret).update(`${message} ${ts}`).digest('hex');
  return `${message} ${sig} ${ts}`;
}

/** A correctly signed payload whose message is taken as it is (not base64-encoded first). */
function signedRaw(message: string, ts = T) {
  return `${message} ${createHmac('sha256', SECRET).update(`${message} ${ts}`).digest('hex')} ${ts}`;
}

function jwt(claims: Record<string, unknown>, opts: { alg?: string; key?: string | typeof privateKey; header?: Record<string, unknown> } = {}) {
  const alg = opts.alg ?? 'HS256';
  const head = b64url({ alg, typ: 'JWT', ...opts.header });
  const body = b64url(claims);
  const data = `${head}.${body}`;
  if (alg === 'none') return `${data}.`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(data), (opts.key as typeof privateKey) ?? privateKey).toString('base64url')
      : createHmac('sha256', (opts.key as string) ?? SECRET).update(data).digest('base64url');
  return `${data}.${signature}`;
}

const both: SsoKeys = { secret: SECRET, publicKey: PEM, issuer: null, audience: null };
const hsOnly: SsoKeys = { ...both, publicKey: null };
const rsOnly: SsoKeys = { ...both, secret: null };
const user = { id: 'u-42', username: 'Mara Quill', email: 'mara@blog.example' };
const claims = { user, exp: T + 300, iat: T, jti: 'one' };

describe('verifySsoToken', () => {
  it.each([
    ['HMAC payload', hmacPayload(user), both, 'hmac'],
    ['HMAC payload, name instead of username, numeric id', hmacPayload({ id: 7, name: 'Seven' }), hsOnly, 'hmac'],
    ['HS256 (Coral-style user claim)', jwt(claims), hsOnly, 'HS256'],
    ['HS256 (sub and name)', jwt({ sub: 'u-9', name: 'Nine', exp: T + 60 }), both, 'HS256'],
    ['RS256', jwt(claims, { alg: 'RS256' }), rsOnly, 'RS256'],
    ['RS256 on a site with both keys', jwt(claims, { alg: 'RS256' }), both, 'RS256'],
    ['exp just passed, within the clock skew', jwt({ ...claims, exp: T - 30 }), both, 'HS256'],
  ])('accepts %s', (_name, token, keys, format) => {
    const v = verifySsoToken(token, keys, NOW);
    expect(v).toMatchObject({ ok: true, format });
    if (v.ok) expect(v.identity.id).toMatch(/^(u-42|7|u-9)$/);
  });

  it('names the user and a replay key', () => {
    const v = verifySsoToken(jwt(claims), both, NOW);
    expect(v).toEqual({ ok: true, format: 'HS256', identity: { id: 'u-42', name: 'Mara Quill' }, tokenId: 'jti:one', expiresAt: new Date((T + 300) * 1000) });
    const h = verifySsoToken(hmacPayload(user), both, NOW);
    expect(h.ok && h.tokenId).toMatch(/^sig:/);
    expect(h.ok && h.expiresAt.getTime()).toBe((T + 3600) * 1000);
    // Without a jti, the signature is the replay key: the same token twice has the same key.
    const noJti = jwt({ user, exp: T + 60 });
    const a = verifySsoToken(noJti, both, NOW);
    const b = verifySsoToken(noJti, both, NOW);
    expect(a.ok && a.tokenId).toMatch(/^sig:/);
    expect(a.ok && a.tokenId).toBe(b.ok && b.tokenId);
  });

  it('cuts a long name to the display-name limit', () => {
    const v = verifySsoToken(jwt({ user: { id: 'x', username: 'n'.repeat(80) }, exp: T + 60 }), both, NOW);
    expect(v.ok && v.identity.name.length).toBe(50);
  });

  const [head, body] = jwt(claims).split('.');
  const tampered = `${head}.${b64url({ ...claims, user: { ...user, id: 'admin' } })}.${jwt(claims).split('.')[2]}`;
  const hmacParts = hmacPayload(user).split(' ');

  it.each([
    ['HMAC payload signed with another secret', hmacPayload(user, T, 'another-secret-another-secret-another'), both, 'sso_invalid', /not signed with this site/],
    ['HMAC payload with its message swapped', `${Buffer.from(JSON.stringify({ id: 'admin', username: 'x' })).toString('base64')} ${hmacParts[1]} ${hmacParts[2]}`, both, 'sso_invalid', /does not match/],
    ['HMAC payload older than an hour', hmacPayload(user, T - 3601), both, 'sso_expired', /older than 60 minutes/],
    ['HMAC payload from the future', hmacPayload(user, T + 600), both, 'sso_invalid', /future/],
    ['HMAC payload on a site without a secret', hmacPayload(user), rsOnly, 'sso_invalid', /no SSO secret/],
    ['HMAC payload whose message is not base64', signedRaw('%%not-base64%%'), both, 'sso_invalid', /not base64/],
    ['HMAC payload that is not JSON', hmacPayload('not json at all'), both, 'sso_invalid', /not a JSON object/],
    ['HMAC payload without an id', hmacPayload({ username: 'nobody' }), both, 'sso_invalid', /no user id/],
    ['HMAC payload without a name', hmacPayload({ id: 'x' }), both, 'sso_invalid', /no username/],
    ['HMAC payload with two parts', hmacParts.slice(0, 2).join(' '), both, 'sso_invalid', /three parts/],
    ['HMAC payload with a short signature', `${hmacParts[0]} abc ${hmacParts[2]}`, both, 'sso_invalid', /64 hexadecimal/],
    ['HS256 signed with another secret', jwt(claims, { key: 'another-secret-another-secret-another' }), both, 'sso_invalid', /not signed with this site/],
    ['HS256 with its claims changed', tampered, both, 'sso_invalid', /does not match/],
    ['RS256 signed with another key', jwt(claims, { alg: 'RS256', key: other.privateKey }), both, 'sso_invalid', /private key/],
    ['expired JWT', jwt({ ...claims, exp: T - 120 }), both, 'sso_expired', /expired/],
    ['JWT without exp', jwt({ user, iat: T }), both, 'sso_invalid', /no expiry/],
    ['JWT living more than a day', jwt({ ...claims, exp: T + 2 * 86_400 }), both, 'sso_invalid', /more than a day/],
    ['JWT not valid yet (nbf)', jwt({ ...claims, nbf: T + 600 }), both, 'sso_invalid', /not valid yet/],
    ['JWT issued in the future (iat)', jwt({ ...claims, iat: T + 600 }), both, 'sso_invalid', /issued in the future/],
    ['alg none', jwt(claims, { alg: 'none' }), both, 'sso_invalid', /alg "none"/],
    ['alg none with a signature', `${b64url({ alg: 'none', typ: 'JWT' })}.${body}.${jwt(claims).split('.')[2]}`, both, 'sso_invalid', /alg "none"/],
    ['HS256 on a site with only a public key', jwt(claims), rsOnly, 'sso_invalid', /does not accept HS256/],
    // Alg confusion: HS256 "signed" with the public key's PEM as the secret.
    ['HS256 keyed with the RSA public key', jwt(claims, { key: PEM }), rsOnly, 'sso_invalid', /does not accept HS256/],
    ['HS256 keyed with the RSA public key, site with both', jwt(claims, { key: PEM }), both, 'sso_invalid', /not signed with this site/],
    ['RS256 on a site with only a secret', jwt(claims, { alg: 'RS256' }), hsOnly, 'sso_invalid', /does not accept RS256/],
    ['another algorithm', jwt(claims, { alg: 'HS512' }), both, 'sso_invalid', /"HS512" is not accepted/],
    ['crit header', jwt(claims, { header: { crit: ['b64'] } }), both, 'sso_invalid', /crit/],
    ['JWT header that is not base64url', `a+b.${body}.sig`, both, 'sso_invalid', /not base64url/],
    ['JWT header that is not JSON', `${b64url('nope')}.${body}.sig`, both, 'sso_invalid', /header is not a JSON object/],
    ['JWT whose payload was replaced', jwt(claims).replace(`.${body}.`, `.${b64url('[1,2]')}.`), both, 'sso_invalid', /does not match/],
    ['JWT with two parts', `${head}.${body}`, both, 'sso_invalid', /three parts/],
    ['empty token', '   ', both, 'sso_invalid', /empty/],
    ['huge token', 'x'.repeat(9000), both, 'sso_invalid', /longer than/],
  ])('refuses %s', (_name, token, keys, code, message) => {
    const v = verifySsoToken(token as string, keys as SsoKeys, NOW);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.code).toBe(code);
      expect(v.message).toMatch(message as RegExp);
    }
  });

  it('refuses a signed payload whose JSON is not an object', () => {
    const data = `${b64url({ alg: 'HS256' })}.${b64url('[1,2]')}`;
    const token = `${data}.${createHmac('sha256', SECRET).update(data).digest('base64url')}`;
    expect(verifySsoToken(token, both, NOW)).toMatchObject({ ok: false, message: /payload is not a JSON object/ });
  });

  it('checks issuer and audience when the site sets them', () => {
    const keys = { ...both, issuer: 'https://blog.example', audience: 'parley' };
    expect(verifySsoToken(jwt({ ...claims, iss: 'https://blog.example', aud: ['x', 'parley'] }), keys, NOW).ok).toBe(true);
    expect(verifySsoToken(jwt({ ...claims, iss: 'https://evil.example', aud: 'parley' }), keys, NOW)).toMatchObject({ ok: false, message: /issuer/ });
    expect(verifySsoToken(jwt({ ...claims, iss: 'https://blog.example', aud: 'other' }), keys, NOW)).toMatchObject({ ok: false, message: /audience/ });
    expect(verifySsoToken(jwt({ ...claims, iss: 'https://blog.example' }), keys, NOW)).toMatchObject({ ok: false, message: /audience/ });
  });
});

describe('site keys and origins', () => {
  it.each([
    ['https://Blog.Example/', 'https://blog.example'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://blog.example:443', 'https://blog.example'],
    ['https://blog.example/path', null],
    ['https://blog.example/?q=1', null],
    ['https://user@blog.example', null],
    ['ftp://blog.example', null],
    ['*', null],
    ['null', null],
    ['blog.example', null],
  ])('normaliseOrigin(%s) is %s', (raw, origin) => {
    expect(normaliseOrigin(raw)).toBe(origin);
  });

  it('takes an RSA public key of 2048 bits or more, and nothing else', () => {
    expect(checkRsaPublicKey(PEM)).toBeNull();
    expect(checkRsaPublicKey(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toMatch(/private key/);
    expect(checkRsaPublicKey('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----')).toMatch(/RSA public key/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(checkRsaPublicKey(small)).toMatch(/2048/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(checkRsaPublicKey(ec)).toMatch(/RSA public key/);
  });
});

describe('embed passes (a reader’s own account, from the sign-in popup to the frame)', () => {
  const secret = 'a'.repeat(40);
  const now = new Date('2026-11-26T12:00:00Z');
  const pass = mintEmbedPass(secret, { userId: 42, now, nonce: 'n'.repeat(22) });
  const [id, exp, nonce, mac] = pass.split('.');
  it.each([
    ['a fresh pass', pass, now, { ok: true, userId: 42, passId: `pass:${'n'.repeat(22)}` }],
    ['a pass a second before it expires', pass, new Date(now.getTime() + (EMBED_PASS_SECONDS - 1) * 1000), { ok: true, userId: 42 }],
    ['an expired pass', pass, new Date(now.getTime() + EMBED_PASS_SECONDS * 1000), { ok: false, code: 'sso_expired' }],
    ['another user id under the same signature', `43.${exp}.${nonce}.${mac}`, now, { ok: false, code: 'sso_invalid' }],
    ['a later expiry under the same signature', `${id}.${Number(exp) + 3600}.${nonce}.${mac}`, now, { ok: false, code: 'sso_invalid' }],
    ['a pass signed with another secret', mintEmbedPass('b'.repeat(40), { userId: 42, now, nonce: 'n'.repeat(22) }), now, { ok: false, code: 'sso_invalid' }],
    ['no signature', `${id}.${exp}.${nonce}`, now, { ok: false, code: 'sso_invalid' }],
    ['a signature cut short', `${id}.${exp}.${nonce}.${mac!.slice(0, 10)}`, now, { ok: false, code: 'sso_invalid' }],
    ['a user id that is not a number', `x.${exp}.${nonce}.${mac}`, now, { ok: false, code: 'sso_invalid' }],
    ['an empty string', '', now, { ok: false, code: 'sso_invalid' }],
    ['a very long string', 'a'.repeat(5000), now, { ok: false, code: 'sso_invalid' }],
  ] as const)('%s', (_name, given, at, want) => {
    expect(readEmbedPass(secret, given, at)).toMatchObject(want);
  });
});
