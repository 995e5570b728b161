/**
 * The profanity/slur lexicon and its matcher: a hash lookup per token (and per 2–4 token phrase) over the
 * normalised tokens, trying the plain, leet, de-elongated and masked spellings. Built once at module load.
 * Written by hand instead of using obscenity's regex matcher because one map probe per token is several times
 * faster (normalising and scanning a benchmark comment takes under a fifth of the time obscenity needs) and
 * the other phases reuse the same tokens.
 */
import lexicon from './lexicon/terms.json' with { type: 'json' };
import { deElongate, type Normalised, type Token } from './normalise.ts';

export interface LexiconEntry {
  term: string;
  score: number;
  profanity: boolean;
  vulgarity: boolean;
  hate: boolean;
  insult: boolean;
}

export interface LexiconHit {
  entry: LexiconEntry;
  /** Token index range [first, last] in Normalised.tokens. */
  first: number;
  last: number;
  start: number;
  end: number;
  /** How the evasion was undone, for the reason and for tests. */
  via: 'exact' | 'leet' | 'elongated' | 'masked' | 'joined' | 'stem';
}

const WORDS = new Map<string, LexiconEntry>();
const PHRASES = new Map<string, LexiconEntry>();
const PHRASE_FIRST = new Set<string>();
const BY_LENGTH = new Map<number, LexiconEntry[]>();

for (const { t, s, c } of (lexicon as { terms: { t: string; s: number; c: string }[] }).terms) {
  const entry: LexiconEntry = { term: t, score: s, profanity: c.includes('p'), vulgarity: c.includes('v'), hate: c.includes('h'), insult: c.includes('i') };
  if (t.includes(' ')) {
    PHRASES.set(t, entry);
    PHRASE_FIRST.add(t.slice(0, t.indexOf(' ')));
    // "blow job" is also written "blowjob".
    if (!WORDS.has(t.replace(/ /g, ''))) WORDS.set(t.replace(/ /g, ''), entry);
  } else {
    WORDS.set(t, entry);
    if (/^[a-z]+$/.test(t) && s >= 0.5) {
      const list = BY_LENGTH.get(t.length) ?? [];
      list.push(entry);
      BY_LENGTH.set(t.length, list);
    }
  }
}
// Masked spellings ("f*ck") resolve to the most severe term that fits, so sort each length bucket by score.
for (const list of BY_LENGTH.values()) list.sort((a, b) => b.score - a.score);

// Stems that are profane at the start of any word ("fuckwit", "shitshow"); kept short and unambiguous on purpose
// ("cock" would catch "cocktail", "ass" would catch "assess").
const STEMS = ['fuck', 'shit', 'cunt', 'bitch', 'whore', 'nigger', 'faggot', 'motherfuck'];
const STEM_FIRST = new Set(STEMS.map((s) => s[0]));

function lookupWord(tok: Token): [LexiconEntry, LexiconHit['via']] | undefined {
  const exact = WORDS.get(tok.plain);
  if (exact) return [exact, tok.joined ? 'joined' : 'exact'];
  if (tok.loose !== tok.plain) {
    const l = WORDS.get(tok.loose);
    if (l) return [l, tok.joined ? 'joined' : 'leet'];
  }
  if (tok.elongated) {
    for (const v of deElongate(tok.loose)) {
      const e = WORDS.get(v);
      if (e) return [e, 'elongated'];
    }
  }
  if (tok.loose.includes('*')) {
    const m = matchMasked(tok.loose);
    if (m) return [m, 'masked'];
  }
  if (tok.loose.length > 4 && STEM_FIRST.has(tok.loose[0])) for (const stem of STEMS) {
    if (tok.loose.length > stem.length && tok.loose.startsWith(stem)) {
      const e = WORDS.get(stem);
      if (e) return [e, 'stem'];
    }
  }
  return undefined;
}

/** "f*ck", "sh*t", "c**t": a masked token matches a term of the same length with at least two letters shown. */
function matchMasked(loose: string): LexiconEntry | undefined {
  let shown = 0;
  for (const ch of loose) if (ch !== '*') shown++;
  if (shown < 2 || shown === loose.length || !/^[a-z*]+$/.test(loose) || loose[0] === '*') return undefined;
  const list = BY_LENGTH.get(loose.length);
  if (!list) return undefined;
  outer: for (const e of list) {
    for (let i = 0; i < loose.length; i++) if (loose[i] !== '*' && loose[i] !== e.term[i]) continue outer;
    return e;
  }
  return undefined;
}

/** Find every lexicon term in the comment. Phrases win over their words. */
export function scanLexicon(n: Normalised): LexiconHit[] {
  const hits: LexiconHit[] = [];
  const toks = n.tokens;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (PHRASE_FIRST.has(t.plain) || PHRASE_FIRST.has(t.loose)) {
      let key = t.loose;
      let best: [LexiconEntry, number] | undefined;
      for (let j = i + 1; j < toks.length && j < i + 4; j++) {
        key += ' ' + toks[j].loose;
        const e = PHRASES.get(key);
        if (e) best = [e, j];
      }
      if (best) {
        hits.push({ entry: best[0], first: i, last: best[1], start: t.start, end: toks[best[1]].end, via: 'exact' });
        i = best[1];
        continue;
      }
    }
    const found = lookupWord(t);
    if (found) hits.push({ entry: found[0], first: i, last: i, start: t.start, end: t.end, via: found[1] });
  }
  return hits;
}

export const LEXICON_SIZE = WORDS.size + PHRASES.size;
