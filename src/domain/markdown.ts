/**
 * Comment formatting: a small Markdown subset (emphasis, links, quotes, code, lists) rendered with
 * raw HTML off, so markdown-it escapes every character of the source and emits only the tags of
 * the rules enabled here. Links are kept only for http, https, mailto and site-relative addresses
 * (not protocol-relative ones), and get rel="nofollow ugc noopener"; fenced code drops its language
 * class. The output is what an allowlist sanitiser would leave unchanged (a test holds it to
 * sanitize-html with the allowlist below over the hostile-input corpora), so no second pass runs on
 * the post path. Rendered once when a comment is written; pages show the stored HTML.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, xhtmlOut: true })
  .enable(['blockquote', 'code', 'fence', 'list', 'paragraph'])
  .enable(['emphasis', 'link', 'backticks', 'escape', 'newline', 'autolink', 'linkify']);

/** The tags and attributes the renderer may emit: the contract the test checks. */
export const COMMENT_HTML_ALLOWLIST = {
  allowedTags: ['p', 'br', 'em', 'strong', 'a', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
};

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const ALLOWED_SCHEME = /^(https?|mailto):/i;
const PROTOCOL_RELATIVE = /^[/\\]{2}/;
// markdown-it hands over the normalised (percent-encoded) address; a link it refuses stays text.
md.validateLink = (url) => {
  const address = url.trim();
  return SCHEME.test(address) ? ALLOWED_SCHEME.test(address) : !PROTOCOL_RELATIVE.test(address);
};
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrs = [
    ['href', token.attrGet('href') ?? ''],
    ['rel', 'nofollow ugc noopener'],
  ];
  return self.renderToken(tokens, idx, options);
};
const renderFence = md.renderer.rules.fence!;
md.renderer.rules.fence = (tokens, idx, options, env, self) => {
  tokens[idx]!.info = '';
  return renderFence(tokens, idx, options, env, self);
};

export function renderCommentMarkdown(source: string): string {
  return md.render(source).trim();
}

/**
 * Makes user text safe to store: well-formed UTF-16 (lone surrogates replaced), no NUL or other
 * control characters but tab and newlines (PostgreSQL refuses NUL), Windows newlines unified.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.toWellFormed().replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
