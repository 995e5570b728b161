/**
 * The trained classifier: one calibrated logistic regression per category over hashed features of the
 * normalised text — word unigrams and bigrams plus character 3–5-grams inside words. Identity terms are masked
 * out of the features altogether, so the model cannot learn that naming a group is toxic.
 * The featuriser here is the one scripts/train.ts uses; the weights (src/moderation/model/weights.json and, for
 * hate, hate-weights.json) load once.
 */
import weightsDoc from './model/weights.json' with { type: 'json' };
import hateWeightsDoc from './model/hate-weights.json' with { type: 'json' };
import type { Category } from '../domain/moderation.ts';
import { IDENTITY_TERMS } from './identity.ts';
import { deElongate, type Normalised } from './normalise.ts';

export const MODEL_CATEGORIES = ['hate', 'violence', 'incivility', 'vulgarity', 'spam'] as const satisfies readonly Category[];
export const HASH_BITS = 18;
/**
 * Feature vectors are scaled by 1/√max(n, MIN_NORM): a four-word sentence would otherwise let one or two
 * ordinary words ("being", "fun") swing the score, which is where identity-template false positives came from.
 */
export const MIN_NORM = 60;
const MASK = (1 << HASH_BITS) - 1;
// Function words carry their meaning in the word and bigram features; their character n-grams only cost time.
const STOPWORDS = new Set(`the and for are but not you all any can had her was one our out has his how its may new now old
see two who did get him let put say she too use that with have this will your from they been were said each which their
there what about would these other could into more some than them then very when just also only over such most even
because those while where after before should being doing under again once here both same does like`.split(/\s+/));
const LATIN_WORD = /^[a-z0-9'*@$!|+-]+$/;

interface WeightsDoc {
  version: number;
  bits: number;
  categories: string[];
  bias: number[];
  scale: number[];
  calibration: [number, number][];
  /** base64 of int8 weights (times scale), one string per category. */
  weights: string[];
}

function h32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * The words the model sees: leet-mapped (only where letters dominate, so "£1.50" stays a price), de-elongated,
 * digits reduced to their shape. Identity terms are left out entirely: a masked placeholder token would itself
 * become the carrier of identity bias, because the hate sets mention groups far more often than other text.
 */
export function modelWords(n: Normalised): string[] {
  const words: string[] = [];
  for (const t of n.tokens) {
    // An empty word marks where a term was left out: no bigram may span it, or "is a </s>" in "Ling is a happy
    // lesbian" would carry exactly the identity signal the masking removes.
    if (IDENTITY_TERMS.has(t.plain) || IDENTITY_TERMS.has(t.loose)) { if (words[words.length - 1] !== GAP) words.push(GAP); continue; }
    let letters = 0;
    for (let i = 0; i < t.plain.length; i++) { const c = t.plain.charCodeAt(i); if (c >= 97 && c <= 122) letters++; }
    // Long numbers starting with 0 keep their first two digits: "09…" is a premium-rate line, "07…" a mobile.
    let w = letters * 2 >= t.plain.length ? t.loose
      : t.plain.length >= 10 && t.plain.charCodeAt(0) === 48 && /^\d+$/.test(t.plain) ? t.plain.slice(0, 2) + t.plain.slice(2).replace(/\d/g, '0')
        : t.plain.replace(/\d/g, '0');
    if (t.elongated) w = deElongate(w)[1];
    words.push(w);
  }
  return words;
}

const NO_GRAMS = new Int32Array(0);
// Words repeat across comments, so each word's character n-grams are computed once and kept (bounded).
const gramCache = new Map<string, Int32Array>();
const GRAM_CACHE_MAX = 50_000;

/** Hashed character 3-, 4- and 5-grams of "<word>" (none for short, function or non-Latin words). */
function charGrams(w: string): Int32Array {
  const cached = gramCache.get(w);
  if (cached) return cached;
  let grams = NO_GRAMS;
  // Character n-grams only for Latin-script words: the training data is almost all Latin, so n-grams of other
  // scripts would only ever land on hash buckets trained for something else (noise, e.g. on Korean names).
  if (w.length >= 3 && !STOPWORDS.has(w) && LATIN_WORD.test(w)) {
    const padded = '<' + w + '>';
    const L = padded.length;
    const list: number[] = [];
    // Hashed incrementally from each start: one pass, no substrings.
    for (let i = 0; i + 3 <= L; i++) {
      let h = 0x811c9dc5;
      const end = Math.min(L, i + 5);
      for (let k = i; k < end; k++) {
        h = Math.imul(h ^ padded.charCodeAt(k), 0x01000193);
        if (k - i >= 2) list.push((h >>> 0) & MASK);
      }
    }
    grams = Int32Array.from(list);
  }
  if (gramCache.size >= GRAM_CACHE_MAX) gramCache.clear();
  gramCache.set(w, grams);
  return grams;
}

const GAP = '';
const BOS = h32('<s>', 1);
const EOS = h32('</s>', 1);
const SHOUT = [h32('#caps1', 7) & MASK, h32('#caps2', 7) & MASK, h32('#capsR', 7) & MASK];

/** Shouted words (all capitals in the original, two letters or more): SMS promotions shout their keywords. */
function shouting(n: Normalised, out: number[]): void {
  let caps = 0;
  const o = n.original;
  for (const t of n.tokens) {
    let upper = 0;
    let lower = false;
    for (let i = t.start; i < t.end && !lower; i++) {
      const c = o.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++; else if (c >= 97 && c <= 122) lower = true;
    }
    if (upper >= 2 && !lower) caps++;
  }
  if (caps >= 1) out.push(SHOUT[0]);
  if (caps >= 2) out.push(SHOUT[1]);
  if (caps >= 3 && caps * 3 >= n.tokens.length) out.push(SHOUT[2]);
}

/** Hashed feature indices (with repeats) for a normalised comment. */
export function features(n: Normalised, out: number[] = []): number[] {
  out.length = 0;
  shouting(n, out);
  const words = modelWords(n);
  let prev = BOS;
  let joined = true;
  for (const w of words) {
    if (w === GAP) { joined = false; continue; }
    const hw = h32(w, 1);
    out.push(hw & MASK);
    if (joined) out.push(mix(prev, hw) & MASK);
    prev = hw;
    joined = true;
    const grams = charGrams(w);
    for (let i = 0; i < grams.length; i++) out.push(grams[i]);
  }
  if (joined) out.push(mix(prev, EOS) & MASK);
  return out;
}

// Two files: hate-weights.json derives from a share-alike set (CC BY-SA 3.0 ES, see its `licence`), weights.json
// from none; together they hold one model per MODEL_CATEGORIES entry.
const docs = [weightsDoc, hateWeightsDoc] as unknown as WeightsDoc[];
const K = MODEL_CATEGORIES.length;
const slot = MODEL_CATEGORIES.map((c) => {
  for (const d of docs) { const i = d.categories.indexOf(c); if (i >= 0 && d.bits === HASH_BITS) return { d, i }; }
  return undefined;
});
const READY = slot.every(Boolean);
const bias = slot.map((s) => (s ? s.d.bias[s.i] : 0));
const scale = slot.map((s) => (s ? s.d.scale[s.i] : 0));
const calibration = slot.map((s) => (s ? s.d.calibration[s.i] : [1, 0]));
// Interleaved [feature][category] so one feature's five weights share a cache line: one miss per feature, not
// five. int8 keeps the table at 1.3 MB; eval showed no measurable loss against int16.
const W = new Int8Array(READY ? K << HASH_BITS : 0);
if (READY) {
  slot.forEach((s, c) => {
    const buf = Buffer.from(s!.d.weights[s!.i], 'base64');
    const w = new Int8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let f = 0; f < w.length; f++) W[f * K + c] = w[f];
  });
}

export const MODEL_VERSION = weightsDoc.version;

const scratch: number[] = [];

/** Calibrated probability per MODEL_CATEGORIES entry (all 0 if no model has been trained yet). */
export function scoreText(n: Normalised): number[] {
  const scores = [0, 0, 0, 0, 0];
  if (!READY) return scores;
  const f = features(n, scratch);
  const norm = 1 / Math.sqrt(Math.max(MIN_NORM, f.length));
  let s0 = 0; let s1 = 0; let s2 = 0; let s3 = 0; let s4 = 0;
  for (let i = 0; i < f.length; i++) {
    const b = f[i] * K;
    s0 += W[b]; s1 += W[b + 1]; s2 += W[b + 2]; s3 += W[b + 3]; s4 += W[b + 4];
  }
  const sums = [s0, s1, s2, s3, s4];
  for (let c = 0; c < K; c++) {
    const z = bias[c] + sums[c] * scale[c] * norm;
    const [a, b] = calibration[c];
    scores[c] = 1 / (1 + Math.exp(-(a * z + b)));
  }
  return scores;
}
