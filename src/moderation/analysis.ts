/**
 * What every phase receives: the comment once normalised and scanned against the lexicon, plus the context
 * the command gathered. Computed once per comment so no phase repeats the expensive steps.
 */
import type { Category, Label, ModerationContext, Span } from '../domain/moderation.ts';
import { scanLexicon, type LexiconHit } from './lexicon.ts';
import { extendEnd, normalise, type Normalised } from './normalise.ts';

export interface Analysis {
  n: Normalised;
  hits: LexiconHit[];
  /** Every token's plain spelling, for the phases' word gates: one hash probe instead of a scan of the text. */
  words: ReadonlySet<string>;
  context: ModerationContext;
}

export type Phase = (a: Analysis) => Label[];

const GLUE = /[^a-z]+/;

/** A token of ASCII letters and other token characters both ("instagram@deals"); a plain word is the common case. */
function glued(w: string): boolean {
  let letters = 0;
  for (let i = 0; i < w.length; i++) { const c = w.charCodeAt(i); if (c >= 97 && c <= 122) letters++; }
  return letters > 0 && letters < w.length;
}

export function analyse(text: string, context: ModerationContext): Analysis {
  const n = normalise(text);
  const words = new Set<string>();
  for (const t of n.tokens) {
    words.add(t.plain);
    // A word glued to a handle or a number by a token character ("instagram@deals", "call+4479…") counts too.
    if (glued(t.plain)) for (const w of t.plain.split(GLUE)) if (w) words.add(w);
  }
  return { n, hits: scanLexicon(n), words, context };
}

/** A neutral context for tools that have no store (classify, eval, bench). */
export const NO_CONTEXT: ModerationContext = {
  storyPremoderated: false,
  author: { publishedCount: 10, accountAgeHours: 24 * 365, recentRejections: 0, trusted: false },
  recentCommentCount: 0,
  duplicateCount: 0,
};

/** Run a global regex over the plain view and hand back each match with its span in the original text. */
export function matchPlain(n: Normalised, re: RegExp): { m: RegExpExecArray; span: Span }[] {
  // An array rather than a generator: this runs dozens of times per comment and generators cost more.
  const out: { m: RegExpExecArray; span: Span }[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(n.plain)) !== null) {
    if (m[0].length === 0) { re.lastIndex++; continue; }
    out.push({ m, span: [n.starts[m.index], extendEnd(n.original, n.ends[m.index + m[0].length - 1])] });
  }
  return out;
}

/** Whether the comment holds any of these words (tokens, in their plain spelling). */
export function hasAnyWord(a: Analysis, words: readonly string[]): boolean {
  for (const w of words) if (a.words.has(w)) return true;
  return false;
}

/** One label per (category, rule), keeping the highest score and every span. */
export function label(category: Category, rule: string, score: number, spans: Span[]): Label {
  return { category, rule, score: Math.max(0, Math.min(1, score)), spans };
}

/** Combine independent pieces of evidence: 1 − Π(1 − pᵢ). */
export function noisyOr(ps: number[]): number {
  let q = 1;
  for (const p of ps) q *= 1 - p;
  return 1 - q;
}
