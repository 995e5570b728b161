/**
 * A story page's live stream through a real socket, on both databases: new comments, edits, votes,
 * deletions and moderators' removals arrive as frames numbered by the live event log; a reader who
 * reconnects with Last-Event-ID gets what it missed and nothing twice; readers who cannot hold a
 * stream poll the JSON twin.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rejectComment } from '../../src/commands/review.ts';
import { demoStories } from '../../src/demo/content.ts';
import { findStoryBySlug } from '../../src/store/stories.ts';
import { findUserById } from '../../src/store/users.ts';
import { describeBackends, startTestServer, type TestServer } from '../support/backends.ts';
import { Client } from '../support/client.ts';
import { openEventStream, type EventStream, type Frame } from './support/event-stream.ts';

const slug = demoStories[2]!.slug;
/** A frame's JSON payload. */
const data = (f: Frame) => f.data as any;

describeBackends('live updates on a story page', (backend) => {
  let t: TestServer;
  let alice: Client;
  let bob: Client;
  let reader: EventStream;
  const open: EventStream[] = [];
  const sse = async (path: string, headers?: Record<string, string>) => {
    const r = await openEventStream(`${t.url}${path}`, headers);
    open.push(r);
    return r;
  };
  const post = async (who: Client, body: string, parentId?: number) => {
    const res = await who.api('POST', `/api/stories/${slug}/comments`, parentId ? { body, parentId } : { body });
    expect([res.status, res.json().decision.action]).toEqual([201, 'publish']);
    return res.json().comment as { id: number };
  };

  beforeAll(async () => {
    t = await startTestServer(backend, { COMMENTS_PER_MINUTE: '100000' });
    alice = new Client(t.app, '192.0.2.10');
    bob = new Client(t.app, '192.0.2.11');
    await alice.signUp('Alice Live');
    await bob.signUp('Bob Live');
    reader = await sse(`/api/stories/${slug}/events`);
  });
  afterAll(async () => {
    for (const r of open) r.close();
    await t?.close();
  });

  it('streams a new published comment to a reader who is already there, numbered', async () => {
    expect(reader.status).toBe(200);
    // The stream is written outside Fastify's reply, and still carries the security headers.
    expect(reader.headers['x-content-type-options']).toBe('nosniff');
    expect(reader.headers['content-security-policy']).toContain("default-src 'self'");
    const c = await post(alice, 'The ferry timetable change makes sense to me.');
    const frame = await reader.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === c.id);
    expect(frame.id).toMatch(/^\d+$/);
    expect(data(frame).comment).toMatchObject({ authorName: 'Alice Live', status: 'published', mine: false, canEdit: false });
    expect(data(frame).comment.bodyHtml).toContain('ferry timetable');
  });

  it('sends scores, edits, deletions and a moderator’s removal as they happen', async () => {
    const c = await post(alice, 'Harbour fees should be published in full.');
    await reader.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === c.id);

    expect((await bob.api('PUT', `/api/comments/${c.id}/vote`, { value: 1 })).status).toBe(200);
    expect(data(await reader.waitFor((f: Frame) => f.event === 'score' && data(f).commentId === c.id)).score).toBe(1);

    expect((await alice.api('PATCH', `/api/comments/${c.id}`, { body: 'Harbour fees should be published in full, every year.' })).status).toBe(200);
    const edited = await reader.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === c.id && data(f).comment.bodyHtml.includes('every year'));
    expect(data(edited).comment).toMatchObject({ edited: true });

    const d = await post(bob, 'Agreed, and the minutes too.', c.id);
    expect(data(await reader.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === d.id)).comment.parentId).toBe(c.id);
    expect((await bob.api('DELETE', `/api/comments/${d.id}`)).status).toBe(204);
    expect(data(await reader.waitFor((f: Frame) => f.event === 'gone' && data(f).commentId === d.id)).deleted).toBe(true);

    await t.deps.db.updateTable('users').set({ role: 'moderator' }).where('display_name', '=', 'Bob Live').execute();
    const bobUser = (await t.deps.db.selectFrom('users').select('id').where('display_name', '=', 'Bob Live').executeTakeFirstOrThrow()).id;
    await rejectComment(t.deps, { moderator: (await findUserById(t.deps.db, bobUser))!, commentId: c.id, revision: 2, category: 'incivility' });
    expect(data(await reader.waitFor((f: Frame) => f.event === 'gone' && data(f).commentId === c.id)).deleted).toBe(false);
  });

  it('never streams a held comment’s text', async () => {
    const carol = new Client(t.app, '192.0.2.12');
    await carol.signUp('Carol Live');
    const held = await carol.api('POST', `/api/stories/${slug}/comments`, { body: 'I will find you and kill you, you traitor.' });
    expect(held.json().decision.action).toBe('hold');
    const marker = await post(alice, 'Marker after the held one.');
    await reader.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === marker.id);
    expect(JSON.stringify(reader.frames)).not.toContain('kill you');
  });

  it('resumes from Last-Event-ID with exactly what was missed, once', async () => {
    const last = reader.frames[reader.frames.length - 1]!.id!;
    const missed = [await post(alice, 'Missed one: the library hours.'), await post(bob, 'Missed two: the bus route.')];
    const again = await sse(`/api/stories/${slug}/events`, { 'last-event-id': last });
    await again.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === missed[1]!.id);
    const got = again.frames.filter((f) => f.event === 'comment');
    expect(got.map((f) => data(f).comment.id)).toEqual(missed.map((c) => c.id));
    expect(got.every((f) => Number(f.id) > Number(last))).toBe(true);
    const after = await post(alice, 'And one after reconnecting.');
    await again.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === after.id);
    const ids = again.frames.filter((f) => f.id).map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts a stream from the number the page was rendered at', async () => {
    const page = (await new Client(t.app).get(`/stories/${slug}`)).body;
    const at = page.match(/data-live-after="(\d+)"/)?.[1];
    expect(at).toMatch(/^\d+$/);
    const c = await post(bob, 'Posted between the page and the stream.');
    const late = await sse(`/api/stories/${slug}/events?after=${at}`);
    await late.waitFor((f: Frame) => f.event === 'comment' && data(f).comment.id === c.id);
  });

  it('answers pollers with the frames after a number, and the newest number', async () => {
    const anon = new Client(t.app);
    const start = (await anon.get(`/api/stories/${slug}/updates`)).json();
    expect(start.frames).toEqual([]);
    const c = await post(alice, 'For the pollers.');
    const res = (await anon.get(`/api/stories/${slug}/updates?after=${start.last}`)).json();
    expect(res.frames.map((f: { comment?: { id: number } }) => f.comment?.id)).toContain(c.id);
    expect(res.last).toBeGreaterThan(start.last);
  });

  it('refuses a bad event number or an unknown story with a coded 4xx', async () => {
    const anon = new Client(t.app);
    expect((await anon.get(`/api/stories/${slug}/updates?after=-1`)).status).toBe(400);
    const bad = await anon.get(`/api/stories/${slug}/updates`, { 'last-event-id': 'abc' });
    expect([bad.status, bad.json().error.code]).toEqual([400, 'validation_failed']);
    const missing = await anon.get(`/api/stories/no-such-story/updates`);
    expect([missing.status, missing.json().error.code]).toEqual([404, 'not_found']);
    const story = await findStoryBySlug(t.deps.db, slug);
    expect((await anon.get(`/api/stories/${story!.id}/updates`)).status).toBe(200);
  });

  it('ends streams with a retry hint when the server closes', async () => {
    const r = await sse(`/api/stories/${slug}/events`);
    expect(r.status).toBe(200);
    expect(r.retry).toBe(3000);
    await t.app.close();
    await expect.poll(() => r.ended).toBe('end');
  });
});
