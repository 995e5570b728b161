/** `parley import` and `parley export` as an operator runs them: exit codes, messages, the summary line, files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string) => join(import.meta.dirname, '../fixtures/import', name);
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/parley.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

// Each case starts the command a few times (a second or more each on a busy machine).
describe('parley import / export', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-interop-cli-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'a.db')}`, LOG_LEVEL: 'silent' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers usage errors with exit 2 and one line', () => {
    for (const args of [['import'], ['import', 'blogger', 'x.xml'], ['import', 'disqus'], ['import', 'disqus', join(dir, 'missing.xml')], ['import', 'parley', fixture('disqus.xml'), '--moderate'], ['export', 'archive', 'extra']]) {
      const r = run(args, env);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^parley: /);
    }
    expect(run(['import', 'disqus', join(dir, 'missing.xml')], env).stderr).toBe(`parley: ${join(dir, 'missing.xml')}: no such file\n`);
  });

  it('names the file and line of a malformed export, exit 1', () => {
    const file = fixture('disqus-broken.xml');
    const r = run(['import', 'disqus', file], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`parley: ${file}:105: unexpected close tag.\n`);
  });

  it('imports with a summary line, and a second run adds nothing', () => {
    const first = run(['import', 'disqus', fixture('disqus.xml')], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(
      'imported from Disqus (disqus.xml): 3 threads (3 new stories, 0 on existing stories), 9 comments (6 published, 1 held, 1 rejected, 1 deleted), 4 authors; already imported, skipped: 0 threads, 0 comments; 1 reply whose parent is missing made top-level\n',
    );
    const second = run(['import', 'disqus', fixture('disqus.xml')], env);
    expect(second.stdout).toMatch(/: 0 threads .* 0 comments .* 0 authors; already imported, skipped: 3 threads, 9 comments\n$/);
  });

  it('exports an archive to a file and reads it back into another database; exports Disqus XML; the old exports still work', () => {
    const archive = join(dir, 'site.jsonl');
    const exported = run(['export', '--out', archive], env);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toBe('');
    const lines = readFileSync(archive, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'archive', format: 'parley-archive', version: 1 });
    expect(lines.at(-1).type).toBe('end');

    const other = { ...env, DATABASE_URL: `sqlite:${join(dir, 'b.db')}` };
    const restored = run(['import', 'parley', archive], other);
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^imported from the Parley archive \(site\.jsonl\): .*9 comment/);

    const xml = run(['export', 'disqus'], other);
    expect(xml.status).toBe(0);
    expect(xml.stdout).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<disqus /);
    expect(xml.stdout.match(/<post /g)).toHaveLength(9);

    const comments = run(['export', 'comments'], other);
    expect(comments.status).toBe(0);
    expect(comments.stdout.trim().split('\n')).toHaveLength(8);
  });
});
