/** Reasons: the policy clause, the quoted words from the original text, and a remedy the author can act on. */
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../domain/moderation.ts';
import { NO_CONTEXT } from './analysis.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { moderate } from './moderate.ts';
import { CLAUSES, reasonFor } from './reasons.ts';

describe('reasons', () => {
  it('every category has a clause in words', () => {
    for (const c of CATEGORIES) expect(CLAUSES[c].length).toBeGreaterThan(10);
  });

  it.each([
    ['His cell is 905-674-3793, call him.', 'doxing', '905-674-3793', 'Remove the phone number and post again.'],
    ['You are a f*cking idiot', 'incivility', 'You are a f*cking idiot', 'Remove the insult'],
    ['what a load of ѕhіt', 'profanity', 'ѕhіt', 'Remove the quoted words'],
    ['He lives at 42 Elm St, go to his house', 'doxing', '42 Elm St', 'post again'],
  ])('%s', (text, category, quote, remedy) => {
    const d = moderate({ text }, NO_CONTEXT, DEFAULT_POLICY);
    const r = d.reasons.find((x) => x.category === category);
    expect(r).toBeDefined();
    expect(r!.quotes.some((q) => q.includes(quote))).toBe(true);
    expect(r!.remedy).toContain(remedy);
    expect(r!.clause).toBe(CLAUSES[category as keyof typeof CLAUSES]);
    for (const [a, b] of r!.spans) expect(text.slice(a, b).length).toBe(b - a);
  });

  it('merges overlapping spans and quotes each passage once', () => {
    const text = 'go to his house now';
    const r = reasonFor('doxing', [
      { category: 'doxing', rule: 'doxing.intent', score: 0.85, spans: [[0, 15]] },
      { category: 'doxing', rule: 'doxing.address', score: 0.4, spans: [[6, 15]] },
    ], text);
    expect(r.spans).toEqual([[0, 15]]);
    expect(r.quotes).toEqual(['go to his house']);
    expect(r.rule).toBe('doxing.intent');
  });
});
