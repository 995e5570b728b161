/**
 * decide: thresholds and actions per category, the three site modes, the per-story override, the new-commenter
 * rule, and the policy version on every decision.
 */
import { describe, expect, it } from 'vitest';
import type { Label, ModerationContext, Policy } from '../domain/moderation.ts';
import { NO_CONTEXT } from './analysis.ts';
import { decide } from './decide.ts';
import { DEFAULT_POLICY } from './default-policy.ts';

const TEXT = 'call me at 905-674-3793 you idiot';
const phone: Label = { category: 'doxing', rule: 'doxing.phone', score: 0.8, spans: [[11, 23]] };
const insult: Label = { category: 'incivility', rule: 'incivility.name-calling', score: 0.85, spans: [[24, 33]] };
const weak: Label = { category: 'hate', rule: 'hate.model', score: 0.4, spans: [] };
const newAuthor: ModerationContext = { ...NO_CONTEXT, author: { ...NO_CONTEXT.author, publishedCount: 0 } };
const policy = (over: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, ...over });

describe('decide', () => {
  it.each<[string, Label[], ModerationContext, Policy, string]>([
    ['nothing flagged publishes', [], NO_CONTEXT, DEFAULT_POLICY, 'publish'],
    ['doxing rejects by default', [phone], NO_CONTEXT, DEFAULT_POLICY, 'reject'],
    ['incivility holds by default', [insult], NO_CONTEXT, DEFAULT_POLICY, 'hold'],
    ['the strictest action wins', [phone, insult], NO_CONTEXT, DEFAULT_POLICY, 'reject'],
    ['below threshold publishes', [weak], NO_CONTEXT, DEFAULT_POLICY, 'publish'],
    ['allow ignores the category', [insult], NO_CONTEXT, policy({ categories: { ...DEFAULT_POLICY.categories, incivility: { threshold: 0.5, action: 'allow' } } }), 'publish'],
    ['a higher threshold lets it through', [insult], NO_CONTEXT, policy({ categories: { ...DEFAULT_POLICY.categories, incivility: { threshold: 0.9, action: 'hold' } } }), 'publish'],
    ['premoderate-all holds clean comments', [], NO_CONTEXT, policy({ mode: 'premoderate-all' }), 'hold'],
    ['postmoderate publishes what would be held', [insult], NO_CONTEXT, policy({ mode: 'postmoderate' }), 'publish'],
    ['postmoderate still rejects', [phone], NO_CONTEXT, policy({ mode: 'postmoderate' }), 'reject'],
    ['a pre-moderated story holds clean comments', [], { ...NO_CONTEXT, storyPremoderated: true }, DEFAULT_POLICY, 'hold'],
    ['a new commenter is held on a weak signal', [weak], newAuthor, DEFAULT_POLICY, 'hold'],
    ['a new commenter with nothing flagged publishes', [], newAuthor, DEFAULT_POLICY, 'publish'],
    ['a trusted new account is not held', [weak], { ...newAuthor, author: { ...newAuthor.author, trusted: true } }, DEFAULT_POLICY, 'publish'],
    ['the rule covers only the first N comments', [weak], { ...NO_CONTEXT, author: { ...NO_CONTEXT.author, publishedCount: 3 } }, DEFAULT_POLICY, 'publish'],
  ])('%s', (_name, labels, context, p, action) => {
    const d = decide(labels, context, p, TEXT);
    expect(d.action).toBe(action);
    expect(d.policyVersion).toBe(p.version);
    if (d.action !== 'publish') expect(d.reasons.length + (d.notice ? 1 : 0)).toBeGreaterThan(0);
  });

  it('records the policy version it applied', () => {
    expect(decide([], NO_CONTEXT, policy({ version: 7 }), TEXT).policyVersion).toBe(7);
  });
});
