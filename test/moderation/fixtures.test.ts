/**
 * Hand-written fixtures (test/moderation/fixtures/*.jsonl, written for this project): threats, doxing and hate posts
 * must be held or rejected under the default policy with the right category; hard negatives must publish.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_CONTEXT } from '../../src/moderation/analysis.ts';
import { DEFAULT_POLICY } from '../../src/moderation/default-policy.ts';
import { moderate } from '../../src/moderation/moderate.ts';

const load = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; category?: string; note?: string; newAccountHeld?: string });

describe.each([['threats.jsonl'], ['doxing.jsonl'], ['hate.jsonl']])('%s: flagged with a reason', (file) => {
  it.each(load(file).map((r) => [r.text, r.category!]))('%s', (text, category) => {
    const d = moderate({ text }, NO_CONTEXT, DEFAULT_POLICY);
    expect(d.action).not.toBe('publish');
    expect(d.reasons.map((r) => r.category)).toContain(category);
  });
});

describe('hard negatives publish', () => {
  it.each(load('hard-negatives.jsonl').map((r) => [r.note!, r.text]))('%s: %s', (_note, text) => {
    const d = moderate({ text }, NO_CONTEXT, DEFAULT_POLICY);
    expect({ action: d.action, labels: d.labels.filter((l) => l.score >= 0.5).map((l) => l.rule) }).toEqual({ action: 'publish', labels: [] });
  });
});

describe('hard negatives from a brand-new account publish too (the new-commenter rule must not single out identity words)', () => {
  const fresh = { ...NO_CONTEXT, author: { ...NO_CONTEXT.author, publishedCount: 0, accountAgeHours: 2 } };
  const rows = load('hard-negatives.jsonl').filter((r) => !/https?:/.test(r.text));
  it.each(rows.filter((r) => !r.newAccountHeld).map((r) => [r.note!, r.text]))('%s: %s', (_note, text) => {
    expect(moderate({ text }, fresh, DEFAULT_POLICY).action).toBe('publish');
  });
  // Known limits, each with its cause: the hate model scores these between 0.4 and 0.5, so a brand-new account's
  // comment waits for review. Marked to fail, so the day one publishes the test says so and the mark comes off.
  it.fails.each(rows.filter((r) => r.newAccountHeld).map((r) => [r.newAccountHeld!, r.text]))('known limit (%s): %s', (_cause, text) => {
    expect(moderate({ text }, fresh, DEFAULT_POLICY).action).toBe('publish');
  });
});

describe('moderate is fast enough to run on every comment', () => {
  it('averages well under a millisecond', () => {
    const texts = [...load('threats.jsonl'), ...load('doxing.jsonl'), ...load('hate.jsonl'), ...load('hard-negatives.jsonl')].map((r) => r.text);
    for (const t of texts) moderate({ text: t }, NO_CONTEXT, DEFAULT_POLICY);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) for (const t of texts) moderate({ text: t }, NO_CONTEXT, DEFAULT_POLICY);
    expect((performance.now() - t0) / (20 * texts.length)).toBeLessThan(1);
  });
});
