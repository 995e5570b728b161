/**
 * `npm run bench -- ingest`: a generated ~500-item, ~5 MB RSS 2.0 feed (content:encoded bodies with links,
 * tracking parameters, figures, pixels and iframes) parsed and mapped to story fields by Parley
 * (decode → parse-feed → map-item, sanitising included), side by side in the same run with fast-xml-parser's
 * parse alone on the same bytes and the same parser options. BENCH_ROUNDS rounds (7), medians, items/s, ratio.
 * A third line adds the store: the same items stored through the story repository into a fresh SQLite
 * partner each round (every item a new story), as ingest-feed does in one transaction.
 */
import { XMLParser } from 'fast-xml-parser';
import { mapItem } from '../src/syndication/map-item.ts';
import { parseFeed } from '../src/syndication/parse-feed.ts';
import { mapItems } from '../src/commands/ingest-feed.ts';
import { storeFeedFetch } from '../src/store/feed-writes.ts';
import { runWrite } from '../src/store/sqlite-writer.ts';
import { upsertPublisher } from '../src/store/stories.ts';
import { num, openSqliteDeps, prng } from './_support.ts';

const ITEMS = 500;
const ROUNDS = num('BENCH_ROUNDS', 7);
const FEED_URL = 'https://partner.example/feed.xml';

const WORDS = 'council harbour flood budget river market school bus night shift mayor report plan vote street weather bridge library'.split(' ');

function paragraph(r: () => number): string {
  const n = 40 + Math.floor(r() * 60);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  const link = r() < 0.5 ? ` <a href="/news/${Math.floor(r() * 1e6)}?utm_source=rss&amp;utm_medium=feed">more &amp; more</a>` : '';
  return `<p>${words.join(' ')}.${link}</p>`;
}

function body(r: () => number, i: number): string {
  const parts: string[] = [];
  while (parts.join('').length < 9_000) parts.push(paragraph(r));
  parts.splice(1, 0, `<figure><img src="https://cdn.partner.example/img/${i}.jpg?utm_campaign=x" alt="Photo ${i}" width="1200"><figcaption>Harbour at dusk. <small>Photo: Ana Lima</small></figcaption></figure>`);
  parts.push('<img src="https://pixel.wp.com/g.gif?blog=1" width="1" height="1">');
  if (i % 10 === 0) parts.push('<iframe src="https://www.youtube.com/embed/Qm7tR2vLx9K"></iframe>');
  return parts.join('\n');
}

function feed(): Buffer {
  const r = prng(20261126);
  const items = Array.from({ length: ITEMS }, (_, i) => {
    const date = new Date(Date.UTC(2026, 8, 1) - i * 3_600_000).toUTCString();
    return `<item><title>Story ${i}: the ${WORDS[i % WORDS.length]} &amp; the ${WORDS[(i * 7) % WORDS.length]}</title>
<link>https://partner.example/news/${i}</link><guid isPermaLink="false">story-${i}</guid><pubDate>${date}</pubDate>
<dc:creator>Reporter ${i % 12}</dc:creator><category>Local</category><category>${WORDS[i % WORDS.length]}</category>
<description>${paragraph(r).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</description>
<content:encoded><![CDATA[${body(r, i)}]]></content:encoded>
<media:content url="https://cdn.partner.example/img/${i}.jpg" medium="image"/></item>`;
  });
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Bench Gazette</title><link>https://partner.example/</link><description>generated</description>
${items.join('\n')}
</channel></rss>`);
}

const bytes = feed();
const fetchedAt = new Date('2026-09-02T00:00:00Z');
const ctx = { fetchedAt, embedHosts: ['youtube.com'], videoCredit: 'Video: Bench Gazette', siteUrl: 'https://partner.example/' };

function parley(): number {
  const r = parseFeed(bytes, 'application/rss+xml; charset=utf-8', FEED_URL);
  if (!r.ok) throw new Error(r.message);
  let n = 0;
  for (const item of r.feed.items) if (mapItem(item, ctx).bodyHtml) n++;
  return n;
}

// The options our xml-tree.ts uses, so the ratio shows what Parley adds on top of tokenising.
const fxp = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, htmlEntities: false, parseTagValue: false, parseAttributeValue: false, trimValues: false, cdataPropName: '#cdata', ignoreDeclaration: true, ignorePiTags: true, maxNestedTags: 128 });
function parserAlone(): number {
  const doc = fxp.parse(bytes) as Array<Record<string, unknown>>;
  return doc.length ? ITEMS : 0;
}

function time(fn: () => number): number {
  const t = performance.now();
  const n = fn();
  if (n !== ITEMS) throw new Error(`expected ${ITEMS} items, got ${n}`);
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`ingest: ${ITEMS} items, ${(bytes.length / 1e6).toFixed(2)} MB of RSS, ${ROUNDS} rounds (after 1 warm-up), one core`);
time(parley);
time(parserAlone);
const ours: number[] = [];
const base: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Alternate the order each round so neither side always runs on a warmer heap.
  if (i % 2) {
    base.push(time(parserAlone));
    ours.push(time(parley));
  } else {
    ours.push(time(parley));
    base.push(time(parserAlone));
  }
}
const row = (name: string, ms: number) => console.log(`${name.padEnd(46)} ${((ITEMS / ms) * 1000).toFixed(0).padStart(7)} items/s   ${ms.toFixed(1).padStart(7)} ms per feed (median)`);
row('Parley parse + map (sanitise, dedupe, dates)', median(ours));
row('fast-xml-parser parse alone (same options)', median(base));
console.log(`ratio (Parley / parser-alone throughput): ${(median(base) / median(ours)).toFixed(2)}×`);

// Parse, map and store: what one fetch of a new 500-item feed costs end to end (network aside).
const backend = await openSqliteDeps({});
const stored: number[] = [];
try {
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const r = parseFeed(bytes, 'application/rss+xml; charset=utf-8', FEED_URL);
    if (!r.ok) throw new Error(r.message);
    // As ingestFeed does: items mapped on the event loop, stored with the fetch's outcome in one write procedure.
    const publisher = await upsertPublisher(backend.deps.db, { slug: `bench-${i}`, name: `Bench Gazette ${i}`, siteUrl: 'https://partner.example/' });
    const feed = { publisherId: publisher.id, name: publisher.name, siteUrl: publisher.siteUrl, embedHosts: ['youtube.com'] };
    const { added } = await runWrite(backend.deps.db, storeFeedFetch, {
      publisherId: publisher.id,
      stories: mapItems(feed, r.feed.items, fetchedAt),
      at: fetchedAt,
      nextRunAt: fetchedAt,
    });
    if (added !== ITEMS) throw new Error(`expected ${ITEMS} new stories, got ${added}`);
    stored.push(performance.now() - t);
  }
} finally {
  await backend.close();
}
row('Parley parse + map + store (SQLite, new stories)', median(stored));
console.log(`ratio (Parley with store / parser-alone throughput): ${(median(base) / median(stored)).toFixed(2)}×`);
