/**
 * An imported comment's HTML → the Markdown subset Parley comments are written in (paragraphs, line breaks,
 * emphasis, links, quotes, code, lists). The HTML is first reduced by sanitize-html to those tags (scripts,
 * styles and every attribute but a link's href dropped), so what is converted here is a small, regular
 * token stream; the Markdown is then rendered and sanitised like any comment, so no imported HTML is ever
 * stored or shown as is. Text is escaped so that it reads as the same words, not as new formatting.
 */
import sanitizeHtml from 'sanitize-html';

const reduce: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'div', 'em', 'i', 'strong', 'b', 'a', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'title'],
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z0-9]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });

/** Escapes characters that would start Markdown formatting inside a line. */
const escapeInline = (s: string) => s.replace(/([\\`*_[\]<])/g, '\\$1');

/** A line that would otherwise start a quote, a list or a fence keeps its first character literal. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([>+-]|\d+[.)]|~~~)(?=\s|$)/, (_m, sp: string, mark: string) => `${sp}${/^\d/.test(mark) ? mark.replace(/([.)])$/, '\\$1') : `\\${mark}`}`);
}

/** Text in <p> and <br> only, no entity or stray angle bracket. */
const SIMPLE = /^(?:<\/?p>|<br\s*\/?>|[^<>&])*$/i;

interface Frame {
  tag: string;
  out: string;
  href?: string;
  /** Item counter of an ordered list. */
  n?: number;
}

/** Disqus and WordPress comment HTML → Markdown source (empty when nothing readable is left). */
export function htmlToMarkdown(html: string): string {
  // Most comments are plain paragraphs: nothing for the sanitiser to remove, so it is skipped (it is the
  // costliest step of an import). The rendered Markdown is sanitised again when stored either way.
  const clean = SIMPLE.test(html) ? html : sanitizeHtml(html, reduce);
  const stack: Frame[] = [{ tag: '', out: '' }];
  const top = () => stack[stack.length - 1]!;
  const inPre = () => stack.some((f) => f.tag === 'pre');
  const tokens = clean.match(/<\/?[a-z]+(?:\s+href="[^"]*")?\s*\/?>|[^<]+/gi) ?? [];
  for (const token of tokens) {
    const tag = /^<(\/?)([a-z]+)/i.exec(token);
    if (!tag) {
      const text = decode(token);
      top().out += inPre() ? text : escapeInline(text.replace(/\s+/g, ' '));
      continue;
    }
    const [, closing, name] = tag;
    const lower = name!.toLowerCase();
    if (lower === 'br') {
      top().out += '\n';
      continue;
    }
    if (!closing) {
      const href = /href="([^"]*)"/.exec(token)?.[1];
      stack.push({ tag: lower, out: '', href: href && decode(href), n: lower === 'ol' ? 0 : undefined });
      continue;
    }
    // Close the innermost open element with this name (sanitize-html balances tags, so it is there).
    while (stack.length > 1) {
      const frame = stack.pop()!;
      top().out += render(frame, top());
      if (frame.tag === lower) break;
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().out += render(frame, top());
  }
  return stack[0]!.out
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function block(text: string): string {
  const body = text.trim();
  return body ? `\n\n${body}\n\n` : '';
}

function render(frame: Frame, parent: Frame): string {
  const inner = frame.out;
  switch (frame.tag) {
    case 'p':
    case 'div':
      return block(inner.split('\n').map((l) => escapeLineStart(l.trim())).join('\n'));
    case 'em':
    case 'i':
      return inner.trim() ? `*${inner.trim()}*` : inner;
    case 'strong':
    case 'b':
      return inner.trim() ? `**${inner.trim()}**` : inner;
    case 'code':
      return parent.tag === 'pre' ? inner : inner ? `\`${inner.replace(/\\([\\`*_[\]<])/g, '$1').replace(/`/g, "'")}\`` : '';
    case 'pre':
      return `\n\n\`\`\`\n${inner.replace(/\n+$/, '').replace(/^```/gm, '\u200b```')}\n\`\`\`\n\n`;
    case 'a': {
      const text = inner.trim();
      const href = frame.href?.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      if (!href) return text;
      if (!text || text === escapeInline(frame.href!)) return `<${href}>`;
      return `[${text}](${href})`;
    }
    case 'blockquote':
      return block(
        inner
          .trim()
          .split('\n')
          .map((l) => (l ? `> ${l}` : '>'))
          .join('\n'),
      );
    case 'ul':
    case 'ol':
      return block(inner);
    case 'li': {
      const mark = parent.tag === 'ol' ? `${(parent.n = (parent.n ?? 0) + 1)}. ` : '- ';
      const lines = inner.trim().replace(/\n{2,}/g, '\n').split('\n');
      return `${mark}${lines.join(`\n${' '.repeat(mark.length)}`)}\n`;
    }
    default:
      return inner;
  }
}

/**
 * WordPress stores comment text with bare newlines (its own formatting turns blank lines into paragraphs
 * and single newlines into breaks); this gives that text the same shape as HTML before conversion.
 */
export function wordpressTextToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/^<(p|blockquote|ul|ol|pre|div)\b/i.test(p) ? p : `<p>${p.replace(/\n/g, '<br>')}</p>`))
    .join('');
}
