/**
 * `npm run eval`: measures the whole pipeline (rules + model, default policy thresholds) on the held-out split of
 * every labelled set it can map, the identity-term templates (never trained on), the PII sets and the SMS set,
 * prints the tables and writes them into docs/moderation.md between the generated-section markers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CATEGORIES, type Category } from '../src/domain/moderation.ts';
import { analyse, NO_CONTEXT } from '../src/moderation/analysis.ts';
import { classifierScores } from '../src/moderation/phases/classifier.ts';
import { maxScores } from '../src/moderation/decide.ts';
import { DEFAULT_POLICY } from '../src/moderation/default-policy.ts';
import { moderate } from '../src/moderation/moderate.ts';
import { MODEL_CATEGORIES } from '../src/moderation/model.ts';
import { loadCorpus } from './moderation-corpus.ts';
import { spintaxSamples } from './moderation-synthetic.ts';
import { dataPath, readCsv, REPO_ROOT } from './moderation-data.ts';
import { templateRoles } from './train.ts';

const started = performance.now();
const policy = DEFAULT_POLICY;
// The pipeline's score per category; model scores below the phase's reporting floor are added back so that
// ROC-AUC ranks them instead of treating them all as ties at 0.
const scoreOf = (text: string) => {
  const s = maxScores(moderate({ text }, NO_CONTEXT, policy).labels);
  const m = classifierScores(analyse(text, NO_CONTEXT));
  MODEL_CATEGORIES.forEach((c, i) => { s[c] = Math.max(s[c], m[i]); });
  return s;
};
const threshold = (c: Category) => policy.categories[c].threshold;
// An identity-template sentence counts as flagged when any category that attacks people would hold it.
const TOXIC: Category[] = ['hate', 'violence', 'incivility', 'profanity', 'vulgarity'];
const toxicity = (s: Record<Category, number>) => Math.max(...TOXIC.map((c) => s[c] / threshold(c) * 0.5));

function auc(pos: number[], neg: number[]): number {
  if (!pos.length || !neg.length) return NaN;
  const all = [...pos.map((s) => [s, 1]), ...neg.map((s) => [s, 0])].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const avg = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1] === 1) rankSum += avg;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

interface Prf { n: number; pos: number; p: number; r: number; f1: number; auc: number; bestF1: number; bestT: number }
function prf(scores: number[], ys: number[], t: number): Prf {
  let tp = 0; let fp = 0; let fn = 0;
  const pos: number[] = []; const neg: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    const hit = scores[i] >= t;
    if (ys[i] === 1) { pos.push(scores[i]); if (hit) tp++; else fn++; } else { neg.push(scores[i]); if (hit) fp++; }
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  // The best F1 any single threshold would reach on this set: what a policy tuned for it could get.
  let bestF1 = 0;
  let bestT = t;
  for (let k = 5; k <= 95; k += 5) {
    const th = k / 100;
    let a = 0; let b = 0; let c = 0;
    for (let i = 0; i < ys.length; i++) { const hit = scores[i] >= th; if (ys[i] === 1) { if (hit) a++; else c++; } else if (hit) b++; }
    const f = (2 * a) / Math.max(1, 2 * a + b + c);
    if (f > bestF1) { bestF1 = f; bestT = th; }
  }
  return { n: ys.length, pos: pos.length, p, r, f1: (2 * p * r) / Math.max(1e-9, p + r), auc: auc(pos, neg), bestF1, bestT };
}
const f3 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));
const pct = (x: number) => (100 * x).toFixed(1) + ' %';
const md: string[] = [];
const out = (line = '') => { console.log(line); md.push(line); };

// 1. Held-out split of the labelled sets.
const held = loadCorpus().filter((e) => e.held);
const scored = held.map((e) => ({ e, s: scoreOf(e.text) }));
out('### Held-out split, per set and category');
out();
out(`Rows never trained on (20 % of every set by a hash of the text). Scores are the pipeline's (rules and model) at the default policy thresholds (${CATEGORIES.map((c) => `${c} ${threshold(c)}`).join(', ')}).`);
out();
out('| set | category | rows | positives | precision | recall | F1 | ROC-AUC | best F1 (threshold) |');
out('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const sets = [...new Set(held.map((e) => e.set))];
const pooled = new Map<string, { s: number[]; y: number[] }>();
for (const set of sets) {
  for (let c = 0; c < MODEL_CATEGORIES.length; c++) {
    const cat = MODEL_CATEGORIES[c];
    const rows = scored.filter(({ e }) => e.set === set && e.y[c] >= 0);
    const ys = rows.map(({ e }) => e.y[c]);
    if (!ys.includes(1) || !ys.includes(0)) continue;
    const ss = rows.map(({ s }) => s[cat]);
    const m = prf(ss, ys, threshold(cat));
    out(`| ${set} | ${cat} | ${m.n} | ${m.pos} | ${f3(m.p)} | ${f3(m.r)} | ${f3(m.f1)} | ${f3(m.auc)} | ${f3(m.bestF1)} (${m.bestT.toFixed(2)}) |`);
    if (set !== 'synthetic') {
      const pl = pooled.get(cat) ?? { s: [], y: [] };
      pl.s.push(...ss); pl.y.push(...ys);
      pooled.set(cat, pl);
    }
  }
}
for (const [cat, pl] of pooled) {
  const m = prf(pl.s, pl.y, threshold(cat as Category));
  out(`| **all public sets** | **${cat}** | ${m.n} | ${m.pos} | ${f3(m.p)} | ${f3(m.r)} | ${f3(m.f1)} | ${f3(m.auc)} | ${f3(m.bestF1)} (${m.bestT.toFixed(2)}) |`);
}
// "Pooled": the held-out rows of the named sets in one list, scored at the policy threshold (not an average of
// per-set F1). The first list is every set that carries hate labels, the second the three labelled for hate itself
// (the others label sexism or identity-attack spans).
const hate = MODEL_CATEGORIES.indexOf('hate');
for (const hateSets of [['fox-news', 'stormfront', 'davidson', 'edos', 'toxic-spans', 'reddit-misogyny'], ['fox-news', 'stormfront', 'davidson']]) {
  const rows = scored.filter(({ e }) => hateSets.includes(e.set) && e.y[hate] >= 0);
  const m = prf(rows.map(({ s }) => s.hate), rows.map(({ e }) => e.y[hate]), threshold('hate'));
  out(`| **hate sets pooled** (${hateSets.join(', ')}) | hate | ${m.n} | ${m.pos} | ${f3(m.p)} | ${f3(m.r)} | ${f3(m.f1)} | ${f3(m.auc)} | ${f3(m.bestF1)} (${m.bestT.toFixed(2)}) |`);
}
out();

// 2. Identity templates: false positives per identity term, on the half of the templates whose names and adjectives
// training never saw (train.ts uses non-toxic sentences of the other half as negatives).
const allTemplates = readCsv(',', 'perspective-bias-templates', 'en_sentence_templates.csv');
const roles = templateRoles(allTemplates);
const templates = allTemplates.filter((_, i) => roles[i] === 'eval');
const terms = [...new Set(templates.filter((r) => r.template === 'verb_adj').map((r) => r.phrase.split(' ').slice(1).join(' ')))].sort((a, b) => b.length - a.length);
const termOf = (phrase: string) => {
  const p = ' ' + phrase.toLowerCase() + ' ';
  return terms.find((t) => p.includes(' ' + t + ' ')) ?? '(occupation templates, no identity term)';
};
const tPos: number[] = []; const tNeg: number[] = [];
const perTerm = new Map<string, { n: number; fp: number }>();
const perFamily = new Map<string, { n: number; fp: number; tox: number; tp: number }>();
let fpAll = 0;
for (const r of templates) {
  const t = toxicity(scoreOf(r.phrase));
  const fam = perFamily.get(r.template) ?? { n: 0, fp: 0, tox: 0, tp: 0 };
  if (r.toxicity === 'toxic') { tPos.push(t); fam.tox++; if (t >= 0.5) fam.tp++; } else {
    tNeg.push(t);
    fam.n++;
    const term = termOf(r.phrase);
    const e = perTerm.get(term) ?? { n: 0, fp: 0 };
    e.n++;
    if (t >= 0.5) { e.fp++; fpAll++; fam.fp++; }
    perTerm.set(term, e);
  }
  perFamily.set(r.template, fam);
}
const worst = [...perTerm.entries()].sort((a, b) => b[1].fp / b[1].n - a[1].fp / a[1].n);
out('### Identity-term templates (bias)');
out();
out(`${templates.length} of the ${allTemplates.length} template sentences: those whose every name, adjective, occupation and verb is in the evaluated half of the words (${roles.filter((r) => r === 'train').length} sentences of the other half, the non-toxic ones, are training negatives; the rest mix both halves and are not used). A sentence is flagged when any of hate, violence, incivility, profanity or vulgarity reaches its threshold.`);
out();
out(`- False-positive rate on the ${tNeg.length} non-toxic sentences: **${pct(fpAll / tNeg.length)}** (goal ≤ 3 %); worst identity term: ${worst[0][0]} ${pct(worst[0][1].fp / worst[0][1].n)}; terms above 3 %: ${worst.filter(([, v]) => v.fp / v.n > 0.03).length} of ${worst.length}.`);
out(`- ROC-AUC toxic vs non-toxic: **${f3(auc(tPos, tNeg))}** (goal ≥ 0.95); recall on the toxic half: ${pct(tPos.filter((x) => x >= 0.5).length / tPos.length)}.`);
out();
out('| template family | non-toxic rows | false-positive rate | toxic rows | recall |');
out('| --- | ---: | ---: | ---: | ---: |');
for (const [f, v] of perFamily) out(`| ${f} | ${v.n} | ${pct(v.fp / Math.max(1, v.n))} | ${v.tox} | ${pct(v.tp / Math.max(1, v.tox))} |`);
out();
out('| identity term | non-toxic rows | false-positive rate |');
out('| --- | ---: | ---: |');
for (const [term, v] of worst) out(`| ${term} | ${v.n} | ${pct(v.fp / v.n)} |`);
out();

// 3. Wikipedia comments with identity terms swapped: the score should not move.
{
  const non = readCsv(',', 'perspective-bias-templates', 'toxicity_nonfuzzed_testset.csv');
  const fuz = readCsv(',', 'perspective-bias-templates', 'toxicity_fuzzed_testset.csv');
  const run = (rows: Record<string, string>[]) => {
    const pos: number[] = []; const neg: number[] = [];
    for (const r of rows) (r.toxic === 'True' ? pos : neg).push(toxicity(scoreOf(r.comment)));
    return { auc: auc(pos, neg), fpr: neg.filter((x) => x >= 0.5).length / neg.length };
  };
  const a = run(non); const b = run(fuz);
  out('### Identity terms swapped (Wikipedia comments, fuzzed vs original)');
  out();
  out('Never trained on (the Wikipedia comments are evaluation only); the fuzzed copy shows whether swapping identity terms moves scores.');
  out();
  out(`| file | ROC-AUC | false-positive rate |`);
  out(`| --- | ---: | ---: |`);
  out(`| original | ${f3(a.auc)} | ${pct(a.fpr)} |`);
  out(`| identity terms swapped | ${f3(b.auc)} | ${pct(b.fpr)} |`);
  out();
}

// 4. Doxing on the synthetic PII sets (never trained on: doxing is rules only).
{
  const DOX = new Set(['STREET_ADDRESS', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'US_SSN', 'US_DRIVER_LICENSE', 'CREDIT_CARD', 'IBAN_CODE', 'IP_ADDRESS']);
  const rows = JSON.parse(readFileSync(dataPath('presidio-pii-synth', 'synth_dataset_v2.json'), 'utf8')) as { full_text: string; spans: { entity_type: string }[] }[];
  let pos = 0; let tp = 0; let neg = 0; let fp = 0;
  const perType = new Map<string, { n: number; hit: number }>();
  const misses: string[] = [];
  const falsePos: string[] = [];
  for (const r of rows) {
    const hit = scoreOf(r.full_text).doxing >= threshold('doxing');
    const types = new Set(r.spans.map((s) => s.entity_type).filter((t) => DOX.has(t)));
    if (types.size > 0) {
      pos++; if (hit) tp++; else if (misses.length < 8) misses.push(r.full_text.slice(0, 100));
      for (const t of types) { const e = perType.get(t) ?? { n: 0, hit: 0 }; e.n++; if (hit) e.hit++; perType.set(t, e); }
    } else { neg++; if (hit) { fp++; if (falsePos.length < 8) falsePos.push(r.full_text.slice(0, 100)); } }
  }
  const pii = JSON.parse(readFileSync(dataPath('pii-anonymizer-synth', 'synthetic_data.json'), 'utf8')) as { data: { context: string; used_labels: string }[] };
  const PII_DOX = /\[(ADDRESS|PHONE|EMAIL|ACCOUNT|SSN|CREDIT_CARD|IBAN|IP_ADDRESS|PESEL|NIP|PASSPORT|DRIVER|LICENSE)/;
  let pPos = 0; let pTp = 0;
  for (const r of pii.data) {
    if (!PII_DOX.test(r.used_labels)) continue;
    pPos++;
    if (scoreOf(r.context).doxing >= threshold('doxing')) pTp++;
  }
  out('### Doxing (synthetic PII; doxing is decided by rules, so every row is unseen)');
  out();
  out(`| set | rows with personal data | recall | rows without | false-positive rate |`);
  out(`| --- | ---: | ---: | ---: | ---: |`);
  out(`| presidio-pii-synth | ${pos} | **${pct(tp / pos)}** | ${neg} | **${pct(fp / neg)}** |`);
  out(`| pii-anonymizer-synth (address, phone, email, account, id labels) | ${pPos} | ${pct(pTp / pPos)} | — | — |`);
  out();
  out('| presidio entity type | rows | recall |');
  out('| --- | ---: | ---: |');
  for (const [t, v] of perType) out(`| ${t} | ${v.n} | ${pct(v.hit / v.n)} |`);
  out();
  if (process.env.EVAL_VERBOSE) { console.log('misses', misses); console.log('false positives', falsePos); }
}

// 5. Confusion table on held-out rows with a single known label (or clean on every category).
{
  const cols = [...MODEL_CATEGORIES, 'profanity', 'doxing', 'none'] as string[];
  const table = new Map<string, Map<string, number>>();
  for (const { e, s } of scored) {
    const known = e.y.every((v) => v >= 0);
    const positives = MODEL_CATEGORIES.filter((_, i) => e.y[i] === 1);
    let truth: string | undefined;
    if (positives.length === 1) truth = positives[0];
    else if (positives.length === 0 && known) truth = 'none';
    if (!truth) continue;
    let pred = 'none';
    let best = 0;
    for (const c of CATEGORIES) {
      const ratio = s[c] / threshold(c);
      if (ratio >= 1 && ratio > best) { best = ratio; pred = c; }
    }
    const row = table.get(truth) ?? new Map<string, number>();
    row.set(pred, (row.get(pred) ?? 0) + 1);
    table.set(truth, row);
  }
  out('### Confusion table (held-out rows with one known label; predicted = the category furthest over its threshold)');
  out();
  out(`| true ↓ / predicted → | ${cols.join(' | ')} |`);
  out(`| --- | ${cols.map(() => '---:').join(' | ')} |`);
  for (const t of [...MODEL_CATEGORIES, 'none']) {
    const row = table.get(t);
    if (!row) continue;
    out(`| ${t} | ${cols.map((c) => row.get(c) ?? 0).join(' | ')} |`);
  }
  out();
}

// 6. Hand-written fixtures and comment spam the model never saw.
{
  const load = (name: string) => readFileSync(resolve(REPO_ROOT, 'test/moderation/fixtures', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; category?: string });
  const decisions = (name: string) => load(name).map((r) => ({ r, d: moderate({ text: r.text }, NO_CONTEXT, policy) }));
  const flagged = (name: string) => decisions(name).filter(({ r, d }) => d.action !== 'publish' && d.reasons.some((x) => x.category === r.category)).length;
  const published = decisions('hard-negatives.jsonl').filter(({ d }) => d.action === 'publish').length;
  const spintax = spintaxSamples();
  const caught = spintax.filter((t) => moderate({ text: t }, NO_CONTEXT, policy).action !== 'publish').length;
  out('### Hand-written fixtures and blog-comment spam');
  out();
  out('| set | rows | result |');
  out('| --- | ---: | --- |');
  out(`| threats (test/moderation/fixtures/threats.jsonl) | ${load('threats.jsonl').length} | ${flagged('threats.jsonl')} held or rejected for the category each row names (violence, hate, incivility or doxing) |`);
  out(`| doxing (test/moderation/fixtures/doxing.jsonl) | ${load('doxing.jsonl').length} | ${flagged('doxing.jsonl')} held or rejected as doxing |`);
  out(`| hate (test/moderation/fixtures/hate.jsonl: dehumanisation, exclusion, demeaning generalisations, tropes, calls to burn a mosque, on charged news) | ${load('hate.jsonl').length} | ${flagged('hate.jsonl')} held or rejected for the category each row names (hate or violence) |`);
  out(`| hard negatives (news, figures of speech, counter-speech, identity mentions, office numbers, Spanish, …) | ${load('hard-negatives.jsonl').length} | ${published} published |`);
  out(`| WordPress spintax praise spam (never trained on) | ${spintax.length} | ${caught} held (${pct(caught / spintax.length)}); generic praise without a link is left to readers' reports |`);
  out();
}

// 7. Jigsaw sample: a smoke test (101 rows).
{
  const rows = readCsv(',', 'jigsaw-toxic-sample', 'test_examples.csv');
  if (rows.length && 'comment_text' in rows[0]) {
    const ys = rows.map((r) => (['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'].some((k) => r[k] === '1') ? 1 : 0));
    const ss = rows.map((r) => toxicity(scoreOf(r.comment_text)));
    const m = prf(ss, ys, 0.5);
    out(`Jigsaw sample smoke test (any toxic label): ${m.n} rows, ${m.pos} toxic, precision ${f3(m.p)}, recall ${f3(m.r)}, ROC-AUC ${f3(m.auc)}.`);
    out();
  }
}
out(`_Generated by \`npm run eval\` in ${((performance.now() - started) / 1000).toFixed(0)} s._`);

const docPath = resolve(REPO_ROOT, 'docs/moderation.md');
const BEGIN = '<!-- eval:begin (generated by npm run eval; do not edit by hand) -->';
const END = '<!-- eval:end -->';
if (existsSync(docPath)) {
  const doc = readFileSync(docPath, 'utf8');
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a >= 0 && b > a) {
    writeFileSync(docPath, doc.slice(0, a + BEGIN.length) + '\n\n' + md.join('\n') + '\n' + doc.slice(b));
    console.log('updated docs/moderation.md');
  } else console.log('docs/moderation.md has no eval markers; tables printed only');
} else console.log('docs/moderation.md missing; tables printed only');
