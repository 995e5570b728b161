/**
 * Live updates in a real browser: a logged-out reader (server-rendered page and the small live script)
 * and a logged-in reader (the hydrated island) both watch a story while someone else comments, edits,
 * is voted on and deletes. New comments wait behind the "new comments — show" bar; changes to comments
 * already on the page arrive in place; no reload happens.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoStories } from '../../src/demo/content.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';
import { describeBrowser, expectNoSeriousViolations, launchBrowser, newReaderContext, waitForHydration } from './browser.ts';

const STORY = demoStories[3]!;
const PATH = `/stories/${STORY.slug}`;

describeBrowser('live updates on a story page', () => {
  let server: TestServer;
  let browser: Browser;
  let anon: Page;
  let member: Page;
  let writer: Client;
  let voter: Client;
  let commentId = 0;
  const errors: string[] = [];
  const markNoReload = (page: Page) => page.evaluate(() => ((window as unknown as { __kept: number }).__kept = 1));
  const kept = (page: Page) => page.evaluate(() => (window as unknown as { __kept?: number }).__kept);

  beforeAll(async () => {
    server = await startTestServer('sqlite', { COMMENTS_PER_MINUTE: '1000' });
    browser = await launchBrowser();
    anon = await (await newReaderContext(browser, server.url)).newPage();
    member = await (await newReaderContext(browser, server.url)).newPage();
    for (const page of [anon, member]) {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    }
    await member.goto('/signup');
    await member.getByLabel('Display name').fill('Lena Watcher');
    await member.getByLabel('Email').fill('lena.watcher@example.test');
    await member.getByLabel('Password').fill('correct horse battery');
    await member.getByRole('button', { name: 'Sign up' }).click();
    await member.waitForURL((url) => url.pathname === '/');
    writer = new Client(server.app, '198.51.100.20');
    voter = new Client(server.app, '198.51.100.21');
    await writer.signUp('Omar Writer');
    await voter.signUp('Vic Voter');
    await anon.goto(PATH);
    await member.goto(PATH);
    await waitForHydration(member);
    await markNoReload(anon);
    await markNoReload(member);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('holds a new comment behind a bar until the reader asks for it', async () => {
    const text = 'The new tide tables are finally online, and they are easy to read.';
    const res = await writer.api('POST', `/api/stories/${STORY.slug}/comments`, { body: text });
    expect(res.json().decision.action).toBe('publish');
    commentId = res.json().comment.id;
    for (const page of [anon, member]) {
      const bar = page.getByRole('button', { name: '1 new comment — show' });
      await bar.waitFor({ timeout: 10_000 });
      expect(await page.locator(`#c${commentId}`).count()).toBe(0);
      await bar.click();
      await expect.poll(() => page.locator(`#c${commentId} > article .body`).textContent()).toContain('tide tables');
      expect(await page.getByRole('button', { name: /new comment/ }).count()).toBe(0);
    }
  });

  it('passes axe with the bar showing', async () => {
    await writer.api('POST', `/api/stories/${STORY.slug}/comments`, { body: 'A second thought on the tide tables: print them too.' });
    await anon.getByRole('button', { name: '1 new comment — show' }).waitFor({ timeout: 10_000 });
    await expectNoSeriousViolations(anon, 'story page with the new-comments bar');
  });

  it('shows edits and votes in place', async () => {
    expect((await writer.api('PATCH', `/api/comments/${commentId}`, { body: 'The new tide tables are online (and printed at the harbour office).' })).status).toBe(200);
    expect((await voter.api('PUT', `/api/comments/${commentId}/vote`, { value: 1 })).status).toBe(200);
    for (const page of [anon, member]) {
      await expect.poll(() => page.locator(`#c${commentId} > article .body`).textContent(), { timeout: 10_000 }).toContain('harbour office');
      await expect.poll(() => page.locator(`#c${commentId} > article .score`).textContent(), { timeout: 10_000 }).toBe('1');
    }
  });

  it('replaces a deleted comment with its placeholder', async () => {
    expect((await writer.api('DELETE', `/api/comments/${commentId}`)).status).toBe(204);
    for (const page of [anon, member]) {
      await expect.poll(() => page.locator(`#c${commentId}`).textContent(), { timeout: 10_000 }).toContain('This comment was deleted.');
    }
  });

  it('says so when live updates run behind because the stream is refused and the page polls', async () => {
    for (const context of [anon.context(), member.context()]) {
      const page = await context.newPage();
      await page.route('**/api/stories/*/events*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Try again shortly."}}' }));
      await page.goto(PATH);
      const notice = page.locator('.live-bar .live-delayed');
      await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await notice.textContent()).toBe('Live updates are running behind: new comments may take a little longer to appear.');
      // The story page itself is unaffected.
      expect(await page.locator(`#discussion-root`).count()).toBe(1);
      if (context === anon.context()) await expectNoSeriousViolations(page, 'story page with the live-updates notice');
      await page.close();
    }
    // A page whose stream is open shows no notice.
    expect(await anon.locator('.live-bar .live-delayed').isVisible()).toBe(false);
    expect(await member.locator('.live-bar .live-delayed').count()).toBe(0);
  });

  it('did all of it without reloading either page, and without errors', async () => {
    expect(await kept(anon)).toBe(1);
    expect(await kept(member)).toBe(1);
    expect(errors).toEqual([]);
  });
});
