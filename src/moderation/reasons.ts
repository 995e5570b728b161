/**
 * Statements of reasons a person can read: for each category that caused a hold or reject, the policy clause in
 * words, the words quoted from the comment (from the labels' spans), and what the author can do about it.
 * Reasons are data (the command stores them with the revision); nothing here is thrown.
 */
import type { Category, Label, Reason, Span } from '../domain/moderation.ts';

export const CLAUSES: Record<Category, string> = {
  violence: 'No threats, incitement or wishing harm on people. Reporting or discussing violence is fine.',
  hate: 'No attacks on people for who they are — their ethnicity, nationality, religion, immigration status, gender, sexuality or disability — including slurs, dehumanising language and calls to exclude them.',
  profanity: 'No profanity.',
  vulgarity: 'No sexual or crude content.',
  doxing: 'No personal information about private people: home addresses, personal phone numbers or emails, government ids, card or bank numbers, licence plates, or calls to go to someone’s home.',
  incivility: 'No insults or personal attacks on other commenters or the author. Disagree with the argument, not the person.',
  spam: 'No promotion, scams, link drops, repeated copy-paste or contact numbers as a call to action.',
};

const REMEDIES: Record<string, string> = {
  'doxing.phone': 'Remove the phone number and post again.',
  'doxing.email': 'Remove the email address and post again.',
  'doxing.address': 'Remove the address and post again.',
  'doxing.government-id': 'Remove the identity number and post again.',
  'doxing.card': 'Remove the card number and post again.',
  'doxing.bank-account': 'Remove the bank account number and post again.',
  'doxing.ip-address': 'Remove the IP address and post again.',
  'doxing.plate': 'Remove the licence plate and post again.',
  'doxing.people-search': 'Remove the link to the people-search site and post again.',
  'doxing.intent': 'Remove the part about where the person lives or how to find them, and post again.',
  'spam.duplicate': 'Post a comment written for this story rather than the same text in many places.',
  'spam.velocity': 'Slow down: wait a few minutes before commenting again.',
  'spam.phone-call-to-action': 'Remove the contact number and post again.',
  'spam.links': 'Keep to one or two links that support your point, and post again.',
  'hate.slur-quoted': 'If you are quoting the word to condemn it, a moderator will see that; you can also describe it instead of spelling it out.',
  'hate.claim-quoted': 'If you are reporting or rebutting the claim, a moderator will see that; saying who made it helps.',
};

const CATEGORY_REMEDIES: Record<Category, string> = {
  violence: 'Remove the threat or call for harm and post again. If you are in danger, contact the police.',
  hate: 'Remove the attack on the group and post again; criticise ideas or actions, not who people are.',
  profanity: 'Remove the quoted words and post again.',
  vulgarity: 'Remove the sexual or crude wording and post again.',
  doxing: 'Remove the personal information and post again.',
  incivility: 'Remove the insult and post again; respond to what was said, not to who said it.',
  spam: 'Remove the promotion or links and post again.',
};

const MAX_QUOTES = 5;
const MAX_QUOTE_CHARS = 80;

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

/** One reason for a category, from that category's labels (the strongest label's rule names it). */
export function reasonFor(category: Category, labels: Label[], text: string): Reason {
  const mine = labels.filter((l) => l.category === category);
  const top = mine.reduce((a, b) => (b.score > a.score || (b.score === a.score && b.spans.length > a.spans.length) ? b : a), mine[0]);
  // Model labels have no spans; quote whatever the rules of the same category found.
  const spans = mergeSpans(mine.flatMap((l) => l.spans));
  const quotes = spans.slice(0, MAX_QUOTES).map(([a, b]) => {
    const q = text.slice(a, b);
    return q.length > MAX_QUOTE_CHARS ? q.slice(0, MAX_QUOTE_CHARS - 1) + '…' : q;
  });
  const rule = top?.rule ?? `${category}.policy`;
  return { category, rule, clause: CLAUSES[category], quotes, spans, remedy: REMEDIES[rule] ?? CATEGORY_REMEDIES[category] };
}
