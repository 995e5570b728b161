/**
 * `npm run train`: rebuilds the lexicon (src/moderation/lexicon/terms.json) and trains the classifier from
 * ../shared/data. Deterministic: fixed seed, fixed held-out split (never trained on), fixed calibration split.
 * Per category: logistic regression with AdaGrad over the hashed features of src/moderation/model.ts, then Platt
 * scaling on the calibration rows, shifted so that a score of 0.5 is the best operating point there (the default
 * policy's threshold) and a comment with no evidence scores at most 0.2. The hate model, trained partly on the Stormfront sentences (CC BY-SA 3.0 ES), is written to
 * its own file, src/moderation/model/hate-weights.json, under that licence; weights.json derives from no share-alike text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fnv1a, readCsv, REPO_ROOT, rng } from './moderation-data.ts';

const SEED = 20260311;
const EPOCHS = 5;
// Spam's model is still improving after five passes (5-fold cross-validation on the training SMS rows: F1 0.948 →
// 0.952, precision 0.982 → 0.992); the other categories are not (hate's calibration-split F1 drops).
const EPOCHS_BY_CATEGORY: Record<string, number> = { spam: 10 };
// Hate's weights are the average of five runs over different shuffles of its rows. One run's weights depended on the
// order it met the rows in: with three seeds, 3, 0 and 2 of the same 50 civil sentences about charged news were held.
const RUNS_BY_CATEGORY: Record<string, number> = { hate: 5 };
const ETA = 0.2;
const L2 = 1e-6;
// Percent of rows kept from sets without positives for the category; spam's positives are nearly all SMS, whose
// casual style the model would otherwise learn as the spam signal (SMS ham then looks like spam).
const NEGATIVE_ONLY_PERCENT: Record<string, number> = { hate: 10, violence: 10, incivility: 10, vulgarity: 10, spam: 3 };
// The Wikipedia comments (CC BY-SA 3.0) are evaluation only. The Stormfront sentences (CC BY-SA 3.0 ES) train the
// hate model only, so share-alike applies to hate-weights.json and to nothing else.
const EVAL_ONLY = new Set(['wiki-toxicity']);
const HATE_ONLY = new Set(['stormfront']);
const MIN_ROWS = 5;
const EMPTY_SCORE = 0.2;

interface Row { text: string; set: string; y: number[] }

// Words of the identity templates that only give them their shape; every other word (a name, an adjective, an
// occupation, a verb) decides which half of the templates a sentence falls in.
const TEMPLATE_FRAME = new Set(['being', 'is', 'a', 'an', 'you', 'are', 'i', 'am']);

/**
 * The identity templates are split by their words, not by sentence: a template trains only if every name and
 * adjective in it is in the training half, and is evaluated only if none is. The evaluated sentences therefore
 * share nothing with the trained ones but their frame and their identity term.
 */
export function templateRoles(rows: Record<string, string>[]): ('train' | 'eval' | 'neither')[] {
  const terms = [...new Set(rows.filter((r) => r.template === 'verb_adj').map((r) => r.phrase.split(' ').slice(1).join(' ')))]
    .sort((a, b) => b.length - a.length);
  return rows.map((r) => {
    let p = ' ' + r.phrase.toLowerCase() + ' ';
    for (const t of terms) p = p.replaceAll(' ' + t + ' ', '  ');
    const words = p.split(' ').filter((w) => w && !TEMPLATE_FRAME.has(w));
    if (words.length === 0) return 'eval';
    const inTraining = words.filter((w) => fnv1a('template:' + w) % 2 === 0).length;
    return inTraining === words.length ? 'train' : inTraining === 0 ? 'eval' : 'neither';
  });
}

/**
 * Sentences written for this model: what a reader writes to moderators and to other readers in the first person
 * without threatening anyone ("I will behave", "we are going to vote him out"). The threats the model learns from
 * are mostly "I will / we are going to + harm", so without these "I will" itself reads as a threat.
 */
export function writtenExamples(): { text: string; labels: Record<string, number> }[] {
  const r = rng(SEED + 101);
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const OPENING = ['Sorry about that.', 'Please unblock me.', 'Please let me post again.', 'Can you lift the ban?', 'Okay, understood.',
    'Fair enough, moderators.', 'My apologies to everyone.', 'Lesson learned.', 'Thanks for the warning.', 'Point taken.', 'Give me another chance.',
    'Please reinstate my account.', 'I was out of line.', 'Noted.', 'I get it now.', 'Restore my comments please.'];
  const SUBJECT = ['I will', "I'll", "I'm going to", 'I am going to', 'We will', "We're going to", 'I promise to', 'From now on I will',
    "I'm gonna", 'Next time I will', 'I want to', 'I would love to', 'We need to', 'Someone should'];
  const PLAN = ['behave', 'be polite', 'keep it civil', 'follow the rules', 'read the guidelines first', 'watch my language', 'stay on topic',
    'be more careful', 'think before I post', 'respect the other readers', 'keep my comments short', 'vote for her', 'vote him out',
    'write to the council', 'call my representative', 'go to the hearing', 'sign the petition', 'read the full report',
    'donate to the shelter', 'fix the fence', 'walk the dog', 'ask the mayor about it', 'bring this up at the meeting',
    'check the numbers again', 'come back tomorrow', 'share this with my neighbours', 'subscribe to the paper', 'support the library',
    'run for the school board', 'volunteer at the food bank', 'beat them in the next election', 'shoot the parade for the yearbook',
    'kill some time at the museum', 'burn the old drafts', 'cut the grass before it rains', 'hang the flag on Monday'];
  const TAIL = ['.', ' from now on.', ', I promise.', ' next time.', ' this week.', ' tomorrow.', ', you have my word.', ' and apologise.', '!', ' again.'];
  const out: { text: string; labels: Record<string, number> }[] = [];
  const clean = { hate: 0, violence: 0, incivility: 0, vulgarity: 0, spam: 0 };
  for (let k = 0; k < 600; k++) {
    const body = `${pick(SUBJECT)} ${pick(PLAN)}${pick(TAIL)}`;
    out.push({ text: r() < 0.5 ? `${pick(OPENING)} ${body}` : body, labels: clean });
  }
  // Remembrance and history name the worst violence against groups; the Stormfront sentences teach the model the
  // vocabulary of denial, so it must also see the vocabulary of remembrance used plainly.
  const EVENTS = ['the Holocaust', 'the Armenian genocide', 'slavery', 'the Srebrenica massacre', 'the Rwandan genocide',
    'the internment camps', 'the Nanjing massacre', 'segregation', 'the pogroms', 'the Trail of Tears', 'the Shoah', 'apartheid'];
  const FRAMES = ['My grandmother survived {e} and told us about it every year.', 'Our class visited a museum about {e} last week.',
    'Denying {e} insults the victims and their families.', 'The new memorial to the victims of {e} opens on Sunday.',
    'We teach our children about {e} so that it never happens again.', 'The documentary about {e} was hard to watch but important.',
    'Historians have documented {e} in great detail.', 'The survivors of {e} deserve to be heard.',
    'Names of those killed in {e} will be read aloud at the library.', 'The article on {e} was careful and fair.'];
  for (const e of EVENTS) for (const f of FRAMES) out.push({ text: f.replace('{e}', e), labels: clean });
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  const { writeLexicon } = await import('./moderation-lexicon.ts');
  const lexiconSize = writeLexicon();
  console.log(`lexicon: ${lexiconSize} terms → src/moderation/lexicon/terms.json`);

  // Loaded after the lexicon is written: the corpus uses the fresh lexicon for weak vulgarity labels.
  const { loadCorpus } = await import('./moderation-corpus.ts');
  const { features, HASH_BITS, MIN_NORM, MODEL_CATEGORIES } = await import('../src/moderation/model.ts');
  const { normalise } = await import('../src/moderation/normalise.ts');
  const { isHeldOut } = await import('./moderation-data.ts');
  const DIM = 1 << HASH_BITS;
  const K = MODEL_CATEGORIES.length;
  const label = (labels: Record<string, number>) => MODEL_CATEGORIES.map((c) => labels[c] ?? -1);

  const templates = readCsv(',', 'perspective-bias-templates', 'en_sentence_templates.csv');
  const roles = templateRoles(templates);
  const templateText = new Set(templates.map((t) => t.phrase.toLowerCase().replace(/[.!]+$/, '')));
  // No training sentence may repeat an evaluated template (the generated sentences use the same frames).
  const isTemplate = (text: string) => templateText.has(text.toLowerCase().replace(/[.!]+$/, ''));

  const corpus: Row[] = loadCorpus().filter((e) => !e.held && !EVAL_ONLY.has(e.set) && !isTemplate(e.text));
  for (const e of writtenExamples()) if (!isHeldOut(e.text)) corpus.push({ text: e.text, set: 'written', y: label(e.labels) });
  templates.forEach((t, i) => {
    if (roles[i] === 'train' && t.toxicity === 'nontoxic') corpus.push({ text: t.phrase, set: 'templates', y: label({ hate: 0, violence: 0, incivility: 0, vulgarity: 0, spam: 0 }) });
  });
  console.log(`training rows: ${corpus.length} (held-out rows and evaluated templates excluded)`);

  // Featurise once into one flat array.
  const offsets = new Int32Array(corpus.length + 1);
  const chunks: Int32Array[] = [];
  let total = 0;
  const buf: number[] = [];
  for (let i = 0; i < corpus.length; i++) {
    features(normalise(corpus[i].text), buf);
    chunks.push(Int32Array.from(buf));
    total += buf.length;
    offsets[i + 1] = total;
  }
  const feats = new Int32Array(total);
  for (let i = 0; i < chunks.length; i++) feats.set(chunks[i], offsets[i]);
  chunks.length = 0;
  const isCal = corpus.map((e) => fnv1a('cal:' + e.text) % 10 === 0);
  console.log(`features: ${total} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const margin = (w: Float64Array, b: number, i: number) => {
    const from = offsets[i];
    const to = offsets[i + 1];
    const x = 1 / Math.sqrt(Math.max(MIN_NORM, to - from));
    let s = 0;
    for (let k = from; k < to; k++) s += w[feats[k]];
    return b + s * x;
  };

  interface Trained { w: Float64Array; b: number; calibration: [number, number]; note: string }

  function trainCategory(c: number): Trained {
    const cat = MODEL_CATEGORIES[c];
    const rows: number[] = [];
    const cal: number[] = [];
    let pos = 0;
    let neg = 0;
    // A set with no positives for this category only says "ordinary text of another kind is not this"; thousands
    // of such rows drown the sets that do carry positives (the model then learns their style), so cap them.
    const positivesBySet = new Map<string, number>();
    for (const e of corpus) if (e.y[c] === 1) positivesBySet.set(e.set, (positivesBySet.get(e.set) ?? 0) + 1);
    const keep = (i: number) => (cat === 'hate' || !HATE_ONLY.has(corpus[i].set))
      && (positivesBySet.has(corpus[i].set) || fnv1a(`neg:${c}:` + corpus[i].text) % 100 < NEGATIVE_ONLY_PERCENT[cat]);
    for (let i = 0; i < corpus.length; i++) {
      const y = corpus[i].y[c];
      if (y < 0 || !keep(i)) continue;
      if (isCal[i]) { cal.push(i); continue; }
      rows.push(i);
      if (y === 1) pos++; else neg++;
    }
    // Buckets seen in fewer than MIN_ROWS of this category's training rows keep a zero weight: a name or typo met
    // twice in the hate sets would otherwise carry that set's label into every comment that mentions it. Counted per
    // category, so rows added for one category cannot move another's model.
    const rowsWith = new Int32Array(DIM);
    const lastRow = new Int32Array(DIM).fill(-1);
    for (const i of rows) {
      for (let k = offsets[i]; k < offsets[i + 1]; k++) { const f = feats[k]; if (lastRow[f] !== i) { lastRow[f] = i; rowsWith[f]++; } }
    }
    // Rare categories (violence) would otherwise be learned as "never": weight positives up, but not so far that
    // the style of the few positive sources (SMS for spam) is learned instead of their content.
    const posWeight = Math.max(1, Math.min(4, (0.33 * neg) / Math.max(1, pos)));
    // Several runs over different shuffles, weights averaged (RUNS_BY_CATEGORY).
    const runs = RUNS_BY_CATEGORY[cat] ?? 1;
    const w = new Float64Array(DIM);
    let b = 0;
    for (let run = 0; run < runs; run++) {
      const wr = new Float64Array(DIM);
      const G = new Float64Array(DIM);
      let br = 0;
      let Gb = 0;
      const rand = rng(SEED + c + 1000 * run);
      const order = rows.slice();
      for (let epoch = 0; epoch < (EPOCHS_BY_CATEGORY[cat] ?? EPOCHS); epoch++) {
        for (let k = order.length - 1; k > 0; k--) {
          const j = Math.floor(rand() * (k + 1));
          [order[k], order[j]] = [order[j], order[k]];
        }
        for (const i of order) {
          const y = corpus[i].y[c];
          const from = offsets[i];
          const to = offsets[i + 1];
          const x = 1 / Math.sqrt(Math.max(MIN_NORM, to - from));
          const p = sigmoid(margin(wr, br, i));
          const g = (p - y) * (y === 1 ? posWeight : 1);
          for (let k = from; k < to; k++) {
            const f = feats[k];
            if (rowsWith[f] < MIN_ROWS) continue;
            const gi = g * x + L2 * wr[f];
            G[f] += gi * gi;
            wr[f] -= (ETA * gi) / Math.sqrt(G[f] + 1e-8);
          }
          Gb += g * g;
          br -= (ETA * g) / Math.sqrt(Gb + 1e-8);
        }
      }
      for (let f = 0; f < DIM; f++) w[f] += wr[f] / runs;
      b += br / runs;
    }
    // Platt scaling on the calibration rows (never used for fitting the weights).
    const zs = cal.map((i) => margin(w, b, i));
    const ys = cal.map((i) => corpus[i].y[c]);
    let A = 1;
    let B = 0;
    for (let it = 0; it < 500; it++) {
      let gA = 0;
      let gB = 0;
      for (let k = 0; k < zs.length; k++) {
        const d = sigmoid(A * zs[k] + B) - ys[k];
        gA += d * zs[k];
        gB += d;
      }
      A -= (0.5 * gA) / zs.length;
      B -= (0.5 * gB) / zs.length;
    }
    // Move the best threshold on the calibration rows to 0.5: F1 for vulgarity and spam; F0.5 — precision first —
    // for hate, violence and incivility, because silencing civil speech on charged stories is the worse failure.
    // (Calibrated for F1, hate's held-out F1 rose by about 0.03, but the identity templates' false-positive rate
    // swung between 1 % and 6 % with small changes to the training rows, and civil sentences about groups and their
    // history reached the new-commenter rule's 0.4.)
    // When a run of thresholds ties for the best (a calibration split the model separates cleanly, as SMS spam's
    // is), take the middle of the run rather than its low end, which would put every score just past the last
    // negative over the line.
    const beta2 = ['vulgarity', 'spam'].includes(cat) ? 1 : 0.25;
    let bestF = -1;
    let lo = 0.5;
    let hi = 0.5;
    let runOpen = false;
    for (let t = 0.05; t <= 0.951; t += 0.01) {
      let tp = 0; let fp = 0; let fn = 0;
      for (let k = 0; k < zs.length; k++) {
        const p = sigmoid(A * zs[k] + B) >= t;
        if (p && ys[k] === 1) tp++; else if (p) fp++; else if (ys[k] === 1) fn++;
      }
      const f = ((1 + beta2) * tp) / Math.max(1, (1 + beta2) * tp + beta2 * fn + fp);
      if (f > bestF + 1e-12) { bestF = f; lo = hi = t; runOpen = true; }
      else if (runOpen && Math.abs(f - bestF) <= 1e-12) hi = t;
      else runOpen = false;
    }
    const best = (lo + hi) / 2;
    B -= Math.log(best / (1 - best));
    // Second anchor: a comment with no evidence at all (no features, the bias alone) must score at most the
    // classifier phase's reporting floor, 0.2. Calibrated for F1 on rare classes, the prior alone otherwise sits
    // near 0.4, and a sentence made of identity terms and function words ("Trans women are women.") would reach
    // the new-commenter rule. Scaling the logit keeps the operating point at 0.5.
    const empty = A * b + B;
    if (empty < 0 && sigmoid(empty) > EMPTY_SCORE) {
      const k = Math.log(EMPTY_SCORE / (1 - EMPTY_SCORE)) / empty;
      A *= k;
      B *= k;
    }
    const note = `${cat}: ${pos} positive / ${neg} negative rows, positive weight ${posWeight.toFixed(2)}, calibration F${beta2 === 1 ? '1' : '0.5'} ${bestF.toFixed(3)} at raw threshold ${best.toFixed(2)}`;
    return { w, b, calibration: [A, B], note };
  }

  const trained: Trained[] = [];
  for (let c = 0; c < K; c++) {
    const t = trainCategory(c);
    console.log(t.note);
    trained.push(t);
  }

  // Quantised to int8 per category; eval measured no loss against int16.
  const dir = resolve(REPO_ROOT, 'src/moderation/model');
  mkdirSync(dir, { recursive: true });
  const write = (file: string, cats: number[], trainedOn: string, licence?: string) => {
    const doc = {
      version: 3,
      bits: HASH_BITS,
      categories: cats.map((c) => MODEL_CATEGORIES[c]),
      trainedOn,
      ...(licence ? { licence } : {}),
      bias: cats.map((c) => trained[c].b),
      scale: [] as number[],
      calibration: cats.map((c) => trained[c].calibration),
      weights: [] as string[],
    };
    for (const c of cats) {
      let max = 0;
      for (const v of trained[c].w) max = Math.max(max, Math.abs(v));
      const s = max / 127 || 1;
      const q = new Int8Array(DIM);
      for (let i = 0; i < DIM; i++) q[i] = Math.round(trained[c].w[i] / s);
      doc.scale.push(s);
      doc.weights.push(Buffer.from(q.buffer).toString('base64'));
    }
    writeFileSync(resolve(dir, file), JSON.stringify(doc) + '\n');
  };
  const hate = MODEL_CATEGORIES.indexOf('hate');
  const others = MODEL_CATEGORIES.map((_, c) => c).filter((c) => c !== hate);
  write('weights.json', others, 'scripts/train.ts over ../shared/data, no share-alike sets (see docs/moderation.md for sets, licences and the held-out split)');
  write('hate-weights.json', [hate], 'scripts/train.ts over ../shared/data including the Stormfront sentences of de Gibert et al. 2018 (see docs/moderation.md)',
    'CC BY-SA 3.0 ES: derived from "Hate Speech Dataset from a White Supremacy Forum" (de Gibert, Pérez, García-Pablos, Cuadros, 2018; Vicomtech), https://github.com/Vicomtech/hate-speech-dataset');
  console.log(`model → src/moderation/model/weights.json, hate-weights.json in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
