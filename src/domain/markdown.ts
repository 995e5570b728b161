/**
 * Comment formatting: a small Markdown subset (emphasis, links, quotes, code, lists) rendered
 * with raw HTML off, then sanitised with an allowlist. Links get rel="nofollow ugc noopener".
 * Rendered once when a comment is written; pages show the stored HTML.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true })
  .enable(['blockquote', 'code', 'fence', 'list', 'paragraph'])
  .enable(['emphasis', 'link', 'backticks', 'escape', 'newline', 'autolink', 'linkify'])
  .enable(['linkify']);

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { href: attribs.href ?? '', rel: 'nofollow ugc noopener' } }),
  },
};

export function renderCommentMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), sanitizeOptions).trim();
}

/**
 * Makes user text safe to store: well-formed UTF-16 (lone surrogates replaced), no NUL or other
 * control characters but tab and newlines (PostgreSQL refuses NUL), Windows newlines unified.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.toWellFormed().replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
