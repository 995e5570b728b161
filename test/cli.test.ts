/** The `parley` command as an operator uses it: export past comments and back-test a policy on them. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/main.ts';
import { seedDemo } from '../src/commands/seed-demo.ts';
import { DEFAULT_POLICY } from '../src/moderation/default-policy.ts';
import { createLogger } from '../src/log.ts';

const run = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 60_000 });

describe('parley export comments | parley classify', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent' };
    const { deps, database } = await buildDeps(loadConfig(env), { log: createLogger('silent') });
    await seedDemo(deps);
    await database.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports every comment as JSON Lines and back-tests a stricter policy on them', () => {
    const exported = run(['export', 'comments'], env);
    expect(exported.status).toBe(0);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(lines[0])).toEqual(['id', 'text', 'story', 'status', 'createdAt']);

    const current = run(['classify'], env, exported.stdout);
    expect(current.status).toBe(0);
    const decisions = current.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(decisions.map((d) => d.id)).toEqual(lines.map((l) => l.id));
    // The demo discussion is civil: the default policy publishes all of it.
    expect(decisions.filter((d) => d.action !== 'publish')).toEqual([]);

    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ ...DEFAULT_POLICY, version: 2, mode: 'premoderate-all' }));
    const backTest = run(['classify', '--policy', strict], env, exported.stdout);
    expect(backTest.status).toBe(0);
    const held = backTest.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(held.every((d) => d.action === 'hold')).toBe(true);
  });

  it('refuses a bad --since', () => {
    const r = run(['export', 'comments', '--since', 'yesterday-ish'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--since needs a date/);
  });
});

describe('parley export statements', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sor-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent' };
    const { deps, database } = await buildDeps(loadConfig({ ...env, COMMENTS_PER_MINUTE: '100000' }), { log: createLogger('silent') });
    await seedDemo(deps);
    const { createComment } = await import('../src/commands/comments.ts');
    const { rejectComment, sanctionUser } = await import('../src/commands/review.ts');
    const { insertUser } = await import('../src/store/users.ts');
    const { listStories } = await import('../src/store/stories.ts');
    const now = new Date();
    const author = (await insertUser(deps.db, { email: 'a@cli.example', displayName: 'A', passwordHash: 'x', now }))!;
    const moderator = (await insertUser(deps.db, { email: 'm@cli.example', displayName: 'M', passwordHash: 'x', role: 'moderator', now }))!;
    const [story] = await listStories(deps.db, {}, 1);
    // 150 held threats (two batches of statements), one rejected by a moderator, one ban.
    for (let i = 0; i < 150; i++) await createComment(deps, { user: author, story: story!.id, body: `I will find you and kill you, number ${i}.` });
    const { comment } = await createComment(deps, { user: author, story: story!.id, body: 'You are an idiot.' });
    await rejectComment(deps, { moderator, commentId: comment.id, revision: comment.revision, category: 'incivility' });
    await sanctionUser(deps, { moderator, userId: author.id, kind: 'ban', reason: 'Threats against other readers.' });
    await database.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes batches of at most 100 statements in the Transparency Database field names', () => {
    const r = run(['export', 'statements', '--since', '2026-01-01'], env);
    expect(r.status).toBe(0);
    const batches = r.stdout.trim().split('\n').map((l) => JSON.parse(l).statements as Record<string, unknown>[]);
    expect(batches.every((b) => b.length > 0 && b.length <= 100)).toBe(true);
    const all = batches.flat();
    expect(all.length).toBeGreaterThanOrEqual(153);
    expect(new Set(all.map((s) => s.puid)).size).toBe(all.length);
    const held = all.find((s) => (s.decision_visibility as string[] | undefined)?.includes('DECISION_VISIBILITY_CONTENT_DISABLED'))!;
    expect(held).toMatchObject({ category: 'STATEMENT_CATEGORY_VIOLENCE', automated_decision: 'AUTOMATED_DECISION_FULLY', source_type: 'SOURCE_VOLUNTARY' });
    const removed = all.find((s) => (s.decision_visibility as string[] | undefined)?.includes('DECISION_VISIBILITY_CONTENT_REMOVED'))!;
    expect(removed).toMatchObject({ automated_decision: 'AUTOMATED_DECISION_PARTIALLY' });
    const ban = all.find((s) => s.decision_account)!;
    expect(ban).toMatchObject({ decision_account: 'DECISION_ACCOUNT_TERMINATED', incompatible_content_explanation: 'Threats against other readers.' });
    for (const s of all) {
      for (const field of ['decision_ground', 'category', 'content_type', 'content_date', 'application_date', 'decision_facts', 'source_type', 'automated_detection', 'automated_decision', 'territorial_scope']) {
        expect(s).toHaveProperty(field);
      }
    }
    const none = run(['export', 'statements', '--since', '2099-01-01'], env);
    expect(none.stdout).toBe('');
    expect(run(['export', 'statements'], env).status).toBe(2);
  });
});

describe('parley feeds', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: import('node:http').Server;
  let feedUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-feeds-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, LOG_LEVEL: 'silent' };
    const { createServer } = await import('node:http');
    server = createServer((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/atom+xml' })
        .end(
          '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Post</title><id>urn:q</id><updated>2026-11-24T00:00:00Z</updated>' +
            '<entry><id>urn:q:1</id><title>Pier repairs start</title><link href="https://quay.example/pier"/><updated>2026-11-24T00:00:00Z</updated><author><name>Ola Quay</name></author><content type="html">&lt;p&gt;Work begins Monday.&lt;/p&gt;</content></entry></feed>',
        ),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    feedUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/atom.xml`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, fetches, lists, pauses and removes a partner', async () => {
    const refused = run(['feeds', 'add', 'Quay Post', 'https://quay.example', feedUrl], env);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/refused/);
    expect(run(['feeds', 'add', 'Quay Post', 'https://quay.example', feedUrl, '--allow-host'], env).stdout).toMatch(/^added partner 1: Quay Post/);
    // The child process fetches from this process's server: run it asynchronously so this event loop can answer.
    const { spawn } = await import('node:child_process');
    const fetched = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/parley.js', 'feeds', 'fetch', '1'], { env: { ...process.env, ...env } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(fetched).toEqual({ code: 0, out: '1 items: 1 added, 0 updated\n' });
    expect(run(['feeds', 'list'], env).stdout).toMatch(/^1\tactive\tQuay Post\t.*\+1 ~0/);
    expect(run(['feeds', 'pause', '1'], env).status).toBe(2);
    expect(run(['feeds', 'pause', '1', '--reason', 'Asked by the partner'], env).stdout).toContain('paused partner 1');
    expect(run(['feeds', 'remove', '1', '--reason', 'Agreement ended'], env).stdout).toContain('1 stories unpublished');
  });
});
