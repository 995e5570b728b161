/**
 * The trained classifier as a phase: per-category calibrated logistic regression over hashed word and character
 * n-grams (src/moderation/model.ts). Its labels carry no spans; where a rule phase found words for the same
 * category the reasons quote those.
 * A bag of n-grams cannot tell "you are wrong, this is a terrible policy" from an insult, or "assess" from a
 * vulgar word, so four categories need corroboration in the text before the model alone can reach the policy
 * threshold: an addressee or insult word (incivility), a group or slur (hate), a lexicon term (vulgarity), a link,
 * number or call to action (spam).
 */
import type { Label } from '../../domain/moderation.ts';
import { IDENTITY_TERMS, LEGAL_STATUS } from '../identity.ts';
import { label, type Analysis } from '../analysis.ts';
import { MODEL_CATEGORIES, scoreText } from '../model.ts';

// Below this a model score is noise; dropping it keeps decisions and logs short.
const REPORT_FLOOR = 0.2;
// Uncorroborated scores are halved, so only a near-certain model score still reaches the default threshold. Spam's,
// incivility's and hate's are also capped below the new-commenter signal (0.4): the SMS-trained model is sure about
// any phone number, including an office's; incivility aimed at no one ("what a stupid decision by the referee") or
// quoted from someone else is outside the policy, which covers attacks on commenters and the author; and hate with no
// group, slur or cue in the text attacks no one the policy names (the hate model scored "Dirty money from Russian
// oligarchs is flooding London property" 0.83 on "dirty" and "flooding" alone).
const UNCORROBORATED = 0.5;
const UNCORROBORATED_CAP = 0.35;

// The policy's incivility is aimed at commenters or the author; "the senator is a liar" is political speech. So the
// model needs an addressee, or one of the few insults that are name-calling whoever the target ("anyone who believes
// this is an idiot" is aimed at the thread).
const ADDRESSEE = new Set(['you', 'your', "you're", 'youre', 'u', 'ur', 'ya', 'yourself', 'author', 'writer', 'reporter',
  'journalist', 'op', 'commenter', 'poster', 'tu', 'tú', 'vos', 'usted', 'ustedes', 'te', 'ti', 'tus', 'sos', 'eres']);
const NAME_CALLING = new Set(['idiot', 'moron', 'idiots', 'morons', 'scum', 'imbecile', 'retard', 'retarded', 'dumbass']);
// ...unless someone else said it: "The mayor is an idiot, says the opposition leader" reports a politician's words
// about a politician, aimed at nobody here. ("Anyone who said … is an idiot" is not reporting: "who said" names the target.)
const ATTRIBUTED = /\b(?:(?<!\bwho )(?:says|said|told) (?:the|a|an|his|her|their|one|my|our|at|on|in|during|yesterday|today|last|after)\b|according to\b|in an interview\b|told reporters\b|(?:called|calling) (?:the|him|her|them|his|their) (?:\w+ ){0,2}an? \w+|(?:was|were|been|being) called an? \w+)/;
// Spam needs a way to act on it: a link, an address to write to, a premium rate ("150p", a 09… line, "per msg"), a
// shortcode to text ("to 83222"), an opt-out ("send STOP") or a call to action. "Call", "text" and "reply" count
// only next to a number: on their own they are ordinary chat ("glad to see your reply"). A price alone does not
// count: news comments are full of fares, fees and levies, and the SMS-trained model reads "Fares rise to $2.75 on
// 2026-01-01" as a premium-rate text.
const SPAM_CUE = /https?:|www\.|\.(?:com|net|org|biz|info|co|ly)\b|@|\b\d+p\b|^\d{5}\b|\b(?:to|on|from|txt|text|send|call) \d{5}\b|\b\d{5}$|\b0[89]\d{8,9}\b|\d{2,3}p\b|\b(?:unsubscribe|ringtone\w*|tones|polys?|ppm|t&cs?|(?:send|txt|text|reply) stop|per (?:msg|txt|min|wk)|mobile|adult|(?:video|mobile|adult) content|customer service|account statement|ltd|club|download)\b|\b(?:txt|text|call|reply|sms|ring|send)\b(?: (?:now|me|us))?:? (?:[a-z]+ ){0,3}(?:(?:to|on|at) )?\+?\d|\d{3}[\d ().-]{4,}\d\W{0,3}(?:[a-z]+ ){0,3}(?:call|text|txt|ring|whatsapp)\b|\breply (?:yes|no|y|n|stop|win|now|with)\b|\b(?:txt|text|send|reply)\b.{0,40}\bto \d{4,5}\b|\b(?:claim|click|visit|subscribe|order|free|win|won|winner|prize|cash|offer|urgent|award(?:ed)?|bonus|voucher|dm|whatsapp|telegram|crypto|bitcoin|invest\w*|loan|casino|viagra|deal|discount|promo)\b/;
// Text-message services name a keyword in capitals to send back: "Txt GIRL to 8007", "Reply END", "text your AGE".
const KEYWORD_CUE = /\b(?:[Tt]xt|TXT|[Tt]ext|TEXT|[Rr]eply|REPLY|[Ss]end|SEND)\b(?: (?:back|BACK|your|YOUR|the|THE|keyword|KEYWORD|word|WORD))* [A-Z][A-Z0-9]{1,}\b/;
// A group named only as what something is about or aimed at ("the comments here about Africans are disgusting", "the
// attacks on Muslims") is not what the sentence judges: that alone does not corroborate the hate model.
const OBJECT_OF = new Set(['about', 'against', 'toward', 'towards', 'at', 'on', 'regarding', 'concerning', 'for']);
// Nor is a group qualified by legal status ("illegal immigrants should be deported", "failed asylum seekers"): the
// hate rules treat removal for status as policy, and the model's weight on "illegal" alone held such comments.
const STATUS = new Set(LEGAL_STATUS);
const statusBefore = (toks: readonly { plain: string }[], i: number) =>
  STATUS.has(toks[i - 1]?.plain ?? '') || (IDENTITY_TERMS.has(toks[i - 1]?.plain ?? '') && STATUS.has(toks[i - 2]?.plain ?? ''));
const GROUP_CUE = new Set(['they', 'them', 'their', 'these', 'those', 'people', 'race', 'religion', 'country', 'immigration', 'foreign']);
// "People" counted ("two hundred people", "many people") is a head count, not a group set apart.
const COUNT = /^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens|many|more|most|few|fewer|several|some|other|older|young|local)$/;
// "Race" as a contest ("won the race", "the mayoral race", "a race to the bottom", "the arms race") is not a people.
const CONTEST_BEFORE = new Set(['won', 'win', 'wins', 'winning', 'lost', 'lose', 'loses', 'losing', 'run', 'runs', 'running', 'ran',
  'enter', 'entered', 'entering', 'join', 'joined', 'quit', 'tight', 'close', 'mayoral', 'presidential', 'senate', 'council',
  'leadership', 'governor', 'primary', 'election', 'horse', 'boat', 'relay', 'arms', 'space', 'rat', 'title', 'championship',
  'marathon', 'sprint', 'bike', 'car', 'drag', 'sack', 'egg', 'three', 'two', 'way']);
const CONTEST_AFTER = new Set(['to', 'for', 'against', 'between', 'track', 'course', 'day', 'horse', 'horses', 'car', 'cars']);
const groupCue = (toks: readonly { plain: string }[], i: number) => {
  const word = toks[i]!.plain;
  if (!GROUP_CUE.has(word)) return false;
  if (word === 'people') return !COUNT.test(toks[i - 1]?.plain ?? '');
  if (word === 'race') return !(CONTEST_BEFORE.has(toks[i - 1]?.plain ?? '') || CONTEST_BEFORE.has(toks[i - 2]?.plain ?? '') || CONTEST_AFTER.has(toks[i + 1]?.plain ?? ''));
  return true;
};
// Nor is a group word that only says what kind a place, a thing or an institution is: "the Sikh temple's free
// kitchen", "the Chinese restaurant on Mill Street closed", "the Russian government", "Russian oligarchs", "Islamic
// terrorism", "gay marriage". The sentence is about the kitchen, the restaurant, the government, an ideology or an
// institution; attacks on a state or its office-holders are political speech. (Other words in the same text — "they", "these people", a slur — still corroborate.)
const NOT_THE_GROUP = new Set([
  'restaurant', 'restaurants', 'takeaway', 'takeaways', 'shop', 'shops', 'store', 'stores', 'bakery', 'market', 'markets',
  'food', 'cuisine', 'dish', 'dishes', 'kitchen', 'cooking', 'recipe', 'recipes', 'tea', 'new', 'festival', 'festivals',
  'temple', 'temples', 'gurdwara', 'mosque', 'mosques', 'church', 'churches', 'synagogue', 'synagogues', 'cathedral',
  'school', 'schools', 'university', 'centre', 'center', 'museum', 'embassy', 'consulate', 'border', 'language',
  'film', 'films', 'music', 'art', 'literature', 'calendar', 'holiday', 'election', 'elections', 'economy', 'team',
  'league', 'cup', 'flag', 'passport', 'passports', 'visa', 'visas', 'government', 'governments', 'regime', 'ministry',
  'parliament', 'president', 'army', 'navy', 'military', 'forces', 'troops', 'authorities', 'officials', 'diplomats',
  'oligarch', 'oligarchs', 'terrorism', 'extremism', 'fundamentalism', 'radicalism', 'radicalisation', 'radicalization',
  'jihadism', 'nationalism', 'law', 'laws', 'history', 'architecture', 'marriage', 'marriages', 'wedding', 'weddings',
  'rights', 'pride', 'parade', 'bar', 'bars',
]);
// (Not "media", "banks" or "state": "the Jewish media", "Jewish banks" are the words of an old slander.)

const SENTENCE_END = new Set(['.', '!', '?', '\n']);

/** True when every sentence that calls someone a name (at these offsets) reports someone else's words. */
function attributedOnly(text: string, at: number[]): boolean {
  if (!at.length) return false;
  // One pass over the text, sentence by sentence; each sentence that calls a name is tested once.
  const calls = [...at].sort((x, y) => x - y);
  let k = 0;
  let from = 0;
  for (let i = 0; i <= text.length && k < calls.length; i++) {
    if (i < text.length && !SENTENCE_END.has(text[i]!)) continue;
    if (calls[k]! < i) {
      if (!ATTRIBUTED.test(text.slice(from, i).toLowerCase())) return false;
      while (k < calls.length && calls[k]! < i) k++;
    }
    from = i + 1;
  }
  return true;
}

/** Model scores per MODEL_CATEGORIES entry after the corroboration rule (eval uses these unfloored). */
export function classifierScores(a: Analysis): number[] {
  const scores = scoreText(a.n);
  const toks = a.n.tokens;
  // Corroboration is only worth checking for a score that could be reported at all.
  const corroborated = (c: string): boolean => {
    switch (c) {
      case 'hate':
        return (
          a.hits.some((h) => h.entry.hate) ||
          toks.some(
            (t, i) =>
              (IDENTITY_TERMS.has(t.plain) && !OBJECT_OF.has(toks[i - 1]?.plain ?? '') && !NOT_THE_GROUP.has(toks[i + 1]?.plain ?? '') && !statusBefore(toks, i)) || groupCue(toks, i),
          )
        );
      case 'incivility': {
        if (toks.some((t) => ADDRESSEE.has(t.plain) || ADDRESSEE.has(t.loose))) return true;
        // Where a name is called: lexicon insults and swearing, and the name-calling words.
        const calls = [
          ...a.hits.filter((h) => h.entry.insult || h.entry.profanity).map((h) => h.start),
          ...toks.filter((t) => NAME_CALLING.has(t.plain) || NAME_CALLING.has(t.loose)).map((t) => t.start),
        ];
        return calls.length > 0 && !attributedOnly(a.n.original, calls);
      }
      case 'vulgarity': return a.hits.some((h) => h.entry.vulgarity);
      case 'spam': return SPAM_CUE.test(a.n.plain) || KEYWORD_CUE.test(a.n.original);
      default: return true;
    }
  };
  return scores.map((s, i) => {
    const c = MODEL_CATEGORIES[i];
    if (s < REPORT_FLOOR * 0.5 || corroborated(c)) return s;
    // Incivility with no one to aim at ("what a stupid decision by the referee") is outside the policy altogether.
    const capped = c === 'spam' || c === 'incivility' || c === 'hate';
    return capped ? Math.min(UNCORROBORATED_CAP, s * UNCORROBORATED) : s * UNCORROBORATED;
  });
}

export function classifierPhase(a: Analysis): Label[] {
  const scores = classifierScores(a);
  const out: Label[] = [];
  for (let i = 0; i < MODEL_CATEGORIES.length; i++) {
    if (scores[i] >= REPORT_FLOOR) out.push(label(MODEL_CATEGORIES[i], `${MODEL_CATEGORIES[i]}.model`, scores[i], []));
  }
  return out;
}
