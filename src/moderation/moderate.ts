/**
 * moderate(input, context, policy) → Decision: the one entry point of the moderation pipeline.
 * Pure: no I/O, no clock. (Placeholder until the pipeline lands: publishes everything.)
 */
import type { Decision, ModerationContext, ModerationInput, Policy } from '../domain/moderation.ts';

export function moderate(_input: ModerationInput, _context: ModerationContext, policy: Policy): Decision {
  return { action: 'publish', labels: [], reasons: [], policyVersion: policy.version };
}
