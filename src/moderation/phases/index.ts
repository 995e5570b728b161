/**
 * The pipeline's phases, in order. Each is a pure function of the analysed comment (normalised text, lexicon
 * hits, context) returning labels with spans into the original text; decide() turns the labels into a decision.
 * Order only matters for reading the log: every phase runs on every comment.
 */
import type { Label } from '../../domain/moderation.ts';
import type { Analysis, Phase } from '../analysis.ts';
import { classifierPhase } from './classifier.ts';
import { doxingPhase } from './doxing.ts';
import { hatePhase } from './hate.ts';
import { incivilityPhase } from './incivility.ts';
import { profanityPhase } from './profanity.ts';
import { spamPhase } from './spam.ts';
import { violencePhase } from './violence.ts';

export const PHASES: readonly { name: string; run: Phase }[] = [
  // Stage 1 — words: lexicon terms found by the matcher, whatever the spelling.
  { name: 'profanity', run: profanityPhase },
  // Stage 2 — personal information: the one category no trained model here covers, so rules only.
  { name: 'doxing', run: doxingPhase },
  // Stage 3 — patterns aimed at people: threats, attacks on groups, insults to other commenters.
  { name: 'violence', run: violencePhase },
  { name: 'hate', run: hatePhase },
  { name: 'incivility', run: incivilityPhase },
  // Stage 4 — promotion and behaviour (uses the context the command gathered).
  { name: 'spam', run: spamPhase },
  // Stage 5 — the trained classifier, for what the patterns cannot decide.
  { name: 'classifier', run: classifierPhase },
];

export function runPhases(a: Analysis): Label[] {
  const labels: Label[] = [];
  for (const p of PHASES) for (const l of p.run(a)) labels.push(l);
  return labels;
}
