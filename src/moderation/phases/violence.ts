/**
 * Violence: threats, incitement and wishing harm on people. News about violence ("the attack killed 12 people")
 * and figures of speech ("this policy will kill small towns", "killing it") are not threats: the rules below
 * need a target that is a person (you, him, them, a group) and a speaker who intends or wishes the harm.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { GROUP_PATTERN } from '../identity.ts';
import { label, matchPlain, type Analysis } from '../analysis.ts';

// "beat" and "punch" are left out: "we will beat them in November" is an election, not a threat (see BEAT_UP).
const HARM = 'kill|murder|shoot|stab|hang|lynch|behead|strangle|choke|hurt|burn|bomb|gas|execute|slaughter|butcher|rape|torture|run over|blow up|skin|gut|cut';
const HARMED = 'killed|murdered|shot|stabbed|hanged|hung|lynched|beheaded|strangled|beaten|hurt|burned|burnt|bombed|gassed|executed|slaughtered|raped|tortured|run over|blown up|put down|wiped out|exterminated|eliminated|deported and shot';
// "Shoot him an email" is not a threat.
const NOT_A_MESSAGE = '(?! an? (?:email|e-mail|message|text|note|line|dm|invite|link))';
const TARGET = `you|him|her|them|that guy|this guy|that woman|this woman|that man|this man|the author|the reporter|the journalist|the mayor|the judge|every one of them|all of them|your family|his family|her family|(?:all |every |the |those |these )?(?:${GROUP_PATTERN})`;

// People a commenter may turn on; "the bill deserves to die" is politics, "that reporter deserves to die" is not.
const PERSON = '(?:that|this|the) (?:reporter|journalist|author|writer|mayor|judge|senator|governor|president|politician|cop|officer|guy|man|woman|person|idiot|bastard|clown|traitor|scum|moderator|commenter)';

const RULES: [RegExp, string, number][] = [
  // "I will kill you", "we're gonna shoot them", "i'll find you and hurt you"
  [new RegExp(`\\b(?:i|we)(?:'ll| will|'m going to| am going to| are going to|'re going to|'m gonna| am gonna|'re gonna| gonna| shall| would love to| want to| wanna)\\s+(?:\\w+\\s+){0,2}(?:${HARM})\\s+(?:${TARGET})\\b${NOT_A_MESSAGE}`, 'g'), 'violence.threat', 0.92],
  [/\b(?:beat|punch|kick) (?:you|him|her|them|your \w+)(?: \w+)? (?:up|to death|senseless|bloody|to a pulp|until|so hard)\b/g, 'violence.threat', 0.85],
  [/\b(?:i|we)(?:'ll| will|'m going to| am going to|'m gonna| gonna) (?:find|hunt|get|come for|track) (?:you|him|her|them) (?:down|and|,)/g, 'violence.threat', 0.85],
  [/\b(?:(?:i|we)(?:'m| am|'re| are) coming for (?:you|him|her|them)|(?:i|we) know where (?:you|he|she|they) (?:live|lives|sleep|sleeps)|watch your back|you(?:'ll| will) regret|you(?:'re| are) (?:dead|next)|sleep with one eye open|you won't see it coming|your days are numbered)\b/g, 'violence.threat', 0.8],
  // "someone should shoot him", "they should all be hanged", "he deserves to die"
  [new RegExp(`\\b(?:someone|somebody|people|we|you|they|citizens|patriots) (?:should|need to|needs to|ought to|must|have to|gotta) (?:\\w+ ){0,2}(?:${HARM}) (?:${TARGET})\\b`, 'g'), 'violence.incitement', 0.88],
  [new RegExp(`\\b(?:he|she|they|you|(?:${GROUP_PATTERN})|(?:all|these|those) \\w+|${PERSON}) (?:should|need to|needs to|ought to|must|deserves? to|all deserve to) (?:all )?(?:be (?:${HARMED})|die|hang|burn|rot)\\b`, 'g'), 'violence.incitement', 0.88],
  [new RegExp(`\\b(?:kill|murder|shoot|hang|lynch|exterminate|gas|slaughter|bomb|burn) (?:all|every|the) (?:of )?(?:the )?(?:${GROUP_PATTERN}|\\w+s)\\b`, 'g'), 'violence.incitement', 0.85],
  [new RegExp(`^(?:kill|murder|shoot|hang|lynch|exterminate|gas|slaughter|destroy|eliminate) (?:${TARGET})\\b`, 'gm'), 'violence.incitement', 0.8],
  // wishing harm: "I hope you die", "hope he gets shot"
  [new RegExp(`\\b(?:i |we )?(?:hope|wish|pray) (?:that )?(?:you|he|she|they|(?:${GROUP_PATTERN})|your \\w+|his \\w+|her \\w+) (?:all )?(?:die|dies|get (?:${HARMED}|cancer)|gets (?:${HARMED}|cancer)|burn|burns|rot|rots|suffer|suffers)\\b`, 'g'), 'violence.wish', 0.85],
  [/\b(?:kill yourself|kys|go die|drink bleach|neck yourself|hang yourself|you should die|die in a fire|eat a bullet)\b/g, 'violence.self-harm-incitement', 0.9],
  [/\b(?:put a bullet in|bullet between (?:his|her|their|your) eyes|string (?:him|her|them) up|(?:line|lined) (?:them|'em) up (?:against a wall|and shoot)|wipe (?:them|'em) (?:all )?out|round (?:them|'em) up and (?:shoot|kill|gas))/g, 'violence.incitement', 0.9],
  [/\b(?:glory to|hero(?:es)? who|god bless) (?:the )?(?:shooter|gunman|bomber|attacker)s?\b|\b(?:the )?(?:shooter|gunman|bomber) (?:was|is) a (?:hero|legend|patriot)\b/g, 'violence.glorification', 0.85],
];

// Every rule above needs one of these words; checking tokens first skips the regexes for most comments.
const GATE = new Set(['kill', 'murder', 'shoot', 'stab', 'hang', 'lynch', 'behead', 'strangle', 'choke', 'beat', 'punch',
  'kick', 'hurt', 'burn', 'bomb', 'gas', 'execute', 'slaughter', 'butcher', 'rape', 'torture', 'blow', 'hunt', 'track',
  'regret', 'dead', 'next', 'sleep', 'numbered', 'die', 'rot', 'exterminate', 'destroy', 'eliminate', 'kys', 'bleach',
  'neck', 'bullet', 'wall', 'wipe', 'glory', 'hero', 'heroes', 'shooter', 'gunman', 'bomber', 'attacker', 'cancer', 'suffer',
  'suffers', 'dies', 'burns', 'rots', 'coming', 'watch', 'yourself', 'kill', 'killed', 'murdered', 'shot', 'stabbed',
  'hanged', 'hung', 'lynched', 'beheaded', 'strangled', 'beaten', 'burned', 'burnt', 'bombed', 'gassed', 'executed',
  'slaughtered', 'raped', 'tortured', 'blown', 'wiped', 'exterminated', 'eliminated', 'live', 'lives', 'cut', 'fire', 'find',
  'gut', 'skin', 'run', 'line', 'lined', 'string', 'round', 'days', 'eat', 'drink'])

export function violencePhase(a: Analysis): Label[] {
  const out: Label[] = [];
  if (!a.n.tokens.some((t) => GATE.has(t.plain))) return out;
  for (const [re, rule, score] of RULES) {
    const spans: Span[] = [];
    for (const { span } of matchPlain(a.n, re)) spans.push(span);
    if (spans.length === 0) continue;
    const prev = out.find((l) => l.rule === rule);
    if (prev) { prev.score = Math.max(prev.score, score); prev.spans.push(...spans); } else out.push(label('violence', rule, score, spans));
  }
  return out;
}
