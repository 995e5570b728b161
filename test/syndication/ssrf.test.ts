import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkFeedUrl, forbiddenAddress, guardedLookup, type LookupFn } from '../../src/syndication/ssrf.ts';
import { jsonLines } from './corpus.ts';

interface Row {
  category: string;
  url: string;
  expected: 'block' | 'reject' | 'block-after-resolution' | 'allow' | 'allow-if-resolves-public' | 'policy';
}

const rows = jsonLines<Row>('ssrf-targets', 'ssrf-urls.jsonl');
const PUBLIC = '93.184.215.14';

/** A resolver stub: no query leaves the machine. Names answer with the address the row is aiming at. */
const stubFor = (url: string): LookupFn => (hostname, _options, callback) => {
  const aimed = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})/.exec(url)?.[1] ?? (hostname === 'localtest.me' ? '127.0.0.1' : PUBLIC);
  callback(null, [{ address: aimed, family: 4 }]);
};

function resolveThroughGuard(host: string, lookup: LookupFn): Promise<string> {
  return new Promise((resolve) =>
    guardedLookup([], lookup)(host, { all: true }, (err) => resolve(err ? 'block' : 'allow')),
  );
}

/** The verdict our code reaches: input validation, then (for names) the dial-time address check. */
async function verdict(raw: string): Promise<string> {
  const check = checkFeedUrl(raw);
  if (!check.ok) return check.verdict;
  const host = check.url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return 'allow';
  const dialled = await resolveThroughGuard(host, stubFor(raw));
  return dialled === 'block' ? 'block-after-resolution' : 'resolves-public';
}

// Our policy for the one open row: every IPv4-mapped form is refused, public or not.
const wanted: Record<Row['expected'], string> = {
  block: 'block',
  reject: 'reject',
  'block-after-resolution': 'block-after-resolution',
  allow: 'allow',
  'allow-if-resolves-public': 'resolves-public',
  policy: 'block',
};

describe('SSRF corpus (135 URLs)', { timeout: 2000 }, () => {
  it('has every row', () => expect(rows).toHaveLength(135));
  it.each(rows.map((r, i) => [i + 1, r.expected, r.url, r] as const))('#%i %s %j', async (_n, _e, _u, row) => {
    expect(await verdict(row.url)).toBe(wanted[row.expected]);
  });
  it('refuses example.com when the resolver answers a private address', async () => {
    const privateStub: LookupFn = (_h, _o, cb) => cb(null, [{ address: '10.1.2.3', family: 4 }]);
    expect(await resolveThroughGuard('example.com', privateStub)).toBe('block');
  });
  it('judges every answer, so a name that rebinds to loopback between lookups is refused', async () => {
    const answers = [PUBLIC, '127.0.0.1'];
    const rebinding: LookupFn = (_h, _o, cb) => cb(null, [{ address: answers.shift()!, family: 4 }]);
    expect(await resolveThroughGuard('rebind.example', rebinding)).toBe('allow');
    expect(await resolveThroughGuard('rebind.example', rebinding)).toBe('block');
  });
  it('refuses a name when any one of its addresses is forbidden', async () => {
    const mixed: LookupFn = (_h, _o, cb) => cb(null, [{ address: PUBLIC, family: 4 }, { address: '::1', family: 6 }]);
    expect(await resolveThroughGuard('example.com', mixed)).toBe('block');
  });
});

describe('forbiddenAddress', () => {
  it.each([
    ['8.8.8.8', null],
    ['172.32.0.1', null],
    ['100.63.255.255', null],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6'],
    ['64:ff9b::8.8.8.8', null],
    ['64:ff9b::10.0.0.1', 'NAT64 of private (RFC 1918)'],
    ['2002:0808:0808::1', null],
    ['2002:a9fe:a9fe::1', '6to4 of link-local (cloud metadata)'],
    ['2001:0:4136:e378::1', 'IETF protocol assignments (incl. Teredo)'],
    ['2606:4700:4700::1111', null],
    ['fd00::1', 'unique local (IPv6 private)'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['3fff::1', 'documentation'],
    ['3fff:1000::1', null],
    ['2001:db8::1', 'documentation'],
    ['5f00::1', 'not global unicast'],
    ['100::1', 'not global unicast'],
    ['not-an-ip', 'not an IP address'],
  ])('%s → %s', (ip, why) => expect(forbiddenAddress(ip)).toBe(why));
});

describe('checkFeedUrl', () => {
  it.each([
    ['https://partner.example/feed.xml', [], true],
    ['https://partner.example:8443/feed.xml', [], true],
    ['https://partner.example:25/feed.xml', [], false],
    ['http://127.0.0.1:8080/feed.xml', ['127.0.0.1'], true],
    ['http://localhost:3000/demo/feed.xml', ['localhost'], true],
    ['http://LOCALHOST./x', ['localhost'], true],
    ['http://127.0.0.2/x', ['127.0.0.1'], false],
    ['ftp://partner.example/feed.xml', ['partner.example'], false],
  ] as const)('%s with allowlist %j → ok %s', (url, allow, ok) => {
    expect(checkFeedUrl(url, allow).ok).toBe(ok);
  });
  it('reports credentials instead of dialling them', () => {
    const c = checkFeedUrl('https://user:pw@partner.example/feed.xml');
    expect(c.ok && c.hasCredentials).toBe(true);
  });
});
