/**
 * Incivility: insults and personal attacks on other commenters or the author. Disagreement, even heated, is
 * civil ("you are wrong", "this is a terrible policy"); calling a person a name is not ("you are an idiot").
 * The rules need an insult aimed at a person; the classifier phase covers phrasings these miss.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { hasAnyWord, label, matchPlain, type Analysis } from '../analysis.ts';

const INSULT_NOUN = 'idiot|idiots|moron|morons|imbecile|imbeciles|cretin|cretins|halfwit|dimwit|nitwit|dumbass|dumbasses|jackass|fool|fools|clown|clowns|loser|losers|troll|trolls|scumbag|scumbags|lowlife|degenerate|degenerates|creep|sheep|sheeple|shill|shills|bootlicker|hack|buffoon|ignoramus|simpleton|numbskull|bonehead|knucklehead|airhead|retard|retards|pig|pigs|snowflake|snowflakes|garbage|trash|scum|piece of (?:shit|garbage|trash|work)|waste of (?:space|oxygen|skin)|bitch|bastard|asshole|assholes|jerk|jerks|twat|dickhead|prick|wanker|tosser|douche|douchebag|liar|hypocrite|coward|sellout|traitor|nazi|fascist|commie|libtard|rethuglican|leftard|cuck|incel|karen';
const INSULT_ADJ = 'stupid|dumb|idiotic|moronic|brainless|ignorant|pathetic|worthless|useless|disgusting|vile|retarded|braindead|brain-dead|clueless|dense|thick|deranged|delusional|mentally ill|sick in the head|ugly|fat|rotten|filthy|nasty|repulsive|horrible|awful|terrible|shitty|despicable|contemptible|spineless|gutless|psycho';

// Swearing used as an intensifier ("you f*cking idiot"), in the spellings the plain view keeps.
const INTENS = `(?:(?:f[\\w*@$!]{0,3}(?:k|c)(?:ing|in|in')|bloody|damn|damned|goddamn|freaking|frigging) )?`;

// A rule may name words it cannot match without (any one of them, as whole words); the name-calling rules need an
// insult word.
const RULES: [RegExp, string, number, (readonly string[])?][] = [
  [new RegExp(`\\byou(?:'re| are| r|re)? (?:such |so |just |really |truly |an absolute |a complete |a total |the biggest |a |an |the )*${INTENS}(?:(?:${INSULT_ADJ}) )?${INTENS}(?:${INSULT_NOUN})\\b`, 'g'), 'incivility.name-calling', 0.85],
  [new RegExp(`\\byou(?:'re| are| r) (?:so |such |really |truly |just |completely |totally )*(?:${INSULT_ADJ})\\b`, 'g'), 'incivility.name-calling', 0.75],
  [new RegExp(`\\b(?:you|ya|u) (?:absolute |complete |total |utter |massive |little )?${INTENS}(?:(?:${INSULT_ADJ}) )?${INTENS}(?:${INSULT_NOUN})\\b`, 'g'), 'incivility.name-calling', 0.8],
  [new RegExp(`\\b(?:${INSULT_NOUN}) like you\\b|\\bwhat an? ${INTENS}(?:(?:${INSULT_ADJ}) )?${INTENS}(?:${INSULT_NOUN})\\b|\\bthe author is an? ${INTENS}(?:(?:${INSULT_ADJ}) )?${INTENS}(?:${INSULT_NOUN})\\b`, 'g'), 'incivility.name-calling', 0.8],
  [/\bshove (?:it|that|this|your [a-z]+) up your (?:a[*$]{2}|(?:ass|arse|butt)\b)/g, 'incivility.dismissal', 0.75, ['shove']],
  [/\b(?:shut (?:the (?:fuck|hell) )?up|stfu|nobody asked you|no one asked you|go away,? troll|get lost|crawl back (?:under your rock|into your hole|into whatever hole you came from)|who hired this (?:idiot|clown|hack)|learn to read|take your meds|go back to school|are you (?:stupid|dumb|retarded|an idiot))\b/g, 'incivility.dismissal', 0.7,
    ['shut', 'stfu', 'asked', 'troll', 'lost', 'crawl', 'hired', 'read', 'meds', 'school', 'stupid', 'dumb', 'retarded', 'idiot']],
  [new RegExp(`\\b(?:your|ur) (?:(?:${INSULT_ADJ}) )(?:brain|face|mother|mom|head|ass|existence)\\b`, 'g'), 'incivility.name-calling', 0.75],
];

// First words, as tokens: "brain-dead" is the tokens "brain" and "dead".
const INSULT_WORDS = new Set(`${INSULT_NOUN}|${INSULT_ADJ}`.split('|').map((w) => w.replace(/\(.*$/, '').split(/[ -]/)[0]));

export function incivilityPhase(a: Analysis): Label[] {
  const out: Label[] = [];
  const insulting = a.n.tokens.some((t) => INSULT_WORDS.has(t.plain) || INSULT_WORDS.has(t.loose));
  for (const [re, rule, score, needs] of RULES) {
    if (needs ? !hasAnyWord(a, needs) : !insulting) continue;
    const spans: Span[] = [];
    for (const { span } of matchPlain(a.n, re)) spans.push(span);
    if (spans.length === 0) continue;
    const prev = out.find((l) => l.rule === rule);
    if (prev) { prev.score = Math.max(prev.score, score); prev.spans.push(...spans); } else out.push(label('incivility', rule, score, spans));
  }
  return out;
}
