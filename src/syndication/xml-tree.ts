/**
 * Decoded XML text → a small namespace-resolved tree, with fast-xml-parser doing the tokenising.
 * Safety invariants: a DOCTYPE with an internal subset (where entities are declared) is refused, an
 * external-only DOCTYPE is removed unread (never fetched), the parser expands no entities at all
 * (xml-entities.ts decodes the built-in and numeric ones), nesting is capped, and a document cut short is refused.
 */
import { XMLParser } from 'fast-xml-parser';
import { decodeEntities, escapeHtml } from './xml-entities.ts';

export interface XmlNode {
  /** Canonical name: well-known namespaces get a fixed prefix (atom:, content:, dc:, media:, …), plain RSS none. */
  name: string;
  attrs: Record<string, string>;
  /** Ordered mixed content: decoded text, CDATA (raw) and child elements. */
  content: Array<string | XmlNode>;
}

export class XmlRefused extends Error {
  constructor(readonly code: 'doctype_refused' | 'too_deep' | 'malformed' | 'empty', message: string) {
    super(message);
  }
}

const MAX_DEPTH = 128;

const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // No entity processing of any kind inside the parser (CVE-2026-26278, CVE-2026-33036 lived there).
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

/**
 * Refuses an internal subset (and a second DOCTYPE), blanks out an external-only one so the parser never
 * sees it. Only the prolog is searched, so an article that quotes "<!DOCTYPE" in CDATA is unaffected.
 */
function screenDoctype(text: string): string {
  const firstElement = text.search(/<[A-Za-z_]/);
  const prolog = firstElement === -1 ? text : text.slice(0, firstElement);
  const at = prolog.search(/<!DOCTYPE/i);
  if (at === -1) return text;
  const end = /^<!DOCTYPE\s[^[>]*>/i.exec(text.slice(at));
  if (!end) throw new XmlRefused('doctype_refused', 'the document has a DOCTYPE with an internal subset, where entities are declared; such feeds are refused');
  if (/<!DOCTYPE/i.test(prolog.slice(at + end[0].length))) throw new XmlRefused('doctype_refused', 'the document has more than one DOCTYPE');
  return text.slice(0, at) + ' '.repeat(end[0].length) + text.slice(at + end[0].length);
}

type Raw = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parseXmlTree(text: string): XmlNode {
  const screened = screenDoctype(text);
  const trimmed = screened.trimEnd();
  if (trimmed.trim() === '') throw new XmlRefused('empty', 'the document is empty');
  let raw: Raw[];
  try {
    raw = parser.parse(screened) as Raw[];
  } catch (err) {
    const msg = (err as Error).message;
    if (/nested/i.test(msg)) throw new XmlRefused('too_deep', `elements are nested more than ${MAX_DEPTH} deep`);
    throw new XmlRefused('malformed', `the XML is not well-formed (${msg.slice(0, 120)})`);
  }
  const rootRaw = raw.find((n) => !('#text' in n) && !('#cdata' in n));
  if (!rootRaw) throw new XmlRefused('malformed', 'the document has no root element');
  const root = build(rootRaw, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
  // The parser is lenient about unclosed elements; a feed cut off in transit must not pass as complete.
  const rawName = Object.keys(rootRaw).find((k) => k !== ':@')!;
  const tail = trimmed.slice(-(rawName.length + 64));
  if (!tail.endsWith('/>') && !new RegExp(`</${rawName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>$`).test(tail)) {
    throw new XmlRefused('malformed', 'the document ends before its root element is closed (truncated?)');
  }
  return root;
}

function canonical(qname: string, scope: Map<string, string>, isAttr: boolean): string {
  const colon = qname.indexOf(':');
  const prefix = colon === -1 ? '' : qname.slice(0, colon);
  const local = colon === -1 ? qname : qname.slice(colon + 1);
  if (isAttr && !prefix) return local;
  const uri = scope.get(prefix);
  if (uri === undefined) return qname; // undeclared prefix: keep what the partner wrote (dc:creator without xmlns is common)
  const known = NAMESPACES[uri];
  if (known === undefined) return prefix ? qname : local;
  return known ? `${known}:${local}` : local;
}

function build(rawNode: Raw, parentScope: Map<string, string>): XmlNode {
  const qname = Object.keys(rawNode).find((k) => k !== ':@')!;
  const rawAttrs = rawNode[':@'] ?? {};
  let scope = parentScope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v).trim());
    }
  }
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attrs[canonical(k, scope, true)] = decodeEntities(v);
  }
  const content: XmlNode['content'] = [];
  for (const child of (rawNode[qname] as Raw[]) ?? []) {
    if ('#text' in child) content.push(decodeEntities(String(child['#text'])));
    else if ('#cdata' in child) content.push(((child['#cdata'] as Raw[]) ?? []).map((c) => String(c['#text'] ?? '')).join(''));
    else content.push(build(child, scope));
  }
  return { name: canonical(qname, scope, false), attrs, content };
}

// ---------------------------------------------------------------- helpers for readers of the tree

export const elements = (n: XmlNode | undefined): XmlNode[] => (n ? (n.content.filter((c) => typeof c !== 'string') as XmlNode[]) : []);
export const child = (n: XmlNode | undefined, name: string): XmlNode | undefined => elements(n).find((c) => c.name === name);
export const children = (n: XmlNode | undefined, name: string): XmlNode[] => elements(n).filter((c) => c.name === name);

/** All text below the node, markup dropped. */
export function textOf(n: XmlNode | undefined): string {
  if (!n) return '';
  return n.content.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The node's children as markup again (Atom type="xhtml" content, raw HTML some RSS feeds embed unescaped). */
export function innerMarkup(n: XmlNode): string {
  return n.content
    .map((c) => {
      if (typeof c === 'string') return escapeHtml(c);
      const tag = c.name.replace(/^xhtml:/, '');
      const attrs = Object.entries(c.attrs)
        .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
        .join('');
      return `<${tag}${attrs}>${innerMarkup(c)}</${tag}>`;
    })
    .join('');
}
