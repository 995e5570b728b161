/** The moderator workspace through HTTP, on SQLite and PostgreSQL: roles, queues, decisions, appeals. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoStories } from '../../src/demo/content.ts';
import { findStoryBySlug } from '../../src/store/stories.ts';
import { setRole } from '../../src/store/users.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

const slug = demoStories[6]!.slug;

describeBackends('moderator workspace', (backend) => {
  let t: TestServer;
  let mod: Client;
  let admin: Client;
  let author: Client;
  let reader: Client;
  let anon: Client;
  let readerId: number;

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000' });
    mod = new Client(t.app, '192.0.2.10');
    admin = new Client(t.app, '192.0.2.11');
    author = new Client(t.app, '192.0.2.12');
    reader = new Client(t.app, '192.0.2.13');
    anon = new Client(t.app, '192.0.2.14');
    const m = await mod.signUp('Mod');
    const a = await admin.signUp('Admin');
    await author.signUp('Author');
    readerId = (await reader.signUp('Reader')).user.id;
    await setRole(t.deps.db, m.user.id, 'moderator');
    await setRole(t.deps.db, a.user.id, 'admin');
  });
  afterAll(() => t?.close());

  const post = async (body: string) => (await author.api('POST', `/api/stories/${slug}/comments`, { body })).json();
  const status = async (id: number) => (await t.deps.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const count = async () => (await findStoryBySlug(t.deps.db, slug))!.commentCount;

  it('answers 401 to visitors and 403 to readers on every workspace route and API', async () => {
    await anon.refreshCsrf();
    const routes: [string, string, unknown?][] = [
      ['GET', '/moderate'],
      ['GET', '/moderate/pending'],
      ['GET', '/moderate/appeals'],
      ['GET', '/admin/users'],
      ['GET', '/api/moderation/queues/pending'],
      ['POST', '/api/moderation/comments/1/approve', { revision: 1 }],
      ['POST', '/api/moderation/comments/1/reject', { revision: 1, category: 'spam' }],
      ['POST', '/api/moderation/comments/1/appeal', { revision: 1, upheld: true, outcome: 'x' }],
      ['PUT', `/api/admin/users/${readerId}/role`, { role: 'admin' }],
    ];
    for (const [method, url, body] of routes) {
      expect([url, (await anon.api(method as 'GET', url, body)).status]).toEqual([url, 401]);
      expect([url, (await reader.api(method as 'GET', url, body)).status]).toEqual([url, 403]);
    }
    for (const url of ['/moderate/comments/1/approve', '/moderate/bulk']) {
      expect((await reader.form(url, { revision: '1', action: 'approve' })).status).toBe(403);
    }
    // A moderator is not an admin.
    expect((await mod.api('PUT', `/api/admin/users/${readerId}/role`, { role: 'moderator' })).status).toBe(403);
  });

  it('shows a held comment in the pending queue with its words marked, and approves it', async () => {
    const { comment } = await post('I will find you and kill you, you traitor.');
    const page = await mod.get('/moderate/pending');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`id="item-${comment.id}"`);
    expect(page.body).toMatch(/<mark>[^<]+<\/mark>/);
    expect(page.body).toContain('No threats, incitement or wishing harm on people.');
    expect(page.body).toMatch(/Author<\/strong> — joined/);
    const queue = (await mod.get('/api/moderation/queues/pending')).json();
    expect(queue.counts.pending).toBeGreaterThanOrEqual(1);

    const before = await count();
    const stale = await mod.api('POST', `/api/moderation/comments/${comment.id}/approve`, { revision: 2 });
    expect(stale.status).toBe(409);
    expect(stale.json().error.code).toBe('revision_changed');
    const ok = await mod.api('POST', `/api/moderation/comments/${comment.id}/approve`, { revision: 1 });
    expect(ok.status).toBe(200);
    expect(await status(comment.id)).toBe('published');
    expect(await count()).toBe(before + 1);
    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', comment.id).orderBy('id').execute();
    expect(log.map((l) => [l.actor, l.action])).toEqual([
      ['pipeline', 'hold'],
      ['moderator', 'approve'],
    ]);
    // The answer names the log entry and carries the counts read after it, so a page that already
    // has live counts knows whether they include this decision.
    expect(ok.json()).toMatchObject({ ok: true, decision: Number(log[1]!.id), counts: { pending: queue.counts.pending - 1 } });
    expect(ok.json().version).toBeGreaterThanOrEqual(ok.json().decision);
  });

  it('shows the comment a held reply answers', async () => {
    const parent = (await reader.api('POST', `/api/stories/${slug}/comments`, { body: 'The harbour plan is sensible and overdue.' })).json().comment;
    const reply = (await author.api('POST', `/api/stories/${slug}/comments`, { body: 'You are an idiot for thinking so.', parentId: parent.id })).json().comment;
    expect(reply.status).toBe('held');
    const page = (await mod.get('/moderate/pending')).body;
    const item = page.slice(page.indexOf(`id="item-${reply.id}"`));
    expect(item).toMatch(/^[^]*?In reply to Reader: The harbour plan is sensible and overdue\./);
    await mod.api('POST', `/api/moderation/comments/${reply.id}/reject`, { revision: 1, category: 'incivility' });
  });

  it('tells the moderator when the author edited after they looked', async () => {
    const { comment } = await post('You are an idiot and a moron.');
    const page = await mod.get('/moderate/pending');
    expect(page.body).toContain(`id="item-${comment.id}"`);
    await author.api('PATCH', `/api/comments/${comment.id}`, { body: 'You are an idiot, frankly.' });
    const res = await mod.form(`/moderate/comments/${comment.id}/reject`, { revision: '1', category: 'incivility' });
    expect(res.status).toBe(409);
    expect(res.body).toContain('edited this comment after you opened it');
    expect(await status(comment.id)).toBe('held');
  });

  it('rejects a reported comment for a rule, upholds the reports, and the author reads why', async () => {
    const { comment } = await post('Frankly this whole council is a joke and the reporter knows nothing.');
    expect(comment.status).toBe('published');
    await reader.api('POST', `/api/comments/${comment.id}/reports`, { reason: 'harassment' });
    const reported = await mod.get('/moderate/reported');
    expect(reported.body).toContain(`id="item-${comment.id}"`);
    expect(reported.body).toContain('Reported: harassment');
    const before = await count();
    const res = await mod.api('POST', `/api/moderation/comments/${comment.id}/reject`, { revision: 1, category: 'incivility', note: 'Attacks the reporter rather than the reporting.' });
    expect(res.status).toBe(200);
    expect(await status(comment.id)).toBe('rejected');
    expect(await count()).toBe(before - 1);
    const report = await t.deps.db.selectFrom('reports').selectAll().where('comment_id', '=', comment.id).executeTakeFirstOrThrow();
    expect(report.resolution).toBe('upheld');
    expect((await mod.get('/moderate/reported')).body).not.toContain(`id="item-${comment.id}"`);
    const mine = (await author.get(`/stories/${slug}?sort=newest`)).body;
    expect(mine).toContain('Not published');
    expect(mine).toContain('No insults or personal attacks');
    expect(mine).toContain('Attacks the reporter rather than the reporting.');
    expect((await mod.api('POST', `/api/moderation/comments/${comment.id}/reject`, { revision: 1, category: 'gossip' })).status).toBe(400);
  });

  it('moves an appeal to the appeals queue; upholding it publishes the comment and tells the author', async () => {
    const { comment } = await post('Her home address is 42 Elm Street, Springfield.');
    expect(comment.status).toBe('rejected');
    await author.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'That is the address of the town hall.' });
    expect((await mod.get('/moderate/appeals')).body).toContain('Appeal: That is the address of the town hall.');
    expect((await mod.get('/moderate/rejected')).body).toContain(`id="item-${comment.id}"`);
    const missing = await mod.api('POST', `/api/moderation/comments/${comment.id}/appeal`, { revision: 1, upheld: true, outcome: '' });
    expect(missing.status).toBe(400);
    const res = await mod.api('POST', `/api/moderation/comments/${comment.id}/appeal`, { revision: 1, upheld: true, outcome: 'You are right: it is a public office.' });
    expect(res.status).toBe(200);
    expect(await status(comment.id)).toBe('published');
    const appeal = await t.deps.db.selectFrom('appeals').selectAll().where('comment_id', '=', comment.id).executeTakeFirstOrThrow();
    expect(appeal).toMatchObject({ status: 'upheld', outcome: 'You are right: it is a public office.' });
    expect((await author.get(`/stories/${slug}?sort=newest`)).body).toContain('Your appeal was upheld');
    expect((await mod.get('/moderate/appeals')).body).not.toContain(`id="item-${comment.id}"`);
  });

  it('denies an appeal with a reasoned outcome the author reads', async () => {
    const { comment } = await post('Call him on 07700 900123, that is his personal mobile.');
    await author.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'Everyone knows it.' });
    const res = await mod.form(`/moderate/comments/${comment.id}/appeal`, { revision: '1', upheld: '0', outcome: 'A personal number stays private even if it is known.' });
    expect(res.status).toBe(303);
    expect(await status(comment.id)).toBe('rejected');
    const page = (await author.get(`/stories/${slug}?sort=newest`)).body;
    expect(page).toContain('Appeal denied: A personal number stays private even if it is known.');
  });

  it('approves several held comments at once with the bulk form', async () => {
    const a = (await post('You are a moron.')).comment;
    const b = (await post('What an idiot take.')).comment;
    expect([a.status, b.status]).toEqual(['held', 'held']);
    const res = await mod.request({
      method: 'POST',
      url: '/moderate/bulk',
      payload: `_csrf=${encodeURIComponent(mod.csrf)}&action=approve&item=${a.id}%3A1&item=${b.id}%3A1&item=999999%3A1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect([await status(a.id), await status(b.id)]).toEqual(['published', 'published']);
  });

  it('filters queues by story and category, and sorts by priority', async () => {
    // The insult is older: "oldest first" would list it first; priority must put the threat ahead.
    const insult = (await post('You absolute idiot.')).comment;
    const threat = (await post('I hope someone kills you.')).comment;
    const byCategory = (await mod.get('/api/moderation/queues/pending?category=violence')).json();
    expect(byCategory.items.map((i: { id: number }) => i.id)).toContain(threat.id);
    expect(byCategory.items.map((i: { id: number }) => i.id)).not.toContain(insult.id);
    const otherStory = (await mod.get(`/api/moderation/queues/pending?story=${demoStories[0]!.slug}`)).json();
    expect(otherStory.items.map((i: { id: number }) => i.id)).not.toContain(threat.id);
    const ranked = (await mod.get('/api/moderation/queues/pending?sort=priority')).json().items.map((i: { id: number }) => i.id);
    expect(ranked.indexOf(threat.id)).toBeLessThan(ranked.indexOf(insult.id));
  });

  it('lets an admin grant the moderator role', async () => {
    expect((await reader.get('/moderate/pending')).status).toBe(403);
    const res = await admin.api('PUT', `/api/admin/users/${readerId}/role`, { role: 'moderator' });
    expect(res.json()).toEqual({ id: readerId, role: 'moderator' });
    expect((await reader.get('/moderate/pending')).status).toBe(200);
    expect((await admin.api('PUT', `/api/admin/users/${readerId}/role`, { role: 'overlord' })).status).toBe(400);
    const users = await admin.get('/admin/users?q=reader');
    expect(users.status).toBe(200);
    expect(users.body).toContain('Reader');
  });

  it('bans an author and rejects their recent comments from the story page', async () => {
    const troll = new Client(t.app, '192.0.2.40');
    const { user } = await troll.signUp('Troll');
    const a = (await troll.api('POST', `/api/stories/${slug}/comments`, { body: 'The ferry timetable change seems sensible to me.' })).json().comment;
    const b = (await troll.api('POST', `/api/stories/${slug}/comments`, { body: 'I agree with the harbour master on this one.' })).json().comment;
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).toContain('The ferry timetable change seems sensible to me.');
    const res = await mod.api('POST', `/api/moderation/users/${user.id}/sanction`, { kind: 'ban', reason: 'Ban evasion.', rejectRecent: true });
    expect(res.json()).toEqual({ rejected: 2 });
    expect([await status(a.id), await status(b.id)]).toEqual(['rejected', 'rejected']);
    const page = (await anon.get(`/stories/${slug}?sort=newest`)).body;
    expect(page).not.toContain('ferry timetable change');
    expect(page).not.toContain('harbour master on this one');
    const refused = await troll.api('POST', `/api/stories/${slug}/comments`, { body: 'Let me back in.' });
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toContain('banned');
    expect((await troll.api('PUT', `/api/comments/${a.id}/vote`, { value: 1 })).status).toBe(403);
    await mod.api('POST', `/api/moderation/users/${user.id}/sanction`, { kind: 'lift', reason: '' });
    expect((await troll.api('POST', `/api/stories/${slug}/comments`, { body: 'Thanks, I will behave.' })).status).toBe(201);
    expect((await mod.api('POST', `/api/moderation/users/${user.id}/sanction`, { kind: 'ban', reason: '' })).status).toBe(400);
  });

  it('suspends an author for some days', async () => {
    const c = new Client(t.app, '192.0.2.41');
    const { user } = await c.signUp('Hothead');
    expect((await mod.form(`/moderate/users/${user.id}/sanction`, { kind: 'suspend', days: '2', reason: 'Cool off.' })).status).toBe(303);
    const refused = await c.api('POST', `/api/stories/${slug}/comments`, { body: 'Still here.' });
    expect(refused.status).toBe(403);
    expect(refused.json().error.message).toMatch(/suspended until .* Reason: Cool off\./);
    t.deps.clock = () => new Date(Date.now() + 3 * 86_400_000);
    try {
      expect((await c.api('POST', `/api/stories/${slug}/comments`, { body: 'Back after the break.' })).status).toBe(201);
    } finally {
      t.deps.clock = () => new Date();
    }
  });

  it('closes comments, pre-moderates and slows down one story', async () => {
    const story = demoStories[7]!.slug;
    const c = new Client(t.app, '192.0.2.42');
    await c.signUp('Slowpoke');
    expect((await c.api('PUT', `/api/moderation/stories/${story}/settings`, { commentsOpen: false })).status).toBe(403);
    expect((await mod.api('PUT', `/api/moderation/stories/${story}/settings`, { commentsOpen: false })).json()).toMatchObject({ commentsOpen: false });
    const closed = await c.api('POST', `/api/stories/${story}/comments`, { body: 'Anyone?' });
    expect(closed.status).toBe(409);
    expect(closed.json().error.code).toBe('comments_closed');
    expect((await c.get(`/stories/${story}`)).body).toContain('Comments are closed on this story.');

    await mod.api('PUT', `/api/moderation/stories/${story}/settings`, { commentsOpen: true, slowModeMinutes: 5 });
    expect((await c.api('POST', `/api/stories/${story}/comments`, { body: 'One calm thought.' })).status).toBe(201);
    const slowed = await c.api('POST', `/api/stories/${story}/comments`, { body: 'And another straight away.' });
    expect(slowed.status).toBe(429);
    expect(slowed.json().error.message).toContain('slow mode');

    const storyRow = (await findStoryBySlug(t.deps.db, story))!;
    const form = await mod.form(`/moderate/stories/${storyRow.id}/settings`, { commentsOpen: '1', premoderated: '1', slowModeMinutes: '0' });
    expect(form.status).toBe(303);
    const d = new Client(t.app, '192.0.2.43');
    await d.signUp('Patient');
    expect((await d.api('POST', `/api/stories/${story}/comments`, { body: 'A considered remark.' })).json().decision.action).toBe('hold');
    expect((await mod.get(`/stories/${story}`)).body).toContain('Discussion settings (moderators)');
    expect((await c.get(`/stories/${story}`)).body).not.toContain('Discussion settings (moderators)');
  });

  it('keeps a public moderation log without text or names, and a full one for moderators', async () => {
    const { comment } = await post('You are a complete idiot, sir.');
    await mod.api('POST', `/api/moderation/comments/${comment.id}/reject`, { revision: 1, category: 'incivility' });
    const pub = await anon.get('/moderation-log');
    expect(pub.status).toBe(200);
    expect(pub.body).toContain('incivility');
    expect(pub.body).toContain('a moderator');
    expect(pub.body).not.toContain('complete idiot');
    expect(pub.body).not.toContain('Author');
    expect(pub.body).not.toContain('Mod)');
    const full = await mod.get('/moderate/log?actor=moderator&action=reject');
    expect(full.body).toContain('complete idiot');
    expect(full.body).toContain('(Mod)');
    const api = (await mod.get('/api/moderation/log?actor=pipeline')).json();
    expect(api.entries.every((e: { actor: string }) => e.actor === 'pipeline')).toBe(true);
    expect((await reader.get('/moderate/log')).status).toBe(200); // reader was made a moderator above
    expect((await anon.get('/moderate/log')).status).toBe(401);
  });

  it('stops counting the reports of someone whose reports moderators keep dismissing', async () => {
    const old = () => new Date(Date.now() + 3 * 86_400_000);
    const serial = new Client(t.app, '192.0.2.70');
    await serial.signUp('Serial reporter');
    const others = [new Client(t.app, '192.0.2.71'), new Client(t.app, '192.0.2.72')];
    for (const o of others) await o.signUp('Fair reporter');
    t.deps.clock = old;
    try {
      for (let i = 0; i < 3; i++) {
        const c = (await post(`A fine remark about the tides, number ${i}.`)).comment;
        await serial.api('POST', `/api/comments/${c.id}/reports`, { reason: 'spam' });
        await mod.api('POST', `/api/moderation/comments/${c.id}/approve`, { revision: 1 });
      }
      const target = (await post('Another fine remark about the tides.')).comment;
      await serial.api('POST', `/api/comments/${target.id}/reports`, { reason: 'spam' });
      for (const o of others) await o.api('POST', `/api/comments/${target.id}/reports`, { reason: 'spam' });
      // Three reports, but one reporter's weigh nothing: below the threshold of three.
      expect(await status(target.id)).toBe('published');
    } finally {
      t.deps.clock = () => new Date();
    }
  });

  it('draws insights on the server as SVG', async () => {
    const page = await mod.get('/moderate/insights?hours=24');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('Comments per hour');
    expect(page.body).toMatch(/median time from posting to a moderator’s decision\s*<strong>\d+ min<\/strong>/);
    const api = (await mod.get('/api/moderation/insights?hours=24')).json();
    const perHour = api.insights.commentsPerHour.reduce((a: number, b: number) => a + b, 0);
    // (Some comments here were posted with the clock moved ahead, past the window's end.)
    expect(perHour).toBeGreaterThan(0);
    expect(perHour).toBeLessThanOrEqual(api.insights.total);
    expect(api.insights.byCategory.find((c: { category: string }) => c.category === 'violence').held).toBeGreaterThan(0);
    expect((await anon.get('/moderate/insights')).status).toBe(401);
  });

  it('streams the queue counts to moderators as server-sent events', async () => {
    const res = await fetch(`${t.url}/api/moderation/events`, { headers: { cookie: `parley_session=${mod.cookies.get('parley_session')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const nextCounts = async () => {
      for (;;) {
        const at = text.indexOf('event: counts\ndata: ');
        const endAt = at >= 0 ? text.indexOf('\n\n', at) : -1;
        if (endAt >= 0) {
          const data = JSON.parse(text.slice(at + 'event: counts\ndata: '.length, endAt));
          text = text.slice(endAt + 2);
          return data as { counts: { pending: number }; version: number };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    const first = await nextCounts();
    await post('You are such a moron, honestly.');
    const second = await nextCounts();
    expect(second.counts.pending).toBe(first.counts.pending + 1);
    // The held comment wrote to the moderation log, so the counts say they were read after it.
    expect(second.version).toBeGreaterThan(first.version);
    await reader.cancel();
    const anonRes = await fetch(`${t.url}/api/moderation/events`);
    expect(anonRes.status).toBe(401);
  });

  it('redacts a phone number and publishes the rest', async () => {
    const { comment } = await post('The harbour master was helpful. Call him on 07700 900123 at home if you need to.');
    expect(['held', 'rejected']).toContain(comment.status);
    const wrong = await mod.api('POST', `/api/moderation/comments/${comment.id}/redact`, { revision: 1, text: '555 0000', category: 'doxing' });
    expect(wrong.status).toBe(400);
    const res = await mod.api('POST', `/api/moderation/comments/${comment.id}/redact`, { revision: 1, text: '07700 900123', category: 'doxing' });
    expect(res.status).toBe(200);
    expect(await status(comment.id)).toBe('published');
    const html = (await anon.get(`/stories/${slug}?sort=newest`)).body;
    expect(html).toContain('Call him on [removed by a moderator] at home');
    expect(html).not.toContain('07700 900123');
    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', comment.id).where('actor', '=', 'moderator').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ action: 'redact', reason_codes: 'doxing', revision: 2 });
    expect(log.detail_json).not.toContain('07700');
    // The plain form does the same.
    const other = (await post('Nice piece. Her number is 07700 900456 by the way.')).comment;
    expect((await mod.form(`/moderate/comments/${other.id}/redact`, { revision: '1', text: '07700 900456', rule: 'doxing' })).status).toBe(303);
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).toContain('Her number is [removed by a moderator] by the way.');
    // The old revision is now stale for other moderators.
    expect((await mod.api('POST', `/api/moderation/comments/${comment.id}/reject`, { revision: 1, category: 'doxing' })).json().error.code).toBe('revision_changed');
  });

  it('lets an admin save a new version of the policy, which the next decision uses and records', async () => {
    expect((await mod.get('/admin/policy')).status).toBe(403);
    const page = await admin.get('/admin/policy');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Version 1 is in force');
    const fields: Record<string, string> = { mode: 'postmoderate', newCommenterHoldCount: '0', text: 'Be kind. Argue with ideas, not people.' };
    for (const c of ['violence', 'hate', 'profanity', 'vulgarity', 'doxing', 'incivility', 'spam']) {
      fields[`${c}.threshold`] = '0.5';
      fields[`${c}.action`] = c === 'doxing' ? 'reject' : 'hold';
    }
    const bad = await admin.form('/admin/policy', { ...fields, 'hate.threshold': '7' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('A number from 0 to 1.');
    expect((await t.deps.db.selectFrom('policies').select('version').execute()).length).toBe(1);
    const ok = await admin.form('/admin/policy', fields);
    expect(ok.status).toBe(303);
    const api = (await admin.get('/api/admin/policy')).json();
    expect(api.policy).toMatchObject({ version: 2, mode: 'postmoderate' });
    expect(api.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const res = (await author.api('POST', `/api/stories/${slug}/comments`, { body: 'You are an idiot.' })).json();
    expect(res.decision.action).toBe('publish');
    const log = await t.deps.db.selectFrom('moderation_log').select('policy_version').where('comment_id', '=', res.comment.id).executeTakeFirstOrThrow();
    expect(log.policy_version).toBe(2);
    expect((await anon.get(`/stories/${slug}`)).body).toContain('Be kind. Argue with ideas, not people.');
    expect((await admin.get('/admin/policy')).body).toContain('Version 2 is in force');
  });
});
