import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { canEdit, type Comment } from './comment.ts';
import { cleanText, COMMENT_HTML_ALLOWLIST, renderCommentMarkdown } from './markdown.ts';
import { attributionText, slugify } from './story.ts';
import { buildThread } from './thread.ts';

describe('renderCommentMarkdown', () => {
  it.each([
    ['*em* and **strong**', '<p><em>em</em> and <strong>strong</strong></p>'],
    ['[site](https://a.example)', '<p><a href="https://a.example" rel="nofollow ugc noopener">site</a></p>'],
    ['see https://a.example/x', '<p>see <a href="https://a.example/x" rel="nofollow ugc noopener">https://a.example/x</a></p>'],
    ['> quoted', '<blockquote>\n<p>quoted</p>\n</blockquote>'],
    ['`x < y`', '<p><code>x &lt; y</code></p>'],
    ['- a\n- b', '<ul>\n<li>a</li>\n<li>b</li>\n</ul>'],
    ['# not a heading', '<p># not a heading</p>'],
    ['![img](https://a.example/i.png)', '<p>!<a href="https://a.example/i.png" rel="nofollow ugc noopener">img</a></p>'],
    ['<b>raw</b>', '<p>&lt;b&gt;raw&lt;/b&gt;</p>'],
    ['[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', '<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>'],
    ['line one\nline two', '<p>line one<br />\nline two</p>'],
    ['[x](ftp://files.example/a)', '<p>[x](ftp://files.example/a)</p>'],
    ['[x](//evil.example/a)', '<p>[x](//evil.example/a)</p>'],
    ['[x](/stories/harbour)', '<p><a href="/stories/harbour" rel="nofollow ugc noopener">x</a></p>'],
    ['[x](MAILTO:desk@paper.example)', '<p><a href="MAILTO:desk@paper.example" rel="nofollow ugc noopener">x</a></p>'],
    ['[x](https://a.example/"onmouseover="alert(1))', '<p><a href="https://a.example/%22onmouseover=%22alert(1)" rel="nofollow ugc noopener">x</a></p>'],
    ['[x](https://a.example "a title")', '<p><a href="https://a.example" rel="nofollow ugc noopener">x</a></p>'],
    ['```js\nlet a = 1 < 2;\n```', '<pre><code>let a = 1 &lt; 2;\n</code></pre>'],
    ['3. three\n4. four', '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'],
    ['say "no" & mean it', '<p>say &quot;no&quot; &amp; mean it</p>'],
  ])('%j → %j', (source, html) => {
    expect(renderCommentMarkdown(source)).toBe(html);
  });
});

// The renderer's output is its own sanitising: an allowlist sanitiser must find nothing to take out
// of it, whatever the source. sanitize-html (used for partners' story HTML) is the judge here, over
// every line of the hostile-input corpora and runs of five lines together.
const SECURITY_DIR = process.env.SECURITY_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/security/', import.meta.url));
const corporaPresent = existsSync(join(SECURITY_DIR, 'blns/blns.txt'));
if (!corporaPresent && process.env.CI === 'true') throw new Error(`hostile-input corpora missing under ${SECURITY_DIR}`);

function hostileSources(): string[] {
  const lines = (file: string) => readFileSync(join(SECURITY_DIR, file), 'utf8').split('\n');
  const sources = [
    ...lines('blns/blns.txt'),
    ...lines('markdown-xss/markdown-xss.jsonl')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { markdown: string }).markdown),
    ...lines('xss-payloadbox/xss-payload-list.txt'),
    ...readdirSync(join(SECURITY_DIR, 'payloadsallthethings/xss')).flatMap((f) => lines(join('payloadsallthethings/xss', f))),
  ].filter((s) => s.trim());
  const runs: string[] = [];
  for (let i = 0; i + 5 <= sources.length; i += 5) runs.push(sources.slice(i, i + 5).join('\n'));
  return [...sources, ...runs];
}

describe.runIf(corporaPresent)('renderCommentMarkdown against an allowlist sanitiser', () => {
  it('emits nothing sanitize-html would remove, over the hostile-input corpora', () => {
    const sources = hostileSources();
    expect(sources.length).toBeGreaterThan(5000);
    const changed: { source: string; html: string; sanitised: string }[] = [];
    for (const source of sources) {
      const html = renderCommentMarkdown(source);
      // sanitize-html writes a double quote in text as itself; markdown-it as &quot;. Both are inert.
      const sanitised = sanitizeHtml(html, COMMENT_HTML_ALLOWLIST).trim().replace(/"(?=[^<>]*(<|$))/g, '&quot;');
      if (sanitised !== html) changed.push({ source, html, sanitised });
    }
    expect(changed.slice(0, 5)).toEqual([]);
  });
});

describe('cleanText', () => {
  it.each([
    ['a\u0000b', 'ab'],
    ['a\r\nb\rc', 'a\nb\nc'],
    ['tab\there', 'tab\there'],
    ['lone \ud800 surrogate', 'lone \ufffd surrogate'],
    ['emoji 🙂 stays', 'emoji 🙂 stays'],
  ])('%j → %j', (input, output) => expect(cleanText(input)).toBe(output));
});

describe('story helpers', () => {
  it.each([
    ['Flood Défense 2026!', 'flood-defense-2026'],
    ['  --Hello--  ', 'hello'],
    ['日本語', 'story'],
  ])('slugify(%j) = %j', (title, slug) => expect(slugify(title)).toBe(slug));

  it('words the attribution banner with the publisher name, or the partner’s own text', () => {
    const p = { id: 1, slug: 'p', name: 'The Ledger', siteUrl: '', feedUrl: null, indexing: 'canonical' as const, attribution: null };
    expect(attributionText(p)).toBe("We support our publishers and content creators. You can view this story on The Ledger's website");
    expect(attributionText({ ...p, attribution: 'Originally in {publisher}.' })).toBe('Originally in The Ledger.');
  });
});

const base: Comment = {
  id: 0, storyId: 1, userId: 1, authorName: 'A', parentId: null, rootId: null, depth: 0, bodyMd: 'x', bodyHtml: '<p>x</p>',
  status: 'published', score: 0, upvotes: 0, downvotes: 0, revision: 1, createdAt: '2026-11-20T10:00:00.000Z', editedAt: null,
};
const c = (id: number, parentId: number | null, rootId: number | null, extra: Partial<Comment> = {}): Comment => ({ ...base, id, parentId, rootId, authorName: `U${id}`, ...extra });
const viewer = { votes: new Map(), reported: new Set<number>(), canEdit: () => false };

describe('canEdit', () => {
  const now = new Date('2026-11-20T10:10:00.000Z');
  it.each([
    [15, 'published', true],
    [5, 'published', false],
    [15, 'deleted', false],
  ] as const)('window %d min, %s → %s', (window, status, ok) => expect(canEdit({ createdAt: base.createdAt, status }, now, window)).toBe(ok));
});

describe('buildThread', () => {
  it('nests replies under their parents, oldest first', () => {
    const [root] = buildThread([c(1, null, null)], [c(2, 1, 1), c(3, 2, 1), c(4, 1, 1)], viewer);
    expect(root!.replies.map((r) => r.id)).toEqual([2, 4]);
    expect(root!.replies[0]!.replies.map((r) => r.id)).toEqual([3]);
  });

  it('shows replies past the display depth flat under the deepest nested ancestor, "in reply to" their parent', () => {
    const chain = [c(2, 1, 1), c(3, 2, 1), c(4, 3, 1), c(5, 4, 1), c(6, 5, 1), c(7, 6, 1)];
    const [root] = buildThread([c(1, null, null)], chain, viewer);
    const level3 = root!.replies[0]!.replies[0]!.replies[0]!;
    expect(level3.id).toBe(4);
    expect(level3.replies.map((r) => [r.id, r.inReplyTo?.id ?? null])).toEqual([[5, null], [6, 5], [7, 6]]);
  });

  it('keeps a reply whose parent is hidden by attaching it to the root, and counts replies not shown', () => {
    const [root] = buildThread([c(1, null, null)], [c(3, 2, 1)], viewer, new Map([[1, 5]]));
    expect(root!.replies.map((r) => r.id)).toEqual([3]);
    expect(root!.moreReplies).toBe(4);
  });

  it('blanks deleted comments but keeps their place', () => {
    const [root] = buildThread([c(1, null, null, { status: 'deleted', bodyHtml: '', authorName: 'Gone' })], [c(2, 1, 1)], { ...viewer, viewerId: 1 });
    expect(root).toMatchObject({ status: 'deleted', bodyHtml: '', authorName: '', mine: false, bodyMd: null });
    expect(root!.replies).toHaveLength(1);
  });
});
