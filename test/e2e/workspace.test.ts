/**
 * The moderator workspace in a real browser: a moderator clears a pending queue of twenty held
 * comments with the keyboard alone; an author reads why their comment was rejected, appeals, and a
 * moderator upholds the appeal; a ban that also rejects the author's recent comments; readers and
 * visitors are refused the workspace; and axe finds no serious accessibility violation in a queue.
 *
 * The held comments come from the real moderation pipeline (threats and insults are held, a home
 * address is rejected outright); each case checks the pipeline's decision before relying on it.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoStories } from '../../src/demo/content.ts';
import { setRole } from '../../src/store/users.ts';
import { startTestServer, type TestServer } from '../support/backends.ts';
import { describeBrowser, launchBrowser, newReaderContext, waitForHydration, expectNoSeriousViolations } from './browser.ts';
import { signUpViaApi, type ApiClient } from '../support/api-client.ts';

const STORY_A = demoStories[0]!.slug;
const STORY_B = demoStories[1]!.slug;
const STORY_C = demoStories[6]!.slug;

// Ten threats (held for violence) and ten insults (held for incivility), all different: the same
// text twice in a day would be flagged as spam, and so would more than five comments from one
// author in ten minutes, so five authors post four each.
const THREATS = [
  'I will find you and kill you.',
  'I am going to hurt you.',
  'I will find you and kill you, councillor.',
  'I am going to hurt you badly for writing this.',
  'I will find you and kill you if this goes ahead.',
  'I am going to hurt you and your family.',
  'I hope someone kills you.',
  'I will find you and kill you, mark my words.',
  'I am going to hurt you, wait and see.',
  'I will find you and kill you tonight.',
];
const INSULTS = [
  'You are an idiot.',
  'You are a moron.',
  'What an idiot take.',
  'You absolute idiot.',
  'You are a complete fool and an idiot.',
  'You stupid idiot, read the article.',
  'Only an idiot would back this plan.',
  'You are an idiot and a moron.',
  'You are a moron if you believe this.',
  'What a moron the author is.',
];


describeBrowser('moderator workspace in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let mod: ApiClient;
  let modContext: BrowserContext;
  let anonContext: BrowserContext;
  const pageErrors: string[] = [];
  let nextIp = 20;

  interface Member {
    client: ApiClient;
    id: number;
    name: string;
  }

  async function member(name: string): Promise<Member> {
    const email = `${name.toLowerCase().replace(/\W/g, '.')}@example.test`;
    const client = await signUpViaApi(server.url, { displayName: name, email, ip: `198.51.100.${nextIp++}` });
    const row = await server.deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    return { client, id: row.id, name };
  }

  async function contextFor(client: ApiClient): Promise<BrowserContext> {
    const context = await newReaderContext(browser, server.url);
    await context.addCookies(client.browserCookies());
    return context;
  }

  // Each case closes the pages it opened: a workspace page holds a live-counts stream open, and a browser
  // allows six connections per host.
  const opened: Page[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    opened.push(page);
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      // A 403 answered to a banned author's post is logged by the browser as a failed resource: expected.
      if (msg.type() === 'error' && !/status of 40[13]/.test(msg.text())) pageErrors.push(`console.error: ${msg.text()}`);
    });
    return page;
  }

  /** Posts through the API and returns the comment with the pipeline's decision. */
  async function post(who: Member, slug: string, body: string) {
    const res = await who.client.json('POST', `/api/stories/${slug}/comments`, { body });
    expect(res.status, `${who.name}: ${body} → ${JSON.stringify(res.data)}`).toBe(201);
    return { id: res.data.comment.id as number, action: res.data.decision.action as string, categories: (res.data.decision.reasons as { category: string }[]).map((r) => r.category) };
  }

  const statusOf = async (id: number) => (await server.deps.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  /** The count shown on a queue's tab. */
  const tabCount = async (page: Page, queue: string) => Number((await page.locator(`nav.queues a[href^="/moderate/${queue}"] .count`).textContent())?.trim());

  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('sqlite', { COMMENTS_PER_MINUTE: '100000' }), launchBrowser()]);
    const m = await member('Morgan Moderator');
    mod = m.client;
    await setRole(server.deps.db, m.id, 'moderator');
    modContext = await contextFor(mod);
    anonContext = await newReaderContext(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('clears a pending queue of twenty held comments with the keyboard alone', async () => {
    const authors = await Promise.all(['Ivy Vale', 'Jon Marsh', 'Kai Fenn', 'Lea Moor', 'Max Reed'].map(member));
    // Intended decision per comment: approve the insults, reject the threats (for violence).
    const intended = new Map<number, 'published' | 'rejected'>();
    for (let i = 0; i < 10; i++) {
      const who = authors[i % authors.length]!;
      const slug = i % 2 ? STORY_B : STORY_A;
      const threat = await post(who, slug, THREATS[i]!);
      expect([THREATS[i], threat.action, threat.categories[0]]).toEqual([THREATS[i], 'hold', 'violence']);
      intended.set(threat.id, 'rejected');
      const insult = await post(authors[(i + 2) % authors.length]!, i % 2 ? STORY_A : STORY_B, INSULTS[i]!);
      expect([INSULTS[i], insult.action, insult.categories[0]]).toEqual([INSULTS[i], 'hold', 'incivility']);
      intended.set(insult.id, 'published');
    }
    expect(intended.size).toBe(20);

    const page = await newPage(modContext);
    expect((await page.goto('/moderate/pending'))?.status()).toBe(200);
    await waitForHydration(page);
    expect(await page.locator('li.queue-item').count()).toBe(20);
    expect(await tabCount(page, 'pending')).toBe(20);
    const order = (await page.locator('li.queue-item').evaluateAll((lis) => lis.map((li) => li.id))).map((id) => Number(id.slice('item-'.length)));
    expect(new Set(order)).toEqual(new Set(intended.keys()));
    // Each item's rule is preselected from its first flag, which is what r rejects for.
    for (const id of order) {
      if (intended.get(id) === 'rejected') expect(await page.locator(`#item-${id} select[name=category]`).inputValue()).toBe('violence');
    }

    // The first item has the focus; j and k move it.
    await expect.poll(() => activeId(page)).toBe(`item-${order[0]}`);
    await page.keyboard.press('j');
    await expect.poll(() => activeId(page)).toBe(`item-${order[1]}`);
    expect(await page.locator(`#item-${order[1]}`).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await expect.poll(() => activeId(page)).toBe(`item-${order[0]}`);
    await page.keyboard.press('k'); // already at the top: stays
    await expect.poll(() => activeId(page)).toBe(`item-${order[0]}`);

    // x selects the active item for a bulk decision, and x again unselects it.
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('form.bulk > span').textContent()).toBe('1 selected');
    expect(await page.locator(`#item-${order[0]} input[type=checkbox][name=item]`).isChecked()).toBe(true);
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('form.bulk > span').textContent()).toBe('Bulk:');
    expect(await page.locator(`#item-${order[0]} input[type=checkbox][name=item]`).isChecked()).toBe(false);

    // ? shows the keys, ? again hides them.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.locator('dt').allTextContents()).toEqual(['j / k', 'a', 'r', 'x', 'b', '?']);
    expect(await help.locator('dd').allTextContents()).toEqual([
      'next / previous item',
      'approve',
      'reject for the rule selected',
      'select for a bulk decision',
      'suspend or ban the author',
      'show or hide these keys',
    ]);
    await page.keyboard.press('?');
    await help.waitFor({ state: 'detached' });

    // Decide every item from the keyboard. Every third step, j first moves down to the second item,
    // and after deciding it k moves back up to the first.
    let remaining = 20;
    for (let step = 0; remaining > 0; step++) {
      const movedDown = step % 3 === 1 && remaining > 1;
      if (movedDown) {
        const top = await activeId(page);
        await page.keyboard.press('j');
        await expect.poll(() => activeId(page)).not.toBe(top);
      }
      const focused = await activeId(page);
      expect(focused, `step ${step}: the focus is on a queue item`).toMatch(/^item-\d+$/);
      const id = Number(focused.slice('item-'.length));
      const want = intended.get(id)!;
      await page.keyboard.press(want === 'published' ? 'a' : 'r');
      await page.locator(`#item-${id}`).waitFor({ state: 'detached' });
      await expect.poll(() => page.locator('.sr-status').textContent()).toBe(`Comment ${id} ${want === 'published' ? 'approved' : 'rejected'}.`);
      remaining--;
      expect(await tabCount(page, 'pending')).toBe(remaining);
      expect(await page.locator('li.queue-item').count()).toBe(remaining);
      if (remaining === 0) break;
      // The focus moves on to a remaining item, so the next key acts on it.
      await expect.poll(() => activeId(page), { message: `step ${step}: focus after deciding ${id}` }).toMatch(/^item-\d+$/);
      if (movedDown && remaining > 1) {
        const firstId = await page.locator('li.queue-item').first().getAttribute('id');
        await page.keyboard.press('k');
        await expect.poll(() => activeId(page)).toBe(firstId);
      }
    }
    await page.locator('p.empty', { hasText: 'Nothing here. Well done.' }).waitFor();
    expect(await tabCount(page, 'pending')).toBe(0);

    // In the database: every insult published, every threat rejected for violence by the moderator.
    const rows = await server.deps.db.selectFrom('comments').select(['id', 'status']).where('id', 'in', [...intended.keys()]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual(Object.fromEntries(intended));
    const log = await server.deps.db
      .selectFrom('moderation_log')
      .select(['comment_id', 'action', 'reason_codes'])
      .where('comment_id', 'in', [...intended.keys()])
      .where('actor', '=', 'moderator')
      .execute();
    expect(log).toHaveLength(20);
    for (const l of log) {
      expect([l.comment_id, l.action, l.reason_codes]).toEqual(intended.get(l.comment_id) === 'published' ? [l.comment_id, 'approve', 'approved'] : [l.comment_id, 'reject', 'violence']);
    }

    // Reloaded, the server agrees.
    await page.reload();
    await waitForHydration(page);
    expect(await tabCount(page, 'pending')).toBe(0);
    expect(await page.locator('p.empty').textContent()).toBe('Nothing here. Well done.');
  }, 60_000);

  it('an author reads why their comment was rejected and appeals; a moderator upholds it and it is published', async () => {
    const author = await member('Nora Quill');
    const text = 'Her home address is 42 Elm Street, Springfield.';
    const comment = await post(author, STORY_C, text);
    expect([comment.action, comment.categories[0]]).toEqual(['reject', 'doxing']);
    const storyPath = `/stories/${STORY_C}?sort=newest`;

    // The author reads the statement of reasons on the story page, and appeals.
    const authorPage = await newPage(await contextFor(author.client));
    await authorPage.goto(storyPath);
    await waitForHydration(authorPage);
    const statement = authorPage.locator(`#c${comment.id} > article .statement`);
    expect(await statement.locator('strong').first().textContent()).toBe('Not published');
    expect(await statement.textContent()).toContain('No personal information about private people: home addresses');
    const appealText = 'That is the address of the town hall, which is public.';
    await statement.locator('details.appeal > summary', { hasText: 'Appeal' }).click();
    await statement.getByLabel('Why does this comment keep to the policy?').fill(appealText);
    await statement.getByRole('button', { name: 'Send appeal' }).click();
    await statement.locator('.appealed', { hasText: 'Appeal sent — a moderator will review it.' }).waitFor();
    const appeal = await server.deps.db.selectFrom('appeals').select(['status', 'text']).where('comment_id', '=', comment.id).executeTakeFirstOrThrow();
    expect(appeal).toEqual({ status: 'open', text: appealText });

    // The moderator upholds it in the appeals queue.
    const modPage = await newPage(modContext);
    await modPage.goto('/moderate/appeals');
    await waitForHydration(modPage);
    expect(await tabCount(modPage, 'appeals')).toBe(1);
    const item = modPage.locator(`#item-${comment.id}`);
    expect(await item.locator('.appeal-text').textContent()).toBe(`Appeal: ${appealText}`);
    const outcome = 'You are right: that is a public office, not a private home.';
    await item.getByLabel('Outcome for the author').fill(outcome);
    await item.getByRole('button', { name: 'Uphold (publish)' }).click();
    await item.waitFor({ state: 'detached' });
    await expect.poll(() => modPage.locator('.sr-status').textContent()).toBe(`Comment ${comment.id} published on appeal.`);
    expect(await tabCount(modPage, 'appeals')).toBe(0);
    expect(await statusOf(comment.id)).toBe('published');

    // The author is told, and every reader can read the comment.
    await authorPage.goto(storyPath);
    await waitForHydration(authorPage);
    const notice = authorPage.locator(`#c${comment.id} > article .notice`);
    expect(await notice.textContent()).toContain('Your appeal was upheld');
    expect(await notice.textContent()).toContain(outcome);
    const anonPage = await newPage(anonContext);
    await anonPage.goto(storyPath);
    expect(await anonPage.locator(`#c${comment.id} > article .body`).textContent()).toContain(text);
    expect(await anonPage.locator(`#c${comment.id} .statement`).count()).toBe(0);
  });

  it('bans an author from a held comment and rejects their recent comments with the ban', async () => {
    const troll = await member('Tobias Troll');
    const first = await post(troll, STORY_A, 'The ferry timetable change seems sensible to me, on balance.');
    const second = await post(troll, STORY_A, 'I agree with the harbour master on this particular point.');
    expect([first.action, second.action]).toEqual(['publish', 'publish']);
    const held = await post(troll, STORY_A, 'You are a moron, the whole lot of you.');
    expect(held.action).toBe('hold');
    const storyPath = `/stories/${STORY_A}?sort=newest`;
    const anonPage = await newPage(anonContext);
    await anonPage.goto(storyPath);
    expect(await anonPage.locator(`#c${first.id}`).count()).toBe(1);

    const page = await newPage(modContext);
    await page.goto('/moderate/pending');
    await waitForHydration(page);
    // Move with j to the troll's held comment (it is the only pending one after the first case).
    await expect.poll(() => activeId(page)).toMatch(/^item-\d+$/);
    for (let i = 0; i < 25 && (await activeId(page)) !== `item-${held.id}`; i++) await page.keyboard.press('j');
    expect(await activeId(page)).toBe(`item-${held.id}`);
    const item = page.locator(`#item-${held.id}`);
    expect(await item.locator('details.sanction > summary').textContent()).toBe('Suspend or ban Tobias Troll');

    // b opens the sanction form and puts the cursor in the reason.
    await page.keyboard.press('b');
    expect(await item.locator('details.sanction').evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    expect(await activeId(page)).toBe(`reason-${held.id}`);
    const reason = 'Repeated personal attacks after a warning.';
    await page.keyboard.type(reason);
    await item.getByLabel('Also reject their held comments and those of the last 7 days').check();
    await item.getByRole('radio', { name: 'Ban' }).check();
    await Promise.all([page.waitForURL((url) => url.pathname === '/moderate/pending'), item.getByRole('button', { name: 'Apply' }).click()]);
    await page.waitForLoadState();
    await waitForHydration(page);
    expect(await page.locator(`#item-${held.id}`).count()).toBe(0);

    const user = await server.deps.db.selectFrom('users').select(['banned', 'sanction_reason']).where('id', '=', troll.id).executeTakeFirstOrThrow();
    expect(user).toEqual({ banned: 1, sanction_reason: reason });
    expect([await statusOf(first.id), await statusOf(second.id), await statusOf(held.id)]).toEqual(['rejected', 'rejected', 'rejected']);

    // Anonymous readers see none of the troll's comments.
    await anonPage.goto(storyPath);
    for (const c of [first, second, held]) expect(await anonPage.locator(`#c${c.id}`).count()).toBe(0);
    expect(await anonPage.locator('li.comment .author', { hasText: 'Tobias Troll' }).count()).toBe(0);
    const body = await anonPage.locator('section.discussion').textContent();
    expect(body).not.toContain('ferry timetable change');
    expect(body).not.toContain('harbour master on this particular point');

    // The troll tries to post and is told the account is banned, and why.
    const trollPage = await newPage(await contextFor(troll.client));
    await trollPage.goto(`/stories/${STORY_A}`);
    await waitForHydration(trollPage);
    await trollPage.getByLabel('Comment as Tobias Troll').fill('Thanks for the clear reporting on the ferry plans.');
    await trollPage.getByRole('button', { name: 'Post comment' }).click();
    const alert = trollPage.locator('form.comment-form [role=alert]').first();
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`Your account is banned from the discussion. Reason: ${reason}`);
    const posted = await server.deps.db.selectFrom('comments').select('id').where('user_id', '=', troll.id).execute();
    expect(posted).toHaveLength(3);
  });

  it('refuses the workspace to readers (403) and to visitors (401)', async () => {
    const reader = await member('Rita Reader');
    const readerPage = await newPage(await contextFor(reader.client));
    const anonPage = await newPage(anonContext);
    for (const path of ['/moderate/pending', '/moderate/appeals', '/admin/users']) {
      const asReader = await readerPage.goto(path);
      expect([path, asReader?.status()]).toEqual([path, 403]);
      expect(await readerPage.locator('li.queue-item, table.users').count()).toBe(0);
      const asVisitor = await anonPage.goto(path);
      expect([path, asVisitor?.status()]).toEqual([path, 401]);
      expect(await anonPage.locator('li.queue-item, table.users').count()).toBe(0);
    }
  });

  it('the pending queue with items has no serious accessibility violations (axe)', async () => {
    const a = await member('Ada Axe');
    const b = await member('Bo Axe');
    const parent = await post(a, STORY_B, 'The bus lane plan is worth a trial, in my view.');
    expect(parent.action).toBe('publish');
    const threat = await post(b, STORY_B, 'I will find you and kill you for saying that.');
    const insult = await post(a, STORY_A, 'You are an idiot, plainly.');
    const res = await b.client.json('POST', `/api/stories/${STORY_B}/comments`, { body: 'You are a moron for thinking so.', parentId: parent.id });
    expect(res.status).toBe(201);
    expect([threat.action, insult.action, res.data.decision.action]).toEqual(['hold', 'hold', 'hold']);

    const page = await newPage(modContext);
    expect((await page.goto('/moderate/pending'))?.status()).toBe(200);
    await waitForHydration(page);
    expect(await page.locator('li.queue-item').count()).toBe(3);
    expect(await page.locator('li.queue-item blockquote.parent').count()).toBe(1);
    await expectNoSeriousViolations(page, 'pending queue');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await expectNoSeriousViolations(page, 'pending queue (help and sanction forms open)');
  }, 60_000);

  it('r on a comment reported for harassment rejects it for incivility, the rule the report names', async () => {
    const author = await member('Hal Harsh');
    const reporter = await member('Pia Report');
    const comment = await post(author, STORY_B, 'Frankly the council is hopeless at this and always has been.');
    expect(comment.action).toBe('publish');
    const reported = await reporter.client.json('POST', `/api/comments/${comment.id}/reports`, { reason: 'harassment' });
    expect(reported.status).toBe(201);

    const page = await newPage(modContext);
    await page.goto('/moderate/reported');
    await waitForHydration(page);
    await expect.poll(() => activeId(page)).toMatch(/^item-\d+$/);
    for (let i = 0; i < 25 && (await activeId(page)) !== `item-${comment.id}`; i++) await page.keyboard.press('j');
    expect(await activeId(page)).toBe(`item-${comment.id}`);
    const item = page.locator(`#item-${comment.id}`);
    expect(await item.locator('.reports').textContent()).toBe('Reported: harassment');
    // The rule preselected for r: a harassment report is an insult or personal attack (incivility).
    expect.soft(await item.locator('select[name=category]').inputValue(), 'rule preselected for a harassment report').toBe('incivility');
    await page.keyboard.press('r');
    await item.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.sr-status').textContent()).toBe(`Comment ${comment.id} rejected.`);
    const log = await server.deps.db.selectFrom('moderation_log').select(['action', 'reason_codes']).where('comment_id', '=', comment.id).where('actor', '=', 'moderator').execute();
    expect(log).toEqual([{ action: 'reject', reason_codes: 'incivility' }]);
  });

  it('clearing the first page of a longer queue brings in the comments still waiting', async () => {
    // Six authors post five held insults each: with what earlier cases left, more than a page (25).
    const authors = await Promise.all(['Una One', 'Vic Two', 'Wes Three', 'Xia Four', 'Yan Five', 'Zoe Six'].map(member));
    for (const [a, who] of authors.entries()) {
      for (let k = 0; k < 5; k++) {
        const c = await post(who, demoStories[k]!.slug, `You are an idiot, reply ${a}-${k} says so.`);
        expect([c.id, c.action]).toEqual([c.id, 'hold']);
      }
    }
    const page = await newPage(modContext);
    await page.goto('/moderate/pending');
    await waitForHydration(page);
    const total = await tabCount(page, 'pending');
    expect(total).toBeGreaterThan(25);
    expect(await page.locator('li.queue-item').count()).toBe(25);
    for (let i = 0; i < 25; i++) {
      await expect.poll(() => activeId(page)).toMatch(/^item-\d+$/);
      const id = await activeId(page);
      await page.keyboard.press('a');
      await page.locator(`#${id}`).waitFor({ state: 'detached' });
    }
    expect(await tabCount(page, 'pending')).toBe(total - 25);
    // The tab still counts comments waiting: the queue must show them, not "Nothing here. Well done."
    await expect.poll(() => page.locator('li.queue-item').count(), { timeout: 3_000 }).toBe(total - 25);
    expect(await page.locator('p.empty').count()).toBe(0);
  }, 60_000);

  it('updates an open queue live: new held comments wait behind a bar, an item decided elsewhere is marked', async () => {
    const [first, second] = await Promise.all(['Ada Live', 'Bo Live'].map(member));
    const shown = await post(first!, STORY_C, 'You are an idiot, and the harbour plan proves it.');
    expect(shown.action).toBe('hold');
    const page = await newPage(modContext);
    await page.goto('/moderate/pending');
    await waitForHydration(page);
    await page.locator(`#item-${shown.id}`).waitFor();
    const before = await page.locator('li.queue-item').count();

    const arriving = await post(second!, STORY_C, 'You are a moron, and so is the council.');
    expect(arriving.action).toBe('hold');
    const bar = page.getByRole('button', { name: '1 new in this queue — show' });
    await bar.waitFor({ timeout: 10_000 });
    expect(await page.locator('li.queue-item').count()).toBe(before);

    // Another moderator approves the item this page shows.
    const item = await server.deps.db.selectFrom('comments').select('revision').where('id', '=', shown.id).executeTakeFirstOrThrow();
    expect((await mod.json("POST", `/api/moderation/comments/${shown.id}/approve`, { revision: item.revision })).status).toBe(200);
    await expect.poll(() => page.locator(`#item-${shown.id} .notice`).textContent(), { timeout: 10_000 }).toContain('Changed since this page loaded');

    await bar.click();
    await page.locator(`#item-${arriving.id}`).waitFor();
    expect(await page.locator(`#item-${shown.id}`).count()).toBe(0);
    expect(await page.getByRole('button', { name: /new in this queue/ }).count()).toBe(0);
  });

  it('counts a decision once when the live counts arrive before its answer', async () => {
    const author = await member('Cy Order');
    // Two held, so a count counted down twice would show.
    const held = await post(author, STORY_C, 'You are an idiot, and this budget is a joke.');
    const other = await post(author, STORY_C, 'What a moron the treasurer is.');
    expect([held.action, other.action]).toEqual(['hold', 'hold']);
    const page = await newPage(modContext);
    await page.goto('/moderate/pending');
    await waitForHydration(page);
    await page.locator(`#item-${held.id}`).waitFor();
    const before = await tabCount(page, 'pending');
    // The decision is stored at once, but its answer is held back until the live stream has already
    // brought the page the counts that include it.
    let heldBack = 0;
    await page.route('**/api/moderation/comments/*/approve', async (route) => {
      heldBack++;
      const response = await route.fetch();
      await expect.poll(() => tabCount(page, 'pending'), { timeout: 10_000 }).toBe(before - 1);
      await route.fulfill({ response });
    });
    await page.locator(`#item-${held.id}`).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.locator('.sr-status').textContent()).toBe(`Comment ${held.id} approved.`);
    expect(heldBack).toBe(1);
    expect(await statusOf(held.id)).toBe('published');
    expect(await tabCount(page, 'pending')).toBe(before - 1);
    expect(await page.getByRole('button', { name: /new in this queue/ }).count()).toBe(0);
    // And the next live counts agree.
    await post(author, STORY_C, 'Thanks for covering the budget vote in such detail.');
    await page.waitForTimeout(1_000);
    expect(await tabCount(page, 'pending')).toBe(before - 1);
    expect(await page.getByRole('button', { name: /new in this queue/ }).count()).toBe(0);
  });

  it('raised no script errors and logged no console errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
