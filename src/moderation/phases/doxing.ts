/**
 * Doxing: personal information about a private person — home addresses, personal phones and emails, government
 * ids, card and bank numbers, IP addresses, licence plates, people-search links, and "go to his house" intent.
 * Public institutions' numbers, addresses and role mailboxes, dates, prices and statute numbers are not personal:
 * a match next to words like "mayor's office" or "city hall" is kept as a weak signal below the default threshold.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Label, Span } from '../../domain/moderation.ts';
import { hasAnyWord, label, matchPlain, type Analysis } from '../analysis.ts';
import type { Normalised } from '../normalise.ts';

// Words that mark a number or address as belonging to an institution or a business, not a person.
// Words that mark a number or address as a public institution's (the policy protects private people; an office
// of government, a hotline or a public service publishes its own contact details). Businesses are not included.
const INSTITUTION = /\b(?:mayor|mayor's|city hall|town hall|council|councillor|councilman|councilwoman|department|dept|agency|ministry|embassy|consulate|senator|sen\.|representative|rep\.|congressman|congresswoman|congress|governor|legislator|legislature|hotline|helpline|help line|tip line|tipline|non-emergency|police|sheriff|fire station|fire department|hospital|public library|library|museum|courthouse|court|clerk|switchboard|press office|newsroom|university|school district|county|federal|government|gov|commission|authority|public|parliament|white house|capitol|311|911|constituency office|district office|campaign office)\b/;
const ROLE_MAILBOX = /^(info|contact|press|media|office|support|help|news|tips|letters|editor|editors|newsroom|hello|admin|webmaster|feedback|inquiries|enquiries|service|sales|clerk|mayor|council|communications|comms|publicaffairs|public\.affairs|foia|records|noreply|no-reply)@/;
const PUBLIC_DOMAIN = /\.(gov|mil|edu|int|gov\.[a-z]{2}|gc\.ca|gouv\.fr|europa\.eu)$/;

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const SSN_WORDED = /\b(?:ssn|social security(?: number| no\.?| #)?)\s*(?:is|:|#)?\s*(\d{9}|\d{3} \d{2} \d{4})\b/g;
const CARD = /(?<![\d-]|\d\.)\d(?:[ -]?\d){11,18}(?![\d-]|\.\d)/g;
const IBAN = /\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,3})?\b/g;
const IPV4 = /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.])/g;
// Groups of two to six digits: "07700 900123" is how British mobiles are written.
const PHONE_SHAPE = /(?<![\w$£€#.,/])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,6}){1,4}(?![\w%.,/]\d|[\w%])/g;
const STREET_SUFFIX = 'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|crescent|cres|close|square|sq|trail|row|alley|gardens|grove|mews|strasse|straße|straat|gatan|vagen|vej|gade|katu|tie|kuja|polku|utca|kapu|gasse|weg|laan|plein|veien|calle|rue|via|ulica|aleja|rua|avenida|camino|paseo|piazza|viale|corso|chemin|allee|platz|ring|damm';
// Street words written as a separate word after the name ("Csabai kapu 39", "Király u. 15", "Calle Mayor 12").
const SUFFIX_WORD = 'u\\.|ul\\.|utca|kapu|ut|út|gasse|weg|gade|vej|vei|veien|laan|plein|ulica|aleja|straat|strasse|street|st\\.?|road|rd\\.?|avenue|ave\\.?|lane|drive|way';
const ADDRESS = new RegExp(`\\b\\d{1,6}[a-z]?(?:\\s+(?:[nsew]|north|south|east|west)\\.?)?(?:\\s+(?:[a-z][a-z'.-]*|\\d{1,4}(?:st|nd|rd|th)?)){1,3}\\s+(?:${STREET_SUFFIX})\\b\\.?(?:,?\\s+(?:apt|apartment|unit|suite|ste|flat|#)\\.?\\s*#?\\s*[a-z0-9-]+)?`, 'g');
const ADDRESS_UNIT = /\b(?:apt|apartment|suite|flat|unit)\.?\s*#?\s*\d+[a-z]?\b/g;
// "Koskikatu 25", "Calle Mayor 12": street name first, number after, as much of Europe writes it.
// Compound street names ("Puruntie 82", "Hauptstrasse 5") use only suffixes that no common English word ends in.
const COMPOUND_SUFFIX = 'strasse|straße|straat|gatan|vagen|vej|gade|katu|tie|kuja|polku|utca|gasse|weg|laan|veien|straeti|braut|brucke|gata|vegur|damm|platz|allee';
const EURO_WORDS = new Set(['u', 'ul', 'utca', 'kapu', 'ut', 'út', 'gasse', 'weg', 'gade', 'vej', 'vei', 'veien', 'laan', 'plein', 'ulica', 'aleja',
  'straat', 'strasse', 'street', 'st', 'road', 'rd', 'avenue', 'ave', 'lane', 'drive', 'way', 'box', 'psc', 'cmr', 'unit', 'apo', 'fpo', 'dpo',
  'calle', 'rue', 'via', 'avenida', 'rua']);
const COMPOUND_ENDINGS = COMPOUND_SUFFIX.split('|');
// Their last three letters: one probe rules out almost every word before the endings are tried.
const COMPOUND_TAILS = new Set(COMPOUND_ENDINGS.map((e) => e.slice(-3)));
const ADDRESS_EURO = new RegExp(`\\b[a-z]{3,}(?:${COMPOUND_SUFFIX})\\s+\\d{1,5}[a-z]?\\b|\\b[a-z]{3,}\\s+(?:${SUFFIX_WORD})\\s*\\d{1,5}[a-z]?\\b|\\bul\\.\\s+[a-z]+(?:\\s+[a-z]+){0,2}\\s+\\d{1,5}\\b|\\bp\\.?\\s?o\\.?\\s+box\\s+\\d{1,6}\\b|\\b(?:psc|unit|cmr)\\s+\\d{3,5},?\\s+box\\s+\\d{3,5}|\\b(?:apo|fpo|dpo)\\s+(?:aa|ae|ap)\\s+\\d{5}\\b|\\b(?:calle|rue|via|avenida|rua|ulica)\\s+[a-z][a-z ]{2,30}\\s+\\d{1,5}\\b`, 'g');
const ADDRESS_CUE = /\b(?:(?:home |street |mailing |postal |house )?address(?: is|:)|the corner of|lives (?:at|on)|living at|live at|(?:his|her|their|your|my) (?:house|home|flat|apartment|place) (?:is )?(?:at|on))\s/g;
const PLATE = /\b(?:licen[cs]e plate|number plate|plate(?: number| no\.?| #)?|tag number|reg(?:istration)?(?: number)?)\s*(?:is|:|#|of)?\s*([a-z0-9]{1,4}[ -]?[a-z0-9]{2,5})\b/g;
const DRIVER_LICENSE = /\b(?:driver'?s? licen[cs]e|dl|licen[cs]e)(?: number| no\.?| #)?\s*(?:is|:|#)?\s*([a-z]?\d[\d-]{5,16})\b/g;
const PEOPLE_SEARCH = /\b(?:whitepages|spokeo|beenverified|truepeoplesearch|fastpeoplesearch|intelius|peoplefinders?|radaris|mylife|instantcheckmate|truthfinder|thatsthem|zabasearch|pipl|familytreenow|peekyou|usphonebook|clustrmaps|nuwber|searchpeoplefree|peoplelooker|ussearch|addresses)\s*(?:\.|\s+dot\s+)\s*com\b|\b192\.com\b/g;
// Intent to expose or visit someone at home or at work, or where their children are: one pattern per form, each with
// the words it cannot match without. ("Go to the girl's place" in dating advice names no one: "the" with a generic noun
// is left out.)
const INTENT: [RegExp, readonly string[]][] = [
  [/\b(?:go to (?:his|her|their|your|(?:that|this) [a-z]+'s|the (?!(?:girl|guy|boy|man|woman|lady|kid|friend|neighbou?r)'s)[a-z]+'s) (?:house|home|place|door|work|office))/g, ['go']],
  [/\b(?:wait (?:for|outside) (?:him|her|them)(?: [a-z]+){0,2} (?:there|outside (?:his|her|their) [a-z]+|after (?:work|school|his shift|her shift|their shift)))/g, ['wait']],
  [/\b(?:(?:he|she|they) works? (?:at|in) [^.!?]{2,60}\b(?:finish(?:es)?|leaves?|gets? off|clocks? off|starts?)(?: work| (?:his|her|their) shift)? at \d)/g, ['finish', 'finishes', 'leave', 'leaves', 'get', 'gets', 'clock', 'clocks', 'start', 'starts']],
  [/\b(?:(?:show|turn) up at (?:his|her|their|your) (?:house|home|door|work|place))/g, ['show', 'turn']],
  [/\b(?:pay (?:him|her|them) a visit)/g, ['visit']],
  [/\b(?:visit (?:him|her|them) at home)/g, ['visit']],
  [/\b(?:(?:i|we) know where (?:you|he|she|they) (?:live|lives|sleep|sleeps|work|works))/g, ['know']],
  [/\b(?:(?:i|we) know where (?:your|his|her|their) (?:kids?|children|son|daughter|family|wife|husband|parents) (?:go|goes|live|lives|sleep|sleeps|work|works|are))/g, ['know']],
  [/\b(?:here(?:'s| is) where (?:he|she|they|you|[a-z]+) (?:lives?|works?|sleeps?))/g, ['here']],
  [/\b(?:(?:he|she|they) lives? (?:at|on) \d)/g, ['live', 'lives']],
  [/\b(?:(?:his|her|their) (?:kids?|children|son|daughter) (?:goes?|go|attends?) to\b)/g, ['kid', 'kids', 'children', 'son', 'daughter']],
  [/\b(?:(?:his|her|their) (?:home|personal|cell|private|mobile) (?:address|number|phone|email)\b)/g, ['address', 'number', 'phone', 'email']],
  [/\b(?:find (?:him|her|them) at (?:home|work))/g, ['find']],
  [/\b(?:(?:find|find out|look up|figure out|work out) where (?:he|she|they|(?:the |that |this )?(?:mayor|reporter|journalist|author|writer|editor|judge|councillor|councilor|senator|officer|teacher|guy|man|woman|girl|boy|moderator|commenter|[a-z]+'s (?:kids?|children|son|daughter|family|wife|husband|parents))|(?:his|her|their) (?:kids?|children|son|daughter|family|wife|husband|parents)) (?:lives?|go(?:es)? to school|works?|sleeps?)\b)/g, ['where']],
  [/\b(?:(?:leaves?|gets? off) (?:work|his shift|her shift) at \d)/g, ['leave', 'leaves', 'get', 'gets']],
];

// The same sites named without their address: "look her up on spokeo, it's all there".
const PEOPLE_SEARCH_LOOKUP = /\blook (?:him|her|them|(?:that|this|the) [a-z]+) up on (?:whitepages|spokeo|beenverified|truepeoplesearch|fastpeoplesearch|intelius|peoplefinders?|radaris|mylife|instantcheckmate|truthfinder|thatsthem|zabasearch|pipl|familytreenow|peekyou|usphonebook|clustrmaps|nuwber|192\.com)\b/g;
// A named person's workplace with when they are there ("Mark Evans works at the Tesco on Hill Street every night until
// ten"): where and when to find them. Names are written capitalised; "my brother works at …" names no one.
const NAMED_AT_WORK = /\b[A-Z][a-z]+ [A-Z][a-z'-]+ works? (?:at|in) [^.!?]{2,60}?\b(?:every|each) (?:night|morning|evening|day|weekday|shift|(?:mon|tues|wednes|thurs|fri|satur|sun)day)s?\b[^.!?]{0,30}?\b(?:until|till|from|after|before|between) (?:\d|ten|nine|eight|seven|six|five|four|three|two|one|eleven|twelve|midnight|noon|closing)/g;

const WORKS_AT = [' works at ', ' works in ', ' work at ', ' work in '];

const MAX_PHONE_PARSES = 3;
// Every address cue holds one of these words.
const ADDRESS_CUE_WORDS = ['address', 'corner', 'lives', 'live', 'living', 'house', 'home', 'flat', 'apartment', 'place'];

function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of r) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** Look back within the sentence for words that make a match an institution's, not a person's. */
function institutional(n: Normalised, index: number): boolean {
  // Line breaks only survive in the original text (the plain view turns them into spaces).
  const at = n.starts[index] ?? n.original.length;
  const before = n.original.slice(Math.max(0, at - 90), at).toLowerCase();
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('! '), before.lastIndexOf('? '));
  return INSTITUTION.test(cut >= 0 ? before.slice(cut + 1) : before);
}

/** Dates, years, prices, times and statute numbers are shaped like phone numbers; skip them. */
function notAPhone(s: string): boolean {
  const groups = s.split(/[^\d]+/).filter(Boolean);
  // Years and short date parts ("2010-2015", "12-05-2020"); five two-digit groups is a French phone, not a date.
  if (groups.length <= 3 && groups.every((g) => /^(1[89]|20)\d\d$/.test(g) || g.length <= 2)) return true;
  if (/^\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)/.test(s) || /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}(?!\d)/.test(s)) return true;
  const digits = s.replace(/\D/g, '');
  // Seven digits is only a phone in the local form 555-0198; "3610-114" is a reference number.
  if (digits.length === 7 && !/^\d{3}[ .-]\d{4}$/.test(s)) return true;
  return digits.length < 7 || digits.length > 15;
}

export function doxingPhase(a: Analysis): Label[] {
  const { n } = a;
  const out: Label[] = [];
  const add = (rule: string, score: number, span: Span) => {
    const prev = out.find((l) => l.rule === rule);
    if (prev) { prev.score = Math.max(prev.score, score); prev.spans.push(span); } else out.push(label('doxing', rule, score, [span]));
  };
  const taken: Span[] = [];
  const overlaps = (s: Span) => taken.some(([x, y]) => s[0] < y && x < s[1]);
  const text = n.plain;
  let digits = 0;
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); if (c >= 48 && c <= 57) digits++; }

  if (text.includes('@')) {
    for (const { m, span } of matchPlain(n, EMAIL)) {
      const publicBox = ROLE_MAILBOX.test(m[0]) || PUBLIC_DOMAIN.test(m[0]) || institutional(n, m.index);
      add('doxing.email', publicBox ? 0.2 : 0.8, span);
    }
  }
  if (digits >= 4) {
    for (const { span } of matchPlain(n, SSN)) { add('doxing.government-id', 0.95, span); taken.push(span); }
    for (const { span } of matchPlain(n, SSN_WORDED)) { add('doxing.government-id', 0.95, span); taken.push(span); }
    for (const { m, span } of matchPlain(n, DRIVER_LICENSE)) { if (/\d{5}/.test(m[1].replace(/-/g, ''))) { add('doxing.government-id', 0.85, span); taken.push(span); } }
    for (const { m, span } of matchPlain(n, CARD)) {
      const d = m[0].replace(/\D/g, '');
      if (d.length < 12 || d.length > 19 || overlaps(span)) continue;
      // A long digit run that fails the checksum is an order or reference number, not a phone: claim it anyway.
      if (luhn(d)) add('doxing.card', 0.95, span);
      taken.push(span);
    }
    for (const { m, span } of matchPlain(n, IBAN)) {
      // A valid checksum is near-certain; the GB-style shape (bank code letters then digits) is still an account.
      const valid = ibanValid(m[0]);
      if (valid || /^[a-z]{2}\d{2} ?[a-z]{4}(?: ?\d){10,}$/.test(m[0])) { add('doxing.bank-account', valid ? 0.95 : 0.75, span); taken.push(span); }
    }
    for (const { m, span } of matchPlain(n, IPV4)) {
      if (!/\b(?:version|v|ver|release)\s*$/.test(text.slice(Math.max(0, m.index - 10), m.index))) { add('doxing.ip-address', 0.75, span); taken.push(span); }
    }
  }
  if (digits >= 7) {
    let parsed = 0;
    for (const { m, span } of matchPlain(n, PHONE_SHAPE)) {
      if (overlaps(span) || notAPhone(m[0]) || /\b(?:zip|zip code|postal code|postcode|plz|cep)\s*(?:is|:)?\s*$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;
      // libphonenumber-js decides whether a candidate is a real number (~25 µs a parse, so at most a few per
      // comment); numbers in other countries' formats it cannot place without a country still count, lower.
      if (institutional(n, m.index)) { add('doxing.phone', 0.2, span); taken.push(span); continue; }
      let score = 0.65;
      // Only shapes libphonenumber could place with a US default or an explicit country code are worth a parse.
      const nd = m[0].replace(/\D/g, '').length;
      if (parsed < MAX_PHONE_PARSES && (m[0].startsWith('+') || nd === 10 || nd === 11)) {
        parsed++;
        const p = parsePhoneNumberFromString(m[0], 'US');
        if (p?.isValid()) score = isTollFree(p.nationalNumber) ? 0.2 : 0.8;
      }
      add('doxing.phone', score, span);
      taken.push(span);
    }
  }
  if (digits >= 1) {
    // The European forms try every word; only run them when a street word or compound street name is present.
    let euro = false;
    for (const w of a.words) if (EURO_WORDS.has(w) || (w.length > 5 && COMPOUND_TAILS.has(w.slice(-3)) && COMPOUND_ENDINGS.some((e) => w.endsWith(e)))) { euro = true; break; }
    for (const re of euro ? [ADDRESS, ADDRESS_EURO, ADDRESS_UNIT] : [ADDRESS, ADDRESS_UNIT]) {
      for (const { m, span } of matchPlain(n, re)) {
        if (overlaps(span)) continue;
        // European-style street names are written capitalised; "during 1971" is not an address.
        if (re === ADDRESS_EURO && /^[a-z]/.test(n.original.slice(span[0], span[0] + 1)) && !/^(?:psc|unit|cmr|apo|fpo|dpo|ul\.|p\.? ?o)/.test(m[0])) continue;
        const inst = institutional(n, m.index) || /\b(?:hall|office|center|centre|plaza|capitol)\b/.test(text.slice(m.index, m.index + m[0].length + 30));
        add('doxing.address', inst ? 0.25 : re === ADDRESS_UNIT ? 0.55 : 0.8, span);
        taken.push(span);
      }
    }
    for (const { m, span } of matchPlain(n, PLATE)) if (/\d/.test(m[1]) && /[a-z]/.test(m[1])) add('doxing.plate', 0.8, span);
  }
  // "lives at 42 …" is an address; "lives at home and he is 25" is not: the cue counts when a number follows at once.
  if (text.includes('com')) for (const { span } of matchPlain(n, PEOPLE_SEARCH)) add('doxing.people-search', 0.9, span);
  if (text.includes(' up on ')) for (const { span } of matchPlain(n, PEOPLE_SEARCH_LOOKUP)) add('doxing.people-search', 0.85, span);
  if (WORKS_AT.some((w) => text.includes(w))) {
    for (const m of n.original.matchAll(NAMED_AT_WORK)) add('doxing.intent', 0.85, [m.index, m.index + m[0].length]);
  }
  if (hasAnyWord(a, ADDRESS_CUE_WORDS)) for (const { m, span } of matchPlain(n, ADDRESS_CUE)) {
    const after = m.index + m[0].length;
    add('doxing.address', /^[^\d.,;!?]{0,12}\d/.test(text.slice(after, after + 40)) ? 0.85 : 0.3, span);
  }
  for (const [re, needs] of INTENT) if (hasAnyWord(a, needs)) for (const { span } of matchPlain(n, re)) add('doxing.intent', 0.85, span);
  return out;
}

function isTollFree(national: string): boolean {
  return /^8(00|33|44|55|66|77|88)/.test(national);
}
