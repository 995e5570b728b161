/**
 * Normalisation: folds a comment into views the phases match against, defeating the usual evasions
 * (NFKC, homoglyphs, invisible and bidi characters, leetspeak, separators, masking, elongation).
 * Invariant: every character of every view maps back to a [start, end) range of the ORIGINAL text,
 * so any span a phase reports can be quoted to the author and highlighted for a moderator.
 */
import type { Span } from '../domain/moderation.ts';

/** One word of the comment, in two spellings, with its place in the original text. */
export interface Token {
  /** Lowercased, folded spelling (no leet mapping): "sh1t" stays "sh1t". */
  plain: string;
  /** Aggressive spelling: leet mapped ("sh1t" → "shit"); '*' kept as a mask wildcard. */
  loose: string;
  /** The token was joined from single letters ("f.u.c.k", "s h i t"). */
  joined: boolean;
  /** The token contains an elongation (3+ of one letter in a row). */
  elongated: boolean;
  start: number;
  end: number;
}

export interface Normalised {
  original: string;
  /** Folded text: NFKC, lowercase, marks stripped, homoglyphs mapped, invisibles removed, whitespace unified. */
  plain: string;
  /** plain[i] came from original[starts[i] .. ends[i]). */
  starts: Int32Array;
  ends: Int32Array;
  tokens: Token[];
}

// Letters that look like Latin ones but NFKC leaves alone (UTS #39 confusables, the subset seen in evasion):
// Cyrillic, Greek, small capitals, IPA and a few others. Hand-written because the full confusables table is
// large and we only need the Latin targets.
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ӏ: 'l', һ: 'h', ԛ: 'q', ԝ: 'w', ь: 'b', ɡ: 'g', г: 'r', п: 'n',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y', η: 'n',
  ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
  ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
  ı: 'i', ȷ: 'j', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', ħ: 'h',
};

// Leetspeak: digits and symbols read as letters, applied only inside a token that already has letters.
const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
  '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't', '€': 'e', '£': 'l',
};

const INVISIBLE = /\p{Default_Ignorable_Code_Point}|[\u0000-\u0008\u000e-\u001f\u007f]/u;
const WHITE = /[\p{White_Space}\u2800]/u;
const MARK = /\p{M}/gu;

const foldCache = new Map<number, string>();

/** Fold one code point to its matching spelling ('' when it should vanish). */
function foldCodePoint(cp: number): string {
  const cached = foldCache.get(cp);
  if (cached !== undefined) return cached;
  let out: string;
  const ch = String.fromCodePoint(cp);
  if (INVISIBLE.test(ch)) out = '';
  else if (WHITE.test(ch)) out = ' ';
  else if (cp >= 0x1f170 && cp <= 0x1f189) out = String.fromCharCode(97 + cp - 0x1f170); // negative squared letters
  else if (cp >= 0x1f1e6 && cp <= 0x1f1ff) out = String.fromCharCode(97 + cp - 0x1f1e6); // regional indicators
  else {
    const lowered = ch.normalize('NFKC').toLowerCase();
    const bare = lowered.normalize('NFD').replace(MARK, '').normalize('NFC');
    out = '';
    for (const c of bare) out += CONFUSABLES[c] ?? (WHITE.test(c) ? ' ' : c);
  }
  // The cache is bounded by the alphabet a comment uses; cap it anyway against hostile input.
  if (foldCache.size < 20000) foldCache.set(cp, out);
  return out;
}

// ASCII fast path: most comments are ASCII, so precompute them once.
const ASCII_FOLD: string[] = [];
for (let c = 0; c < 128; c++) ASCII_FOLD.push(foldCodePoint(c));

function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 97 && c <= 122);
  return /\p{L}/u.test(ch);
}

// ASCII token characters (after folding): letters, digits, the leet symbols and the mask '*'.
const ASCII_TOKEN = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789@$!*|+') ASCII_TOKEN[ch.charCodeAt(0)] = 1;
const NON_ASCII_TOKEN = /[\p{L}\p{N}€£]/u;

/** Characters that may sit inside a token: letters, digits, the leet symbols and the mask '*'. */
function isTokenChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return ASCII_TOKEN[c] === 1;
  return NON_ASCII_TOKEN.test(ch);
}

// Separators allowed between spelled-out letters ("f.u.c.k", "s h i t", "b-i-t-c-h").
function isSpellSeparator(ch: string): boolean {
  return ch === ' ' || ch === '.' || ch === '-' || ch === '_' || ch === '*' || ch === ',' || ch === '/' || ch === '\\' || ch === '~';
}

interface RawToken {
  text: string;
  from: number; // index into plain
  to: number;
}

const LEET_CHARS = /[0-9@$!|+€£]/;

function leet(text: string): string {
  if (!LEET_CHARS.test(text)) return text;
  let hasLetter = false;
  for (const ch of text) if (isLetter(ch)) { hasLetter = true; break; }
  if (!hasLetter) return text;
  let out = '';
  for (const ch of text) out += LEET[ch] ?? ch;
  return out;
}

function hasElongation(s: string): boolean {
  for (let i = 2; i < s.length; i++) if (s[i] === s[i - 1] && s[i] === s[i - 2] && isLetter(s[i])) return true;
  return false;
}

// Edge characters that are punctuation or markdown rather than leet when they open or close a token.
function isEdgePunct(c: number): boolean {
  return c === 33 /* ! */ || c === 42 /* * */ || c === 43 /* + */ || c === 124 /* | */;
}

function tokenCharAt(plain: string, i: number): boolean {
  const c = plain.charCodeAt(i);
  if (c < 128) return ASCII_TOKEN[c] === 1;
  // The low half of a surrogate pair belongs to whatever its high half is.
  if (c >= 0xdc00 && c <= 0xdfff) { const h = plain.charCodeAt(i - 1); return h >= 0xd800 && h <= 0xdbff && isTokenChar(String.fromCodePoint(plain.codePointAt(i - 1)!)); }
  return isTokenChar(String.fromCodePoint(plain.codePointAt(i)!));
}

function scanTokens(plain: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  const n = plain.length;
  while (i < n) {
    if (!tokenCharAt(plain, i)) { i++; continue; }
    let j = i + 1;
    while (j < n && tokenCharAt(plain, j)) j++;
    let a = i;
    let b = j;
    while (a < b && isEdgePunct(plain.charCodeAt(a))) a++;
    while (b > a && isEdgePunct(plain.charCodeAt(b - 1))) b--;
    if (b > a) out.push({ text: plain.slice(a, b), from: a, to: b });
    i = j;
  }
  return out;
}

/**
 * Join runs of 3+ single-character tokens separated by short separator runs ("f.u.c.k" → "fuck").
 * Joined tokens only ever match whole lexicon words, so "a s s e s s" becomes "assess", never "ass".
 */
function joinSpelled(plain: string, raw: RawToken[]): { tok: RawToken; joined: boolean }[] {
  const out: { tok: RawToken; joined: boolean }[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i].text.length === 1) {
      let j = i;
      while (j + 1 < raw.length && raw[j + 1].text.length === 1 && gapIsSeparator(plain, raw[j].to, raw[j + 1].from)) j++;
      if (j - i + 1 >= 3) {
        let text = '';
        for (let k = i; k <= j; k++) text += raw[k].text;
        out.push({ tok: { text, from: raw[i].from, to: raw[j].to }, joined: true });
        i = j + 1;
        continue;
      }
    }
    out.push({ tok: raw[i], joined: false });
    i++;
  }
  return out;
}

function gapIsSeparator(plain: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 2) return false;
  for (let k = from; k < to; k++) if (!isSpellSeparator(plain[k])) return false;
  return true;
}

// Offsets of a plain-ASCII comment are the identity map; share one read-only table for all of them.
let IDENTITY = new Int32Array(0);
const PRINTABLE_ASCII = /^[\t\n\r\x20-\x7e]*$/;

function identityMap(len: number): Int32Array {
  if (IDENTITY.length < len + 1) {
    IDENTITY = new Int32Array(Math.max(len + 1, 4096));
    for (let i = 0; i < IDENTITY.length; i++) IDENTITY[i] = i;
  }
  return IDENTITY;
}

function tokensOf(original: string, plain: string, starts: Int32Array, ends: Int32Array): Token[] {
  const tokens: Token[] = [];
  for (const { tok, joined } of joinSpelled(plain, scanTokens(plain))) {
    tokens.push({
      plain: tok.text,
      loose: leet(tok.text),
      joined,
      elongated: hasElongation(tok.text),
      start: starts[tok.from],
      end: extendEnd(original, ends[tok.to - 1]),
    });
  }
  return tokens;
}

/** Normalise a comment. Pure and allocation-light: it runs on every comment. */
export function normalise(original: string): Normalised {
  const len = original.length;
  if (PRINTABLE_ASCII.test(original)) {
    // Fast path for most comments: lowercase and unify whitespace; offsets are the identity.
    const plain = original.toLowerCase().replace(/[\t\n\r]/g, ' ');
    const id = identityMap(len);
    const starts = id.subarray(0, len);
    const ends = id.subarray(1, len + 1);
    return { original, plain, starts, ends, tokens: tokensOf(original, plain, starts, ends) };
  }
  const startsBuf = new Int32Array(len * 2 + 4);
  const endsBuf = new Int32Array(len * 2 + 4);
  let plain = '';
  let p = 0;
  for (let i = 0; i < len; ) {
    const cp = original.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const folded = cp < 128 ? ASCII_FOLD[cp] : foldCodePoint(cp);
    if (folded.length > 0) {
      // A fold that grows (ß → ss, ligatures) can outrun the buffers; grow them if so.
      if (p + folded.length >= startsBuf.length) return normaliseSlow(original);
      for (let k = 0; k < folded.length; k++) {
        startsBuf[p] = i;
        endsBuf[p] = i + w;
        p++;
      }
      plain += folded;
    }
    i += w;
  }
  const starts = startsBuf.subarray(0, p);
  const ends = endsBuf.subarray(0, p);
  return { original, plain, starts, ends, tokens: tokensOf(original, plain, starts, ends) };
}

// Pathological input where folding more than doubles the length (e.g. a wall of ligatures): rare, so simple.
function normaliseSlow(original: string): Normalised {
  const s: number[] = [];
  const e: number[] = [];
  let plain = '';
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const folded = foldCodePoint(cp);
    for (let k = 0; k < folded.length; k++) { s.push(i); e.push(i + w); }
    plain += folded;
    i += w;
  }
  const starts = Int32Array.from(s);
  const ends = Int32Array.from(e);
  return { original, plain, starts, ends, tokens: tokensOf(original, plain, starts, ends) };
}

const TRAILING = /[\p{M}\p{Default_Ignorable_Code_Point}]/u;

/** Widen a span end over marks and invisibles that folded away, so a quote of "c̶a̶s̶i̶n̶o̶" keeps its last stroke. */
export function extendEnd(original: string, end: number): number {
  while (end < original.length && original.charCodeAt(end) >= 0x300) {
    const cp = original.codePointAt(end)!;
    const ch = String.fromCodePoint(cp);
    if (!TRAILING.test(ch)) break;
    end += ch.length;
  }
  return end;
}

/** Map a [from, to) range of the plain view back to the original text. */
export function toOriginal(n: Normalised, from: number, to: number): Span {
  if (to <= from) return [n.starts[from] ?? 0, n.starts[from] ?? 0];
  return [n.starts[from], extendEnd(n.original, n.ends[to - 1])];
}

/** Collapse elongations ("fuuuuck") to one and to two letters: both spellings are worth a lookup. */
export function deElongate(s: string): [string, string] {
  let one = '';
  let two = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (i > 0 && s[i - 1] === ch && isLetter(ch)) {
      if (i < 2 || s[i - 2] !== ch) two += ch;
      continue;
    }
    one += ch;
    two += ch;
  }
  return [one, two];
}

/** Fold a lexicon entry with the same rules as comments, so both sides meet in one spelling. */
export function foldTerm(term: string): string {
  let out = '';
  for (const ch of term) out += foldCodePoint(ch.codePointAt(0)!);
  return out.replace(/\s+/g, ' ').trim();
}
