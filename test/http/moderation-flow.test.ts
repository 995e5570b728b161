/**
 * The moderation pipeline wired into the discussion, through HTTP with the default policy:
 * holds and rejections with reasons the author reads, edit-and-resubmit, appeals, the nudge,
 * community reports, per-story pre-moderation and the moderation log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoStories } from '../../src/demo/content.ts';
import { findStoryBySlug } from '../../src/store/stories.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';

const slug = demoStories[1]!.slug;
const THREAT = 'I will find you and kill you, you traitor.';
const DOX = 'Her home address is 42 Elm Street, Springfield, call her on 555-867-5309';

describeBackends('moderation in the discussion', (backend) => {
  let t: TestServer;
  let author: Client;
  let other: Client;
  let anon: Client;
  const realClock = () => new Date();

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000', REPORTS_TO_HIDE: '3' });
    author = new Client(t.app, '192.0.2.1');
    other = new Client(t.app, '192.0.2.2');
    anon = new Client(t.app, '192.0.2.3');
    await author.signUp('Author');
    await other.signUp('Other');
  });
  afterAll(() => t?.close());

  const count = async () => (await findStoryBySlug(t.deps.db, slug))!.commentCount;

  it('stores the default policy as version 1 and records it on every decision', async () => {
    const row = await t.deps.db.selectFrom('policies').selectAll().executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
    const res = await author.api('POST', `/api/stories/${slug}/comments`, { body: 'As a Muslim immigrant from Tajikistan, I think the council got this one right.' });
    expect(res.status).toBe(201);
    expect(res.json().decision.action).toBe('publish');
    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', res.json().comment.id).execute();
    expect(log).toMatchObject([{ action: 'publish', actor: 'pipeline', policy_version: 1 }]);
  });

  it('holds a threat with reasons only its author sees, and publishes it once edited', async () => {
    const before = await count();
    const res = await author.api('POST', `/api/stories/${slug}/comments`, { body: THREAT });
    expect(res.status).toBe(201);
    const { comment, decision } = res.json();
    expect(decision.action).toBe('hold');
    expect(decision.reasons.map((r: { category: string }) => r.category)).toContain('violence');
    expect(comment.reasons[0].quotes.length).toBeGreaterThan(0);

    const mine = (await author.get(`/stories/${slug}?sort=newest`)).body;
    expect(mine).toContain('Awaiting review');
    expect(mine).toContain('No threats, incitement or wishing harm on people.');
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).not.toContain('kill you');
    expect((await other.get(`/stories/${slug}?sort=newest`)).body).not.toContain('kill you');
    expect(await count()).toBe(before);

    const edited = await author.api('PATCH', `/api/comments/${comment.id}`, { body: 'I strongly disagree with the councillor on this.' });
    expect(edited.status).toBe(200);
    expect(edited.json().decision.action).toBe('publish');
    expect(await count()).toBe(before + 1);
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).toContain('I strongly disagree with the councillor on this.');
    const log = await t.deps.db.selectFrom('moderation_log').select(['action', 'revision']).where('comment_id', '=', comment.id).orderBy('id').execute();
    expect(log).toEqual([
      { action: 'hold', revision: 1 },
      { action: 'publish', revision: 2 },
    ]);
  });

  it('rejects a home address and lets the author appeal once', async () => {
    const res = await author.api('POST', `/api/stories/${slug}/comments`, { body: DOX });
    const { comment, decision } = res.json();
    expect(decision.action).toBe('reject');
    expect(decision.reasons[0].category).toBe('doxing');
    const page = (await author.get(`/stories/${slug}?sort=newest`)).body;
    expect(page).toContain('Not published');
    expect(page).toContain(`action="/comments/${comment.id}/appeal"`);
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).not.toContain('Elm Street');

    const appeal = await author.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'This is the address of a public office.' });
    expect(appeal.status).toBe(201);
    const again = await author.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'Please look again.' });
    expect(again.status).toBe(409);
    expect(again.json().error.code).toBe('already_appealed');
    const notMine = await other.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'x' });
    expect(notMine.status).toBe(404);
    const stored = await t.deps.db.selectFrom('appeals').selectAll().where('comment_id', '=', comment.id).execute();
    expect(stored).toMatchObject([{ status: 'open', text: 'This is the address of a public office.', revision: 1 }]);
    expect((await author.get(`/stories/${slug}?sort=newest`)).body).toContain('Appeal sent');
  });

  it('closes the appeal window six months after the decision', async () => {
    const { comment } = (await author.api('POST', `/api/stories/${slug}/comments`, { body: 'Call him on 07700 900123 at home.' })).json();
    // The decision was taken 200 days ago.
    const then = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await t.deps.db.updateTable('moderation_log').set({ created_at: then }).where('comment_id', '=', comment.id).execute();
    const late = await author.api('POST', `/api/comments/${comment.id}/appeal`, { text: 'Please look again.' });
    expect(late.status).toBe(409);
    expect(late.json().error.code).toBe('appeal_window_closed');
  });

  it('warns before posting (the nudge) and stores nothing', async () => {
    const rows = async () => Number((await t.deps.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await rows();
    const risky = await author.api('POST', `/api/stories/${slug}/comments/check`, { body: THREAT });
    expect(risky.status).toBe(200);
    expect(risky.json().action).toBe('hold');
    expect(risky.json().reasons[0].clause).toMatch(/threat/i);
    const fine = await author.api('POST', `/api/stories/${slug}/comments/check`, { body: 'The attack at the station killed two people, police said.' });
    expect(fine.json()).toMatchObject({ action: 'publish', reasons: [] });
    expect(await rows()).toBe(before);
  });

  it('hides a comment reported by enough accounts in good standing', async () => {
    const target = (await other.api('POST', `/api/stories/${slug}/comments`, { body: 'Perfectly ordinary opinion about fishing quotas.' })).json().comment;
    const before = await count();
    // Brand-new accounts do not count yet.
    const fresh = [new Client(t.app, '192.0.2.50'), new Client(t.app, '192.0.2.51'), new Client(t.app, '192.0.2.52')];
    for (const c of fresh) {
      await c.signUp('Fresh');
      expect((await c.api('POST', `/api/comments/${target.id}/reports`, { reason: 'spam' })).status).toBe(201);
    }
    expect((await t.deps.db.selectFrom('comments').select('status').where('id', '=', target.id).executeTakeFirstOrThrow()).status).toBe('published');
    // A day later they are in good standing; the next report tips it.
    t.deps.clock = () => new Date(Date.now() + 2 * 86_400_000);
    try {
      const later = new Client(t.app, '192.0.2.53');
      await later.signUp('Later');
      t.deps.clock = () => new Date(Date.now() + 4 * 86_400_000);
      expect((await later.api('POST', `/api/comments/${target.id}/reports`, { reason: 'harassment' })).status).toBe(201);
    } finally {
      t.deps.clock = realClock;
    }
    const row = await t.deps.db.selectFrom('comments').select('status').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('held');
    expect(await count()).toBe(before - 1);
    const log = await t.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', target.id).where('actor', '=', 'community').execute();
    expect(log).toMatchObject([{ action: 'hold', reason_codes: 'reports' }]);
    expect((await anon.get(`/stories/${slug}?sort=newest`)).body).not.toContain('Perfectly ordinary opinion about fishing quotas.');
  });

  it('holds every comment on a story that is pre-moderated', async () => {
    const story = (await findStoryBySlug(t.deps.db, demoStories[4]!.slug))!;
    await t.deps.db.updateTable('stories').set({ premoderated: 1 }).where('id', '=', story.id).execute();
    const res = await author.api('POST', `/api/stories/${story.slug}/comments`, { body: 'A calm and civil remark.' });
    expect(res.json().decision.action).toBe('hold');
    expect(res.json().decision.notice).toMatch(/reviewed by a moderator/);
  });
});
