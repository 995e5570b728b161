/**
 * Admins change the policy: thresholds and actions per category, the site mode, the new-commenter
 * rule and the policy text. Each change is stored as a new version; decisions record the version
 * they were taken under, so a past decision can always be read against the rules of its day.
 */
import { AppError } from '../errors.ts';
import { CATEGORIES, type Policy } from '../domain/moderation.ts';
import type { User } from '../domain/user.ts';
import { savePolicy } from '../store/moderation.ts';
import type { Deps } from './deps.ts';
import { requireAdmin } from './review.ts';

export const POLICY_TEXT_MAX = 2000;

export function validatePolicyInput(input: unknown): Omit<Policy, 'version'> {
  const fields: Record<string, string> = {};
  const o = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const mode = o.mode;
  if (!['premoderate-all', 'premoderate-suspicious', 'postmoderate'].includes(mode as string)) fields.mode = 'Choose a site mode.';
  const hold = o.newCommenterHoldCount;
  if (!Number.isInteger(hold) || (hold as number) < 0 || (hold as number) > 100) fields.newCommenterHoldCount = 'A whole number from 0 to 100.';
  const categories = {} as Policy['categories'];
  const given = (typeof o.categories === 'object' && o.categories !== null ? o.categories : {}) as Record<string, { threshold?: unknown; action?: unknown }>;
  for (const c of CATEGORIES) {
    const rule = given[c];
    const threshold = rule?.threshold;
    if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) fields[`${c}.threshold`] = 'A number from 0 to 1.';
    if (!['reject', 'hold', 'allow'].includes(rule?.action as string)) fields[`${c}.action`] = 'Reject, hold or allow.';
    categories[c] = { threshold: threshold as number, action: rule?.action as Policy['categories'][typeof c]['action'] };
  }
  const text = typeof o.text === 'string' ? o.text.trim() : undefined;
  if (text !== undefined && (!text || [...text].length > POLICY_TEXT_MAX)) fields.text = `Between 1 and ${POLICY_TEXT_MAX} characters.`;
  if (Object.keys(fields).length) throw new AppError('validation_failed', 'The policy was not saved; correct the marked fields.', { fields });
  return { mode: mode as Policy['mode'], newCommenterHoldCount: hold as number, categories, ...(text ? { text } : {}) };
}

export async function updatePolicy(deps: Deps, input: { admin: User; policy: unknown }): Promise<Policy> {
  requireAdmin(input.admin);
  const body = validatePolicyInput(input.policy);
  const saved = await savePolicy(deps.db, { policy: body, by: input.admin.id, now: deps.clock() });
  deps.usePolicy(saved);
  deps.log.info({ version: saved.version, adminId: input.admin.id }, 'policy changed');
  return saved;
}
