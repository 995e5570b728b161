/**
 * Profanity and vulgarity: lexicon terms (Surge AI and LDNOOBW, see docs/moderation.md) found by the matcher,
 * whatever the evasion. Slurs are left to the hate phase and insults to incivility, so each word is reported
 * under the rule it breaks.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { label, type Analysis } from '../analysis.ts';

export function profanityPhase(a: Analysis): Label[] {
  let prof = 0;
  let vulg = 0;
  const profSpans: Span[] = [];
  const vulgSpans: Span[] = [];
  for (const h of a.hits) {
    const e = h.entry;
    if (e.hate && !e.profanity) continue;
    if (e.vulgarity) {
      vulg = Math.max(vulg, e.score);
      vulgSpans.push([h.start, h.end]);
    } else if (e.profanity || e.insult) {
      prof = Math.max(prof, e.score);
      profSpans.push([h.start, h.end]);
    }
  }
  const out: Label[] = [];
  // Several profane words make the comment more clearly profane than its worst word alone.
  if (prof > 0) out.push(label('profanity', 'profanity.lexicon', prof + 0.05 * (profSpans.length - 1), profSpans));
  if (vulg > 0) out.push(label('vulgarity', 'vulgarity.lexicon', vulg + 0.05 * (vulgSpans.length - 1), vulgSpans));
  return out;
}
