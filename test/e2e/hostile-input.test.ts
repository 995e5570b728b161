/**
 * Hostile input through every text field a reader controls: every string of the Big List of
 * Naughty Strings and every row of our markdown-XSS corpus as a comment body, an edit, a report's
 * text and a login email, and a sample of 50 as a display name at sign-up. No answer may be a 5xx
 * (a 4xx must carry a coded error). Then the pages that show the stored text — the story pages,
 * paged through "More comments", and a thread page — load in Chromium with traps set (alert,
 * confirm, prompt and print replaced, a dialog spy, new globals watched, CSP bypassed so only our
 * own escaping and sanitising stand between the text and the page), and the DOM is checked: no
 * script, no on* attribute, no javascript: (or any non-http(s)/mailto) link inside a comment body.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { validateSignUp } from '../../src/commands/sessions.ts';
import { cleanText } from '../../src/domain/markdown.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { describeBrowser, launchBrowser, newReaderContext, settle } from './browser.ts';
import { ApiClient, signUpViaApi, type ApiResponse } from '../support/api-client.ts';

const DATA_DIR = process.env.SECURITY_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/security/', import.meta.url));
const dataPresent = existsSync(`${DATA_DIR}/blns/blns.txt`) && existsSync(`${DATA_DIR}/markdown-xss/markdown-xss.jsonl`);
if (!dataPresent && process.env.CI === 'true') throw new Error(`hostile-input corpora missing under ${DATA_DIR}`);
if (!dataPresent) console.warn(`hostile-input suite skipped: no corpora under ${DATA_DIR} (set SECURITY_DATA_DIR)`);

interface Case {
  id: string;
  text: string;
  /** markdown-xss: case-insensitive regexes the rendered HTML must not match (a quick screen). */
  mustNotMatch?: string[];
}

/** blns.txt as bytes, split on \n only; "#" lines are section comments; blank lines are skipped. */
function loadBlns(): Case[] {
  const bytes = readFileSync(`${DATA_DIR}/blns/blns.txt`);
  const decoder = new TextDecoder('utf-8');
  const cases: Case[] = [];
  let start = 0;
  let line = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    line++;
    const raw = bytes.subarray(start, end);
    if (raw.length > 0 && raw[0] !== 0x23) cases.push({ id: `blns:${line}`, text: decoder.decode(raw) });
    start = end + 1;
  }
  return cases;
}

function loadMarkdownXss(): Case[] {
  return readFileSync(`${DATA_DIR}/markdown-xss/markdown-xss.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as { id: string; markdown: string; must_not_match: string[] };
      return { id: `md:${row.id}`, text: row.markdown, mustNotMatch: row.must_not_match };
    });
}

const CASES: Case[] = dataPresent ? [...loadBlns(), ...loadMarkdownXss()] : [];

/**
 * 50 display names, spread evenly: 20 with markup or quoting in them and 20 others among those that
 * fit a name (at most 50 characters once cleaned, not blank), and 10 that do not fit.
 */
function displayNameSample(): Case[] {
  const fits = (c: Case) => {
    const name = cleanText(c.text).replace(/\s+/g, ' ').trim();
    return name.length > 0 && [...name].length <= 50;
  };
  const markup = (c: Case) => /[<>"'&`]|script:|javascript/i.test(c.text);
  const spread = (list: Case[], n: number) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / n)]!);
  return [
    ...spread(CASES.filter((c) => fits(c) && markup(c)), 20),
    ...spread(CASES.filter((c) => fits(c) && !markup(c)), 20),
    ...spread(CASES.filter((c) => !fits(c)), 10),
  ];
}

const STORY_BODIES = 'odile-vance-elected-mayor-after-overnight-recount';
const STORY_EDITS = 'quayside-flood-barrier-passes-first-tide-gate-test';
const STORY_NAMES = 'inshore-crews-protest-north-reach-cod-quota-cut';

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

interface Outcome {
  field: string;
  case: Case;
  res: ApiResponse;
  ms: number;
}

async function timed(field: string, c: Case, call: () => Promise<ApiResponse>): Promise<Outcome> {
  const t = performance.now();
  let res: ApiResponse;
  try {
    res = await call();
  } catch (err) {
    // A timeout or a dropped connection is as bad as a 5xx.
    res = { status: 599, data: String(err), headers: new Headers(), ms: performance.now() - t };
  }
  return { field, case: c, res, ms: performance.now() - t };
}

/** Every answer below 500, every 4xx with a coded error; the failures listed by case. */
function expectNoServerErrors(outcomes: Outcome[]) {
  const bad = outcomes
    .filter((o) => o.res.status >= 500 || (o.res.status >= 400 && typeof o.res.data?.error?.code !== 'string'))
    .map((o) => `${o.field} ${o.case.id} ${JSON.stringify(o.case.text.slice(0, 60))}: ${o.res.status} ${JSON.stringify(o.res.data).slice(0, 200)}`);
  expect(bad).toEqual([]);
  const slow = outcomes.filter((o) => o.ms > 10_000).map((o) => `${o.field} ${o.case.id}: ${Math.round(o.ms)} ms`);
  expect(slow, 'requests slower than 10 s (a hang)').toEqual([]);
}

const tally = (outcomes: Outcome[]) => outcomes.reduce<Record<number, number>>((m, o) => ((m[o.res.status] = (m[o.res.status] ?? 0) + 1), m), {});

// ---- in the browser ------------------------------------------------------------------------------

/** Runs before any page script, in every frame: the traps. */
function installTraps() {
  const w = window as unknown as Record<string, unknown>;
  const hits: string[] = [];
  w.__xssHits = hits;
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    w[name] = (...args: unknown[]) => {
      hits.push(`${name}(${String(args[0]).slice(0, 80)})`);
      return name === 'prompt' ? null : false;
    };
  }
  w.__globalsAtStart = Object.getOwnPropertyNames(window);
}

/** Checks the page: traps untouched, and nothing executable in comment bodies or anywhere else. */
function inspectPage(): { hits: string[]; newGlobals: string[]; problems: string[]; bodies: number; commentIds: string[] } {
  const w = window as unknown as Record<string, unknown>;
  const known = new Set([...(w.__globalsAtStart as string[]), '__xssHits', '__globalsAtStart']);
  // Frames (the story's video embed) appear as window[0], window[1], …: not globals a script made.
  const newGlobals = Object.getOwnPropertyNames(window).filter((k) => !known.has(k) && !/^\d+$/.test(k));
  const problems: string[] = [];
  const where = (el: Element) => el.closest('li.comment')?.id ?? el.tagName.toLowerCase();
  const FORBIDDEN = new Set(
    'script iframe object embed form base meta link style svg math img image frame frameset applet input button textarea select video audio source template noscript details dialog'.split(' '),
  );
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping', 'cite']);
  const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
  const bodies = document.querySelectorAll('.comment .body');
  for (const body of bodies) {
    for (const el of body.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (FORBIDDEN.has(tag)) problems.push(`${where(el)}: <${tag}> in a comment body`);
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${where(el)}: ${name}= on <${tag}> in a comment body`);
        if (name === 'style' || name === 'srcdoc') problems.push(`${where(el)}: ${name}= on <${tag}> in a comment body`);
        if (URL_ATTRS.has(name)) {
          // The browser's own URL parsing (control characters, tabs, newlines, entities already gone).
          const resolved = el instanceof HTMLAnchorElement && name === 'href' ? el.href : attr.value;
          let scheme = 'unparseable:';
          try {
            scheme = new URL(resolved, document.baseURI).protocol;
          } catch {
            // stays unparseable
          }
          if (!SAFE_SCHEMES.has(scheme)) problems.push(`${where(el)}: ${name}="${attr.value.slice(0, 80)}" (${scheme}) on <${tag}>`);
        }
      }
      if (el instanceof HTMLAnchorElement) {
        const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
        for (const r of ['nofollow', 'ugc', 'noopener']) if (!rel.includes(r)) problems.push(`${where(el)}: link without rel=${r}`);
      }
    }
  }
  // The whole page: only the app's own scripts, no inline handlers, no script-scheme links.
  for (const s of document.querySelectorAll('script')) {
    const own =
      (s.type === 'module' && s.src && new URL(s.src).origin === location.origin && !s.textContent) ||
      (s.type === 'application/ld+json' && s.parentElement === document.head) ||
      (s.type === 'application/json' && s.id === 'discussion-props');
    if (!own) problems.push(`${where(s)}: foreign <script type="${s.type}" src="${s.src}">${(s.textContent ?? '').slice(0, 60)}`);
  }
  const props = document.querySelectorAll('script#discussion-props');
  if (props.length > 1) problems.push(`${props.length} discussion-props scripts`);
  for (const p of props) {
    try {
      JSON.parse(p.textContent ?? '');
    } catch {
      problems.push('discussion-props is not valid JSON (its text was cut short by something in it)');
    }
  }
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) problems.push(`${where(el)}: ${attr.name}= on <${el.tagName.toLowerCase()}>`);
      const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      const scriptScheme = value.startsWith('javascript:') || value.startsWith('vbscript:') || (value.startsWith('data:') && !document.head.contains(el));
      if (scriptScheme && /href|src|action|data/i.test(attr.name)) {
        problems.push(`${where(el)}: ${attr.name}="${attr.value.slice(0, 80)}"`);
      }
    }
  }
  return {
    hits: w.__xssHits as string[],
    newGlobals,
    problems,
    bodies: bodies.length,
    commentIds: [...document.querySelectorAll('li.comment')].map((li) => li.id),
  };
}

(dataPresent ? describeBrowser : describe.skip)('hostile input through every text field', () => {
  let server: TestServer;
  let browser: Browser;
  let poster: ApiClient;
  let editor: ApiClient;
  let loginSweep: Promise<Outcome[]>;
  let stopped = false;
  const ips = { n: 0, next: () => `10.${77 + Math.floor(ips.n / 65_000)}.${Math.floor(ips.n / 250) % 250}.${(ips.n++ % 250) + 1}` };

  /** Comments the poster made that the poster should see: id → what it came from. */
  const visibleBodies = new Map<number, Case>();
  const visibleEdits = new Map<number, Case>();
  const namedUsers: { client: ApiClient; case: Case; commentId?: number }[] = [];
  let editRootId = 0;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('sqlite', { COMMENTS_PER_MINUTE: '100000' }), launchBrowser()]);
    poster = await signUpViaApi(server.url, { displayName: 'Hostile Poster', email: 'hostile.poster@example.test', ip: ips.next() });
    // Each login attempt costs a scrypt verification (~0.1 s of CPU) whatever the email is, so the
    // 577 attempts run in the background, two at a time, while the other fields are tried.
    loginSweep = (async () => {
      const outcomes: Outcome[] = [];
      // A fresh client address every 40 attempts: the limit is 50 per address per 15 minutes.
      for (let start = 0; start < CASES.length && !stopped; start += 40) {
        const client = await new ApiClient(server.url, ips.next()).start();
        const batch = CASES.slice(start, start + 40);
        outcomes.push(...(await mapLimit(batch, 2, (c) => timed('login', c, () => client.json('POST', '/api/auth/login', { email: c.text, password: 'not the password at all' })))));
      }
      return outcomes;
    })();
    loginSweep.catch(() => {});
  });

  afterAll(async () => {
    stopped = true;
    await loginSweep?.catch(() => {});
    await browser?.close();
    await server?.close();
  });

  it(`loads the corpora (${CASES.length} strings)`, () => {
    expect(CASES.filter((c) => c.id.startsWith('blns:')).length).toBe(516);
    expect(CASES.filter((c) => c.id.startsWith('md:')).length).toBe(61);
  });

  it('comment bodies: POST /api/stories/:slug/comments never answers 5xx', async () => {
    const outcomes = await mapLimit(CASES, 4, (c) => timed('comment', c, () => poster.json('POST', `/api/stories/${STORY_BODIES}/comments`, { body: c.text })));
    console.info('comment bodies:', tally(outcomes));
    expectNoServerErrors(outcomes);
    for (const o of outcomes) {
      if (o.res.status !== 201) continue;
      const view = o.res.data.comment;
      if (view.status !== 'rejected') visibleBodies.set(view.id, o.case);
      // Stored as cleaned, byte for byte.
      expect(view.bodyMd, o.case.id).toBe(cleanText(o.case.text).trim());
      // The corpus's quick screen, on the markup only: escaped text such as "&lt;img onerror=…&gt;" is fine.
      const tags = String(view.bodyHtml).replace(/>[^<]*</g, '><');
      for (const re of o.case.mustNotMatch ?? []) expect(tags, `${o.case.id} ~ /${re}/i`).not.toMatch(new RegExp(re, 'i'));
    }
    console.info('comment bodies refused:', outcomes.filter((o) => o.res.status >= 400).map((o) => `${o.case.id} ${o.res.data.error.code}`).join(', '));
    expect(visibleBodies.size).toBeGreaterThan(CASES.length / 2);
  }, 120_000);

  it('edit bodies: PATCH /api/comments/:id never answers 5xx', async () => {
    // A second reader (the first one's comments are by now held for posting fast) replies to a
    // published demo comment: replies need a published parent, and they all show on its thread page.
    editor = await signUpViaApi(server.url, { displayName: 'Hostile Editor', email: 'hostile.editor@example.test', ip: ips.next() });
    const story = await server.deps.db.selectFrom('stories').select('id').where('slug', '=', STORY_EDITS).executeTakeFirstOrThrow();
    const root = await server.deps.db
      .selectFrom('comments')
      .select('id')
      .where('story_id', '=', story.id)
      .where('parent_id', 'is', null)
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    editRootId = root.id;
    const carriers = await mapLimit(CASES, 4, async (_c, i) => {
      const res = await editor.json('POST', `/api/stories/${STORY_EDITS}/comments`, { body: `Carrier reply number ${i}, to be edited.`, parentId: editRootId });
      expect(res.status).toBe(201);
      return res.data.comment.id as number;
    });
    const outcomes = await mapLimit(CASES, 4, (c, i) => timed('edit', c, () => editor.json('PATCH', `/api/comments/${carriers[i]}`, { body: c.text })));
    console.info('edits:', tally(outcomes));
    expectNoServerErrors(outcomes);
    for (const [i, o] of outcomes.entries()) {
      if (o.res.status === 200) {
        if (o.res.data.comment.status !== 'rejected') visibleEdits.set(carriers[i]!, o.case);
        expect(o.res.data.comment.bodyMd, o.case.id).toBe(cleanText(o.case.text).trim());
      }
    }
    expect(visibleEdits.size).toBeGreaterThan(CASES.length / 2);
  }, 120_000);

  it('report texts: POST /api/comments/:id/reports never answers 5xx, and what is accepted is stored', async () => {
    // One report per reader per comment: enough readers to report the published comments once per string.
    const targets = (await server.deps.db.selectFrom('comments').select('id').where('status', '=', 'published').where('user_id', '!=', (await userId(poster))).execute()).map((r) => r.id);
    expect(targets.length).toBeGreaterThan(10);
    const readers = await mapLimit(Array.from({ length: Math.ceil(CASES.length / targets.length) }, (_, i) => i), 2, (i) =>
      signUpViaApi(server.url, { displayName: `Reporter ${i}`, email: `reporter${i}@example.test`, ip: ips.next() }),
    );
    const outcomes = await mapLimit(CASES, 4, (c, i) =>
      timed('report', c, () => readers[Math.floor(i / targets.length)]!.json('POST', `/api/comments/${targets[i % targets.length]}/reports`, { reason: 'other', text: c.text })),
    );
    console.info('reports:', tally(outcomes));
    expectNoServerErrors(outcomes);
    const stored = await server.deps.db.selectFrom('reports').select(['comment_id', 'user_id', 'text']).where('reason', '=', 'other').execute();
    const accepted = outcomes.filter((o) => o.res.status === 201);
    expect(stored.length).toBe(accepted.length);
    const storedTexts = new Set(stored.map((r) => r.text));
    for (const o of accepted) expect(storedTexts.has(cleanText(o.case.text).trim()), o.case.id).toBe(true);
  }, 120_000);

  it('display names: a sample of 50 at POST /api/auth/signup never answers 5xx', async () => {
    const sample = displayNameSample();
    expect(sample.length).toBe(50);
    const outcomes = await mapLimit(sample, 2, (c, i) =>
      timed('signup', c, async () => {
        const client = await new ApiClient(server.url, ips.next()).start();
        const res = await client.json('POST', '/api/auth/signup', { displayName: c.text, email: `named${i}@example.test`, password: 'correct horse battery' });
        if (res.status === 201) {
          client.csrfToken = res.data.csrfToken;
          namedUsers.push({ client, case: c });
        }
        return res;
      }),
    );
    console.info('sign-ups:', tally(outcomes), 'refused:', outcomes.filter((o) => o.res.status >= 400).map((o) => `${o.case.id} ${JSON.stringify(o.res.data.error.details?.fields ?? o.res.data.error.code)}`).join(', '));
    expectNoServerErrors(outcomes);
    expect(namedUsers.length).toBeGreaterThanOrEqual(40);
    for (const u of namedUsers) {
      const row = await server.deps.db.selectFrom('users').select('display_name').where('id', '=', await userId(u.client)).executeTakeFirstOrThrow();
      expect(row.display_name, u.case.id).toBe(validateSignUp({ email: 'x@example.test', password: 'correct horse battery', displayName: u.case.text }).displayName);
      // Each says something, so the name shows in the discussion.
      const res = await u.client.json('POST', `/api/stories/${STORY_NAMES}/comments`, { body: `Hello from a reader whose name came from ${u.case.id}.` });
      expect(res.status, u.case.id).toBe(201);
      u.commentId = res.data.comment.id;
    }
  }, 120_000);

  // ---- rendering -------------------------------------------------------------------------------

  async function trappedContext(as: ApiClient | null): Promise<{ context: BrowserContext; dialogs: string[] }> {
    const context = await newReaderContext(browser, server.url, { bypassCSP: true });
    if (as) await context.addCookies(as.browserCookies());
    await context.addInitScript(installTraps);
    const dialogs: string[] = [];
    context.on('page', (p) => {
      p.on('dialog', (d) => {
        dialogs.push(`${d.type()}: ${d.message().slice(0, 80)}`);
        void d.dismiss().catch(() => {});
      });
    });
    return { context, dialogs };
  }

  /** Opens a page, waits for it to hydrate, and asserts nothing ran and nothing executable is there. */
  async function visit(page: Page, path: string, dialogs: string[]): Promise<ReturnType<typeof inspectPage>> {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await settle(page);
    return check(page, path, dialogs);
  }

  async function check(page: Page, where: string, dialogs: string[]) {
    const found = await page.evaluate(inspectPage);
    expect(found.problems, where).toEqual([]);
    expect(found.hits, where).toEqual([]);
    expect(found.newGlobals, where).toEqual([]);
    expect(dialogs, where).toEqual([]);
    expect(new URL(page.url()).pathname, `${where}: navigated away`).toBe(new URL(where, server.url).pathname);
    return found;
  }

  /** Loads ?sort=newest and follows "More comments" to the end; returns every comment id seen. */
  async function pageThrough(page: Page, slug: string, dialogs: string[]): Promise<number[]> {
    const seen: number[] = [];
    let path: string | null = `/stories/${slug}?sort=newest`;
    let pages = 0;
    while (path) {
      const found = await visit(page, path, dialogs);
      const top = await page.locator('section.discussion > ol.comments > li.comment').count();
      expect(top, path).toBeLessThanOrEqual(20);
      seen.push(...found.commentIds.map((id) => Number(id.slice(1))));
      const more = page.locator('p.more a', { hasText: 'More comments' });
      path = (await more.count()) ? await more.getAttribute('href') : null;
      pages++;
      expect(pages).toBeLessThan(100);
    }
    return seen;
  }

  it('the page check catches what it looks for (a planted script link, handler and element)', async () => {
    const { context, dialogs } = await trappedContext(null);
    const page = await context.newPage();
    await visit(page, `/stories/${STORY_NAMES}`, dialogs);
    await page.evaluate(() => {
      const li = document.createElement('li');
      li.className = 'comment';
      li.id = 'c0';
      li.innerHTML =
        '<div class="body"><a href=" java&#x09;script:void(0)" rel="nofollow ugc noopener">x</a>' +
        '<img src="data:," onerror="window.__xss = 1"><script>1</script></div>';
      document.querySelector('section.discussion ol.comments')!.append(li);
      window.alert('planted');
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBe(1);
    const found = await page.evaluate(inspectPage);
    expect(found.hits).toEqual(['alert(planted)']);
    expect(found.newGlobals).toEqual(['__xss']);
    expect(found.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^c0: href=.*\(javascript:\) on <a>$/),
        'c0: <img> in a comment body',
        'c0: onerror= on <img> in a comment body',
        'c0: <script> in a comment body',
      ]),
    );
    await context.close();
  });

  it('comment bodies render inert on every page of the story (as their author, who also sees held ones)', async () => {
    const { context, dialogs } = await trappedContext(poster);
    const page = await context.newPage();
    const seen = await pageThrough(page, STORY_BODIES, dialogs);
    expect(new Set(seen).size, 'a comment shown on two pages').toBe(seen.length);
    const missing = [...visibleBodies.keys()].filter((id) => !seen.includes(id));
    expect(missing, 'posted comments not found on any page').toEqual([]);

    // "More comments" with JavaScript: the next page is rendered in the browser from the JSON API.
    await visit(page, `/stories/${STORY_BODIES}?sort=newest`, dialogs);
    const before = await page.locator('section.discussion > ol.comments > li.comment').count();
    await page.locator('p.more a', { hasText: 'More comments' }).click();
    await expect.poll(() => page.locator('section.discussion > ol.comments > li.comment').count()).toBeGreaterThan(before);
    await check(page, `/stories/${STORY_BODIES}`, dialogs);
    await context.close();
  }, 120_000);

  it('edited bodies render inert on the thread page and the story page', async () => {
    const { context, dialogs } = await trappedContext(editor);
    const page = await context.newPage();
    const thread = await visit(page, `/stories/${STORY_EDITS}/comments/${editRootId}`, dialogs);
    const missing = [...visibleEdits.keys()].filter((id) => !thread.commentIds.includes(`c${id}`));
    expect(missing, 'edited comments not on the thread page').toEqual([]);
    await pageThrough(page, STORY_EDITS, dialogs);
    await context.close();
  }, 120_000);

  it('display names render inert: in the discussion, and as the signed-in reader', async () => {
    // Anonymous: the names on whichever of their comments were published.
    const anonymous = await trappedContext(null);
    const page = await anonymous.context.newPage();
    await pageThrough(page, STORY_NAMES, anonymous.dialogs);
    await anonymous.context.close();
    // As each reader: the name in the header, the comment form's label, the page's JSON props, and
    // on their own comment (shown to them even while it waits for review).
    const { context, dialogs } = await trappedContext(null);
    const p = await context.newPage();
    for (const u of namedUsers) {
      await context.clearCookies();
      await context.addCookies(u.client.browserCookies());
      // The thread page of their own comment: it is there whichever page of the story it falls on.
      await visit(p, `/stories/${STORY_NAMES}/comments/${u.commentId}`, dialogs);
      const expected = validateSignUp({ email: 'x@example.test', password: 'correct horse battery', displayName: u.case.text }).displayName;
      expect(await p.locator('header.site .who').textContent(), u.case.id).toBe(`Signed in as ${expected}`);
      expect(await p.getByLabel(`Comment as ${expected}`, { exact: true }).count(), u.case.id).toBe(1);
      expect(await p.locator('script#discussion-props').count(), 'the name is in the JSON props too').toBe(1);
      expect(await p.locator(`#c${u.commentId} > article .author`).textContent(), u.case.id).toBe(expected);
    }
    await context.close();
  }, 120_000);

  it('login emails: POST /api/auth/login never answers 5xx', async () => {
    const outcomes = await loginSweep;
    console.info('logins:', tally(outcomes));
    expect(outcomes.length).toBe(CASES.length);
    expectNoServerErrors(outcomes);
    expect(outcomes.filter((o) => o.res.status === 200)).toEqual([]);
  }, 180_000);
});

async function userId(client: ApiClient): Promise<number> {
  const res = await client.json('GET', '/api/session');
  return res.data.user.id;
}
