/**
 * Entity decoding for feed text, done by us because the XML parser runs with entity processing off:
 * the five XML entities, numeric references to legal XML characters, and HTML named entities (feeds use
 * them undeclared). Nothing a document declares is ever expanded. Unknown names stay as literal text.
 */
import sanitizeHtml from 'sanitize-html';
import { CP1252_C1 } from './decode-text.ts';

const XML: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const named = new Map<string, string | null>();

/** HTML named entities, looked up once each through the sanitiser's own (htmlparser2) entity table. */
function htmlEntity(name: string): string | null {
  let v = named.get(name);
  if (v === undefined) {
    if (named.size > 5000) named.clear();
    const out = sanitizeHtml(`&${name};`, { allowedTags: [], allowedAttributes: {} });
    v = out.startsWith('&amp;') || out === '' ? null : out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
    named.set(name, v);
  }
  return v;
}

function legalCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * UTF-8 bytes written out as Latin-1 character references (&#226;&#128;&#166; for "…") are a common
 * double-encoding; a run that forms valid UTF-8 is decoded as such, anything else is left alone.
 */
function repairReferenceRuns(s: string): string {
  return s.replace(/(?:&#(?:[0-9]{3}|[xX][0-9a-fA-F]{2});){2,}/g, (run) => {
    const cps = run.split(';').filter(Boolean).map((r) => (r[2] === 'x' || r[2] === 'X' ? parseInt(r.slice(3), 16) : parseInt(r.slice(2), 10)));
    if (!cps.every((c) => c >= 0x80 && c <= 0xff)) return run;
    try {
      return utf8.decode(Uint8Array.from(cps));
    } catch {
      return run;
    }
  });
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return repairReferenceRuns(s).replace(/&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // 0x80–0x9F references mean windows-1252 punctuation (as in HTML).
      if (cp >= 0x80 && cp <= 0x9f) return CP1252_C1[cp - 0x80];
      return legalCodePoint(cp) ? String.fromCodePoint(cp) : '';
    }
    return XML[ref] ?? htmlEntity(ref) ?? whole;
  });
}

/** Escapes text for inclusion in HTML or XML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
