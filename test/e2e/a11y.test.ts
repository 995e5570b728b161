/**
 * Accessibility: axe-core (through @axe-core/playwright) on the reader's pages — home, a story with
 * its discussion (logged out, and logged in with the forms, votes, menus and one's own comment),
 * and an author page. No violation of impact "serious" or "critical" is allowed; any found are
 * printed with their targets so they can be fixed without rerunning.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoStories } from '../../src/demo/content.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { describeBrowser, launchBrowser, newReaderContext, settle, expectNoSeriousViolations } from './browser.ts';
import { signUpViaApi } from '../support/api-client.ts';

const STORY = demoStories.find((s) => s.slug === 'council-approves-linden-street-reception-centre')!;


describeBrowser('accessibility (axe)', () => {
  let server: TestServer;
  let browser: Browser;
  let anonymous: BrowserContext;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('sqlite', { COMMENTS_PER_MINUTE: '100000' }), launchBrowser()]);
    anonymous = await newReaderContext(browser, server.url);
    // A reader with a comment of their own, so Edit and Delete are on the page too.
    const reader = await signUpViaApi(server.url, { displayName: 'Axe Reader', email: 'axe.reader@example.test' });
    const posted = await reader.json('POST', `/api/stories/${STORY.slug}/comments`, { body: 'A comment of my own, with a [link](https://example.com/a) and *emphasis*.' });
    expect(posted.status).toBe(201);
    signedIn = await newReaderContext(browser, server.url);
    await signedIn.addCookies(reader.browserCookies());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await settle(page);
    return page;
  }

  it('home page', async () => {
    const page = await open(anonymous, '/');
    await expectNoSeriousViolations(page, 'home');
  });

  it('story page with comments, logged out', async () => {
    const page = await open(anonymous, `/stories/${STORY.slug}`);
    expect(await page.locator('li.comment').count()).toBeGreaterThan(0);
    await expectNoSeriousViolations(page, 'story (logged out)');
  });

  it('story page with comments, logged in (and with every menu and form opened)', async () => {
    const page = await open(signedIn, `/stories/${STORY.slug}`);
    expect(await page.locator('header.site .who').textContent()).toBe('Signed in as Axe Reader');
    expect(await page.evaluate(() => document.documentElement.classList.contains('js')), 'hydrated').toBe(true);
    expect(await page.locator('li.comment details.menu').count()).toBeGreaterThan(0);
    expect(await page.locator('li.comment details.edit').count()).toBe(1);
    await expectNoSeriousViolations(page, 'story (logged in)');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await expectNoSeriousViolations(page, 'story (logged in, menus and forms open)');
  }, 60_000);

  it('author page', async () => {
    const page = await open(anonymous, `/authors/${STORY.authorSlug}`);
    expect(await page.locator('li.story-card').count()).toBeGreaterThan(0);
    await expectNoSeriousViolations(page, 'author');
  });
});
