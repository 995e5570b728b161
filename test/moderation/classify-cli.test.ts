/** `parley classify`: JSON Lines in, JSON Lines out; --policy back-tests a policy file; bad input is reported per line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../src/moderation/classify-cli.ts';
import { DEFAULT_POLICY } from '../../src/moderation/default-policy.ts';

async function classify(lines: string[], args: string[] = []) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  const code = await runClassify(args, Readable.from(lines.map((l) => l + '\n')), out);
  return { code, rows: chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('runClassify', () => {
  it('writes one decision per input line', async () => {
    const { code, rows } = await classify([
      JSON.stringify({ id: 'a', text: 'Thanks for the article.' }),
      JSON.stringify({ id: 'b', text: 'His cell is 905-674-3793, call him.' }),
    ]);
    expect(code).toBe(0);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: 'a', action: 'publish', reasons: [] });
    expect(rows[1]).toMatchObject({ id: 'b', action: 'reject' });
    expect((rows[1].labels as Record<string, number>).doxing).toBeGreaterThanOrEqual(0.5);
    expect((rows[1].reasons as { remedy: string }[])[0].remedy).toMatch(/phone number/);
  });

  it('reports a bad line and carries on', async () => {
    const { code, rows } = await classify(['not json', JSON.stringify({ id: 2, text: 'ok' }), JSON.stringify({ id: 3 })]);
    expect(code).toBe(1);
    expect(rows[0]).toHaveProperty('error');
    expect(rows[1]).toMatchObject({ id: 2, action: 'publish' });
    expect(rows[2]).toMatchObject({ id: 3 });
    expect(rows[2]).toHaveProperty('error');
  });

  it('back-tests a policy file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_POLICY, version: 9, categories: { ...DEFAULT_POLICY.categories, doxing: { threshold: 0.5, action: 'allow' } } }));
    const { code, rows } = await classify([JSON.stringify({ id: 1, text: 'His cell is 905-674-3793, call him.' })], ['--policy', file]);
    expect(code).toBe(0);
    expect(rows[0]).toMatchObject({ action: 'hold', policyVersion: 9 });
  });

  it('refuses an invalid policy file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-policy-'));
    const file = join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify({ version: 2, mode: 'sometimes' }));
    const { code, rows } = await classify([], ['--policy', file]);
    expect(code).toBe(2);
    expect(String(rows[0].error)).toMatch(/mode/);
  });
});
