/**
 * A reader's whole path through the site in a real browser, run twice: with JavaScript (the
 * discussion hydrates and every action goes through the JSON API without a reload) and without
 * (every action is a plain form POST answered by a 303). Each run gets its own server and database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { demoStories } from '../../src/demo/content.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { describeBrowser, launchBrowser, newReaderContext, waitForHydration } from './browser.ts';

const STORY = demoStories.find((s) => s.slug === 'council-approves-linden-street-reception-centre')!;
const STORY_PATH = `/stories/${STORY.slug}`;
const ATTRIBUTION = "We support our publishers and content creators. You can view this story on The Harbour Ledger's website";

/** The discussion's top-level comments, in page order: their ids and times. */
async function topLevel(page: Page): Promise<{ id: number; at: string }[]> {
  return page.locator('section.discussion > ol.comments > li.comment').evaluateAll((items) =>
    items.map((li) => ({ id: Number(li.id.slice(1)), at: li.querySelector(':scope > article time')?.getAttribute('datetime') ?? '' })),
  );
}

/** One comment's own article (not its replies'). */
const own = (page: Page, id: number): Locator => page.locator(`#c${id} > article`);

async function demoCommentId(server: TestServer, author: string, parent: 'top' | 'reply'): Promise<number> {
  const story = await server.deps.db.selectFrom('stories').select('id').where('slug', '=', STORY.slug).executeTakeFirstOrThrow();
  let q = server.deps.db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.user_id')
    .select('comments.id')
    .where('comments.story_id', '=', story.id)
    .where('users.display_name', '=', author);
  q = parent === 'top' ? q.where('comments.parent_id', 'is', null) : q.where('comments.parent_id', 'is not', null);
  return (await q.orderBy('comments.id').executeTakeFirstOrThrow()).id;
}

for (const js of [true, false]) {
  describeBrowser(`reader path, JavaScript ${js ? 'on' : 'off'}`, () => {
    let server: TestServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    const name = js ? 'Ada Reader' : 'Ben Plainform';
    const email = js ? 'ada.reader@example.test' : 'ben.plainform@example.test';
    const commentText = `First time commenting here (${js ? 'with' : 'without'} JavaScript): the depot plan deserves a proper public meeting.`;
    const replyText = `Thanks, that is a fair point about the hotels (${js ? 'js' : 'no-js'}).`;
    let myCommentId = 0;
    const pageErrors: string[] = [];

    /** With JS: a marker on window that a full page load would wipe. */
    const setMarker = async () => {
      if (js) await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
    };
    const expectNoReload = async () => {
      if (js) expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
    };
    const openStory = async () => {
      await page.goto(STORY_PATH);
      if (js) await waitForHydration(page);
    };

    beforeAll(async () => {
      [server, browser] = await Promise.all([startTestServer('sqlite', { COMMENTS_PER_MINUTE: '100000' }), launchBrowser()]);
      context = await newReaderContext(browser, server.url, { javaScriptEnabled: js });
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(`console.error: ${msg.text()}`);
      });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('signs up', async () => {
      await page.goto('/signup');
      await page.getByLabel('Display name').fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expect.poll(() => page.locator('header.site .who').textContent()).toBe(`Signed in as ${name}`);
    });

    it('opens a story from the home page', async () => {
      await page.getByRole('link', { name: STORY.title, exact: true }).click();
      await page.waitForURL((url) => url.pathname === STORY_PATH);
      expect(await page.locator('h1').textContent()).toBe(STORY.title);
      if (js) await waitForHydration(page);
      else expect(await page.evaluate(() => document.documentElement.className)).toBe('');
    });

    it('posts a comment and it appears', async () => {
      await setMarker();
      await page.getByLabel(`Comment as ${name}`).fill(commentText);
      await page.getByRole('button', { name: 'Post comment' }).click();
      const mine = page.locator('li.comment', { hasText: commentText });
      await mine.waitFor();
      if (!js) await page.waitForURL((url) => url.searchParams.get('sort') === 'newest' && url.hash.startsWith('#c'));
      await expectNoReload();
      myCommentId = Number((await mine.getAttribute('id'))!.slice(1));
      expect(await own(page, myCommentId).locator('.author').textContent()).toBe(name);
      const stored = await server.deps.db.selectFrom('comments').select(['body_md', 'status']).where('id', '=', myCommentId).executeTakeFirstOrThrow();
      expect(stored).toEqual({ body_md: commentText, status: 'published' });
    });

    it('replies to a comment and the reply appears nested under it', async () => {
      const parentId = await demoCommentId(server, 'QuaysideReader', 'top');
      await openStory();
      await setMarker();
      const parent = own(page, parentId);
      await parent.locator('details.reply > summary', { hasText: 'Reply' }).click();
      await parent.getByLabel('Reply to QuaysideReader').fill(replyText);
      await parent.getByRole('button', { name: 'Post reply' }).click();
      // Nested: a comment inside the parent's own list of replies.
      const nested = page.locator(`#c${parentId} > ol.comments > li.comment`, { hasText: replyText });
      await nested.waitFor();
      if (!js) await page.waitForURL((url) => url.pathname === `${STORY_PATH}/comments/${parentId}`);
      await expectNoReload();
      expect(await nested.locator(':scope > article .author').textContent()).toBe(name);
    });

    it('votes a comment up: the score goes up by one and the button shows pressed', async () => {
      const id = await demoCommentId(server, 'HarrowFieldsParent', 'top');
      await openStory();
      await setMarker();
      const article = own(page, id);
      const before = Number(await article.locator('.score').first().textContent());
      const up = article.getByRole('button', { name: 'Vote up' }).first();
      expect(await up.getAttribute('aria-pressed')).toBe('false');
      await up.click();
      await expect.poll(async () => Number(await own(page, id).locator('.score').first().textContent())).toBe(before + 1);
      await expect.poll(() => own(page, id).getByRole('button', { name: 'Vote up' }).first().getAttribute('aria-pressed')).toBe('true');
      await expectNoReload();
    });

    it('votes on a reply from its thread page and stays on that page', async () => {
      const rootId = await demoCommentId(server, 'HarrowFieldsParent', 'top');
      const id = await demoCommentId(server, 'Jonas K', 'reply');
      const threadPath = `${STORY_PATH}/comments/${rootId}`;
      await page.goto(threadPath);
      if (js) await waitForHydration(page);
      await setMarker();
      const before = Number(await own(page, id).locator('.score').first().textContent());
      await own(page, id).getByRole('button', { name: 'Vote up' }).first().click();
      await expect.poll(() => own(page, id).getByRole('button', { name: 'Vote up' }).first().getAttribute('aria-pressed')).toBe('true');
      expect(Number(await own(page, id).locator('.score').first().textContent())).toBe(before + 1);
      // Back where the reader was (the thread), not on the story's first page of comments.
      expect(new URL(page.url()).pathname).toBe(threadPath);
      await expectNoReload();
    });

    it('reports another reader’s comment as spam through the ∨ menu', async () => {
      const id = await demoCommentId(server, 'TideWatcher', 'reply');
      await openStory();
      await setMarker();
      const article = own(page, id);
      const summary = article.locator('details.menu > summary');
      expect(await summary.getAttribute('aria-label')).toBe('Report this comment');
      expect((await summary.textContent())?.trim()).toBe('∨');
      await summary.click();
      await article.getByLabel('Spam').check();
      await article.getByRole('button', { name: 'Report', exact: true }).click();
      await own(page, id).locator('.reported', { hasText: 'Reported — thank you' }).waitFor();
      expect(await own(page, id).locator('form.report-form').count()).toBe(0);
      await expectNoReload();
      const user = await server.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      const reports = await server.deps.db.selectFrom('reports').select(['reason', 'text']).where('comment_id', '=', id).where('user_id', '=', user.id).execute();
      expect(reports).toEqual([{ reason: 'spam', text: null }]);
    });

    it('sorts the discussion by Newest and by Oldest', async () => {
      await openStory();
      await page.locator('nav.sort').getByRole('link', { name: 'Newest' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'newest');
      const newest = await topLevel(page);
      await page.locator('nav.sort').getByRole('link', { name: 'Oldest' }).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === 'oldest');
      const oldest = await topLevel(page);

      expect(newest.length).toBeGreaterThanOrEqual(3);
      expect(newest[0]!.id).toBe(myCommentId);
      expect(oldest[oldest.length - 1]!.id).toBe(myCommentId);
      expect(newest.map((c) => c.at)).toEqual([...newest.map((c) => c.at)].sort().reverse());
      expect(oldest.map((c) => c.id)).toEqual([...newest.map((c) => c.id)].reverse());
      expect(await page.locator('nav.sort a[aria-current="true"]').textContent()).toBe('Oldest');
    });

    it('credits the publisher with a link to the original story', async () => {
      await openStory();
      const link = page.locator('p.attribution a');
      expect((await link.textContent())?.trim()).toBe(ATTRIBUTION);
      // The network is closed: check where it goes rather than going there.
      expect(await link.getAttribute('href')).toBe(STORY.originalUrl);
      expect(await link.evaluate((a: HTMLAnchorElement) => a.href)).toBe(STORY.originalUrl);
      expect(await link.getAttribute('rel')).toContain('noopener');
    });

    it('opens the original story in a new tab (target="_blank")', async () => {
      await openStory();
      expect(await page.locator('p.attribution a').getAttribute('target')).toBe('_blank');
    });

    it("follows the author box's \"see all\" to the author's page", async () => {
      await openStory();
      const box = page.locator('aside.author-box');
      expect(await box.locator('h2').textContent()).toContain('Latest posts by Maren Holt');
      await box.getByRole('link', { name: '(see all)' }).click();
      await page.waitForURL((url) => url.pathname === `/authors/${STORY.authorSlug}`);
      expect(await page.locator('h1').textContent()).toBe('Stories by Maren Holt');
      const listed = await page.locator('li.story-card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const expected = demoStories.filter((s) => s.authorSlug === STORY.authorSlug).map((s) => `/stories/${s.slug}`);
      expect([...listed].sort()).toEqual([...expected].sort());
      const bylines = await page.locator('li.story-card .meta a[href^="/authors/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(new Set(bylines)).toEqual(new Set([`/authors/${STORY.authorSlug}`]));
    });

    it('raised no script errors and logged no console errors along the way', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}
