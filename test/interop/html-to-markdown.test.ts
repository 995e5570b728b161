/** Comment HTML from Disqus and WordPress → Parley's Markdown → the HTML readers see: formatting kept, nothing unsafe, no new formatting. */
import { describe, expect, it } from 'vitest';
import { renderCommentMarkdown } from '../../src/domain/markdown.ts';
import { htmlToMarkdown, wordpressTextToHtml } from '../../src/interop/html-to-markdown.ts';

const shown = (html: string) => renderCommentMarkdown(htmlToMarkdown(html));

describe('htmlToMarkdown', () => {
  it.each([
    ['<p>One</p><p>Two<br>lines</p>', 'One\n\nTwo\nlines', '<p>One</p>\n<p>Two<br />\nlines</p>'],
    ['<p><b>bold</b>, <i>it</i> and <strong><em>both</em></strong></p>', '**bold**, *it* and ***both***', '<p><strong>bold</strong>, <em>it</em> and <em><strong>both</strong></em></p>'],
    ['<a href="https://example.org/a(1)">the text</a>', '[the text](https://example.org/a%281%29)', '<p><a href="https://example.org/a%281%29" rel="nofollow ugc noopener">the text</a></p>'],
    ['<a href="https://example.org/">https://example.org/</a>', '<https://example.org/>', '<p><a href="https://example.org/" rel="nofollow ugc noopener">https://example.org/</a></p>'],
    ['<blockquote><p>quoted</p></blockquote><p>reply</p>', '> quoted\n\nreply', '<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>'],
    ['<p>use <code>a*b</code></p><pre><code>x = 1\ny = *2*</code></pre>', 'use `a*b`\n\n```\nx = 1\ny = *2*\n```', '<p>use <code>a*b</code></p>\n<pre><code>x = 1\ny = *2*\n</code></pre>'],
    ['<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>', '- one\n- two\n\n1. first\n2. second', '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>'],
  ])('%s', (html, markdown, rendered) => {
    expect(htmlToMarkdown(html)).toBe(markdown);
    expect(shown(html)).toBe(rendered);
  });

  it('keeps text that looks like Markdown as the same words', () => {
    expect(shown('<p>*not emphasis* and [not](a link) and _this_</p>')).toBe('<p>*not emphasis* and [not](a link) and _this_</p>');
    expect(shown('<p>1. not a list</p><p>&gt; not a quote</p><p>- not an item</p>')).toBe('<p>1. not a list</p>\n<p>&gt; not a quote</p>\n<p>- not an item</p>');
    expect(shown('<p>a &lt;b&gt; tag &amp; &quot;quotes&quot; &#233;t&eacute;</p>')).toBe('<p>a &lt;b&gt; tag &amp; &quot;quotes&quot; été</p>');
  });

  it('drops scripts, styles, event handlers and unsafe links', () => {
    const html = shown('<p onclick="x()">hi<script>alert(1)</script><style>p{}</style> <a href="javascript:alert(1)">click</a> <img src=x onerror=alert(1)></p>');
    expect(html).toBe('<p>hi click</p>');
  });

  it('gives WordPress comment text its paragraphs and line breaks', () => {
    expect(wordpressTextToHtml('One\nline two\r\n\r\nNext <em>para</em>')).toBe('<p>One<br>line two</p><p>Next <em>para</em></p>');
  });
});
