/**
 * `npm run bench -- moderation`: the whole moderation pipeline versus obscenity's English preset alone, on the
 * same 20,000 generated comments (50–600 characters: clean, profane, obfuscated, with personal data, with links),
 * one core, one process. Prints comments/s and p50/p99 µs per comment for both, and the throughput ratio.
 * Comments come from a seeded generator, so every run measures the same text.
 */
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { NO_CONTEXT } from '../src/moderation/analysis.ts';
import { DEFAULT_POLICY } from '../src/moderation/default-policy.ts';
import { moderate } from '../src/moderation/moderate.ts';
import { prng } from './_support.ts';

const COUNT = 20_000;

const rng = prng;

const CLEAN = ['The council voted five to two on the budget after a long debate.', 'I grew up near the river and the flooding has got worse every spring.',
  'Thanks for covering this, the local paper never does.', 'Is there a link to the full report?', 'My grandmother worked at that mill for thirty years.',
  'The new bus schedule makes no sense for people who work night shifts.', 'As a Muslim immigrant from Tajikistan, I found this article fair.',
  'The attack killed 12 people, police said, and the gunman was arrested.', 'This policy will kill small towns like ours.',
  'I disagree with the mayor, but she has been honest about the costs.', 'Prices at the market went up again this week.',
  'No estoy de acuerdo con el alcalde, pero respeto su opinión.', 'Call the mayor\'s office at 415-554-6141 if you want to complain.'];
const PROFANE = ['This is fucking ridiculous.', 'What a load of shit.', 'You are an idiot and a jackass.', 'Damn, that bastard lied again.', 'Kiss my ass, council.'];
const OBFUSCATED = ['f.u.c.k this plan', 'what a pile of sh1t', 'you absolute @ssh0le', 'f*ck the council', 's h i t show', 'ѕhіt', 'fuuuuuck off', 'ｆｕｃｋ'];
const PERSONAL = ['He lives at 42 Elm Street, go to his house.', 'Her cell is 905-674-3793, call her.', 'Email him at jsmith1984@gmail.com and tell him.',
  'His SSN is 460-89-9847 lol.', 'Her plate number is 7ABC123, she parks on Main.'];
const LINKS = ['Check out my channel at https://example.com/watch?v=abc', 'Earn $500 a day from home: www.quick-cash.biz', 'Source: https://www.census.gov/data.html',
  'visit cheapmeds dot com for deals', 'bit.ly/3xYz12 free gift inside'];

function comment(r: () => number): string {
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)];
  const kind = r();
  const target = 50 + Math.floor(r() * 550);
  let s = '';
  while (s.length < target) {
    const x = r();
    const pool = kind < 0.5 ? CLEAN : x < 0.6 ? CLEAN : kind < 0.65 ? PROFANE : kind < 0.8 ? OBFUSCATED : kind < 0.9 ? PERSONAL : LINKS;
    s += (s ? ' ' : '') + pick(pool);
  }
  return s.slice(0, target);
}

const r = rng(42);
const comments = Array.from({ length: COUNT }, () => comment(r));

interface Result { perSec: number; p50: number; p99: number }

/**
 * Both contenders run over the same comments in alternating chunks of 1,000, so a burst of load from anything else
 * on the machine lands on both rather than on whichever happened to run second.
 */
function race(contenders: [string, (text: string) => unknown][]): Result[] {
  for (const [, fn] of contenders) for (let i = 0; i < 2000; i++) fn(comments[i]); // warm up the JIT
  const times = contenders.map(() => new Float64Array(COUNT));
  const totals = contenders.map(() => 0);
  const CHUNK = 1000;
  for (let from = 0; from < COUNT; from += CHUNK) {
    contenders.forEach(([, fn], c) => {
      const t0 = performance.now();
      for (let i = from; i < from + CHUNK; i++) {
        const a = performance.now();
        fn(comments[i]);
        times[c][i] = performance.now() - a;
      }
      totals[c] += performance.now() - t0;
    });
  }
  return contenders.map(([name], c) => {
    const t = times[c].sort();
    const res = { perSec: COUNT / (totals[c] / 1000), p50: t[Math.floor(COUNT * 0.5)] * 1000, p99: t[Math.floor(COUNT * 0.99)] * 1000 };
    console.log(`${name.padEnd(34)} ${res.perSec.toFixed(0).padStart(8)} comments/s   p50 ${res.p50.toFixed(1).padStart(7)} µs   p99 ${res.p99.toFixed(1).padStart(7)} µs`);
    return res;
  });
}

const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
console.log(`${COUNT} comments, ${(comments.reduce((n, c) => n + c.length, 0) / COUNT) | 0} characters on average, one core`);
const [base, ours] = race([
  ['obscenity English preset', (t) => matcher.hasMatch(t) && matcher.getAllMatches(t)],
  ['Parley pipeline (7 categories)', (t) => moderate({ text: t }, NO_CONTEXT, DEFAULT_POLICY)],
]);
console.log(`ratio (Parley / obscenity throughput): ${(ours.perSec / base.perSec).toFixed(2)}×   goal ≥ 1.0×, p99 ≤ 1000 µs`);
