/**
 * The archive round trip, on SQLite and PostgreSQL: a site with a discussion (the demo seed, replies, an
 * edit, held, rejected and deleted comments, votes, a report, an appeal, a suspension, a policy change, a
 * takedown, an author merge, a Disqus import) is exported, imported into an empty database and exported
 * again, and the two archives say the same once ids are set aside. Also: importing again adds nothing, a
 * damaged archive is refused at its line with nothing stored, and Disqus export → import keeps the discussion.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Deps } from '../../src/commands/deps.ts';
import { appealComment, createComment, deleteComment, editComment, reportComment, voteComment } from '../../src/commands/comments.ts';
import { importArchive, importFile } from '../../src/commands/import.ts';
import { mergeAuthors, takeDownStory } from '../../src/commands/partners.ts';
import { updatePolicy } from '../../src/commands/policy.ts';
import { rejectComment, sanctionUser } from '../../src/commands/review.ts';
import { seedDemo } from '../../src/commands/seed-demo.ts';
import { NESTED, REFS, type ArchiveRecord } from '../../src/interop/archive-format.ts';
import { ImportFileError } from '../../src/interop/xml-stream.ts';
import { DEFAULT_POLICY } from '../../src/moderation/default-policy.ts';
import { exportArchive } from '../../src/queries/export-archive.ts';
import { exportDisqus } from '../../src/queries/export-disqus.ts';
import { ensureAuthor, listStories } from '../../src/store/stories.ts';
import { insertUser } from '../../src/store/users.ts';
import { describeBackends, openTestDeps, type TestDeps } from '../support/backends.ts';

async function writeArchive(deps: Deps, file: string, instance: string): Promise<ArchiveRecord[]> {
  const out = createWriteStream(file);
  const records: ArchiveRecord[] = [];
  for await (const r of exportArchive(deps.db, { instance, site: 'https://site.example', now: new Date() })) {
    records.push(r);
    out.write(`${JSON.stringify(r)}\n`);
  }
  out.end();
  await once(out, 'finish');
  return records;
}

/** The archive with every id replaced by its record's position among records of its type (ids are renumbered by an import). */
function normalise(records: ArchiveRecord[]) {
  const rank = new Map<string, Map<number, number>>();
  for (const r of records) {
    if (typeof r.id !== 'number') continue;
    let m = rank.get(r.type);
    if (!m) rank.set(r.type, (m = new Map()));
    m.set(r.id, m.size + 1);
  }
  const refs = (type: string, row: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...row };
    if (typeof out.id === 'number') out.id = rank.get(type)?.get(out.id);
    for (const [field, target] of Object.entries((REFS as Record<string, Record<string, string>>)[type] ?? {})) {
      if (typeof out[field] === 'number') out[field] = `${target}#${rank.get(target)?.get(out[field] as number)}`;
    }
    for (const [field, nestedType] of Object.entries((NESTED as Record<string, Record<string, string>>)[type] ?? {})) {
      out[field] = (out[field] as Record<string, unknown>[]).map((x) => refs(nestedType, x));
    }
    if (type === 'import_key') out.target_id = `${String(out.kind)}#${rank.get(String(out.kind))?.get(out.target_id as number)}`;
    return out;
  };
  return records.filter((r) => r.type !== 'archive').map((r) => refs(r.type, r));
}

async function counts(deps: Deps) {
  const tables = ['users', 'publishers', 'authors', 'stories', 'comments', 'comment_revisions', 'votes', 'reports', 'appeals', 'moderation_log', 'policies', 'import_keys', 'import_runs'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await deps.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

async function seedDiscussion(deps: Deps): Promise<void> {
  await seedDemo(deps);
  const now = new Date(Date.now() - 60 * 86_400_000);
  const admin = (await insertUser(deps.db, { email: 'admin@site.example', displayName: 'Admin', passwordHash: 'x', role: 'admin', now }))!;
  const moderator = (await insertUser(deps.db, { email: 'mod@site.example', displayName: 'Mod', passwordHash: 'x', role: 'moderator', now }))!;
  const ana = (await insertUser(deps.db, { email: 'ana@site.example', displayName: 'Ana', passwordHash: 'x', now }))!;
  const ben = (await insertUser(deps.db, { email: 'ben@site.example', displayName: 'Ben', passwordHash: 'x', now }))!;
  const [story, other] = await listStories(deps.db, {}, 2);
  const first = (await createComment(deps, { user: ana, story: story!.id, body: 'The *harbour* plan needs a second look.' })).comment;
  const reply = (await createComment(deps, { user: ben, story: story!.id, parentId: first.id, body: 'Agreed, and the budget too.' })).comment;
  const deeper = (await createComment(deps, { user: ana, story: story!.id, parentId: reply.id, body: 'Buy cheap followers at spam.example now' })).comment;
  await editComment(deps, { user: ana, commentId: first.id, body: 'The *harbour* plan needs a second look, see https://example.org/plan (edited).' });
  const held = (await createComment(deps, { user: ben, story: story!.id, body: 'I will find you and kill you.' })).comment;
  await appealComment(deps, { user: ben, commentId: held.id, text: 'It was a quote from a film.' });
  const gone = (await createComment(deps, { user: ana, story: other!.id, body: 'I take this back.' })).comment;
  await deleteComment(deps, { user: ana, commentId: gone.id });
  await voteComment(deps, { user: ben, commentId: first.id, value: 1 });
  await voteComment(deps, { user: moderator, commentId: first.id, value: -1 });
  await reportComment(deps, { user: ben, commentId: deeper.id, reason: 'spam' });
  const fresh = (await deps.db.selectFrom('comments').select('revision').where('id', '=', deeper.id).executeTakeFirstOrThrow()).revision;
  if ((await deps.db.selectFrom('comments').select('status').where('id', '=', deeper.id).executeTakeFirstOrThrow()).status !== 'rejected') {
    await rejectComment(deps, { moderator, commentId: deeper.id, revision: fresh, category: 'spam' });
  }
  await sanctionUser(deps, { moderator, userId: ben.id, kind: 'suspend', days: 3, reason: 'Threats.' });
  await updatePolicy(deps, { admin, policy: { ...DEFAULT_POLICY, newCommenterHoldCount: 2 } });
  await takeDownStory(deps, { storyId: other!.id, reason: 'Partner asked.', actorId: admin.id });
  const publisherId = story!.publisherId;
  const dup = await ensureAuthor(deps.db, { publisherId, name: 'A. Byline' });
  const kept = await ensureAuthor(deps.db, { publisherId, name: 'Anna Byline' });
  await mergeAuthors(deps, { fromId: dup.id, intoId: kept.id });
  await importFile(deps, { source: 'disqus', file: join(import.meta.dirname, '../fixtures/import/disqus.xml') });
}

describeBackends('parley archive', (backend) => {
  let a: TestDeps;
  let b: TestDeps;
  let dir: string;
  let archive: string;
  let first: ArchiveRecord[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-archive-'));
    archive = join(dir, 'site.jsonl');
    [a, b] = await Promise.all([openTestDeps(backend, { COMMENTS_PER_MINUTE: '1000' }), openTestDeps(backend)]);
    await seedDiscussion(a.deps);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('round trip: export, import into an empty database, export again: nothing lost', async () => {
    first = await writeArchive(a.deps, archive, 'site-a');
    const types = new Set(first.map((r) => r.type));
    for (const t of ['user', 'account_action', 'setting', 'policy', 'publisher', 'author', 'author_alias', 'story', 'takedown', 'comment', 'import_key', 'end']) expect(types).toContain(t);
    expect(JSON.stringify(first)).not.toMatch(/password|scrypt/);

    const s = await importArchive(b.deps, { file: archive });
    expect(s.added.comment).toBe(first.filter((r) => r.type === 'comment').length);
    const second = await writeArchive(b.deps, join(dir, 'again.jsonl'), 'site-b');
    expect(normalise(second)).toEqual(normalise(first));
    // Restored accounts cannot log in until they set a password (an archive holds none).
    const users = await b.deps.db.selectFrom('users').select('password_hash').execute();
    expect(new Set(users.map((u) => u.password_hash))).toEqual(new Set(['!']));
    // The in-force policy is the archive's latest.
    expect(Math.max(...(await b.deps.db.selectFrom('policies').select('version').execute()).map((p) => p.version))).toBe(2);
  });

  it('adds nothing when the same archive is imported again, and the Disqus import stays done', async () => {
    const before = await counts(b.deps);
    const s = await importArchive(b.deps, { file: archive });
    expect(s.added).toEqual({});
    expect({ ...(await counts(b.deps)), import_runs: 0 }).toEqual({ ...before, import_runs: 0 });
    const again = await importFile(b.deps, { source: 'disqus', file: join(import.meta.dirname, '../fixtures/import/disqus.xml') });
    expect([again.comments.added, again.comments.skipped]).toEqual([0, 9]);
  });

  it('refuses a damaged archive at its line and stores nothing', async () => {
    const c = await openTestDeps(backend);
    try {
      const lines = readFileSync(archive, 'utf8').trimEnd().split('\n');
      const before = await counts(c.deps);
      const cutOff = join(dir, 'cut.jsonl');
      writeFileSync(cutOff, `${lines.slice(0, -1).join('\n')}\n`);
      await expect(importArchive(c.deps, { file: cutOff })).rejects.toThrow(/stops before its end record/);
      const commentLine = lines.findIndex((l) => l.startsWith('{"type":"comment"')) + 1;
      const broken = join(dir, 'broken.jsonl');
      writeFileSync(broken, lines.map((l, i) => (i + 1 === commentLine + 2 ? l.slice(0, 40) : l)).join('\n'));
      const err = await importArchive(c.deps, { file: broken }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportFileError);
      expect((err as ImportFileError).line).toBe(commentLine + 2);
      // Addresses must be web addresses.
      const hostileUrl = join(dir, 'hostile-url.jsonl');
      const storyLine = lines.findIndex((l) => l.startsWith('{"type":"story"')) + 1;
      writeFileSync(hostileUrl, lines.map((l, i) => (i + 1 === storyLine ? l.replace(/"original_url":"[^"]*"/, '"original_url":"javascript:alert(1)"') : l)).join('\n'));
      await expect(importArchive(c.deps, { file: hostileUrl })).rejects.toMatchObject({ line: storyLine, message: 'story: "original_url" is not an http(s) URL' });
      expect(await counts(c.deps)).toEqual(before);
      // A password hash cannot ride in (unknown columns are never read), nor HTML: a comment's is rendered from its Markdown.
      const sneaky = join(dir, 'sneaky.jsonl');
      writeFileSync(sneaky, lines.map((l) => (l.startsWith('{"type":"user"') ? l.replace('{"type":"user",', '{"type":"user","password_hash":"scrypt$1$1$1$a$b",') : l.replace(/"body_html":"<p>/g, '"body_html":"<script>alert(1)</script><p>'))).join('\n'));
      await importArchive(c.deps, { file: sneaky });
      expect(new Set((await c.deps.db.selectFrom('users').select('password_hash').execute()).map((u) => u.password_hash))).toEqual(new Set(['!']));
      expect(before.comments).toBe(0);
      const bodies = await c.deps.db.selectFrom('comment_revisions').select('body_html').execute();
      expect(bodies.length).toBeGreaterThan(10);
      expect(bodies.some((b) => b.body_html.includes('<script'))).toBe(false);
      expect(JSON.stringify(await c.deps.db.selectFrom('stories').select('body_html').execute())).not.toContain('<script');
    } finally {
      await c.close();
    }
  });

  it('Disqus export → import keeps threads, comments, authors, parents, states and dates', async () => {
    const c = await openTestDeps(backend);
    try {
      const xml = join(dir, 'site.xml');
      const out = createWriteStream(xml);
      for await (const chunk of exportDisqus(a.deps.db, { forum: 'site' })) out.write(chunk);
      out.end();
      await once(out, 'finish');
      const s = await importFile(c.deps, { source: 'disqus', file: xml });
      const shape = async (deps: Deps) => {
        const rows = await deps.db
          .selectFrom('comments')
          .innerJoin('users', 'users.id', 'comments.user_id')
          .innerJoin('stories', 'stories.id', 'comments.story_id')
          .select(['comments.id', 'comments.parent_id', 'comments.depth', 'comments.status', 'comments.body_html', 'comments.created_at', 'users.display_name', 'stories.original_url', 'stories.title'])
          .orderBy('comments.id')
          .execute();
        const position = new Map(rows.map((r, i) => [r.id, i]));
        return rows.map((r) => ({ ...r, id: undefined, parent: r.parent_id === null ? null : position.get(r.parent_id), parent_id: undefined, created_at: r.created_at.slice(0, 19) }));
      };
      const before = await shape(a.deps);
      expect(s.comments.added).toBe(before.length);
      expect(await shape(c.deps)).toEqual(before);
      const authors = async (deps: Deps) => Number((await deps.db.selectFrom('comments').select((eb) => eb.fn.count<number>('user_id').distinct().as('n')).executeTakeFirstOrThrow()).n);
      expect(await authors(c.deps)).toBe(await authors(a.deps));
    } finally {
      await c.close();
    }
  });
});
