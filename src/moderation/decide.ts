/**
 * decide: labels + context + policy → decision. Per category the policy gives a threshold and an action
 * (reject / hold / allow); the site mode, a per-story override and the new-commenter rule can only make the
 * outcome stricter, except post-moderation, which publishes what would be held (it stays in the review queue).
 */
import { CATEGORIES, type Action, type Category, type Decision, type Label, type ModerationContext, type Policy } from '../domain/moderation.ts';
import { reasonFor } from './reasons.ts';

// "Anything flagged" for the new-commenter rule: a signal well below the hold threshold still counts.
const NEW_COMMENTER_SIGNAL = 0.4;

const RANK: Record<Action, number> = { publish: 0, hold: 1, reject: 2 };

export function maxScores(labels: Label[]): Record<Category, number> {
  const s: Record<Category, number> = { violence: 0, hate: 0, profanity: 0, vulgarity: 0, doxing: 0, incivility: 0, spam: 0 };
  for (const l of labels) if (l.score > s[l.category]) s[l.category] = l.score;
  return s;
}

export function decide(labels: Label[], context: ModerationContext, policy: Policy, text: string): Decision {
  const scores = maxScores(labels);
  let action: Action = 'publish';
  const causes: Category[] = [];
  for (const c of CATEGORIES) {
    const rule = policy.categories[c];
    if (!rule || rule.action === 'allow' || scores[c] < rule.threshold) continue;
    causes.push(c);
    if (RANK[rule.action] > RANK[action]) action = rule.action;
  }
  let notice: string | undefined;
  if (action === 'hold' && policy.mode === 'postmoderate') {
    action = 'publish';
    notice = 'Published; flagged for a moderator to review.';
  }
  if (action === 'publish' && (policy.mode === 'premoderate-all' || context.storyPremoderated)) {
    action = 'hold';
    notice = context.storyPremoderated
      ? 'Comments on this story are reviewed by a moderator before they appear.'
      : 'All comments are reviewed by a moderator before they appear.';
  }
  const isNew = !context.author.trusted && context.author.publishedCount < policy.newCommenterHoldCount;
  if (action === 'publish' && isNew && policy.mode !== 'postmoderate') {
    const weak = CATEGORIES.filter((c) => scores[c] >= Math.min(NEW_COMMENTER_SIGNAL, policy.categories[c]?.threshold ?? 1) && policy.categories[c]?.action !== 'allow');
    if (weak.length > 0) {
      action = 'hold';
      causes.push(...weak);
      notice = 'Your first comments are reviewed by a moderator when anything in them might break the rules.';
    }
  }
  const reasons = action === 'publish' && !notice ? [] : [...new Set(causes)].map((c) => reasonFor(c, labels, text));
  const decision: Decision = { action, labels, reasons, policyVersion: policy.version };
  if (notice) decision.notice = notice;
  return decision;
}
