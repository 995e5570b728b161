/** The store's behaviour suite, run against SQLite and PostgreSQL alike. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/moderation.ts';
import type { Comment } from '../../src/domain/comment.ts';
import * as comments from '../../src/store/comments.ts';
import * as stories from '../../src/store/stories.ts';
import * as users from '../../src/store/users.ts';
import { claimSetting } from '../../src/store/settings.ts';
import { describeBackends, openTestDeps, type TestDeps } from '../support/backends.ts';

const decision: Decision = { action: 'publish', labels: [], reasons: [], policyVersion: 1 };
const now = new Date('2026-11-20T10:00:00.000Z');

describeBackends('store', (backend) => {
  let t: TestDeps;
  let storyId: number;
  let authorId: number;
  let publisherId: number;
  const userIds: number[] = [];

  beforeAll(async () => {
    t = await openTestDeps(backend);
    const db = t.deps.db;
    const publisher = await stories.upsertPublisher(db, { slug: 'p', name: 'Partner', siteUrl: 'https://partner.example' });
    publisherId = publisher.id;
    authorId = (await stories.ensureAuthor(db, { publisherId, name: 'Ada Writer' })).id;
    const { story } = await stories.upsertStory(db, {
      publisherId,
      authorId,
      guid: 'g-1',
      title: 'A story',
      summary: 's',
      bodyHtml: '<p>x</p>',
      originalUrl: 'https://partner.example/a',
      publishedAt: '2026-11-20T08:00:00.000Z',
    });
    storyId = story.id;
    for (let i = 0; i < 5; i++) {
      const u = await users.insertUser(db, { email: `u${i}@x.example`, displayName: `User ${i}`, passwordHash: 'h', now });
      userIds.push(u!.id);
    }
  });
  afterAll(() => t?.close());

  const post = (userIndex: number, parent: Comment | null = null, body = 'hello') =>
    comments.insertComment(t.deps.db, { storyId, userId: userIds[userIndex]!, authorName: `User ${userIndex}`, parent, bodyMd: body, bodyHtml: `<p>${body}</p>`, status: 'published', decision, now });

  it('upserts a story by publisher and guid: a changed item updates in place', async () => {
    const again = await stories.upsertStory(t.deps.db, {
      publisherId,
      authorId,
      guid: 'g-1',
      title: 'A story, corrected',
      summary: 's',
      bodyHtml: '<p>y</p>',
      originalUrl: 'https://partner.example/a',
      publishedAt: '2026-11-20T08:00:00.000Z',
    });
    expect(again.created).toBe(false);
    expect(again.story.id).toBe(storyId);
    expect(again.story.title).toBe('A story, corrected');
    expect(again.story.slug).toBe('a-story');
  });

  it('gives a second story with the same title a unique slug', async () => {
    const { story } = await stories.upsertStory(t.deps.db, {
      publisherId,
      authorId: null,
      guid: 'g-2',
      title: 'A story',
      summary: '',
      bodyHtml: '',
      originalUrl: 'https://partner.example/b',
      publishedAt: '2026-11-19T08:00:00.000Z',
    });
    expect(story.slug).toBe('a-story-2');
    const list = await stories.listStories(t.deps.db, {}, 10);
    expect(list.map((s) => s.guid)).toEqual(['g-1', 'g-2']);
  });

  it('refuses a second account with the same email', async () => {
    const dup = await users.insertUser(t.deps.db, { email: 'u0@x.example', displayName: 'Again', passwordHash: 'h', now });
    expect(dup).toBeUndefined();
  });

  it('threads replies under their root and pages top-level comments by cursor', async () => {
    const first = await post(0, null, 'first');
    const reply = await post(1, first, 'reply');
    const deeper = await post(2, reply, 'deeper');
    expect(reply.rootId).toBe(first.id);
    expect(deeper.rootId).toBe(first.id);
    expect(deeper.depth).toBe(2);
    const second = await post(1, null, 'second');
    const third = await post(2, null, 'third');

    const page1 = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 2 });
    expect(page1.map((c) => c.id)).toEqual([third.id, second.id]);
    const page2 = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 2, after: { id: second.id } });
    expect(page2.map((c) => c.id)).toEqual([first.id]);
    const oldest = await comments.listTopLevel(t.deps.db, { storyId, sort: 'oldest', limit: 10 });
    expect(oldest.map((c) => c.id)).toEqual([first.id, second.id, third.id]);

    const replies = await comments.listReplies(t.deps.db, { rootIds: [first.id, second.id], perRoot: 1 });
    expect(replies.map((c) => c.id)).toEqual([reply.id]);
    const counts = await comments.countReplies(t.deps.db, { rootIds: [first.id, second.id] });
    expect(counts.get(first.id)).toBe(2);
    expect(counts.has(second.id)).toBe(false);
  });

  it('sorts by score for "top", with a cursor that carries the score', async () => {
    const all = await comments.listTopLevel(t.deps.db, { storyId, sort: 'oldest', limit: 10 });
    const [a, b, c] = all;
    await comments.setVote(t.deps.db, t.deps.dialect, { commentId: b!.id, userId: userIds[0]!, value: 1, now });
    await comments.setVote(t.deps.db, t.deps.dialect, { commentId: b!.id, userId: userIds[3]!, value: 1, now });
    await comments.setVote(t.deps.db, t.deps.dialect, { commentId: c!.id, userId: userIds[0]!, value: -1, now });
    const top = await comments.listTopLevel(t.deps.db, { storyId, sort: 'top', limit: 1 });
    expect(top.map((x) => x.id)).toEqual([b!.id]);
    const rest = await comments.listTopLevel(t.deps.db, { storyId, sort: 'top', limit: 5, after: { id: b!.id, score: 2 } });
    expect(rest.map((x) => x.id)).toEqual([a!.id, c!.id]);
  });

  it('counts one vote per user, changeable, and 1,000 concurrent identical votes once', async () => {
    const target = await post(4, null, 'vote on me');
    const vote = (userIndex: number, value: -1 | 0 | 1) =>
      t.deps.db.transaction().execute((trx) => comments.setVote(trx, t.deps.dialect, { commentId: target.id, userId: userIds[userIndex]!, value, now }));
    const results = await Promise.all(Array.from({ length: 1000 }, () => vote(0, 1)));
    expect(results.every((r) => r.value === 1)).toBe(true);
    let fresh = await comments.findComment(t.deps.db, target.id);
    expect([fresh!.score, fresh!.upvotes, fresh!.downvotes]).toEqual([1, 1, 0]);

    await Promise.all([vote(1, 1), vote(2, 1), vote(3, -1)]);
    await vote(0, -1);
    fresh = await comments.findComment(t.deps.db, target.id);
    expect([fresh!.score, fresh!.upvotes, fresh!.downvotes]).toEqual([0, 2, 2]);
    await vote(0, 0);
    fresh = await comments.findComment(t.deps.db, target.id);
    expect([fresh!.score, fresh!.upvotes, fresh!.downvotes]).toEqual([1, 2, 1]);
    const mine = await comments.votesBy(t.deps.db, userIds[3]!, [target.id]);
    expect(mine.get(target.id)).toBe(-1);
  });

  it('stores one report per user per comment', async () => {
    const target = await post(1, null, 'report me');
    const report = () => comments.insertReport(t.deps.db, { commentId: target.id, userId: userIds[0]!, reason: 'spam', text: null, now });
    const outcomes = await Promise.all([report(), report(), report()]);
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await comments.listReports(t.deps.db, target.id)).toHaveLength(1);
  });

  it('keeps every revision of an edited comment and leaves a placeholder when deleted', async () => {
    const c = await post(2, null, 'v1');
    const edited = await comments.reviseComment(t.deps.db, { comment: c, bodyMd: 'v2', bodyHtml: '<p>v2</p>', status: 'published', decision, now });
    expect(edited.revision).toBe(2);
    expect(edited.bodyMd).toBe('v2');
    expect(edited.editedAt).not.toBeNull();
    const revisions = await comments.listRevisions(t.deps.db, c.id);
    expect(revisions.map((r) => r.body_md)).toEqual(['v1', 'v2']);
    await comments.markDeleted(t.deps.db, c.id, now);
    const gone = await comments.findComment(t.deps.db, c.id);
    expect(gone!.status).toBe('deleted');
    expect(gone!.bodyHtml).toBe('');
    const list = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 50 });
    expect(list.some((x) => x.id === c.id)).toBe(true);
  });

  it('shows a held comment only to its author', async () => {
    const held = await comments.insertComment(t.deps.db, {
      storyId,
      userId: userIds[3]!,
      authorName: 'User 3',
      parent: null,
      bodyMd: 'held',
      bodyHtml: '<p>held</p>',
      status: 'held',
      decision: { ...decision, action: 'hold' },
      now,
    });
    const anon = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 50 });
    const author = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 50, viewerId: userIds[3] });
    const other = await comments.listTopLevel(t.deps.db, { storyId, sort: 'newest', limit: 50, viewerId: userIds[0] });
    expect(anon.some((c) => c.id === held.id)).toBe(false);
    expect(other.some((c) => c.id === held.id)).toBe(false);
    expect(author.some((c) => c.id === held.id)).toBe(true);
  });

  it('keeps server-side sessions until they expire or are deleted', async () => {
    await users.insertSession(t.deps.db, { idHash: 'abc', userId: userIds[0]!, now, expiresAt: new Date(now.getTime() + 1000) });
    expect((await users.findSessionUser(t.deps.db, 'abc', now))?.id).toBe(userIds[0]);
    expect(await users.findSessionUser(t.deps.db, 'abc', new Date(now.getTime() + 2000))).toBeUndefined();
    await users.deleteSession(t.deps.db, 'abc');
    expect(await users.findSessionUser(t.deps.db, 'abc', now)).toBeUndefined();
    // A user's expired sessions are purged; live ones and other users' stay.
    const later = new Date(now.getTime() + 10_000);
    await users.insertSession(t.deps.db, { idHash: 'old', userId: userIds[0]!, now, expiresAt: new Date(now.getTime() + 1000) });
    await users.insertSession(t.deps.db, { idHash: 'live', userId: userIds[0]!, now, expiresAt: new Date(now.getTime() + 86_400_000) });
    await users.insertSession(t.deps.db, { idHash: 'other', userId: userIds[1]!, now, expiresAt: new Date(now.getTime() + 1000) });
    await users.deleteExpiredSessions(t.deps.db, userIds[0]!, later);
    const left = await t.deps.db.selectFrom('sessions').select('id').where('id', 'in', ['old', 'live', 'other']).orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['live', 'other']);
  });

  it("reads an author's record for moderation: published (up to 100), rejected this month, posted in the last ten minutes, copies of a text today", async () => {
    const db = t.deps.db;
    const author = (await users.insertUser(db, { email: 'record@x.example', displayName: 'Record', passwordHash: 'h', now }))!.id;
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const write = (status: 'published' | 'held' | 'rejected' | 'deleted', minutesAgo: number, body = `c-${status}-${minutesAgo}`) =>
      comments.insertComment(db, { storyId, userId: author, authorName: 'Record', parent: null, bodyMd: body, bodyHtml: `<p>${body}</p>`, status, decision, now: at(minutesAgo) });
    for (let i = 0; i < 105; i++) await write('published', 60 * 24 * 40 + i);
    await write('rejected', 60 * 24 * 10);
    await write('rejected', 60 * 24 * 45);
    await write('held', 3);
    await write('deleted', 5);
    // The same words today twice (a minute and twenty hours ago), and yesterday once.
    await write('published', 1, 'same words');
    await write('published', 60 * 20, 'same words');
    await write('published', 60 * 30, 'same words');
    expect(await comments.moderationFacts(db, { userId: author, text: 'same words', now })).toEqual({
      publishedCount: comments.PUBLISHED_COUNTED,
      recentRejections: 1,
      recentCommentCount: 3,
      duplicateCount: 2,
    });
    const fresh = (await users.insertUser(db, { email: 'fresh@x.example', displayName: 'Fresh', passwordHash: 'h', now }))!.id;
    expect(await comments.moderationFacts(db, { userId: fresh, text: 'never written', now })).toEqual({ publishedCount: 0, recentRejections: 0, recentCommentCount: 0, duplicateCount: 0 });
  });

  it('claims a setting once', async () => {
    expect(await claimSetting(t.deps.db, 'k', '1')).toBe(true);
    expect(await claimSetting(t.deps.db, 'k', '2')).toBe(false);
  });

  it('keeps text with any Unicode (and refuses nothing it was given after cleaning)', async () => {
    const body = 'Ünïcødé 🙂 \u202Eevil\u202C 中文 עברית';
    const c = await post(0, null, body);
    expect((await comments.findComment(t.deps.db, c.id))!.bodyMd).toBe(body);
  });
});
