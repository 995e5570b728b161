import { describe, expect, it } from 'vitest';
import { canEdit, type Comment } from './comment.ts';
import { cleanText, renderCommentMarkdown } from './markdown.ts';
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
  ])('%j → %j', (source, html) => {
    expect(renderCommentMarkdown(source)).toBe(html);
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
