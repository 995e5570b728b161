/**
 * `npm run bench -- import`: a generated Disqus export of IMPORT_COMMENTS comments (1,000,000; 50 per thread,
 * a third of them replies, some anonymous without email, some spam, pending or deleted) imported by
 * `importFile` into a fresh SQLite database, side by side in the same run with saxes reading the same file
 * alone (decode and tokenise, counting <post> elements). Each side runs in a child process of its own, so
 * its peak memory (the child's maximum resident set, from the kernel) is its own. Prints comments/s and peak
 * RSS for both, and the ratios. The import's figure includes both of its passes (check, then store).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';

const PER_THREAD = 50;
const WORDS = 'council harbour flood budget river market school bus night shift mayor report plan vote street weather bridge library café ferry'.split(' ');

interface Result {
  comments: number;
  ms: number;
  maxRssKb: number;
}

async function generate(file: string, COMMENTS: number, r: () => number): Promise<void> {
  const out = createWriteStream(file);
  const put = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await put('<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n');
  const threads = Math.ceil(COMMENTS / PER_THREAD);
  const base = Date.UTC(2020, 0, 1);
  for (let t = 1; t <= threads; t++) {
    await put(`  <thread dsq:id="${t}">\n    <id>story-${t}</id>\n    <forum>benchgazette</forum>\n    <link>https://bench.example/news/${t}</link>\n    <title>Story ${t}: the ${WORDS[t % WORDS.length]}</title>\n    <message />\n    <createdAt>${new Date(base + t * 3_600_000).toISOString().slice(0, 19)}Z</createdAt>\n    <author><name>Desk</name><isAnonymous>false</isAnonymous><username>desk</username></author>\n    <isClosed>false</isClosed>\n    <isDeleted>${t % 500 === 0}</isDeleted>\n  </thread>\n`);
  }
  for (let p = 1; p <= COMMENTS; p++) {
    const t = Math.ceil(p / PER_THREAD);
    const n = 8 + Math.floor(r() * 30);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
    const text = r() < 0.2 ? `<p>${words}.</p><p>And <b>more</b>: <a href="https://bench.example/x/${p}">a link</a>.</p>` : `<p>${words}.</p>`;
    const reader = Math.floor(r() * 20_000);
    const author = reader % 10 === 0 ? `<author><name>Guest ${reader % 100}</name><isAnonymous>true</isAnonymous></author>` : `<author><email>reader${reader}@example.org</email><name>Reader ${reader}</name><isAnonymous>false</isAnonymous><username>reader${reader}</username></author>`;
    const parent = p % PER_THREAD > 1 && r() < 0.33 ? `\n    <parent dsq:id="${p - 1 - Math.floor(r() * ((p % PER_THREAD) - 1))}" />` : '';
    const roll = r();
    await put(`  <post dsq:id="${p}">\n    <id />\n    <message><![CDATA[${text}]]></message>\n    <createdAt>${new Date(base + t * 3_600_000 + (p % PER_THREAD) * 60_000).toISOString().slice(0, 19)}Z</createdAt>\n    <isDeleted>${roll < 0.01}</isDeleted>\n    <isSpam>${roll > 0.99}</isSpam>\n${roll > 0.98 && roll <= 0.99 ? '    <isApproved>false</isApproved>\n' : ''}    ${author}\n    <ipAddress>192.0.2.${p % 250}</ipAddress>\n    <thread dsq:id="${t}" />${parent}\n  </post>\n`);
  }
  await put('</disqus>\n');
  out.end();
  await once(out, 'finish');
}

/** Child: saxes alone over the file — read, decode, tokenise — counting posts. */
async function parserAlone(file: string): Promise<number> {
  const parser = new SaxesParser();
  let posts = 0;
  parser.on('closetag', (tag) => {
    if (tag.name === 'post') posts++;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) parser.write(decoder.decode(chunk as Buffer, { stream: true }));
  parser.close();
  return posts;
}

/** Child: `parley import disqus` into a fresh SQLite database. */
async function parleyImport(file: string): Promise<number> {
  const { importFile } = await import('../src/commands/import.ts');
  const { openSqliteDeps } = await import('./_support.ts');
  // As `parley import` opens it: writes on the event loop.
  const backend = await openSqliteDeps({}, { sqliteWriter: 'event-loop' });
  try {
    const s = await importFile(backend.deps, { source: 'disqus', file });
    return s.comments.added;
  } finally {
    await backend.close();
  }
}

if (process.env.IMPORT_BENCH_CHILD) {
  const file = process.env.IMPORT_BENCH_FILE!;
  const started = performance.now();
  const comments = process.env.IMPORT_BENCH_CHILD === 'parser' ? await parserAlone(file) : await parleyImport(file);
  const result: Result = { comments, ms: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS };
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

function child(kind: 'parser' | 'import', file: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, IMPORT_BENCH_CHILD: kind, IMPORT_BENCH_FILE: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d));
    proc.once('error', reject);
    proc.once('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Result) : reject(new Error(`${kind} child exited with ${code}`))));
  });
}

// The parser's child loads saxes and nothing of Parley's, so its memory is the parser's alone.
const { int, num, prng, watchdog } = await import('./_support.ts');
const COMMENTS = num('IMPORT_COMMENTS', 1_000_000);
watchdog('import', 3 * 60 * 60_000);
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-import-'));
try {
  const file = join(dir, 'disqus.xml');
  let t = performance.now();
  await generate(file, COMMENTS, prng(20261126));
  const size = statSync(file).size;
  console.log(`import: a generated Disqus export of ${int(COMMENTS)} comments in ${int(Math.ceil(COMMENTS / PER_THREAD))} threads, ${(size / 1e6).toFixed(0)} MB (generated in ${((performance.now() - t) / 1000).toFixed(0)} s)`);
  const base = await child('parser', file);
  if (base.comments !== COMMENTS) throw new Error(`saxes counted ${base.comments} posts, expected ${COMMENTS}`);
  t = performance.now();
  const ours = await child('import', file);
  if (ours.comments !== COMMENTS) throw new Error(`imported ${ours.comments} comments, expected ${COMMENTS}`);
  const row = (name: string, r: Result) =>
    console.log(`${name.padEnd(52)} ${int((r.comments / r.ms) * 1000).padStart(9)} comments/s  ${(r.ms / 1000).toFixed(1).padStart(7)} s  peak RSS ${int(r.maxRssKb / 1024).padStart(5)} MB`);
  row('Parley import disqus (check + store, SQLite)', ours);
  row('saxes reading the file alone', base);
  console.log(`ratio (Parley / parser-alone throughput): ${(base.ms / ours.ms).toFixed(3)}×   peak RSS ratio (Parley / parser-alone): ${(ours.maxRssKb / base.maxRssKb).toFixed(1)}×`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
