/**
 * Violence: threats, incitement and wishing harm on people. News about violence ("the attack killed 12 people")
 * and figures of speech ("this policy will kill small towns", "killing it") are not threats: the rules below
 * need a target that is a person (you, him, them, a group) and a speaker who intends or wishes the harm.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { GROUP_PATTERN } from '../identity.ts';
import { hasAnyWord, label, matchPlain, type Analysis } from '../analysis.ts';

// "beat" and "punch" are left out: "we will beat them in November" is an election, not a threat (see BEAT_UP).
const HARM = 'kill|murder|shoot|stab|hang|lynch|behead|strangle|choke|hurt|burn|bomb|gas|execute|slaughter|butcher|rape|torture|run over|blow up|skin|gut|cut';
const HARMED = 'killed|murdered|shot|stabbed|hanged|hung|lynched|beheaded|strangled|beaten|hurt|burned|burnt|bombed|gassed|executed|slaughtered|raped|tortured|run over|blown up|put down|wiped out|exterminated|eliminated|deported and shot';
// The words of each list, for the rules' word gates ("run over" needs "run").
const HARM_WORDS = HARM.split('|').map((w) => w.split(' ')[0]);
const HARMED_WORDS = HARMED.split('|').map((w) => w.split(' ')[0]);
// "Shoot him an email" is not a threat.
const NOT_A_MESSAGE = '(?! an? (?:email|e-mail|message|text|note|line|dm|invite|link))';
// A group word used as a modifier names no people: "burn the old records", "the black market".
const NOT_A_MODIFIER = '(?!\\s+(?!(?:people|persons|men|women|folks|ones|kids|children|families|and|or|in|on|at|of|from|who|that|here|there|now|too|today|tonight|first|out|off|down|up|away|alive|dead)\\b)[a-z])';
const GROUP = `(?:${GROUP_PATTERN})${NOT_A_MODIFIER}`;
const TARGET = `every last one of them|each (?:and every )?one of them|them all|you|him|her|them|that guy|this guy|that woman|this woman|that man|this man|the author|the reporter|the journalist|the mayor|the judge|every one of them|all of them|your family|his family|her family|(?:all |every |the |those |these )?${GROUP}`;

// Places where people gather or live: burning or bombing one is violence against the people in it.
const PLACE = 'mosques?|churche?s?|synagogues?|temples?|gurdwaras?|shelters?|refugee (?:centres?|centers?|camps?|homes?)|asylum (?:hotels?|centres?|centers?)|hotels?|houses?|homes?|schools?|clinics?|camps?|offices?|newsrooms?';
const TORCH = 'burn|torch|firebomb|fire-bomb|bomb|blow up|set fire to|set alight|shoot up';

// People a commenter may turn on; "the bill deserves to die" is politics, "that reporter deserves to die" is not.
const PERSON = '(?:that|this|the) (?:reporter|journalist|author|writer|mayor|judge|senator|governor|president|politician|cop|officer|guy|man|woman|person|idiot|bastard|clown|traitor|scum|moderator|commenter)';

// Each rule names words it cannot match without (any one of them, as whole words); a comment with none of them
// skips its regex.
const RULES: [RegExp, string, number, readonly string[]][] = [
  // "I will kill you", "we're gonna shoot them", "i'll find you and hurt you"
  [new RegExp(`\\b(?:i|we)(?:'ll| will|'m going to| am going to| are going to|'re going to|'m gonna| am gonna|'re gonna| gonna| shall| would love to| want to| wanna)\\s+(?:\\w+\\s+){0,2}(?:${HARM})\\s+(?:${TARGET})\\b${NOT_A_MESSAGE}`, 'g'), 'violence.threat', 0.92, HARM_WORDS],
  [/\b(?:beat|punch|kick) (?:you|him|her|them|your \w+)(?: \w+)? (?:up|to death|senseless|bloody|to a pulp|until|so hard)\b/g, 'violence.threat', 0.85, ['beat', 'punch', 'kick']],
  [/\b(?:i|we)(?:'ll| will|'m going to| am going to|'m gonna| gonna) (?:find|hunt|get|come for|track) (?:you|him|her|them) (?:down|and|,)/g, 'violence.threat', 0.85, ['find', 'hunt', 'get', 'come', 'track']],
  [/\b(?:(?:i|we)(?:'m| am|'re| are) coming for (?:you|him|her|them)|(?:i|we) know where (?:you|he|she|they) (?:live|lives|sleep|sleeps)|watch your back|you(?:'ll| will) regret|you(?:'re| are) (?:dead|next)|sleep with one eye open|you won't see it coming|your days are numbered)\b/g, 'violence.threat', 0.8, ['coming', 'live', 'lives', 'sleep', 'sleeps', 'watch', 'regret', 'dead', 'next', 'numbered']],
  // "someone should shoot him", "they should all be hanged", "he deserves to die"
  [new RegExp(`\\b(?:someone|somebody|people|we|you|they|citizens|patriots) (?:should|need to|needs to|ought to|must|have to|gotta) (?:\\w+ ){0,2}(?:${HARM}) (?:${TARGET})\\b`, 'g'), 'violence.incitement', 0.88, HARM_WORDS],
  [new RegExp(`\\b(?:he|she|they|you|(?:${GROUP_PATTERN})(?: like (?:her|him|them|you|that|this))?|(?:people|guys) like (?:her|him|them|you|that|this)|(?:all|these|those) \\w+(?: (?:from|in|of) \\w+)?|(?:anyone|everyone|whoever|anybody|everybody) who(?: \\w+){1,6}|${PERSON}) (?:should|need to|needs to|ought to|must|deserves? to|all deserve to) (?:all )?(?:be (?:lined up and )?(?:${HARMED})|die|hang|burn|rot)\\b`, 'g'), 'violence.incitement', 0.88, [...HARMED_WORDS, 'die', 'hang', 'burn', 'rot']],
  // "Hang the traitors"; but "kill the bills" and "burn the records" are about things, so those verbs need a group.
  [new RegExp(`\\b(?:kill|murder|shoot|hang|lynch|exterminate|gas|slaughter|bomb|burn) (?:(?:all|every) (?:of )?(?:the )?(?:${GROUP}|\\w+s)|the ${GROUP})\\b|\\b(?:murder|shoot|hang|lynch|exterminate|gas|slaughter|behead) the \\w+s\\b`, 'g'), 'violence.incitement', 0.85, ['kill', 'murder', 'shoot', 'hang', 'lynch', 'exterminate', 'gas', 'slaughter', 'bomb', 'burn', 'behead']],
  [new RegExp(`^(?:kill|murder|shoot|hang|lynch|exterminate|gas|slaughter|destroy|eliminate) (?:${TARGET})\\b`, 'gm'), 'violence.incitement', 0.8, ['kill', 'murder', 'shoot', 'hang', 'lynch', 'exterminate', 'gas', 'slaughter', 'destroy', 'eliminate']],
  // wishing harm: "I hope you die", "hope he gets shot"
  [new RegExp(`\\b(?:i |we )?(?:hope|wish|pray) (?:that )?(?:(?:someone|somebody) (?:rapes|kills|shoots|stabs|beats|hurts|murders|attacks) (?:you|him|her|them)\\b|(?:you|he|she|they(?: all)?|(?:${GROUP_PATTERN})|your \\w+|his \\w+|her \\w+|(?:the )?(?:whole )?lot of (?:them|you)|all of (?:them|you)|every (?:last )?one of (?:them|you)) (?:all )?(?:die|dies|get (?:${HARMED}|cancer)|gets (?:${HARMED}|cancer)|burn|burns|rot|rots|suffer|suffers|drown|drowns|starve|starves))\\b`, 'g'), 'violence.wish', 0.85, ['hope', 'wish', 'pray']],
  [/\b(?:kill yourself|kys|go die|drink bleach|neck yourself|hang yourself|you should die|die in a fire|eat a bullet)\b/g, 'violence.self-harm-incitement', 0.9, ['yourself', 'kys', 'die', 'bleach', 'bullet']],
  // "Burn the mosque down", "someone should torch that asylum hotel": an order or a call, not a report ("they
  // tried to burn the mosque down" says what happened, and "burned" is not in the list).
  [new RegExp(`(?:^|[.!?;]\\s+|\\b(?:let's|lets|go|just|we should|someone should|somebody should|people should|we need to|someone needs to|(?:i|we)(?:'ll| will|'m going to| am going to|'re going to| are going to|'m gonna| gonna))\\s+)(?:${TORCH}) (?:down )?(?:the|that|this|their|every|all|those|these|a|his|her) (?:\\w+ )?(?:${PLACE})\\b`, 'gm'), 'violence.incitement', 0.85, ['burn', 'torch', 'firebomb', 'fire', 'bomb', 'blow', 'set', 'shoot']],
  // The same, wished in the passive: "every mosque in this country should be burned to the ground".
  [new RegExp(`\\b(?:the|that|this|their|every|all|those|these) (?:\\w+ )?(?:${PLACE})\\b[^.!?]{0,40}? (?:should|must|need to|needs to|ought to|deserves? to) (?:all )?be (?:burned|burnt|torched|bombed|firebombed|blown up|razed|set on fire)\\b`, 'g'), 'violence.incitement', 0.85, ['burned', 'burnt', 'torched', 'bombed', 'firebombed', 'blown', 'razed', 'fire']],
  [new RegExp(`\\b(?:${TORCH}|lock|bar)\\b[^.!?]{0,60}\\bwith (?:them|everyone|all of them|the \\w+|their \\w+) (?:still )?inside\\b`, 'g'), 'violence.incitement', 0.9, ['inside']],
  // Veiled threats: "should be careful walking home alone", "shame if something happened to them".
  [/\b(?:you|he|she|they|(?:the|that|this) (?:reporter|journalist|author|writer|mayor|judge|moderator|councillor|woman|man|guy|girl|lady)|your (?:wife|husband|kids|children|family|daughter|son))(?: should|'d better| had better| better|'d|'ll| will| would)? (?:want to )?be (?:very )?careful\b[^.!?]{0,40}\b(?:alone|tonight|at night|walking home|on (?:his|her|their|your) way home|in the dark)\b|\b(?:shame|pity) if something (?:happened|were to happen|was to happen|bad happened) to (?:you|him|her|them|your \w+|his \w+|her \w+)\b|\bnice (?:family|house|car|kids|wife|husband|children|home) (?:you|he|she)(?:'ve| have| has|'s) got there\b|\bnice (?:family|house|car|kids|wife|husband|children|home) you have there\b|\b(?:i'll|i will|we'll|we will|i'm|i am|we're|we are) (?:be )?waiting (?:for you )?(?:outside|at|by) (?:your|his|her|their) (?:office|house|home|door|work|school|car|gym|flat|apartment)\b(?=[^]{0,80}\b(?:won't (?:walk|get) away|you'll regret|you will regret|teach (?:you|him|her) a lesson|this time|see how (?:you|he|she) likes? it|you've been warned))/g, 'violence.threat', 0.8, ['careful', 'happened', 'happen', 'nice', 'waiting']],
  // "Someone should teach that reporter a lesson she won't forget": a lesson no one forgets is a beating (not one
  // taught "with facts" or "at the ballot box").
  [/\bteach (?:you|him|her|them|(?:that|this|the) (?:reporter|journalist|author|writer|mayor|judge|moderator|councillor|woman|man|guy|girl|lady|bitch|bastard)) a lesson (?:you|he|she|they)(?:'ll| will)? (?:won't|will not|never) forget\b(?![^.!?]{0,40}\b(?:with (?:facts|evidence|data|logic|arguments|the numbers)|in (?:the |this )?(?:comments?|debate|thread|election|polls|next election)|at the (?:ballot box|polls)))/g, 'violence.threat', 0.8, ['lesson']],
  // Spanish wishes of death on people: "ojalá se mueran todos esos inmigrantes", "ojalá los maten a todos", "ojalá
  // se muera él" (the plain view has no accents: "él" reads "el").
  [/\bojal[aá] (?:que )?(?:se mueran|se muera|mueran|muera|los maten|las maten|lo maten|la maten|se ahoguen|se pudran|revienten) (?:(?:a )?(?:todos|todas)\b|(?:esos|esas|estos|estas|los|las) \p{L}+|(?:ese|esa) \p{L}+|(?:a )?(?:el|ella|ellos|ellas)(?![\p{L}]))/gu, 'violence.wish', 0.85, ['ojala', 'ojalá']],
  // "I'll break your legs", "what we'll do to her", "should have their hands cut off".
  [/\b(?:i|we)(?:'ll| will|'m going to| am going to|'re going to| are going to|'m gonna| gonna) (?:break|smash|snap|bust|cut off) (?:your|his|her|their) (?:legs?|arms?|neck|face|jaw|skull|teeth|fingers|knees|nose|hands?)\b|\bwhat (?:i|we)(?:'ll| will|'re going to| are going to|'m going to| am going to) do to (?:you|him|her|them)\b|\bshould (?:have|get) (?:their|his|her|your) (?:hands?|fingers|tongue|head|legs?|arms?) (?:cut|chopped|hacked|ripped) off\b/g, 'violence.threat', 0.85, ['break', 'smash', 'snap', 'bust', 'cut', 'chopped', 'hacked', 'ripped', 'do']],
  // "I'd love to see that reporter hanging from a bridge"; "we need another 9/11".
  [/\b(?:i'd|i would|i'd really|i would really|i'd pay to|i would pay to) (?:love |like |enjoy |happily |gladly )?(?:to )?(?:see|watch) (?:you|him|her|them(?: all)?|(?:that|this|the) \w+|every (?:last )?one of (?:them|those \w+|these \w+)|(?:all )?(?:those|these) \w+) (?:hang|hanging|hanged|swinging|dead|die|dying|burn|burning|shot|beaten|drown|drowning|drowned|in a body bag)\b/g, 'violence.wish', 0.85, ['see', 'watch']],
  [/\b(?:we need|we could use|bring on|pray for|hope for|time for) another (?:9\/11|7\/7|holocaust|christchurch|oklahoma city|bataclan|columbine|kristallnacht|utoya|utøya)\b/g, 'violence.incitement', 0.85, ['another']],
  // "The Chinese government should be nuked off the map": a country wiped out with its people. Scrapping a rule is
  // said with the same verb ("that rule should be nuked", "nuke it from orbit", "nuked into oblivion"), so only the
  // map, the face of the earth, glass and a parking lot count.
  [/\bnuked? (?:[a-z']+ ){0,3}?(?:off (?:the map|the face of the earth)|into (?:glass|a parking lot))/g, 'violence.incitement', 0.85, ['nuke', 'nuked']],
  [/\b(?:send|ship) (?:them|him|her|you|'em)(?: all)?(?: back)?(?: home)? in (?:body bags|coffins|pieces)\b/g, 'violence.incitement', 0.85, ['bags', 'coffins', 'pieces']],
  // Calls on the Holocaust as a model: "do to the migrants what we did to the Jews".
  [/\bdo to (?:the |all (?:the )?|those |these )?\w+ what (?:we|they|hitler|the nazis|germany) did to the (?:jews|gypsies|roma)\b/g, 'violence.incitement', 0.9, ['jews', 'gypsies', 'roma']],
  [/\b(?:put a bullet in|(?:deserves?|needs?|earned|has earned) a bullet\b|\b(?:he|she|they|you|(?:that|this|those|these) \w+|every (?:last )?one of (?:them|those \w+|these \w+)) (?:deserves?|needs?|deserved|earned) a (?:good )?(?:beating|kicking|thrashing)\b|bullet between (?:his|her|their|your) eyes|string (?:him|her|them) up|(?:line|lined) (?:them|'em) up (?:against a wall|and shoot)|wipe (?:them|'em) (?:all )?out|round (?:them|'em) up and (?:shoot|kill|gas))/g, 'violence.incitement', 0.9, ['bullet', 'beating', 'kicking', 'thrashing', 'string', 'line', 'lined', 'wipe', 'round']],
  [/\b(?:glory to|hero(?:es)? who|god bless) (?:the )?(?:shooter|gunman|bomber|attacker)s?\b|\b(?:the )?(?:shooter|gunman|bomber) (?:was|is) a (?:hero|legend|patriot)\b/g, 'violence.glorification', 0.85, ['shooter', 'shooters', 'gunman', 'gunmans', 'bomber', 'bombers', 'attacker', 'attackers']],
];


export function violencePhase(a: Analysis): Label[] {
  const out: Label[] = [];
  for (const [re, rule, score, needs] of RULES) {
    if (!hasAnyWord(a, needs)) continue;
    const spans: Span[] = [];
    for (const { span } of matchPlain(a.n, re)) spans.push(span);
    if (spans.length === 0) continue;
    const prev = out.find((l) => l.rule === rule);
    if (prev) { prev.score = Math.max(prev.score, score); prev.spans.push(...spans); } else out.push(label('violence', rule, score, spans));
  }
  return out;
}
