/**
 * Disqus's export format → threads and comments. The file is <disqus> with <category>, <thread dsq:id>
 * and <post dsq:id> children; threads come first in Disqus's own exports, but any order is read. A post's
 * state: <isDeleted> → deleted, <isSpam> → rejected as spam, <isApproved>false</isApproved> (written by
 * some tools, and by Parley's own Disqus export for held comments) → held.
 * Authors are keyed by username, else by a hash of their email, else by their name (anonymous guests).
 */
import { createHash } from 'node:crypto';
import { slugify } from '../domain/story.ts';
import { isoDate, webUrl, type ImportAuthor, type ImportRecord } from './model.ts';
import { ImportFileError, readXmlElements, type ReadOptions, type XmlNode } from './xml-stream.ts';

export const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);
export const textOf = (node: XmlNode, name: string) => child(node, name)?.text.trim() ?? '';
const flag = (node: XmlNode, name: string) => /^(true|1)$/i.test(textOf(node, name));
export const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

function dsqId(node: XmlNode, what: string): string {
  const id = node.attrs.id?.trim();
  if (!id) throw new ImportFileError(node.line, `<${what}> has no dsq:id`);
  return id;
}

function date(node: XmlNode, what: string): string {
  const el = child(node, 'createdAt');
  const at = el && isoDate(el.text);
  if (!at) throw new ImportFileError(el?.line ?? node.line, `${what} has no valid <createdAt>`);
  return at;
}

function author(node: XmlNode): ImportAuthor {
  const a = child(node, 'author');
  const name = a ? textOf(a, 'name') : '';
  const username = a ? textOf(a, 'username') : '';
  const email = a ? textOf(a, 'email') : '';
  const anonymous = a ? flag(a, 'isAnonymous') : true;
  const key = username && !anonymous ? `username:${username}` : email ? `email:${emailHash(email)}` : `name:${name}`;
  return { key: `disqus:author:${key}`, name: name || username || 'Anonymous' };
}

export async function* readDisqus(file: string, options: Omit<ReadOptions, 'depth'>): AsyncGenerator<ImportRecord> {
  for await (const event of readXmlElements(file, { ...options, depth: 1 })) {
    if (event.type === 'root') {
      if (event.name !== 'disqus') throw new ImportFileError(event.line, `this is not a Disqus export (its root element is <${event.name}>, not <disqus>)`);
      continue;
    }
    const node = event.node;
    if (node.name === 'thread') {
      const id = dsqId(node, 'thread');
      const url = webUrl(textOf(node, 'link'));
      if (!url) throw new ImportFileError(child(node, 'link')?.line ?? node.line, `thread ${id} has no valid http(s) <link>`);
      const forum = textOf(node, 'forum') || url.hostname;
      yield {
        kind: 'thread',
        line: node.line,
        key: `disqus:thread:${id}`,
        site: { slug: `disqus-${slugify(forum)}`, name: forum, url: url.origin },
        url: url.href,
        title: textOf(node, 'title'),
        bodyHtml: textOf(node, 'message'),
        createdAt: date(node, `thread ${id}`),
        closed: flag(node, 'isClosed'),
        deleted: flag(node, 'isDeleted'),
      };
    } else if (node.name === 'post') {
      const id = dsqId(node, 'post');
      const thread = child(node, 'thread');
      if (!thread?.attrs.id) throw new ImportFileError(thread?.line ?? node.line, `post ${id} names no <thread dsq:id>`);
      const parent = child(node, 'parent')?.attrs.id?.trim();
      const deleted = flag(node, 'isDeleted');
      const spam = flag(node, 'isSpam');
      const pending = /^(false|0)$/i.test(textOf(node, 'isApproved'));
      yield {
        kind: 'comment',
        line: node.line,
        key: `disqus:post:${id}`,
        threadKey: `disqus:thread:${thread.attrs.id.trim()}`,
        parentKey: parent ? `disqus:post:${parent}` : null,
        author: author(node),
        html: textOf(node, 'message'),
        createdAt: date(node, `post ${id}`),
        status: deleted ? 'deleted' : spam ? 'rejected' : pending ? 'held' : 'published',
        spam,
      };
    }
  }
}
