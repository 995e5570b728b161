/**
 * WordPress's export (WXR: RSS 2.0 with the wp: namespace) → threads and comments. Each <item> with at
 * least one comment becomes a thread (an export also lists pages, attachments and menu entries, most
 * without a discussion); its <wp:comment>s become comments, pingbacks and trackbacks skipped.
 * comment_approved: 1 → published, 0 → held, spam → rejected as spam, trash / post-trashed → deleted.
 * Keys carry the site's host, since WordPress's ids are per site; authors are keyed by a hash of their
 * email, else the site's user id, else their name.
 */
import { slugify } from '../domain/story.ts';
import type { CommentStatus } from '../domain/comment.ts';
import { child, emailHash, textOf } from './disqus.ts';
import { wordpressTextToHtml } from './html-to-markdown.ts';
import { isoDate, webUrl, type ImportComment, type ImportRecord, type ImportSite } from './model.ts';
import { ImportFileError, readXmlElements, type ReadOptions, type XmlNode } from './xml-stream.ts';

const STATUS: Record<string, { status: CommentStatus; spam: boolean }> = {
  '1': { status: 'published', spam: false },
  approve: { status: 'published', spam: false },
  '0': { status: 'held', spam: false },
  hold: { status: 'held', spam: false },
  spam: { status: 'rejected', spam: true },
  trash: { status: 'deleted', spam: false },
  'post-trashed': { status: 'deleted', spam: false },
};

const firstDate = (node: XmlNode, names: string[]) => {
  for (const n of names) {
    const at = isoDate(textOf(node, n));
    if (at) return at;
  }
  return undefined;
};

export async function* readWxr(file: string, options: Omit<ReadOptions, 'depth'>): AsyncGenerator<ImportRecord> {
  let site: (ImportSite & { host: string }) | undefined;
  let siteName = '';
  let siteLink = '';
  for await (const event of readXmlElements(file, { ...options, depth: 2 })) {
    if (event.type === 'root') {
      if (event.name !== 'rss') throw new ImportFileError(event.line, `this is not a WordPress export (its root element is <${event.name}>, not <rss>)`);
      continue;
    }
    const node = event.node;
    if (node.name === 'title' && !site) siteName = node.text.trim();
    if ((node.name === 'link' || node.qname === 'wp:base_blog_url') && !site && !siteLink) siteLink = node.text.trim();
    if (node.name !== 'item') continue;
    if (!site) {
      const url = webUrl(siteLink);
      if (!url) throw new ImportFileError(node.line, 'the channel has no valid http(s) <link> before its first <item>');
      site = { host: url.host, slug: `wordpress-${slugify(url.host)}`, name: siteName || url.host, url: url.origin };
    }
    const { host, ...importSite } = site;
    const comments = node.children.filter((c) => c.qname.endsWith(':comment') || c.name === 'comment');
    if (comments.length === 0) continue;
    const postId = textOf(node, 'post_id');
    if (!postId) throw new ImportFileError(node.line, 'an <item> with comments has no <wp:post_id>');
    const threadKey = `wordpress:${host}:post:${postId}`;
    const records: (ImportComment | ImportRecord)[] = [];
    for (const c of comments) {
      const type = textOf(c, 'comment_type');
      if (type === 'pingback' || type === 'trackback') {
        records.push({ kind: 'skip', line: c.line, why: 'pingback' });
        continue;
      }
      const id = textOf(c, 'comment_id');
      if (!id) throw new ImportFileError(c.line, `a comment of post ${postId} has no <wp:comment_id>`);
      const createdAt = firstDate(c, ['comment_date_gmt', 'comment_date']);
      if (!createdAt) throw new ImportFileError(child(c, 'comment_date_gmt')?.line ?? c.line, `comment ${id} has no valid date`);
      const approved = textOf(c, 'comment_approved').toLowerCase();
      const state = STATUS[approved] ?? STATUS['0']!;
      const parent = textOf(c, 'comment_parent');
      const email = textOf(c, 'comment_author_email');
      const userId = textOf(c, 'comment_user_id');
      const name = textOf(c, 'comment_author');
      const authorKey = email ? `email:${emailHash(email)}` : userId && userId !== '0' ? `${host}:user:${userId}` : `name:${name}`;
      records.push({
        kind: 'comment',
        line: c.line,
        key: `wordpress:${host}:comment:${id}`,
        threadKey,
        parentKey: parent && parent !== '0' ? `wordpress:${host}:comment:${parent}` : null,
        author: { key: `wordpress:author:${authorKey}`, name: name || 'Anonymous' },
        html: wordpressTextToHtml(textOf(c, 'comment_content')),
        createdAt,
        status: state.status,
        spam: state.spam,
      });
    }
    const firstComment = records.find((r): r is ImportComment => r.kind === 'comment');
    if (firstComment) {
      const url = webUrl(textOf(node, 'link'))?.href;
      if (!url) throw new ImportFileError(child(node, 'link')?.line ?? node.line, `post ${postId} has no valid http(s) <link>`);
      yield {
        kind: 'thread',
        line: node.line,
        key: threadKey,
        site: importSite,
        url,
        title: textOf(node, 'title'),
        bodyHtml: wordpressTextToHtml(node.children.find((c) => c.qname === 'content:encoded')?.text ?? ''),
        createdAt: firstDate(node, ['post_date_gmt', 'pubDate', 'post_date']) ?? firstComment.createdAt,
        closed: textOf(node, 'comment_status') === 'closed',
        deleted: textOf(node, 'status') === 'trash',
      };
    }
    yield* records;
  }
}
