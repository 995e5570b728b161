/**
 * The shared browser for the end-to-end suites: Debian's Chromium driven by playwright-core, one
 * fresh profile per launch (playwright makes a temporary user-data-dir each time).
 *
 * Without /usr/bin/chromium the e2e suites are skipped with one console line, except in CI
 * (CI=true), where a missing browser is an error: CI must run them.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';

/** Debian's Chromium; CHROMIUM_PATH overrides it (e.g. to check the skip path). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  if (process.env.CI === 'true') {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; CI must run the e2e suites (apt-get install chromium)`);
  }
  // Every test file runs in its own worker process; the workers share the vitest parent, so a
  // marker file named after it lets only the first one print the line.
  try {
    writeFileSync(join(tmpdir(), `parley-e2e-skip-notice-${process.ppid}`), '', { flag: 'wx' });
    console.warn(`e2e suites skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium to run them)`);
  } catch {
    // another worker already said so
  }
}

/** describe() for a browser suite: skipped (see above) when there is no Chromium. */
export const describeBrowser: typeof describe = chromiumAvailable ? describe : (describe.skip as typeof describe);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A context for one reader. Requests that leave the test server are aborted (the network is
 * closed; nothing may reach out), and failures to do so are collected for the test to inspect.
 */
export async function newReaderContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, ...options });
  const origin = new URL(baseURL).origin;
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort('blockedbyclient'),
  );
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/** Waits until the page's discussion has hydrated (the client adds class "js" to <html>). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.classList.contains('js'), null, { timeout: 15_000 });
}

/**
 * Waits for hydration when the page loads an island (the discussion for signed-in readers, the
 * moderator's queue); pages without one (anonymous readers get server-rendered HTML and at most the
 * small live-updates script) are ready as loaded.
 */
export async function settle(page: Page): Promise<void> {
  if (await page.locator('#discussion-props, #queue-props').count()) await waitForHydration(page);
}

/** axe-core on the page as it stands: fails on serious or critical violations and prints each one. */
type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function describeViolations(where: string, violations: AxeResults['violations']): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

export async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = results.violations.filter((v) => !serious.includes(v));
  if (minor.length) console.info(`axe (minor/moderate, not failing):\n${describeViolations(where, minor)}`);
  if (serious.length) console.error(`axe violations:\n${describeViolations(where, serious)}`);
  expect(serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}
