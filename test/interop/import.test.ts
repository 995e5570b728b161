/**
 * Importing Disqus and WordPress exports, on SQLite and PostgreSQL: what lands where (stories, comments,
 * authors, parents, states), the cases importers break on (no email, missing parents, non-UTF-8 text,
 * deleted threads), a second run adding nothing, a run cut short completed by running again, a malformed
 * file stopped at its line with nothing stored, and --moderate applying the current policy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deps } from '../../src/commands/deps.ts';
import { importFile, importedEmail } from '../../src/commands/import.ts';
import { logIn } from '../../src/commands/sessions.ts';
import { ImportFileError } from '../../src/interop/xml-stream.ts';
import { insertUser } from '../../src/store/users.ts';
import { upsertPublisher, upsertStory } from '../../src/store/stories.ts';
import { describeBackends, openTestDeps, type TestDeps } from '../support/backends.ts';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/import', name);
const lineOf = (name: string, marker: string) => readFileSync(fixture(name), 'latin1').split('\n').findIndex((l) => l.includes(marker)) + 1;

const TABLES = ['comments', 'comment_revisions', 'stories', 'publishers', 'users', 'import_keys', 'import_runs', 'moderation_log'] as const;
async function tableCounts(deps: Deps) {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await deps.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

async function commentByKey(deps: Deps, key: string) {
  return deps.db
    .selectFrom('import_keys')
    .innerJoin('comments', 'comments.id', 'import_keys.target_id')
    .innerJoin('users', 'users.id', 'comments.user_id')
    .selectAll('comments')
    .select(['users.display_name', 'users.email', 'users.imported_from', 'users.password_hash'])
    .where('import_keys.key', '=', key)
    .executeTakeFirstOrThrow();
}

async function storyByKey(deps: Deps, key: string) {
  return deps.db
    .selectFrom('import_keys')
    .innerJoin('stories', 'stories.id', 'import_keys.target_id')
    .selectAll('stories')
    .where('import_keys.key', '=', key)
    .executeTakeFirstOrThrow();
}

/** A Disqus export of `threads` threads and `posts` posts, every third a reply to the one before. */
function generatedDisqus(threads: number, posts: number): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n'];
  for (let t = 1; t <= threads; t++) {
    out.push(`<thread dsq:id="${t}"><forum>gen</forum><link>https://gen.example/story/${t}</link><title>Story ${t}</title><createdAt>2024-01-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>\n`);
  }
  for (let p = 1; p <= posts; p++) {
    const t = (p % threads) + 1;
    const parent = p % 3 === 0 && p > threads ? `<parent dsq:id="${p - threads}" />` : '';
    out.push(
      `<post dsq:id="${p}"><message><![CDATA[<p>Comment number ${p} about the harbour, with some padding text to make the file longer than one read.</p>]]></message><createdAt>2024-01-02T00:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Reader ${p % 50}</name><isAnonymous>false</isAnonymous><username>reader${p % 50}</username></author><thread dsq:id="${t}" />${parent}</post>\n`,
    );
  }
  out.push('</disqus>\n');
  return out.join('');
}

describeBackends('import disqus', (backend) => {
  let t: TestDeps;
  let local: { id: number };
  let existingStoryId: number;

  beforeAll(async () => {
    t = await openTestDeps(backend);
    // A local account with the same address as an imported author, and a story the export's thread URL names.
    local = (await insertUser(t.deps.db, { email: 'mara.quay@example.org', displayName: 'Mara (local)', passwordHash: 'x', now: new Date() }))!;
    const publisher = await upsertPublisher(t.deps.db, { slug: 'news', name: 'News', siteUrl: 'https://news.example/' });
    existingStoryId = (await upsertStory(t.deps.db, { publisherId: publisher.id, authorId: null, guid: 'g1', title: 'Market hall', summary: '', bodyHtml: '<p>x</p>', originalUrl: 'https://news.example/existing-story', publishedAt: '2024-03-02T00:00:00.000Z' })).story.id;
  });
  afterAll(() => t.close());

  it('refuses a malformed file at its line and stores nothing', async () => {
    const before = await tableCounts(t.deps);
    const broken = await importFile(t.deps, { source: 'disqus', file: fixture('disqus-broken.xml') }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ImportFileError);
    expect((broken as ImportFileError).line).toBe(lineOf('disqus-broken.xml', '</mesage>'));
    const badDate = await importFile(t.deps, { source: 'disqus', file: fixture('disqus-bad-date.xml') }).catch((e: unknown) => e);
    expect((badDate as ImportFileError).line).toBe(lineOf('disqus-bad-date.xml', 'last tuesday'));
    expect((badDate as Error).message).toMatch(/post 7007 has no valid <createdAt>/);
    // A thread whose link is not a web address (readers would be sent there) is refused too.
    const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    const hostile = join(dir, 'hostile.xml');
    writeFileSync(hostile, readFileSync(fixture('disqus.xml'), 'utf8').replace('https://harbourtimes.example/2024/withdrawn-piece', 'javascript:alert(1)'));
    const js = await importFile(t.deps, { source: 'disqus', file: hostile }).catch((e: unknown) => e);
    rmSync(dir, { recursive: true, force: true });
    expect((js as ImportFileError).line).toBe(lineOf('disqus.xml', 'withdrawn-piece</link>'));
    expect((js as Error).message).toBe('thread 5003 has no valid http(s) <link>');
    const wrongFormat = await importFile(t.deps, { source: 'disqus', file: fixture('wordpress.xml') }).catch((e: unknown) => e);
    expect((wrongFormat as Error).message).toMatch(/not a Disqus export/);
    expect(await tableCounts(t.deps)).toEqual(before);
  });

  it('imports threads, comments, authors, parents and states', async () => {
    const s = await importFile(t.deps, { source: 'disqus', file: fixture('disqus.xml') });
    expect(s.threads).toEqual({ added: 2, matched: 1, skipped: 0 });
    expect(s.comments.added).toBe(9);
    expect(s.comments.byStatus).toEqual({ published: 6, held: 1, rejected: 1, deleted: 1 });
    expect(s.authors.added).toBe(4);
    expect(s.orphans).toBe(1);

    // Parents: 7002 replies to 7001; 7003 came before its parent 7002 in the file and was moved under it; 7009 under 7003.
    const [c1, c2, c3, c9] = await Promise.all(['7001', '7002', '7003', '7009'].map((id) => commentByKey(t.deps, `disqus:post:${id}`)));
    expect([c2!.parent_id, c2!.root_id, c2!.depth]).toEqual([c1!.id, c1!.id, 1]);
    expect([c3!.parent_id, c3!.root_id, c3!.depth]).toEqual([c2!.id, c1!.id, 2]);
    expect([c9!.parent_id, c9!.root_id, c9!.depth]).toEqual([c3!.id, c1!.id, 3]);
    // The reply whose parent is not in the export stands at the top level.
    const orphan = await commentByKey(t.deps, 'disqus:post:7004');
    expect([orphan.parent_id, orphan.root_id, orphan.depth]).toEqual([null, null, 0]);

    // HTML became Markdown and sanitised HTML: formatting kept, the script gone; dates kept.
    expect(c1!.body_md).toContain('The **early** ferry is gone & nobody asked us.');
    expect(c1!.body_html).toContain('<strong>early</strong>');
    expect(c1!.body_html).toContain('rel="nofollow ugc noopener"');
    expect(c1!.body_html).not.toMatch(/script|alert/);
    expect(c1!.created_at).toBe('2024-03-01T09:00:00.000Z');
    expect(c2!.body_md).toBe('Café owners on the quay say trade is down — 客 numbers too. 🚢');

    // States.
    const spam = await commentByKey(t.deps, 'disqus:post:7005');
    expect([spam.status, spam.flags]).toEqual(['rejected', 'spam']);
    const deleted = await commentByKey(t.deps, 'disqus:post:7006');
    expect([deleted.status, deleted.body_md, deleted.body_hash]).toEqual(['deleted', '', null]);
    // The duplicate check finds imported comments like any other.
    expect(c1!.body_hash).toBeTruthy();
    expect((await commentByKey(t.deps, 'disqus:post:7007')).status).toBe('held');

    // The author with no email, anonymous, is one account for all their comments.
    expect(c2!.display_name).toBe('Guest Reader');
    expect(orphan.user_id).toBe(c2!.user_id);
    // An imported author is never the local account with the same address, and cannot log in.
    expect(c1!.user_id).not.toBe(local.id);
    expect([c1!.display_name, c1!.imported_from, c1!.password_hash]).toEqual(['Mara Quay', 'disqus', '!']);
    expect(c1!.email).toBe(importedEmail('disqus:author:username:maraquay'));
    await expect(logIn(t.deps, { email: c1!.email, password: '!', ip: '192.0.2.1' })).rejects.toMatchObject({ code: 'invalid_credentials' });

    // Threads: a new story per thread, the one with an existing story's URL (another spelling) on it,
    // the deleted thread's story not shown but its comment kept, the closed one closed.
    const ferry = await storyByKey(t.deps, 'disqus:thread:5001');
    expect([ferry.title, ferry.original_url, ferry.status, ferry.comment_count]).toEqual(['Ferry timetable changes & what they mean', 'https://harbourtimes.example/2024/ferry-timetable', 'published', 5]);
    const market = await storyByKey(t.deps, 'disqus:thread:5002');
    expect(market.id).toBe(existingStoryId);
    expect(market.comment_count).toBe(0);
    const withdrawn = await storyByKey(t.deps, 'disqus:thread:5003');
    expect([withdrawn.status, withdrawn.comment_count]).toEqual(['unpublished', 1]);
    expect((await commentByKey(t.deps, 'disqus:post:7008')).story_id).toBe(withdrawn.id);
  });

  it('adds nothing when run again', async () => {
    const before = await tableCounts(t.deps);
    const s = await importFile(t.deps, { source: 'disqus', file: fixture('disqus.xml') });
    expect(s.comments).toMatchObject({ added: 0, skipped: 9 });
    expect(s.threads).toEqual({ added: 0, matched: 0, skipped: 3 });
    expect(s.authors.added).toBe(0);
    expect(s.orphans).toBe(0);
    const after = await tableCounts(t.deps);
    expect({ ...after, import_runs: 0 }).toEqual({ ...before, import_runs: 0 });
    expect((await storyByKey(t.deps, 'disqus:thread:5001')).comment_count).toBe(5);
  });

  it('reads ISO-8859-1 and windows-1252 files, and replaces invalid UTF-8 bytes, saying where', async () => {
    await importFile(t.deps, { source: 'disqus', file: fixture('disqus-latin1.xml') });
    expect((await commentByKey(t.deps, 'disqus:post:8101')).body_md).toBe('Très bien, à bientôt. Ça coûte 5 EUR? Non: 5 £.');
    expect((await commentByKey(t.deps, 'disqus:post:8101')).display_name).toBe('Hélène');
    expect((await storyByKey(t.deps, 'disqus:thread:8001')).title).toBe('Le café du port');
    await importFile(t.deps, { source: 'disqus', file: fixture('disqus-windows-1252.xml') });
    expect((await commentByKey(t.deps, 'disqus:post:8201')).body_md).toBe('He said “hello” – it costs 5 €.');
    const s = await importFile(t.deps, { source: 'disqus', file: fixture('disqus-bad-utf8.xml') });
    expect(s.invalidBytes).toEqual({ count: 1, lines: [lineOf('disqus-bad-utf8.xml', 'with a Latin-1 byte')] });
    expect((await commentByKey(t.deps, 'disqus:post:8301')).body_md).toBe('caf\ufffd with a Latin-1 byte in a UTF-8 file');
  });

  it('completes a run that was cut short when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    try {
      const file = join(dir, 'big.xml');
      writeFileSync(file, generatedDisqus(20, 3000));
      const keysBefore = (await tableCounts(t.deps)).import_keys;
      let calls = 0;
      const cut = await importFile(t.deps, {
        source: 'disqus',
        file,
        onProgress: (p) => {
          if (p.phase === 'importing' && ++calls === 3) throw new Error('power cut');
        },
      }).catch((e: unknown) => e);
      expect((cut as Error).message).toBe('power cut');
      expect((await tableCounts(t.deps)).import_keys).toBeGreaterThan(keysBefore);

      const s = await importFile(t.deps, { source: 'disqus', file });
      expect(s.comments.skipped).toBeGreaterThan(0);
      expect(s.comments.added + s.comments.skipped).toBe(3000);
      const rows = await t.deps.db
        .selectFrom('stories')
        .select(['stories.comment_count', (eb) => eb.selectFrom('comments').select((c) => c.fn.countAll<number>().as('n')).whereRef('comments.story_id', '=', 'stories.id').as('n')])
        .where('original_url', 'like', 'https://gen.example/%')
        .execute();
      expect(rows).toHaveLength(20);
      expect(rows.reduce((a, r) => a + Number(r.n), 0)).toBe(3000);
      for (const r of rows) expect(r.comment_count).toBe(Number(r.n));
      // Every reply found its parent, across the cut too (every third post from 21 on: 994 of them).
      expect(s.orphans).toBe(0);
      const replies = await t.deps.db
        .selectFrom('comments')
        .innerJoin('stories', 'stories.id', 'comments.story_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('stories.original_url', 'like', 'https://gen.example/%')
        .where('comments.parent_id', 'is not', null)
        .executeTakeFirstOrThrow();
      expect(Number(replies.n)).toBe(994);
      const reply = await commentByKey(t.deps, 'disqus:post:2001');
      expect(reply.parent_id).toBe((await commentByKey(t.deps, 'disqus:post:1981')).id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeBackends('import wordpress', (backend) => {
  let t: TestDeps;
  beforeAll(async () => {
    t = await openTestDeps(backend);
  });
  afterAll(() => t.close());

  it('imports posts with comments, their states and replies, and skips pingbacks', async () => {
    const s = await importFile(t.deps, { source: 'wordpress', file: fixture('wordpress.xml') });
    expect(s.threads).toEqual({ added: 2, matched: 0, skipped: 0 });
    expect(s.comments.added).toBe(7);
    expect(s.comments.byStatus).toEqual({ published: 3, held: 1, rejected: 1, deleted: 2 });
    expect(s.pingbacks).toBe(1);
    expect(s.orphans).toBe(1);
    // Tom Lock (two spellings of one address), the admin, the passer-by without email, the spammer.
    expect(s.authors.added).toBe(4);

    const first = await commentByKey(t.deps, 'wordpress:riverside.example:comment:21');
    expect(first.body_md).toBe('How long will it be closed?\n\nCyclists need to know.\nThanks.');
    expect(first.body_html).toBe('<p>How long will it be closed?</p>\n<p>Cyclists need to know.<br />\nThanks.</p>');
    const reply = await commentByKey(t.deps, 'wordpress:riverside.example:comment:22');
    expect([reply.parent_id, reply.depth, reply.body_md]).toEqual([first.id, 1, 'Three weeks, *weather permitting*.']);
    const noEmail = await commentByKey(t.deps, 'wordpress:riverside.example:comment:23');
    expect([noEmail.status, noEmail.display_name]).toEqual(['held', 'A passer-by']);
    expect((await commentByKey(t.deps, 'wordpress:riverside.example:comment:24')).status).toBe('rejected');
    const trashed = await commentByKey(t.deps, 'wordpress:riverside.example:comment:25');
    expect(trashed.status).toBe('deleted');
    expect(trashed.user_id).toBe(first.user_id);
    const orphan = await commentByKey(t.deps, 'wordpress:riverside.example:comment:27');
    expect([orphan.parent_id, orphan.depth]).toEqual([null, 0]);

    const post = await storyByKey(t.deps, 'wordpress:riverside.example:post:11');
    expect([post.title, post.status, post.comment_count, post.comments_open]).toEqual(['Towpath closure: your questions', 'published', 3, 1]);
    expect(post.body_html).toContain('<p>The towpath closes for repairs from Monday.</p>');
    const binned = await storyByKey(t.deps, 'wordpress:riverside.example:post:30');
    expect([binned.status, binned.comments_open]).toEqual(['unpublished', 0]);
    // The page without comments is not a thread.
    const about = await t.deps.db.selectFrom('stories').select('id').where('original_url', '=', 'https://riverside.example/about/').executeTakeFirst();
    expect(about).toBeUndefined();
    const publisher = await t.deps.db.selectFrom('publishers').selectAll().where('id', '=', post.publisher_id).executeTakeFirstOrThrow();
    expect([publisher.name, publisher.site_url, publisher.feed_url]).toEqual(['Riverside Notes', 'https://riverside.example', null]);

    const again = await importFile(t.deps, { source: 'wordpress', file: fixture('wordpress.xml') });
    expect([again.comments.added, again.comments.skipped, again.threads.skipped]).toEqual([0, 7, 2]);
  });
});

describeBackends('import, posts before their thread', (backend) => {
  let t: TestDeps;
  beforeAll(async () => {
    t = await openTestDeps(backend);
  });
  afterAll(() => t.close());

  it('stores every thread first when a post comes before its thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-import-'));
    try {
      const text = readFileSync(fixture('disqus.xml'), 'utf8');
      const thread = text.slice(text.indexOf('  <thread dsq:id="5001">'), text.indexOf('  <thread dsq:id="5002">'));
      const file = join(dir, 'reordered.xml');
      writeFileSync(file, text.replace(thread, '').replace('</disqus>', `${thread}</disqus>`));
      const s = await importFile(t.deps, { source: 'disqus', file });
      expect([s.comments.added, s.withoutThread, s.orphans, s.threads.added]).toEqual([9, 0, 1, 3]);
      const ferry = await storyByKey(t.deps, 'disqus:thread:5001');
      expect(ferry.comment_count).toBe(5);
      expect((await commentByKey(t.deps, 'disqus:post:7009')).depth).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeBackends('import --moderate', (backend) => {
  let plain: TestDeps;
  let moderated: TestDeps;
  beforeAll(async () => {
    [plain, moderated] = await Promise.all([openTestDeps(backend), openTestDeps(backend)]);
  });
  afterAll(async () => {
    await plain.close();
    await moderated.close();
  });

  it('keeps the source state by default, and applies the current policy with --moderate', async () => {
    const kept = await importFile(plain.deps, { source: 'disqus', file: fixture('disqus-moderate.xml') });
    expect(kept.moderation).toBeUndefined();
    expect((await commentByKey(plain.deps, 'disqus:post:6102')).status).toBe('published');
    expect(await plain.deps.db.selectFrom('moderation_log').selectAll().execute()).toEqual([]);

    const s = await importFile(moderated.deps, { source: 'disqus', file: fixture('disqus-moderate.xml'), moderate: true });
    // The two published in the source are checked; the spam stays rejected without a check.
    expect(s.moderation!.checked).toBe(2);
    expect(s.moderation!.held + s.moderation!.rejected).toBe(1);
    const threat = await commentByKey(moderated.deps, 'disqus:post:6102');
    expect(['held', 'rejected']).toContain(threat.status);
    expect(threat.flags).toContain('violence');
    expect((await commentByKey(moderated.deps, 'disqus:post:6101')).status).toBe('published');
    expect((await commentByKey(moderated.deps, 'disqus:post:6103')).status).toBe('rejected');
    const log = await moderated.deps.db.selectFrom('moderation_log').selectAll().where('comment_id', '=', threat.id).execute();
    expect(log).toHaveLength(1);
    expect([log[0]!.actor, log[0]!.action]).toEqual(['pipeline', threat.status === 'held' ? 'hold' : 'reject']);
    expect((await storyByKey(moderated.deps, 'disqus:thread:6001')).comment_count).toBe(1);
  });
});
