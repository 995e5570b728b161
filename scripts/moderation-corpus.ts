/**
 * Loads every labelled set in ../shared/data that maps onto the model's categories (see the mapping table in
 * ../shared/data/README.md) into one list of examples. A label is 1, 0, or -1 when the set says nothing about
 * that category (a "not hateful" row may still be insulting). Each row is in the fixed held-out split or not
 * (isHeldOut, by a hash of its text); train.ts never sees held-out rows, eval.ts only scores them.
 */
import { readFileSync } from 'node:fs';
import { MODEL_CATEGORIES } from '../src/moderation/model.ts';
import { normalise } from '../src/moderation/normalise.ts';
import { scanLexicon } from '../src/moderation/lexicon.ts';
import { dataPath, isHeldOut, readCsv } from './moderation-data.ts';
import { syntheticExamples } from './moderation-synthetic.ts';

export type ModelCategory = (typeof MODEL_CATEGORIES)[number];
export interface Example {
  text: string;
  set: string;
  /** Per MODEL_CATEGORIES entry: 1, 0, or -1 (unknown). */
  y: number[];
  held: boolean;
}

const U = -1;
const idx = (c: ModelCategory) => MODEL_CATEGORIES.indexOf(c);

function make(text: string, set: string, labels: Partial<Record<ModelCategory, number>>, fill = U): Example {
  const y = MODEL_CATEGORIES.map((c) => labels[c] ?? fill);
  return { text, set, y, held: isHeldOut(text, set) };
}

// Screen names are never features (data README): drop @handles and the retweet marker.
function scrub(text: string): string {
  return text.replace(/@\w+:?/g, ' ').replace(/\bRT\b/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#\d+;/g, ' ').replace(/\s+/g, ' ').trim();
}

function hasVulgarTerm(text: string): boolean {
  return scanLexicon(normalise(text)).some((h) => h.entry.vulgarity && h.entry.score >= 0.5);
}

// Sexism-only sets (EDOS, the Reddit misogyny set) say nothing about racist or homophobic hate: a "not sexist" post
// calling someone a racial slur is not a hate-free example, so such rows carry no hate label rather than a 0.
function hasSlur(text: string): boolean {
  return scanLexicon(normalise(text)).some((h) => h.entry.hate && h.entry.score >= 0.5);
}

export function loadCorpus(options: { synthetic?: boolean } = {}): Example[] {
  const out: Example[] = [];
  const seen = new Set<string>();
  const push = (e: Example) => {
    if (!e.text || seen.has(e.text)) return;
    seen.add(e.text);
    out.push(e);
  };

  for (const r of readCsv(',', 'davidson-hate-offensive', 'labeled_data.csv')) {
    const text = scrub(r.tweet);
    const cls = r.class;
    const vulgar = hasVulgarTerm(text) ? 1 : U;
    if (cls === '0') push(make(text, 'davidson', { hate: 1, spam: 0 }));
    else if (cls === '1') push(make(text, 'davidson', { hate: 0, spam: 0, vulgarity: vulgar }));
    else if (cls === '2') push(make(text, 'davidson', {}, 0));
  }

  for (const line of readFileSync(dataPath('fox-news-comments', 'fox-news-comments.json'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text: string; label: number };
    push(make(scrub(r.text), 'fox-news', r.label === 1 ? { hate: 1, spam: 0 } : { hate: 0, violence: 0, spam: 0 }));
  }

  // Toxic Spans: per post, how many raters marked a span of each type.
  const comments = new Map(readCsv(',', 'toxic-spans', 'comments.csv').map((r) => [r.comment_id, r.comment_text]));
  const annComment = new Map<string, string>();
  const raters = new Map<string, number>();
  const notToxic = new Map<string, number>();
  for (const r of readCsv(',', 'toxic-spans', 'annotations.csv')) {
    annComment.set(r.annotation, r.comment_id);
    raters.set(r.comment_id, (raters.get(r.comment_id) ?? 0) + 1);
    if (r['not toxic'] === 'True') notToxic.set(r.comment_id, (notToxic.get(r.comment_id) ?? 0) + 1);
  }
  const typeCount = new Map<string, Map<string, Set<string>>>();
  for (const r of readCsv(',', 'toxic-spans', 'spans.csv')) {
    const cid = annComment.get(r.annotation);
    if (!cid) continue;
    const t = r.type.startsWith('Insu') ? 'Insult' : r.type.startsWith('Identity') ? 'Identity' : r.type.startsWith('Threat') ? 'Threat' : r.type.startsWith('Profane') ? 'Profane' : 'Other';
    const m = typeCount.get(cid) ?? new Map<string, Set<string>>();
    const s = m.get(t) ?? new Set<string>();
    s.add(r.annotation);
    m.set(t, s);
    typeCount.set(cid, m);
  }
  for (const [cid, text] of comments) {
    const n = raters.get(cid) ?? 0;
    if (n === 0 || !text) continue;
    const m = typeCount.get(cid);
    const lab = (t: string) => {
      const k = m?.get(t)?.size ?? 0;
      if (k === 0) return 0;
      return k >= 2 || k / n >= 0.5 ? 1 : U;
    };
    const majorityClean = (notToxic.get(cid) ?? 0) * 2 > n;
    const profane = lab('Profane');
    push(make(text, 'toxic-spans', {
      violence: lab('Threat'),
      hate: lab('Identity'),
      incivility: lab('Insult'),
      vulgarity: profane === 1 ? (hasVulgarTerm(text) ? 1 : U) : majorityClean ? 0 : profane === 0 ? 0 : U,
      spam: 0,
    }));
  }

  for (const r of readCsv(',', 'stormfront-hate', 'stormfront_sentences.csv')) {
    if (r.label === 'hate' || r.label === 'relation') push(make(r.text, 'stormfront', { hate: 1, spam: 0 }));
    else if (r.label === 'noHate') push(make(r.text, 'stormfront', { hate: 0, spam: 0 }));
  }

  for (const r of readCsv(',', 'edos-sexism', 'edos_labelled_aggregated.csv')) {
    const text = r.text.replace(/\[(USER|URL)\]/g, ' ').trim();
    const v = r.label_vector.slice(0, 3);
    if (r.label_sexist === 'not sexist') push(make(text, 'edos', { hate: hasSlur(text) ? U : 0, violence: 0, spam: 0, vulgarity: hasVulgarTerm(text) ? U : 0 }));
    else if (v === '1.1' || v === '1.2') push(make(text, 'edos', { violence: 1, spam: 0, vulgarity: v === '1.2' ? U : U }));
    else if (v === '2.2' || v === '3.1') push(make(text, 'edos', { incivility: 1, violence: 0, spam: 0 }));
    else if (v === '2.3') push(make(text, 'edos', { hate: 1, vulgarity: 1, violence: 0, spam: 0 }));
    else if (['2.1', '3.2', '4.1', '4.2'].includes(v)) push(make(text, 'edos', { hate: 1, violence: 0, spam: 0 }));
  }

  for (const r of readCsv('\t', 'sms-spam', 'SMSSpamCollection.tsv')) {
    if (r.Label === 'spam') push(make(r.SMS, 'sms-spam', { spam: 1 }));
    else if (r.Label === 'ham') push(make(r.SMS, 'sms-spam', { spam: 0 }));
  }

  for (const r of readCsv(',', 'reddit-misogyny-guest', 'final_labels.csv')) {
    if (!r.body || r.body === '[deleted]' || r.body === '[removed]') continue;
    const l2 = r.level_2;
    const l3 = r.level_3;
    if (l2 === 'None_of_the_categories' || l2 === 'Counter_speech') push(make(r.body, 'reddit-misogyny', { hate: hasSlur(r.body) ? U : 0, violence: 0, incivility: 0, spam: 0 }));
    else if (l3.startsWith('Threatening_Physical')) push(make(r.body, 'reddit-misogyny', { violence: 1, spam: 0 }));
    else if (l3.startsWith('Threatening_Sexual')) push(make(r.body, 'reddit-misogyny', { violence: 1, vulgarity: 1, spam: 0 }));
    else if (l2.endsWith('personal_attack')) push(make(r.body, 'reddit-misogyny', { incivility: 1, spam: 0 }));
    else if (l2 === 'Derogation' || l2 === 'Treatment') push(make(r.body, 'reddit-misogyny', { hate: 1, spam: 0 }));
    else if (l2 === 'Misogynistic_pejorative') push(make(r.body, 'reddit-misogyny', { incivility: 1, spam: 0 }));
  }

  for (const file of ['goldstd_protests.csv', 'goldstd_Convention.csv']) {
    for (const r of readCsv(',', 'es-toxicity-tdl', file)) {
      const text = r.text.replace(/@\w+/g, ' ').replace(/https?:\/\/\S+/g, ' ').trim();
      if (r.coder_1 === '1' && r.coder_2 === '1') push(make(text, 'es-toxicity', { incivility: 1, spam: 0 }));
      else if (r.coder_1 === '0' && r.coder_2 === '0') push(make(text, 'es-toxicity', {}, 0));
    }
  }

  for (const r of readCsv(',', 'perspective-bias-templates', 'toxicity_nonfuzzed_testset.csv')) {
    if (r.toxic === 'True') push(make(r.comment, 'wiki-toxicity', { incivility: 1, spam: 0 }));
    else if (r.toxic === 'False') push(make(r.comment, 'wiki-toxicity', {}, 0));
  }

  if (options.synthetic !== false) for (const e of syntheticExamples()) push(make(e.text, 'synthetic', e.labels));
  return out;
}

export { idx };
