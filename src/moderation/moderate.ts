/**
 * moderate(input, context, policy) → Decision: the one entry point of the moderation pipeline.
 * normalise → lexicon scan → phases (phases/index.ts) → decide → reasons. Pure: no I/O, no clock; everything
 * (lexicon, regexes, model weights) is compiled once at module load.
 */
import type { Decision, ModerationContext, ModerationInput, Policy } from '../domain/moderation.ts';
import { analyse } from './analysis.ts';
import { decide } from './decide.ts';
import { runPhases } from './phases/index.ts';

export function moderate(input: ModerationInput, context: ModerationContext, policy: Policy): Decision {
  const labels = runPhases(analyse(input.text, context));
  return decide(labels, context, policy, input.text);
}
