/**
 * Hate: slurs, dehumanisation and calls for exclusion aimed at people for who they are. Neutral or positive
 * mentions of a group are not hate, and neither is counter-speech that quotes a slur to condemn it: a slur in
 * quotation marks or next to words like "slur", "called me" or "never okay" is kept as a weak signal only.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { GROUP_PATTERN, IDENTITY_TERMS, LEGAL_STATUS } from '../identity.ts';
import { hasAnyWord, label, matchPlain, type Analysis } from '../analysis.ts';

// Group words the identity terms lack: "Gypsy" in the singular, how a slur-adjacent generalisation names the Roma
// ("Gypsy families are a plague"; not an identity term of the model: an adjective of music and fashion too), and
// slurs that the "<group> out!" chant uses as a group's name.
const UNLISTED_GROUPS = new Set(['gypsy', 'pakis', 'wogs', 'gypos']);
const GROUP_WORDS = `${GROUP_PATTERN}|gypsy`;
const GROUP_NAMED = `(?:the |all |these |those |most |many )?(?:${GROUP_WORDS})`;
const GROUP = `${GROUP_NAMED}(?: people| folks)?`;
// The same with the members named: "immigrant families", "Muslim men" (for the dehumanising frame).
const GROUP_MEMBERS = `${GROUP_NAMED}(?: people| folks| families| men| women| kids| children| youths| gangs| workers)?`;
// Where they are: "the Africans in this town are animals".
const LOCATIVE = '(?: (?:in|of|from|around|on) (?:this|our|the|my|that) [a-z]+)?';
// Peoples (ethnicity, nationality, religion, immigration status, sexuality): the identity terms without age, sex,
// colour or disability words, which also name animals ("old dogs", "female rats", "black rats").
const NOT_A_PEOPLE = new Set(['black', 'blacks', 'white', 'whites', 'male', 'males', 'female', 'females', 'woman', 'women', 'man', 'men',
  'deaf', 'blind', 'disabled', 'paralyzed', 'paralysed', 'wheelchair', 'autistic', 'aged', 'elderly', 'old', 'older', 'young', 'younger',
  'teenage', 'teenager', 'teenagers', 'millennial', 'millenial', 'millennials', 'boomer', 'boomers', 'straight', 'native', 'natives']);
const PEOPLE_PATTERN = GROUP_PATTERN.split('|').filter((t) => !NOT_A_PEOPLE.has(t)).join('|');
// Peoples and colour (with its noun, "Black people", it names no animal): the groups that claims of a people's nature
// and bans on a people are made about. Age, sex and disability are left out: "men are more violent than women" and
// "blind people should not be allowed to drive" are arguments about statistics and safety.
const RACE_PATTERN = `${PEOPLE_PATTERN}|blacks|whites|black people|white people|black men|white men`;
const RACE_GROUP = `(?:the |all |these |those )?(?:${RACE_PATTERN})(?: people| folks| families)?`;
// Rules marked subjectOnly judge the group they name, so the group must be the subject, not the object of a
// preposition: "comments about Africans are disgusting" judges the comments. Checked on the words before a match
// (a lookbehind in the patterns would run at every position of every comment).
const OBJECT_BEFORE = /\b(?:about|against|toward|towards|regarding|concerning|on|at|with|by|to) (?:the |all |these |those )?$/;
// Status, and crimes: "convicted migrants should be deported" is policy too.
const LAWFUL_STATUS = new RegExp(`\\b(?:${[...LEGAL_STATUS, 'criminal', 'convicted'].join('|')})\\s+(?:the |all )?(?:asylum\\s+)?$`);
// A pejorative noun after the group word keeps it the subject: "trans freaks should be locked up".
const EPITHET = '(?: (?:freaks|scum|filth|vermin|animals|pigs|parasites|bastards|savages|degenerates|perverts|invaders))?';
// Countries and regions someone is told to go back to.
const ELSEWHERE = 'africa|asia|mexico|china|india|pakistan|bangladesh|the middle east|arabia|syria|somalia|iraq|iran|afghanistan|turkey|poland|romania|albania|jamaica|haiti|nigeria|morocco|algeria|israel|puerto rico|the jungle|the desert';
// What the places of a group are said to be full of.
const VILE = '(?:animals|vermin|rats|cockroaches|parasites|savages|scum|filth|thieves|criminals|rapists|terrorists|jihadis|extremists|paedophiles|pedophiles|groomers)';
// Each rule names words it cannot match without (any one of them, as whole words); a comment with none of them
// skips the regex.
// Most rules name a group (an identity term or one of UNLISTED_GROUPS); those that can match without one say so
// (groupFree).
const RULES: [RegExp, string, number, { subjectOnly?: boolean; groupFree?: boolean; needs: string[] }][] = [
  // dehumanisation: "<group> are vermin / animals / a disease"
  [new RegExp(`\\b${GROUP_MEMBERS}${LOCATIVE} (?:are|r|is) (?:all |just |nothing but |basically |like )?(?:an? )?(?:vermin|animals|rats|cockroaches|roaches|parasites|leeches|pigs|apes|monkeys|savages|subhuman|sub-human|filth|scum|trash|garbage|a disease|a cancer|a plague|an infestation|invaders|inferior|degenerates|mongrels|barbarians|terrorists|rapists|not human|less than human|the tumou?r|a tumou?r|a virus|the (?:real )?(?:virus|disease|cancer|plague|pandemic|problem with this country)|a drain|a curse|a burden on (?:society|us|the country|taxpayers))\\b`, 'g'), 'hate.dehumanisation', 0.9, { subjectOnly: true, needs: ['are', 'r', 'is'] }],
  // an animal name fused to a people: "these Somali apes", "you Muslim pigs" (but "these Chinese pigs were culled")
  [new RegExp(`\\b(?:these|those|dirty|filthy|bloody|fucking|stinking) (?:${PEOPLE_PATTERN}) (?:apes|vermin|cockroaches|roaches|parasites|savages|subhumans)\\b|\\byou (?:${PEOPLE_PATTERN}) (?:apes|vermin|cockroaches|roaches|parasites|savages|subhumans|pigs|dogs|rats|monkeys)\\b`, 'g'), 'hate.dehumanisation', 0.9, { needs: ['apes', 'vermin', 'cockroaches', 'roaches', 'parasites', 'savages', 'subhumans', 'pigs', 'dogs', 'rats', 'monkeys'] }],
  // eliminationism: "<group> are a drain and should be put down"
  [new RegExp(`\\b${GROUP}${EPITHET} (?:are|is) [^.!?]{0,40}?\\band (?:they )?(?:should|must|need to|ought to) (?:all )?be (?:put down|exterminated|gassed|eliminated|wiped out|euthani[sz]ed|culled|sterili[sz]ed|shot|hanged|hung|lynched|executed|killed|locked up|deported)\\b|\\b${GROUP_MEMBERS}${EPITHET} (?:are|is) [^.!?]{0,40}?\\band (?:they )?(?:should|must|need to|ought to) (?:all )?(?:go (?:home|back)|get out|leave)\\b`, 'g'), 'hate.exclusion', 0.9, { subjectOnly: true, needs: ['and'] }],
  // exclusion: "send them all back", "<group> should be banned / deported"
  [new RegExp(`\\b${GROUP_MEMBERS}${LOCATIVE}${EPITHET} (?:should|must|need to|needs to|ought to) (?:all )?(?:be )?(?:banned|deported|removed|expelled|sterilized|sterilised|locked up|kicked out|thrown out|rounded up|driven out|sent back|shipped back|go back|go home|get out|leave|put down|exterminated|gassed)\\b`, 'g'), 'hate.exclusion', 0.85, { subjectOnly: true, needs: ['should', 'must', 'need', 'needs', 'ought'] }],
  [new RegExp(`\\b(?:ban|deport|expel|remove|get rid of|kick out|throw out|round up) (?:all |every |every last one of |each and every one of |all of )(?:the |these |those )?(?:${GROUP_PATTERN})\\b`, 'g'), 'hate.exclusion', 0.85, { needs: ['ban', 'deport', 'expel', 'remove', 'rid', 'kick', 'throw', 'round'] }],
  // "cleanse this country of Muslims"; "deport them all and let God sort them out"
  [new RegExp(`\\b(?:cleanse|purge|rid|clear) (?:this|our|the) (?:country|nation|land|town|city|continent|streets?|neighbou?rhood) of (?:all )?(?:the )?(?:${GROUP_PATTERN})\\b|\\b(?:deport|kill|shoot|gas) (?:them|'em) all and let god sort (?:them|'em) out\\b`, 'g'), 'hate.exclusion', 0.85, { groupFree: true, needs: ['cleanse', 'purge', 'rid', 'clear', 'sort'] }],
  [new RegExp(`(?:^|[.!?]\\s+)(?:${GROUP_PATTERN}|${[...UNLISTED_GROUPS].join('|')})(?: people)? out\\b(?!-)(?!\\s+(?:of|in|on|for|to|and|with|at|there|here|today|tonight|front|loud|now)\\b)`, 'gm'), 'hate.exclusion', 0.85, { needs: ['out'] }],
  [new RegExp(`\\b(?:${GROUP_PATTERN})(?: people)? out of (?:our|my|this) (?:country|town|city|schools?|neighbourhood|neighborhood|streets?|village|land|nation|parliament|government)\\b`, 'g'), 'hate.exclusion', 0.85, { needs: ['out'] }],
  // "There is no place for Muslims in this country" (but "no place for refugees to sleep" is news); "Islam has no
  // place in this country"; "keep the refugees out" (but not "out of the cold").
  [new RegExp(`\\bno place for (?:the |any )?(?:${GROUP_PATTERN})\\b(?!(?: [a-z]+)? to\\b)(?: people| folks| families)?|\\b(?:islam|judaism|${RACE_PATTERN})(?: people)? (?:has|have) no place in (?:this|our|the) (?:country|nation|society|town|city|continent|west|europe|america|britain)\\b`, 'g'), 'hate.exclusion', 0.85, { needs: ['place'] }],
  [new RegExp(`\\bkeep (?:the |all |these |those )?(?:${GROUP_PATTERN})(?: people| folks| families)? out\\b(?! of (?:the )?(?:rain|cold|heat|danger|harm|poverty|trouble|prison|jail|detention|debt|the news))`, 'g'), 'hate.exclusion', 0.85, { needs: ['keep'] }],
  // "Every black man I've met is a criminal": one person standing for a people.
  [new RegExp(`\\bevery (?:single )?(?:${RACE_PATTERN}|black|white)(?: (?:man|woman|person|guy|kid|one))?(?: (?:i've|i have)(?: ever)? (?:met|known|seen))? is (?:a |an )?(?:criminal|thief|thug|rapist|terrorist|liar|drug dealer|animal|savage)\\b`, 'g'), 'hate.attack', 0.8, { needs: ['every'] }],
  // "The Muslim invasion of Europe", "the migrant invasion": people arriving or living somewhere, called an army (not
  // "the Russian invasion of Ukraine", nor history: "until the Muslim invasion, the province was Persian").
  [/\b(?:migrant|immigrant|refugee|asylum seeker)s? (?:invasion|invaders|takeover)\b|\b(?:muslim|islamic|jewish|black|african) (?:invasion|invaders|takeover|colonisation|colonization) (?:of|into|in) (?:europe|the west|western \w+|britain|great britain|england|the uk|america|the us|the usa|france|germany|sweden|italy|our \w+|this country|my country)\b/g, 'hate.attack', 0.8, { needs: ['invasion', 'invaders', 'takeover', 'colonisation', 'colonization'] }],
  // "Muslims don't belong in Europe".
  [new RegExp(`\\b${RACE_GROUP} (?:don't|do not|doesn't|does not|will never) belong (?:in|here)\\b`, 'g'), 'hate.exclusion', 0.85, { subjectOnly: true, needs: ['belong'] }],
  // "Muslims should not be allowed to build mosques here" (a people barred; women: the rule on women's place).
  [new RegExp(`\\b${RACE_GROUP} (?:should not|shouldn't|must not|mustn't|should never|must never) be allowed (?:to|in|into|here)\\b`, 'g'), 'hate.exclusion', 0.85, { subjectOnly: true, needs: ['allowed'] }],
  // Comparatives of a people's nature: "Black people are more violent".
  [new RegExp(`\\b${RACE_GROUP} are (?:far |much |naturally |inherently |genetically )?more (?:violent|criminal|dangerous|aggressive|primitive)\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, needs: ['more'] }],
  [new RegExp(`(?:^|[.!?]\\s+|\\b(?:just|let's|lets|we should|we need to|we must|they should|time to) )send (?:every (?:last |single )?|all (?:the )?|these |those )(?:${GROUP_PATTERN})s? (?:back|home)\\b`, 'gm'), 'hate.exclusion', 0.85, { groupFree: true, needs: ['send'] }],
  [/\b(?:go (?:back|home) to (?:your|their) (?:own )?(?:country|countries|jungle|desert|cave|hole|mud huts?)|send (?:the whole lot of |all of |every one of |every last one of )?(?:them|'em) (?:all )?back (?:where|to|on the next) |not welcome here,? (?:go|get) (?:home|out))/g, 'hate.exclusion', 0.85, { groupFree: true, needs: ['back', 'home', 'welcome'] }],
  // Told, not planned: "Go back to Africa, you …", "go back to Mexico where you belong" (but "go back to Mexico next year").
  [new RegExp(`(?:^|[.!?]\\s+|\\b(?:just|why don't you|why dont you) )go back to (?:${ELSEWHERE})(?=\\s*(?:,?\\s*you\\b|!|where (?:you|they) (?:belong|came from)|and (?:stay|never come) (?:there|back)))`, 'gm'), 'hate.exclusion', 0.85, { groupFree: true, needs: ['back'] }],
  [new RegExp(`\\b(?:i |we )?(?:hate|despise|can't stand) (?:all )?(?:the )?(?:${GROUP_PATTERN})\\b`, 'g'), 'hate.attack', 0.8, { needs: ['hate', 'despise', 'stand'] }],
  [new RegExp(`\\b${GROUP} (?:are|is) (?:all )?(?:evil|disgusting|dirty|stupid|inferior|worthless|greedy|sneaky|untrustworthy|dishonest|a threat to our|a danger to our|ruining our|destroying our|replacing us)\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, needs: ['are', 'is'] }],
  // "<group> ruin every neighbourhood they move into"
  [new RegExp(`\\b${GROUP} (?:ruin|wreck|infest|pollute|poison) (?:every|our|all)|\\b(?:${GROUP}|(?:these|those) (?:people|folks)) breed like (?:rats|rabbits|animals|vermin)\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, groupFree: true, needs: ['ruin', 'wreck', 'infest', 'pollute', 'poison', 'breed'] }],
  // "<group> can't be trusted"; driving only in the tropes about Asians and women ("blind people can't drive" is a fact)
  [new RegExp(`\\b${GROUP} (?:can't|cant|cannot|can not) (?:think for themselves|be trusted|assimilate|control themselves|be civili[sz]ed)\\b|\\b(?:asians|asian people|women|chinese people|the chinese) (?:can't|cant|cannot|can not) drive\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, needs: ['can', 'cant', 'cannot'] }],
  // generalisations that demean a whole group: "<group> are lazy / criminals / whores / property"
  [new RegExp(`\\b${GROUP} (?:are|r) (?:all |just |nothing but |basically |naturally |genetically )?(?:lying |thieving |dirty |filthy |greedy )?(?:lazy|criminals|thugs|violent|primitive|backward|filthy|mentally ill|whores|sluts|hoes|bitches|gold ?diggers|property|objects|incapable of \\w+|too (?:emotional|stupid|dumb|weak|primitive|lazy|incompetent|irrational) to|breeding like|taking over|invading|ruining|destroying|thieves|crooks|drunks|liars|scroungers|freeloaders|spongers|stealing our jobs|dragging (?:this country|us|our \\w+) down|incompatible with (?:western|our|european|american|british) (?:civili[sz]ation|values|culture|society|way of life)|perverts|predators|groomers|paedophiles|pedophiles|pedos|deviants|freaks|abominations|an abomination|men in dresses|men in wigs)\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, needs: ['are', 'r'] }],
  // prescriptions that take rights or a place in public life from a group: "women should stay in the kitchen"
  [/\b(?:women|woman|females|female) (?:should|must|need to|needs to|belong|ought to) (?:all |just )?(?:stay |be |go back )?(?:in the kitchen|barefoot|silent|seen and not heard|shut up|not (?:be allowed to )?vote|know (?:their|her) place|obey|submit)\b|\b(?:women|females) (?:shouldn't|should not|mustn't|must not|can't|cannot|ought not to) (?:be allowed to|have the right to) (?:vote|drive|work|study|hold office|own property|run for office)\b|\b(?:women|females) (?:are|r) only (?:good|fit|useful) for\b/g, 'hate.attack', 0.8, { needs: ['women', 'woman', 'females', 'female'] }],
  // The same said of the places a group lives, works or prays in: "Black neighbourhoods are full of animals", "Sikh
  // temples are terrorist training camps", "Muslim schools breed terrorists".
  [new RegExp(`\\b(?:${GROUP_WORDS}) (?:neighbou?rhoods?|areas?|estates?|districts?|ghettos?|camps?|shops?|restaurants?|schools?|mosques?|temples?|churche?s?|synagogues?|gurdwaras?|homes?) (?:are|is) (?:all |just |nothing but )?(?:(?:full of|overrun (?:with|by)|infested with|crawling with|breeding grounds for|hotbeds of|nests of) ${VILE}|(?:a |an )?terrorist (?:training )?(?:camps?|bases?|cells?))\\b|\\b(?:every|all|most) (?:mosques?|synagogues?|temples?|gurdwaras?|churche?s?) (?:is|are) (?:a |an )?(?:terrorist|terror|jihadi) (?:training )?(?:camps?|bases?|cells?|factor(?:y|ies)|nests?|breeding grounds?)\\b|\\b(?:${GROUP_PATTERN}) (?:schools?|mosques?|temples?|families|parents) breed ${VILE}\\b`, 'g'), 'hate.dehumanisation', 0.85, { subjectOnly: true, groupFree: true, needs: ['full', 'overrun', 'infested', 'crawling', 'breeding', 'hotbeds', 'nests', 'terrorist', 'terror', 'jihadi', 'breed'] }],
  // A group named earlier and then called animals: "Chinese restaurants serve dog meat, those people are filthy animals".
  [/\b(?:these|those) (?:people|folks) (?:are|r) (?:all |just |nothing but )?(?:filthy |dirty |disgusting |stinking )?(?:animals|vermin|rats|cockroaches|parasites|savages|subhumans?|scum|filth|a plague|a disease|a cancer)\b/g, 'hate.dehumanisation', 0.85, { subjectOnly: true, groupFree: true, needs: ['people', 'folks'] }],
  // The "groomers" slander of gay and trans people ("gay men reading to kids is grooming"; of drag performers: SLOGANS).
  [new RegExp(`\\b${GROUP}(?: [a-z']+){0,4} (?:is|are) (?:just |basically |literally )?(?:grooming|groomers)\\b`, 'g'), 'hate.attack', 0.8, { subjectOnly: true, needs: ['grooming', 'groomers'] }],
];

// Claims that a group is lesser by nature ("<group> are less intelligent", "… have a lower IQ"). Reporting and
// rebuttals quote them too ("the claim that …", "debunked"), and then they are kept as a weak signal.
const INFERIORITY = new RegExp(`\\b${GROUP} (?:are|is|r|have|has) (?:all |just |simply |naturally |genetically |biologically |on average |inherently )?(?:less (?:intelligent|evolved|civili[sz]ed|human|capable)|dumber|stupider|not as (?:intelligent|smart|evolved|civili[sz]ed)|(?:a )?lower iqs?|low iqs?|genetically inferior|biologically inferior|racially inferior|an inferior (?:race|people)|not fully human)\\b`, 'g');
const REBUTTAL = /\b(?:claim(?:s|ed|ing)? that|(?:the|a) (?:idea|myth|lie|notion|theory|claim|belief) that|debunked|pseudo-?science|discredited|no evidence|(?:is|are|was|were) (?:false|wrong|racist|a myth|a lie)|racist (?:myth|lie|claim|pseudoscience|nonsense))\b/;

// Spanish: the same dehumanising frame ("los inmigrantes son ratas"), with its own group words (the identity
// terms the model masks are English).
const GRUPOS = 'inmigrantes|migrantes|musulmanes|judíos|judios|negros|gitanos|moros|sudacas|latinos|mexicanos|extranjeros|refugiados|gays|homosexuales|maricones|árabes|arabes|africanos|chinos|marroquíes|marroquies|venezolanos|rumanos|mujeres';
const GRUPOS_SET = new Set(GRUPOS.split('|'));
const DESHUMANIZACION = new RegExp(`\\b(?:los |las |todos los |todas las |esos |esas |estos |estas )?(?:${GRUPOS}) son (?:todos |todas |unos |unas |como |una |un )?(?:ratas|animales|parásitos|parasitos|cucarachas|basura|escoria|plaga|cáncer|cancer|invasores|salvajes|bestias|inferiores|subhumanos|alimañas)\\b`, 'g');

// Slogans and conspiracy tropes of organised hate; also named in reporting and rebuttals, so counter-speech
// cues next to them lower the score as they do for slurs.
const SLOGANS = /\b(?:white power|heil hitler|sieg heil|hitler (?:was right|did nothing wrong)|(?:hitler|the nazis) (?:was|were) right about (?:the )?\w+|(?:islam|judaism) is (?:a )?(?:cancer|disease|plague|virus|tumou?r)|the only good (\w+) is a (?:dead|deported) (?:\1|one)|white genocide|race traitors?|(?:the )?great replacement is (?:real|happening|true|coming)|(?:the )?(?:jews|zionists) are behind (?:it|this|all (?:of )?(?:it|this)|the \w+)|useless eaters|holohoax|(?:the )?holocaust (?:never happened|is (?:a )?(?:lie|hoax|myth)|was (?:a )?(?:hoax|lie|myth|fake|made up))|(?:the )?(?:jews|zionists) (?:made it up|invented it)|(?:the )?(?:jews|zionists|jewish (?:media|banks|bankers|elites?|lobby)) (?:control|controls|own|owns|run|runs) (?:the |our )?(?:media|banks|world|government|governments|money|hollywood|everything)|(?:blacks|muslims|mexicans|immigrants|arabs|africans|somalis|gypsies|jews) are (?:all )?(?:criminals|thugs|savages|invaders|rapists)|(?:the )?(?:jews|zionists) are (?:the )?(?:real |secret |hidden )?(?:rulers|masters|puppet masters|ones in charge)|(?:the )?(?:jews|muslims|gays|blacks|immigrants|refugees|gypsies) (?:had it coming|deserved (?:it|the holocaust|what they got))|drag (?:queens?|shows?|story ?hours?|performers?)(?: [a-z']+){0,4} (?:is|are) (?:just |basically |literally )?(?:grooming|groomers)|(?:get|go) back (?:in|to|into) the kitchen|make me a (?:sandwich|samich|sammich))\b/g;
// Every slogan above holds one of these words; a comment with none of them skips the regex.
const SLOGAN_WORDS = ['white', 'heil', 'hitler', 'nazis', 'islam', 'judaism', 'good', 'traitor', 'traitors', 'replacement', 'jews',
  'zionists', 'eaters', 'holohoax', 'holocaust', 'jewish', 'blacks', 'muslims', 'mexicans', 'immigrants', 'arabs', 'africans', 'somalis',
  'gypsies', 'gays', 'refugees', 'drag', 'kitchen', 'sandwich', 'samich', 'sammich'];

// Counter-speech cues: the author names or condemns the word rather than using it.
const CONDEMN = /\b(?:slur|slurs|slogans?|chants?|chanted|chanting|the word|conspiracy|so-called|myth|debunked|propaganda|deniers?|denial|denies|denied|the n-word|called (?:me|him|her|them|us)|calling (?:me|him|her|them|us|someone|people)|never (?:ok|okay|acceptable)|not (?:ok|okay|acceptable)|unacceptable|racist|racism|hateful|offensive|shouted|yelled|used the)\b/;

// Reported speech: "an article about how <group> are …", "the claim that …". The pattern rules below quote a
// claim there rather than make it, so a match right after one of these is a weak signal only.
// Someone else's words count too ("I reported the guy who said …", "you probably think …"); the commenter's own ("I
// said …", "I think …") do not.
const REPORTED = /(?:\babout how|\b(?:the|a|this|that) (?:idea|claim|myth|lie|notion|narrative|trope|talking point) that|\bclaim(?:s|ed|ing)? that|\bpretend(?:s|ed|ing)? that|\b(?:who|he|she|they|someone|somebody|people|(?:the|a|my|his|her|our|their|that|this) \w+) (?:said|says|keeps? saying|wrote|writes|tweeted|posted|shouted|yelled|told (?:me|us|her|him|them))(?: that)?|\b(?:nobody|no one|noone|never)(?: here| in this thread)? (?:is |was |are |were )?(?:saying|said|says|claiming|claims?|suggesting|arguing)(?: that)?|\b(?:you|he|she|they) (?:probably |actually |really |still |seriously )?(?:think|thinks|believe|believes)(?: that)?|\b(?:does|did|do|where does) (?:it|the \w+|he|she|they|anyone|anybody|someone) (?:say|says|claim|claims)(?: that)?)\s*$/;

/** The match is a whole sentence asked back as a question, to dispute it: "Send all the refugees back? That's cruel." */
function echoed(a: Analysis, [start, end]: Span): boolean {
  const text = a.n.original;
  const opens = start === 0 || /[.!?]\s*$/.test(text.slice(Math.max(0, start - 3), start)) || /^[.!?]\s/.test(text.slice(start, start + 2));
  return opens && /^\s*\?/.test(text.slice(end, end + 3));
}

/** The match stands in quotation marks: "the phrase "go back to your country" was shouted at her". */
function quoted(a: Analysis, [start, end]: Span): boolean {
  const text = a.n.original;
  return /["“‘«]\s?$/.test(text.slice(Math.max(0, start - 2), start)) && /^[.,!?]?["”’»]/.test(text.slice(end, end + 2));
}

// Reported, then agreed with: "my dad says Muslims are vermin and he is right".
const ENDORSED = /\b(?:(?:and )?(?:he|she|they)(?:'s|'re| is| are) (?:right|correct|not wrong)|(?:and )?i agree|so true|spot on|facts)\b/;

/** The words around a match that say whether it is quoted, reported or rebutted: the whole comment when it is short. */
function around(a: Analysis, [start, end]: Span): string {
  return a.n.plain.length < 400 ? a.n.plain : a.n.original.slice(Math.max(0, start - 150), end + 150).toLowerCase();
}

export function hatePhase(a: Analysis): Label[] {
  const out: Label[] = [];
  const slurSpans: Span[] = [];
  const quotedSpans: Span[] = [];
  let slurScore = 0;
  const text = a.n.original;
  for (const h of a.hits) {
    if (!h.entry.hate) continue;
    const before = text.slice(Math.max(0, h.start - 2), h.start);
    const after = text.slice(h.end, h.end + 2);
    const inQuotes = /["'“‘«]/.test(before) && /["'”’»]/.test(after);
    if (inQuotes || CONDEMN.test(around(a, [h.start, h.end]))) quotedSpans.push([h.start, h.end]);
    else { slurSpans.push([h.start, h.end]); slurScore = Math.max(slurScore, h.entry.score); }
  }
  if (slurSpans.length) out.push(label('hate', 'hate.slur', slurScore, slurSpans));
  if (quotedSpans.length) out.push(label('hate', 'hate.slur-quoted', 0.3, quotedSpans));
  const slogans: Span[] = [];
  let condemned = false;
  for (const { m, span } of hasAnyWord(a, SLOGAN_WORDS) ? matchPlain(a.n, SLOGANS) : []) {
    // "The only good immigrant is a deported one" names a group; "the only good Kennedy is a dead one" does not.
    if (m[1] && m[0].endsWith(' one') && !IDENTITY_TERMS.has(m[1]) && !UNLISTED_GROUPS.has(m[1])) continue;
    slogans.push(span);
    if (quoted(a, span) || CONDEMN.test(around(a, span))) condemned = true;
  }
  if (slogans.length) out.push(label('hate', condemned ? 'hate.slogan-quoted' : 'hate.slogan', condemned ? 0.3 : 0.85, slogans));
  // One pass over the words decides which of the group rules below can match at all.
  let spanishGroup = false;
  let group = false;
  for (const t of a.n.tokens) {
    if (GRUPOS_SET.has(t.plain)) spanishGroup = true;
    if (IDENTITY_TERMS.has(t.plain) || UNLISTED_GROUPS.has(t.plain)) group = true;
  }
  if (spanishGroup) {
    const spans: Span[] = [];
    for (const { span } of matchPlain(a.n, DESHUMANIZACION)) spans.push(span);
    if (spans.length) out.push(label('hate', 'hate.dehumanisation', 0.9, spans));
  }
  // Most pattern rules name a group; most comments name none.
  const claims: Span[] = [];
  if (group) for (const { span } of matchPlain(a.n, INFERIORITY)) claims.push(span);
  if (claims.length) {
    const rebutted = REBUTTAL.test(around(a, claims[0]!));
    out.push(label('hate', rebutted ? 'hate.claim-quoted' : 'hate.inferiority', rebutted ? 0.3 : 0.8, claims));
  }
  for (const [re, rule, score, { subjectOnly, groupFree, needs }] of RULES) {
    if ((!group && !groupFree) || !hasAnyWord(a, needs)) continue;
    const spans: Span[] = [];
    const reported: Span[] = [];
    for (const { span } of matchPlain(a.n, re)) {
      const before = a.n.original.slice(Math.max(0, span[0] - 40), span[0]).toLowerCase();
      if (subjectOnly && OBJECT_BEFORE.test(before)) continue;
      // Removing people for what they did or their legal status is policy, not exclusion for who they are:
      // "illegal immigrants should be deported", "failed asylum seekers must be removed".
      if (rule === 'hate.exclusion' && LAWFUL_STATUS.test(before)) continue;
      const isReported = quoted(a, span) || echoed(a, span) || (REPORTED.test(before) && !ENDORSED.test(around(a, span)));
      (isReported ? reported : spans).push(span);
    }
    if (spans.length) out.push(label('hate', rule, score, spans));
    if (reported.length) out.push(label('hate', `${rule}-reported`, 0.3, reported));
  }
  return out;
}
