/**
 * `parley export disqus`: the discussion in Disqus's export format, for tools that read it (and for
 * `parley import disqus`). Every story is a <thread> (dsq:id = the story's id, <id> its slug, <link> the
 * original's URL; <isDeleted> when unpublished); every comment a <post> with its sanitised HTML, date,
 * author, thread and parent. Disqus has no "held" or "rejected": held comments carry
 * <isApproved>false</isApproved>, rejected ones <isSpam>true</isSpam>, deleted ones <isDeleted>true</isDeleted>.
 * Authors are named by a username "parley-user-ID"; a real address is given, an imported author's is not.
 * Streams in pages by id.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

const PAGE = 1000;

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const text = (s: string) => s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (s: string) => `<![CDATA[${s.replace(INVALID_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
/** Disqus writes times as 2013-01-01T12:00:00Z. */
const when = (iso: string) => `${iso.slice(0, 19)}Z`;

export async function* exportDisqus(db: Kysely<DB>, input: { forum: string }): AsyncGenerator<string> {
  yield '<?xml version="1.0" encoding="utf-8"?>\n';
  yield '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n';
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('stories')
      .innerJoin('publishers', 'publishers.id', 'stories.publisher_id')
      .select(['stories.id', 'stories.slug', 'stories.title', 'stories.original_url', 'stories.published_at', 'stories.comments_open', 'stories.status', 'publishers.name', 'publishers.slug as publisher_slug'])
      .where('stories.id', '>', after)
      .orderBy('stories.id')
      .limit(PAGE)
      .execute();
    yield rows
      .map(
        (s) => `  <thread dsq:id="${s.id}">
    <id>${text(s.slug)}</id>
    <forum>${text(input.forum)}</forum>
    <link>${text(s.original_url)}</link>
    <title>${text(s.title)}</title>
    <message></message>
    <createdAt>${when(s.published_at)}</createdAt>
    <author><name>${text(s.name)}</name><isAnonymous>false</isAnonymous><username>parley-publisher-${text(s.publisher_slug)}</username></author>
    <isClosed>${s.comments_open ? 'false' : 'true'}</isClosed>
    <isDeleted>${s.status === 'published' ? 'false' : 'true'}</isDeleted>
  </thread>
`,
      )
      .join('');
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('comments')
      .innerJoin('users', 'users.id', 'comments.user_id')
      .select(['comments.id', 'comments.story_id', 'comments.parent_id', 'comments.body_html', 'comments.status', 'comments.created_at', 'users.id as user_id', 'users.display_name', 'users.email', 'users.imported_from', 'users.deleted_at'])
      .where('comments.id', '>', after)
      .orderBy('comments.id')
      .limit(PAGE)
      .execute();
    yield rows
      .map((c) => {
        const email = c.imported_from || c.deleted_at ? '' : `<email>${text(c.email)}</email>`;
        return `  <post dsq:id="${c.id}">
    <id></id>
    <message>${cdata(c.status === 'deleted' ? '' : c.body_html)}</message>
    <createdAt>${when(c.created_at)}</createdAt>
    <isDeleted>${c.status === 'deleted'}</isDeleted>
    <isSpam>${c.status === 'rejected'}</isSpam>
    <isApproved>${c.status !== 'held'}</isApproved>
    <author>${email}<name>${text(c.display_name)}</name><isAnonymous>false</isAnonymous><username>parley-user-${c.user_id}</username></author>
    <thread dsq:id="${c.story_id}" />
${c.parent_id ? `    <parent dsq:id="${c.parent_id}" />\n` : ''}  </post>
`;
      })
      .join('');
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  yield '</disqus>\n';
}
