import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, parseRetryAfter, type FetchOptions } from '../../src/syndication/fetch-feed.ts';
import type { LookupFn } from '../../src/syndication/ssrf.ts';
import { corpusBytes } from './corpus.ts';

// A fixture feed server on 127.0.0.1 only; every other "host" is a resolver stub pointing back at it.
const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>one</title></item></channel></rss>';
const bomb = corpusBytes('hostile-feeds', 'gzip-bomb-64MiB.xml.gz');
let base = '';
let hits: string[] = [];
const server = http.createServer((req, res) => {
  hits.push(req.url!);
  const url = new URL(req.url!, 'http://x');
  const route: Record<string, () => void> = {
    '/feed': () => {
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      if (req.headers['if-modified-since'] === 'Tue, 01 Sep 2026 10:00:00 GMT') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 01 Sep 2026 10:00:00 GMT' }).end(RSS);
    },
    '/gzip': () => res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(RSS)),
    '/br': () => res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(RSS)),
    '/deflate': () => res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(RSS)),
    '/bomb': () => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/xml' }).end(bomb),
    '/big': () => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 4 * 1024 * 1024) res.once('drain', () => ((sent += chunk.length), pump()));
        else res.end();
      };
      pump();
    },
    '/slow': () => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<rss>');
      // never finishes: the client's timeout must end it
    },
    '/corrupt': () => res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip at all')),
    '/compress': () => res.writeHead(200, { 'content-encoding': 'compress' }).end(RSS),
    '/429': () => res.writeHead(429, { 'retry-after': '120' }).end(),
    '/503': () => res.writeHead(503, { 'retry-after': 'Tue, 01 Sep 2026 10:05:00 GMT' }).end(),
    '/404': () => res.writeHead(404).end(),
    '/loop-a': () => res.writeHead(302, { location: '/loop-b' }).end(),
    '/loop-b': () => res.writeHead(302, { location: '/loop-a' }).end(),
    '/chain': () => {
      const n = Number(url.searchParams.get('n'));
      res.writeHead(302, { location: n > 0 ? `/chain?n=${n - 1}` : '/feed' }).end();
    },
    '/to': () => res.writeHead(302, { location: url.searchParams.get('u')! }).end(),
  };
  (route[url.pathname] ?? (() => res.writeHead(404).end()))();
});

/** Every name resolves to the fixture server's loopback address, whatever it claims to be. */
const toLoopback: LookupFn = (_host, _o, cb) => cb(null, [{ address: '127.0.0.1', family: 4 }]);
const opts = (o: FetchOptions = {}): FetchOptions => ({ allowHosts: ['127.0.0.1'], timeoutMs: 3000, lookup: toLoopback, ...o });

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('fetchFeed against a loopback fixture server', { timeout: 10_000 }, () => {
  it('fetches a feed with its validators', async () => {
    const r = await fetchFeed(`${base}/feed`, opts());
    expect(r).toMatchObject({ status: 'ok', etag: '"v1"', lastModified: 'Tue, 01 Sep 2026 10:00:00 GMT', contentType: 'application/rss+xml; charset=utf-8', finalUrl: `${base}/feed` });
    expect(r.status === 'ok' && r.body.toString()).toBe(RSS);
  });

  it.each([
    ['If-None-Match', { etag: '"v1"' }],
    ['If-Modified-Since', { lastModified: 'Tue, 01 Sep 2026 10:00:00 GMT' }],
  ])('answers not-modified to a conditional GET (%s)', async (_h, validators) => {
    expect(await fetchFeed(`${base}/feed`, opts(validators))).toEqual({ status: 'not-modified' });
  });

  it.each(['gzip', 'br', 'deflate'])('decodes %s', async (enc) => {
    const r = await fetchFeed(`${base}/${enc}`, opts());
    expect(r.status === 'ok' && r.body.toString()).toBe(RSS);
  });

  it.each([
    ['/corrupt', 'a corrupt gzip body'],
    ['/compress', 'an unsupported Content-Encoding'],
  ])('reports %s (%s) as bad_encoding', async (path) => {
    expect(await fetchFeed(`${base}${path}`, opts())).toMatchObject({ status: 'error', code: 'bad_encoding' });
  });

  it('stops the 64 MiB gzip bomb at the decoded-size cap with bounded memory', async () => {
    const before = process.memoryUsage().rss;
    const r = await fetchFeed(`${base}/bomb`, opts());
    expect(r).toMatchObject({ status: 'error', code: 'too_large' });
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  }, 10_000);

  it('stops an oversized body', async () => {
    expect(await fetchFeed(`${base}/big`, opts({ maxBytes: 1024 * 1024 }))).toMatchObject({ status: 'error', code: 'too_large' });
  });

  it('times out a feed that never finishes', async () => {
    const started = Date.now();
    expect(await fetchFeed(`${base}/slow`, opts({ timeoutMs: 300 }))).toMatchObject({ status: 'error', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports 429 with Retry-After seconds', async () => {
    expect(await fetchFeed(`${base}/429`, opts())).toMatchObject({ status: 'error', code: 'rate_limited', retryAfterSeconds: 120 });
  });

  it('reports 503 with a Retry-After date', async () => {
    const now = () => Date.parse('Tue, 01 Sep 2026 10:00:00 GMT');
    expect(await fetchFeed(`${base}/503`, opts({ now }))).toMatchObject({ status: 'error', code: 'unavailable', retryAfterSeconds: 300 });
  });

  it('reports other HTTP errors in words', async () => {
    expect(await fetchFeed(`${base}/404`, opts())).toMatchObject({ status: 'error', code: 'http_error', message: expect.stringContaining('404') });
  });

  it('follows up to 5 redirects and refuses the 6th', async () => {
    expect(await fetchFeed(`${base}/chain?n=4`, opts())).toMatchObject({ status: 'ok', finalUrl: `${base}/feed` });
    expect(await fetchFeed(`${base}/chain?n=5`, opts())).toMatchObject({ status: 'error', code: 'too_many_redirects' });
  });

  it('detects a redirect loop', async () => {
    expect(await fetchFeed(`${base}/loop-a`, opts())).toMatchObject({ status: 'error', code: 'redirect_loop' });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'blocked_address'],
    ['http://[::ffff:169.254.169.254]/', 'blocked_address'],
    ['http://127.0.0.2/', 'blocked_address'],
    ['http://10.0.0.1/', 'blocked_address'],
    ['http://metadata.google.internal/', 'invalid_url'],
    ['http://localhost/', 'invalid_url'],
    ['file:///etc/passwd', 'invalid_url'],
    ['http://user:pw@partner.example/feed', 'invalid_url'],
  ])('refuses a redirect to %s (%s) even though the first host is allowlisted', async (target, code) => {
    hits = [];
    const r = await fetchFeed(`${base}/to?u=${encodeURIComponent(target)}`, opts());
    expect(r).toMatchObject({ status: 'error', code });
    expect(hits).toHaveLength(1);
  });

  it('refuses a redirect to a name that resolves to loopback, on the address dialled', async () => {
    hits = [];
    const asked: string[] = [];
    const spy: LookupFn = (host, o, cb) => (asked.push(host), toLoopback(host, o, cb));
    const port = new URL(base).port;
    const r = await fetchFeed(`${base}/to?u=${encodeURIComponent(`http://rebind.partner.example:${port}/feed`)}`, opts({ lookup: spy }));
    expect(asked).toEqual(['rebind.partner.example']);
    expect(r).toMatchObject({ status: 'error', code: 'blocked_address', message: expect.stringContaining('127.0.0.1') });
    expect(hits).toHaveLength(1);
  });

  it('connects to an allowlisted name through the injected resolver', async () => {
    const port = new URL(base).port;
    const r = await fetchFeed(`http://feeds.partner.example:${port}/feed`, opts({ allowHosts: ['feeds.partner.example'] }));
    expect(r).toMatchObject({ status: 'ok' });
  });

  it('refuses the fixture server itself when it is not allowlisted', async () => {
    hits = [];
    expect(await fetchFeed(`${base}/feed`, opts({ allowHosts: [] }))).toMatchObject({ status: 'error', code: 'blocked_address' });
    expect(hits).toHaveLength(0);
  });

  it.each(['http://127.0.0.1%2523@example.com/', 'http://foo@127.0.0.1:80@example.com/'])(
    'refuses the corpus URL %s (credentials) before connecting',
    async (url) => {
      hits = [];
      expect(await fetchFeed(url, opts())).toMatchObject({ status: 'error', code: 'invalid_url' });
      expect(hits).toHaveLength(0);
    },
  );
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-09-01T10:00:00Z');
  it.each([
    ['120', 120],
    ['0', 0],
    ['Tue, 01 Sep 2026 10:01:00 GMT', 60],
    ['Tue, 01 Sep 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    [undefined, undefined],
  ])('%s → %s', (v, s) => expect(parseRetryAfter(v, now)).toBe(s));
});
