/**
 * SSRF policy for partner feeds: which URLs we may fetch and which addresses we may dial.
 * Invariant: the URL is parsed once, by WHATWG `URL`, and that same parsed value is both checked and
 * dialled; names are judged on the address the socket actually connects to (see `guardedLookup`).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

/** IPv4 special-purpose ranges (IANA registry, ../shared/data/security/ssrf-targets); every one is refused. */
const V4_BLOCKED: ReadonlyArray<readonly [cidr: string, bits: number, name: string]> = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private (RFC 1918)'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.31.196.0', 24, 'AS112'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private (RFC 1918)'],
  ['192.175.48.0', 24, 'AS112'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];

const V4_TABLE = V4_BLOCKED.map(([ip, bits, name]) => ({ base: v4ToInt(ip)!, mask: (~0 << (32 - bits)) >>> 0, name }));

/** Names that only mean something inside our own network; refused before any DNS query. */
const RESERVED_SUFFIXES = ['.localhost', '.internal', '.local', '.localdomain', '.svc', '.home.arpa', '.arpa'];

function v4ToInt(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Eight 16-bit groups, or null; accepts `::` and a trailing dotted IPv4 (`::ffff:127.0.0.1`). */
function v6Groups(ip: string): number[] | null {
  let s = ip.replace(/^\[|\]$/g, '').toLowerCase();
  if (s.includes('%')) return null;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    if (n === null) return null;
    s = s.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

const embeddedV4 = (hi: number, lo: number) => `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;

/**
 * Why this address must not be dialled, or null when it is a public unicast address.
 * IPv4-mapped and IPv4-compatible forms are refused whatever they embed (no partner needs them; simplest
 * safe policy); NAT64 and 6to4 are judged by the IPv4 address they embed, so DNS64 networks keep working.
 */
export function forbiddenAddress(ip: string): string | null {
  const v4 = v4ToInt(ip);
  if (v4 !== null) {
    const hit = V4_TABLE.find((r) => ((v4 & r.mask) >>> 0) === r.base);
    return hit ? hit.name : null;
  }
  const g = v6Groups(ip);
  if (!g) return 'not an IP address';
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0 || g[5] === 0xffff)) {
    if (g[5] === 0 && g[6] === 0 && g[7] <= 1) return g[7] === 1 ? 'loopback' : 'unspecified';
    return g[5] === 0xffff ? 'IPv4-mapped IPv6' : 'IPv4-compatible IPv6';
  }
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    if (g.slice(2, 6).every((x) => x === 0)) {
      const inner = forbiddenAddress(embeddedV4(g[6], g[7]));
      return inner && `NAT64 of ${inner}`;
    }
    return 'NAT64 local-use';
  }
  // Everything outside global unicast 2000::/3: ULA fc00::/7, link-local, site-local, multicast, discard-only…
  if ((g[0] & 0xe000) !== 0x2000) {
    if ((g[0] & 0xfe00) === 0xfc00) return 'unique local (IPv6 private)';
    if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
    if ((g[0] & 0xff00) === 0xff00) return 'multicast';
    return 'not global unicast';
  }
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (g[0] === 0x2001 && g[1] < 0x200) return 'IETF protocol assignments (incl. Teredo)';
  if (g[0] === 0x3fff && g[1] < 0x1000) return 'documentation'; // 3fff::/20
  if (g[0] === 0x2002) {
    const inner = forbiddenAddress(embeddedV4(g[1], g[2]));
    return inner && `6to4 of ${inner}`;
  }
  return null;
}

export type UrlCheck =
  | { ok: true; url: URL; allowlisted: boolean; hasCredentials: boolean }
  | { ok: false; verdict: 'reject' | 'block'; reason: string };

const normHost = (h: string) => h.toLowerCase().replace(/\.$/, '');

/** True when the admin allowlisted this URL host (exact host name or IP literal, case-insensitive). */
export function isAllowlisted(hostname: string, allowHosts: readonly string[] = []): boolean {
  const h = normHost(hostname.replace(/^\[|\]$/g, ''));
  return allowHosts.some((a) => normHost(a.replace(/^\[|\]$/g, '')) === h);
}

/**
 * Input validation of a feed URL (and of each redirect target). `reject`: not a URL we fetch at all;
 * `block`: an IP literal in a forbidden range. A name passes here and is judged again when dialled.
 * Credentials are reported, not judged: fetchFeed refuses them, the admin form can too.
 */
export function checkFeedUrl(raw: string, allowHosts: readonly string[] = []): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, verdict: 'reject', reason: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, verdict: 'reject', reason: `scheme ${url.protocol} is not http or https` };
  const hasCredentials = url.username !== '' || url.password !== '';
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  if (isAllowlisted(bare, allowHosts)) return { ok: true, url, allowlisted: true, hasCredentials };
  if (isIP(bare)) {
    const why = forbiddenAddress(bare);
    if (why) return { ok: false, verdict: 'block', reason: `address ${bare} is ${why}` };
  } else {
    const host = normHost(bare);
    if (host.length > 253 || host.split('.').some((l) => l.length > 63 || l.length === 0)) return { ok: false, verdict: 'reject', reason: 'host name is longer than DNS allows' };
    if (host === 'localhost' || RESERVED_SUFFIXES.some((s) => host.endsWith(s))) return { ok: false, verdict: 'reject', reason: `host ${host} is reserved for internal use` };
    // Single-label names only resolve through a local search domain (metadata, kubernetes, intranet).
    if (!host.includes('.')) return { ok: false, verdict: 'reject', reason: `host ${host} is not a public domain name` };
  }
  // Privileged ports other than the web's are mail, SSH and the like: no feed lives there.
  const port = url.port === '' ? 0 : Number(url.port);
  if (port !== 0 && port !== 80 && port !== 443 && port < 1024) return { ok: false, verdict: 'reject', reason: `port ${port} is not allowed for feeds` };
  return { ok: true, url, allowlisted: false, hasCredentials };
}

/** Node's `lookup` contract (dns.lookup), as taken by net/tls/http `lookup` options. */
export type LookupFn = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

const defaultLookup: LookupFn = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => callback(err, addresses));

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(readonly hostname: string, readonly address: string, readonly why: string) {
    super(`${hostname} resolves to ${address}, which is ${why}`);
  }
}

/**
 * A `lookup` for the socket itself: the addresses it hands to connect() are the ones checked, so a DNS
 * answer that changes between a check and the connect (rebinding) cannot slip through. Any forbidden
 * answer refuses the name outright rather than trying the others.
 */
export function guardedLookup(allowHosts: readonly string[] = [], lookup: LookupFn = defaultLookup): LookupFn {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, result) => {
      if (err) return callback(err, []);
      const all: LookupAddress[] = typeof result === 'string' ? [{ address: result, family: isIP(result) }] : result;
      if (all.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (!isAllowlisted(hostname, allowHosts)) {
        for (const a of all) {
          const why = forbiddenAddress(a.address);
          if (why) return callback(new BlockedAddressError(hostname, a.address, why), []);
        }
      }
      if (options.all) return callback(null, all);
      callback(null, all[0].address, all[0].family);
    });
  };
}
