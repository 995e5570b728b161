/**
 * Feed bytes → text. Order of authority: byte-order mark, then the HTTP charset, then the XML
 * declaration, then UTF-8; but bytes that are valid UTF-8 beat a legacy single-byte label, and bytes that
 * are not UTF-8 at all are read as windows-1252 (the usual mislabel). Characters XML forbids are removed.
 */

/** windows-1252 for 0x80–0x9F (the HTML standard's table). */
export const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * C1 control characters never mean anything in a feed; they are windows-1252 punctuation that went through
 * a Latin-1 decoder (feedparser's "demoronize"; Node 20's own windows-1252 TextDecoder does this too).
 */
export function mapC1(s: string): string {
  return /[\u0080-\u009f]/.test(s) ? s.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]) : s;
}

const LEGACY_SINGLE_BYTE = new Set(['windows-1252', 'iso-8859-1', 'us-ascii', 'ascii', 'latin1', 'iso-8859-15', 'windows-1250', 'iso-8859-2']);

export interface DecodedText {
  text: string;
  /** The WHATWG encoding name finally used. */
  encoding: string;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): DecodedText {
  let text: string;
  let encoding: string;
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) ({ text, encoding } = { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8' });
  else if (b[0] === 0xfe && b[1] === 0xff) ({ text, encoding } = { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' });
  else if (b[0] === 0xff && b[1] === 0xfe) ({ text, encoding } = { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' });
  // No BOM but "<?" in UTF-16 (XML 1.0 appendix F).
  else if (b[0] === 0x00 && b[1] === 0x3c && b[2] === 0x00 && b[3] === 0x3f) ({ text, encoding } = { text: new TextDecoder('utf-16be').decode(b), encoding: 'utf-16be' });
  else if (b[0] === 0x3c && b[1] === 0x00 && b[2] === 0x3f && b[3] === 0x00) ({ text, encoding } = { text: new TextDecoder('utf-16le').decode(b), encoding: 'utf-16le' });
  else ({ text, encoding } = decodeAsciiCompatible(b, contentType));
  return { text: stripIllegalXmlChars(mapC1(text.replace(/^\uFEFF/, ''))), encoding };
}

function decodeAsciiCompatible(b: Uint8Array, contentType?: string | null): DecodedText {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
  // A UTF-16/32 label on bytes we could read as ASCII is simply wrong.
  const usable = (l: string | null) => (l && !/^utf-?(16|32)/i.test(l) ? decoderFor(l) : null);
  const labelled = usable(charsetFromContentType(contentType)) ?? usable(declared);
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
  let utf8: string | null = null;
  try {
    utf8 = strictUtf8.decode(b);
  } catch {
    utf8 = null;
  }
  if (labelled && labelled.encoding !== 'utf-8') {
    // Valid UTF-8 with non-ASCII bytes is almost never really Latin-1: the label is stale.
    if (utf8 !== null && LEGACY_SINGLE_BYTE.has(labelled.encoding) && /[^\x00-\x7f]/.test(utf8)) return { text: utf8, encoding: 'utf-8' };
    return { text: labelled.decode(b), encoding: labelled.encoding };
  }
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const lenient = new TextDecoder('utf-8').decode(b);
  // Not one valid multi-byte sequence: Latin-1 text mislabelled (or unlabelled) as UTF-8.
  if (!/[^\x00-\x7f\uFFFD]/.test(lenient)) return { text: new TextDecoder('windows-1252').decode(b), encoding: 'windows-1252' };
  return { text: lenient, encoding: 'utf-8' };
}

/** XML 1.0 Char production: drops NUL and other C0 controls, lone surrogates, U+FFFE and U+FFFF. */
export function stripIllegalXmlChars(s: string): string {
  return s.replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}
