import { describe, expect, it } from 'vitest';
import { mapItem, type MapContext } from '../../src/syndication/map-item.ts';
import { parseFeed, type FeedItem } from '../../src/syndication/parse-feed.ts';
import { corpusBytes } from './corpus.ts';

const FETCHED = new Date('2026-09-02T12:00:00Z');
const ctx: MapContext = { fetchedAt: FETCHED, embedHosts: ['youtube.com', 'youtu.be'], videoCredit: 'Video: Harbour Gazette', siteUrl: 'https://partner.example/' };

const item = (over: Partial<FeedItem> = {}): FeedItem => ({
  guid: 'g1',
  link: 'https://partner.example/news/flood?utm_source=rss',
  title: 'Flood defences approved',
  summaryHtml: '  <p>The council <b>approved</b> the plan.</p>  ',
  contentHtml: '<p>Body <a href="/plan?fbclid=1">plan</a></p><img src="https://cdn.partner.example/a.jpg?utm_medium=x" width="800">',
  baseUrl: 'https://partner.example/news/flood',
  published: 'Tue, 01 Sep 2026 10:00:00 +0100',
  updated: '2026-09-01T12:00:00Z',
  authors: ['Ana Lima'],
  categories: ['Local', 'local', 'Weather'],
  images: [],
  media: [],
  ...over,
});

const items = (file: string) => {
  const r = parseFeed(corpusBytes('hostile-feeds', file), null, 'https://partner.example/feed.xml');
  if (!r.ok) throw new Error(r.message);
  return r.feed.items;
};

/** DOM-level rules from xss-payloadbox/SOURCE.md, on sanitize-html's normalised output. */
function assertInert(html: string) {
  expect(html).not.toMatch(/<script|<style|<iframe|<object|<embed|<meta|<base|<form|<template|<svg|<math/i);
  const attrs = [...html.matchAll(/\s([a-zA-Z:-]+)="([^"]*)"/g)];
  for (const [, name, value] of attrs) {
    expect(['href', 'src', 'title', 'rel', 'alt', 'width', 'height', 'loading', 'scope']).toContain(name);
    if (name === 'href' || name === 'src') expect(value).toMatch(/^(https?:|mailto:)/);
  }
}

describe('mapItem', () => {
  it('maps a full item', () => {
    expect(mapItem(item({ media: [{ url: 'https://www.youtube.com/watch?v=Qm7tR2vLx9K', type: 'video/*' }] }), ctx)).toEqual({
      guid: 'g1',
      title: 'Flood defences approved',
      summary: 'The council approved the plan.',
      bodyHtml: '<p>Body <a href="https://partner.example/plan" rel="noopener noreferrer">plan</a></p><img src="https://cdn.partner.example/a.jpg" width="800" loading="lazy" />',
      originalUrl: 'https://partner.example/news/flood',
      imageUrl: 'https://cdn.partner.example/a.jpg',
      video: { kind: 'youtube', id: 'Qm7tR2vLx9K', credit: 'Video: Harbour Gazette' },
      categories: ['Local', 'Weather'],
      publishedAt: '2026-09-01T09:00:00.000Z',
      updatedAt: '2026-09-01T12:00:00.000Z',
      authorName: 'Ana Lima',
    });
  });

  it.each([
    ['an allowed host in an iframe', { contentHtml: '<iframe src="https://www.youtube.com/embed/Qm7tR2vLx9K"></iframe>' }, 'youtube'],
    ['a host the partner did not allow', { media: [{ url: 'https://vimeo.com/123456', type: 'video/*' }] }, null],
    ['an allowed host that is not a player', { media: [{ url: 'https://youtube.com/about', type: null }] }, null],
  ])('video from %s', (_w, over, kind) => {
    expect(mapItem(item(over), ctx).video?.kind ?? null).toBe(kind);
  });

  it.each([
    ['description only', { contentHtml: null, summaryHtml: '<p>Only a description</p>' }, '<p>Only a description</p>', 'Only a description'],
    ['no title', { title: '  ', summaryHtml: 'First words of the story' }, undefined, 'First words of the story'],
  ])('falls back: %s', (_w, over, body, text) => {
    const m = mapItem(item(over), ctx);
    if (body) expect(m.bodyHtml).toBe(body);
    expect([m.summary, m.title]).toContain(text);
  });

  it('clips a long summary at a word with an ellipsis', () => {
    const m = mapItem(item({ summaryHtml: 'word '.repeat(400) }), ctx);
    expect(m.summary.length).toBeLessThanOrEqual(500);
    expect(m.summary.endsWith('word…')).toBe(true);
  });

  it('uses the first feed image before the body image', () => {
    expect(mapItem(item({ images: ['http://insecure.example/i.jpg', 'https://cdn.partner.example/lead.jpg'] }), ctx).imageUrl).toBe('https://cdn.partner.example/lead.jpg');
  });
});

describe('mapItem on hostile feeds', { timeout: 5000 }, () => {
  it('never yields NaN dates; bogus ones fall back to the fetch time, future ones are clamped', () => {
    const byGuid = Object.fromEntries(items('bogus-dates.xml').map((i) => [i.guid, mapItem(i, ctx)]));
    for (const m of Object.values(byGuid)) {
      expect(Number.isNaN(Date.parse(m.publishedAt))).toBe(false);
      expect(Date.parse(m.publishedAt)).toBeLessThanOrEqual(FETCHED.getTime());
      expect(Date.parse(m.updatedAt)).toBeGreaterThanOrEqual(Date.parse(m.publishedAt));
    }
    for (const g of ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9']) expect(byGuid[g].publishedAt).toBe(FETCHED.toISOString());
  });

  it('leaves every content vector inert', () => {
    const all = items('html-content-vectors.xml');
    expect(all).toHaveLength(35);
    for (const i of all) {
      const m = mapItem(i, ctx);
      assertInert(m.bodyHtml);
      expect(m.video).toBeNull();
    }
  });

  it.each(['relative-and-base-urls.xml', 'dangerous-link-schemes.xml', 'xinclude.xml', 'cdata-tricks.xml', 'double-escaped-html.xml', 'undeclared-html-entities.xml'])(
    '%s: inert body, safe original URL',
    (file) => {
      for (const i of items(file)) {
        const m = mapItem(i, ctx);
        assertInert(m.bodyHtml);
        expect(m.originalUrl).toMatch(/^https?:\/\//);
        expect(m.bodyHtml).not.toMatch(/xi:include|passwd/);
      }
    },
  );

  it('absolutises relative URLs and honours a poisoned xml:base', () => {
    const [a, b, c, d] = items('relative-and-base-urls.xml').map((i) => mapItem(i, ctx));
    expect(a.bodyHtml).toContain('href="https://partner.example/about"');
    expect(a.bodyHtml).toContain('src="https://partner.example/img/a.png"');
    expect(b.bodyHtml).toBe('<a rel="noopener noreferrer">click</a>');
    expect(c.bodyHtml).toBe(''); // http://127.0.0.1/pixel.gif: not https, dropped
    expect(d.bodyHtml).toBe('<a href="https://partner.example/login" rel="noopener noreferrer">login</a>');
  });

  it('shows double-escaped markup as text', () => {
    const [m] = items('double-escaped-html.xml').map((i) => mapItem(i, ctx));
    expect(m.title).toBe('<script>alert(1)</script>');
    expect(m.bodyHtml).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('caps a 1 MiB title', () => {
    expect(mapItem(items('huge-title-1MiB.xml')[0], ctx).title.length).toBeLessThanOrEqual(300);
  });
});
