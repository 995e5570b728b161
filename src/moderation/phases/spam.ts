/**
 * Spam: promotion, scams, link drops, obfuscated links, phone numbers as a call to action, and the author's
 * behaviour as the command measured it (velocity, the same text across stories, a new account posting links,
 * recent rejections). Text cues are combined as independent evidence; one link alone is not spam.
 */
import type { Label, Span } from '../../domain/moderation.ts';
import { hasAnyWord, label, matchPlain, noisyOr, type Analysis } from '../analysis.ts';

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|io|co|ru|cn|xyz|top|site|online|shop|club|live|link|click|ly|me|tk|ml|ga|cf|gq|us|uk|de)(?:\/[^\s<>"')\]]*)?\b/g;
const OBFUSCATED_LINK = /\b(?:hxxps?|h\*\*ps?|h__ps?|ht\s?tp\s?s?\s?:\s?\/\s?\/\s)|\b[a-z0-9-]{2,}\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\s+dot\s+)\s*(?:com|net|org|info|biz|io|co|ru|xyz|top|site|online|shop|club|live|link|me|ly)\b|\bwww\s+dot\b/g;
// Cheap literal checks that decide whether the link regexes (which try every word boundary) need to run at all.
const LINK_HINT = /:\/\/|www\.|\.(?:com|net|org|info|biz|io|co|ru|cn|xyz|top|site|online|shop|club|live|link|click|ly|me|tk|ml|ga|cf|gq|us|uk|de|gl|gd|at|cc)\b/;
const OBFUSCATION_HINT = /hxxp|h\*\*p|h__p|ht\s?tp|\bdot\b|\[\.\]|\(\.\)|\{\.\}/;
const SHORTENER = /\b(?:bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|cutt\.ly|rb\.gy|shorturl\.at|tiny\.cc|t\.me|wa\.me)\b/g;
// Each cue names words it cannot match without (any one of them, as whole words); most comments hold none of them.
const CUES: [RegExp, string, number, readonly string[]][] = [
  // "earn $500 a day" is a pitch; "workers make $15 an hour" is a wage debate, so "make" alone stays weak.
  [/\b(?:earn|earning|get paid|income of)\s+(?:up to\s+)?[$£€]?\s?\d[\d,.]*k?\s?(?:dollars|usd|bucks)?\s*(?:per|a|an|every|each)\s+(?:day|hour|week)\b/g, 'spam.money', 0.6, ['earn', 'earning', 'paid', 'income']],
  [/\b(?:make|making)\s+(?:up to\s+)?[$£€]\s?\d[\d,.]*k?\s*(?:per|a|an|every|each)\s+(?:day|hour|week)\b|\bwork(?:ing)? from home\b/g, 'spam.money', 0.35, ['make', 'making', 'home']],
  [/\b(?:bitcoin|btc|crypto|cryptocurrency|usdt|ethereum|eth|forex|binary options|nft|airdrop)\b.{0,60}\b(?:invest|investment|profit|profits|returns?|double|trading|wallet|guaranteed|earn|signals?|mining|send)\b|\b(?:invest|investment|profit|trading|double your)\b.{0,40}\b(?:bitcoin|btc|crypto|usdt|ethereum|forex)\b/g, 'spam.crypto', 0.8, ['bitcoin', 'btc', 'crypto', 'cryptocurrency', 'usdt', 'ethereum', 'eth', 'forex', 'binary', 'nft', 'airdrop', 'invest', 'investment', 'profit', 'trading', 'double']],
  [/\b(?:click (?:here|the link|this link|below|my profile)|check (?:out )?my (?:channel|profile|page|website|site|bio|link)|visit my (?:site|website|page|profile|blog)|subscribe to my|follow me on|link in (?:my )?bio|dm me|message me on|contact me on|whatsapp me|hit me up on (?:telegram|whatsapp|wechat|signal|kik|snapchat|instagram|my))\b/g, 'spam.promotion', 0.7, ['click', 'check', 'visit', 'subscribe', 'follow', 'link', 'dm', 'message', 'contact', 'whatsapp', 'hit']],
  // A sales pitch pointing at a shop: "cheap watches at www.…", "best prices on example.biz".
  [/\b(?:cheap|cheapest|discount(?:ed)?|replica|wholesale|best prices?|lowest prices?|\d+% off|on sale|huge sale)\b[^.!?\n]{0,40}(?:https?:\/\/|www\.|\b[a-z0-9-]{2,}\.(?:com|net|biz|shop|store|online|site|xyz|top|info)\b)|(?:https?:\/\/|www\.)\S+[^.!?\n]{0,30}\b(?:cheap|cheapest|discount(?:ed)?|replica|wholesale|best prices?|lowest prices?|\d+% off|on sale)\b/g, 'spam.promotion', 0.7, ['cheap', 'cheapest', 'discount', 'discounted', 'replica', 'wholesale', 'best', 'lowest', 'off', 'sale']],
  [/\b(?:free (?:gift|money|iphone|entry|trial|followers|prize|tickets|ringtone|cash)|you(?:'ve| have)? (?:won(?!')|been selected)|claim (?:your|ur) (?:prize|reward|cash|gift)|congratulations,? you|winner|act now|limited time offer|100% (?:free|guaranteed)|risk[- ]free|no credit check|cheap (?:meds|pills|viagra)|viagra|cialis|casino|online casino|betting tips|sugar daddy|hot singles|weight loss pills|lose \d+ (?:lbs|pounds|kg))\b/g, 'spam.scam', 0.7, ['free', 'won', 'selected', 'claim', 'congratulations', 'winner', 'act', 'limited', '100', 'risk', 'credit', 'cheap', 'viagra', 'cialis', 'casino', 'betting', 'sugar', 'singles', 'weight', 'lose']],
  [/\b(?:call|text|txt|sms|whatsapp|ring|phone|dial|reply)\b(?: (?:me|us|now|today))?(?: (?:at|on|to))?:? ?\+?\(?\d[\d ().-]{5,}\d/g, 'spam.phone-call-to-action', 0.65, ['call', 'text', 'txt', 'sms', 'whatsapp', 'ring', 'phone', 'dial', 'reply']],
  [/\b(?:telegram|whatsapp|wechat|signal|kik|snapchat|instagram)\s*(?:@|:|id|handle|number|no\.?)\s*[@+]?\w{3,}/g, 'spam.contact-handle', 0.6, ['telegram', 'whatsapp', 'wechat', 'signal', 'kik', 'snapchat', 'instagram']],
  // Premium-rate billing language of text-message services: "150p/msg", "£1.50 per wk", "std txt rate", "send STOP".
  [/\b\d+(?:\.\d+)?p ?(?:\/|per) ?(?:msg|min|txt|text|wk|week|call|sms)\b|£\d+(?:\.\d\d)? ?(?:\/|per) ?(?:msg|min|txt|wk|week|call|sms)\b|\b(?:std|standard) (?:txt|text|ntwk|network|sms) (?:rate|rates|chg|chgs|charges)\b|\bto (?:rcv|opt out)\b|\b(?:txt|text|send|reply) stop\b|\bcust(?:omer)? (?:care|serv(?:ice)?) (?:on )?\d/g, 'spam.premium-rate', 0.7, ['msg', 'min', 'txt', 'text', 'wk', 'week', 'call', 'sms', 'std', 'standard', 'rcv', 'opt', 'stop', 'cust', 'customer']],
];

function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = s.charCodeAt(i) <= 32;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

export function spamPhase(a: Analysis): Label[] {
  const { n, context } = a;
  const out: Label[] = [];
  const text = n.plain;
  const links: Span[] = [];
  if (LINK_HINT.test(text)) {
    for (const { span } of matchPlain(n, LINK)) links.push(span);
    for (const { span } of matchPlain(n, SHORTENER)) if (!links.some(([x, y]) => span[0] < y && x < span[1])) links.push(span);
  }
  const evidence: number[] = [];
  if (links.length > 0) {
    const words = Math.max(1, countWords(text));
    const density = links.length / words;
    // One link in a discussion is a citation (a bare one stays below the threshold but counts for new accounts);
    // three or more, or several in a comment that is mostly links, is a link drop.
    const score = links.length >= 3 || (links.length === 2 && density > 0.2) ? 0.75 : links.length === 2 ? 0.35 : density > 0.2 ? 0.4 : 0.15;
    out.push(label('spam', 'spam.links', score, links));
    evidence.push(score);
  }
  if (OBFUSCATION_HINT.test(text)) for (const { span } of matchPlain(n, OBFUSCATED_LINK)) {
    const prev = out.find((l) => l.rule === 'spam.obfuscated-link');
    if (prev) prev.spans.push(span); else { out.push(label('spam', 'spam.obfuscated-link', 0.8, [span])); evidence.push(0.8); }
  }
  for (const [re, rule, score, needs] of CUES) {
    if (!hasAnyWord(a, needs)) continue;
    const spans: Span[] = [];
    for (const { span } of matchPlain(n, re)) spans.push(span);
    if (spans.length === 0) continue;
    out.push(label('spam', rule, score, spans));
    evidence.push(score);
  }
  // Several independent cues together are stronger than any one of them.
  if (evidence.length >= 2) {
    const combined = noisyOr(evidence.map((p) => p * 0.8));
    const best = out.reduce((x, y) => (y.score > x.score ? y : x));
    if (combined > best.score) best.score = Math.min(0.97, combined);
  }
  // Behaviour the command measured before the pipeline ran.
  if (context.duplicateCount >= 2) out.push(label('spam', 'spam.duplicate', Math.min(0.95, 0.55 + 0.1 * context.duplicateCount), []));
  if (context.recentCommentCount >= 6) out.push(label('spam', 'spam.velocity', Math.min(0.95, 0.4 + 0.05 * context.recentCommentCount), []));
  if (links.length > 0 && context.author.accountAgeHours < 24 && context.author.publishedCount === 0 && !context.author.trusted) {
    out.push(label('spam', 'spam.new-account-link', 0.6, links));
  }
  if (context.author.recentRejections >= 3 && out.length > 0) {
    for (const l of out) l.score = Math.min(0.97, l.score + 0.15);
  }
  return out;
}
