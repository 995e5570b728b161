import { describe, expect, it } from 'vitest';
import { cleanUrl, sanitizeStoryHtml } from '../../src/syndication/sanitize.ts';

const BASE = 'https://partner.example/news/story';

describe('sanitizeStoryHtml for ingested bodies', () => {
  it.each([
    ['strips utm_*, fbclid, gclid and mc_* from links', '<a href="https://p.example/a?utm_source=x&amp;id=1&amp;fbclid=2&amp;gclid=3&amp;mc_eid=4">a</a>', '<a href="https://p.example/a?id=1" rel="noopener noreferrer">a</a>'],
    ['strips tracking parameters from images and lazy-loads them', '<img src="https://cdn.p.example/i.jpg?utm_medium=rss" alt="x">', '<img src="https://cdn.p.example/i.jpg" alt="x" loading="lazy" />'],
    ['removes a 1×1 tracking pixel', '<p>a<img src="https://p.example/t.gif" width="1" height="1">b</p>', '<p>ab</p>'],
    ['removes an image from a known tracker host', '<p>a<img src="https://pixel.wp.com/g.gif?x=1">b</p>', '<p>ab</p>'],
    ['resolves relative links and images against the base', '<a href="../about">x</a><img src="/i.png">', '<a href="https://partner.example/about" rel="noopener noreferrer">x</a><img src="https://partner.example/i.png" loading="lazy" />'],
    ['drops a plain-http image (https only)', '<img src="http://cdn.p.example/i.jpg">', ''],
    ['keeps a figure with its credit caption', '<figure><img src="https://cdn.p.example/i.jpg"><figcaption>Harbour at dusk. <small>Photo: Ana Lima</small></figcaption></figure>', '<figure><img src="https://cdn.p.example/i.jpg" loading="lazy" /><figcaption>Harbour at dusk. <small>Photo: Ana Lima</small></figcaption></figure>'],
    ['drops <base>, target and javascript: links', '<base href="https://evil.example/"><a href="javascript:alert(1)" target="_blank">x</a>', '<a rel="noopener noreferrer">x</a>'],
    ['drops iframes and scripts', '<iframe src="https://www.youtube.com/embed/Qm7tR2vLx9K"></iframe><script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
  ])('%s', (_what, input, output) => {
    expect(sanitizeStoryHtml(input, { baseUrl: BASE })).toBe(output);
  });

  it('drops relative URLs when there is no base', () => {
    expect(sanitizeStoryHtml('<a href="/x">x</a><img src="/i.png">')).toBe('<a rel="noopener noreferrer">x</a>');
  });
});

describe('cleanUrl', () => {
  it.each([
    ['https://p.example/?utm_campaign=a&utm_content=b', undefined, 'https://p.example/'],
    ['https://p.example/?q=utm_source', undefined, 'https://p.example/?q=utm_source'],
    ['x?_hsenc=1&msclkid=2&b=3', 'https://p.example/a/', 'https://p.example/a/x?b=3'],
    ['not a url', undefined, ''],
  ])('%s → %s', (raw, base, out) => expect(cleanUrl(raw, base)).toBe(out));
});
