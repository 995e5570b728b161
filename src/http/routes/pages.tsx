/** The reader's pages: home, story (with its discussion), a comment's thread, author and publisher. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { COMMENT_SORTS, type CommentSort } from '../../domain/comment.ts';
import type { Story } from '../../domain/story.ts';
import { storyPage, threadPage, type CommentsPage } from '../../queries/discussion.ts';
import { authorPage, homePage, publisherPage } from '../../queries/story-lists.ts';
import type { DiscussionProps } from '../../web/discussion.tsx';
import type { PageContext } from '../../web/layout.tsx';
import { AuthorPage, HomePage, PublisherPage, StoryPage, ThreadPage } from '../../web/pages.tsx';
import { pageContext, sendCached, sendPage, type HttpContext } from '../context.ts';

const Slug = Type.String({ minLength: 1, maxLength: 200 });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })) });
const SortQuery = Type.Object({
  sort: Type.Optional(Type.Union(COMMENT_SORTS.map((s) => Type.Literal(s)), { default: 'top' })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
});

export function discussionProps(
  http: HttpContext,
  ctx: PageContext,
  story: Story,
  page: CommentsPage,
  commentCount = story.commentCount,
  liveAfter?: number,
): DiscussionProps {
  return {
    storySlug: story.slug,
    commentsOpen: story.commentsOpen,
    commentCount,
    policyText: http.deps.policy().text ?? http.deps.config.commentPolicy,
    viewer: ctx.viewer && { name: ctx.viewer.name, csrf: ctx.viewer.csrf },
    loginUrl: `/login?next=${encodeURIComponent(`/stories/${story.slug}`)}`,
    sort: page.sort,
    comments: page.comments,
    nextCursor: page.nextCursor,
    ...(liveAfter === undefined ? {} : { live: { storyId: story.id, after: liveAfter } }),
  };
}

export function pageRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const cached = (handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) =>
    sendCached(http, req, reply) ? reply : handler(req, reply);

  app.get<{ Querystring: Static<typeof PageQuery> }>(
    '/',
    { schema: { hide: true, querystring: PageQuery } },
    cached(async (req, reply) => {
      const { page = 1 } = req.query as Static<typeof PageQuery>;
      const list = await homePage(deps, { page });
      const ctx = pageContext(http, req, reply);
      return sendPage(http, req, reply, <HomePage ctx={ctx} cards={list.cards} page={list.page} hasNext={list.hasNext} />, { cacheStory: 0 });
    }),
  );

  app.get(
    '/stories/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: SortQuery } },
    cached(async (req, reply) => {
      const { slug } = req.params as { slug: string };
      const { sort = 'top', after } = req.query as Static<typeof SortQuery>;
      const data = await storyPage(deps, { slug, sort: sort as CommentSort, after, viewer: req.user });
      const ctx = pageContext(http, req, reply);
      const page = (
        <StoryPage
          ctx={ctx}
          publicUrl={deps.config.publicUrl}
          story={data.story}
          publisher={data.publisher}
          author={data.author}
          authorLatest={data.authorLatest}
          discussion={discussionProps(http, ctx, data.story, data.discussion, data.story.commentCount, data.liveAfter)}
        />
      );
      return sendPage(http, req, reply, page, { cacheStory: data.story.id });
    }),
  );

  app.get(
    '/stories/:slug/comments/:id',
    { schema: { hide: true, params: Type.Object({ slug: Slug, id: Type.Integer({ minimum: 1 }) }) } },
    async (req, reply) => {
      const { slug, id } = req.params as { slug: string; id: number };
      const data = await threadPage(deps, { slug, commentId: id, viewer: req.user });
      const ctx = pageContext(http, req, reply);
      const discussion = discussionProps(http, ctx, data.story, { sort: 'oldest', comments: [data.thread], nextCursor: null }, data.story.commentCount);
      return sendPage(http, req, reply, <ThreadPage ctx={ctx} story={data.story} discussion={discussion} focus={data.thread} />);
    },
  );

  app.get(
    '/authors/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: PageQuery } },
    cached(async (req, reply) => {
      const { slug } = req.params as { slug: string };
      const { page = 1 } = req.query as Static<typeof PageQuery>;
      const data = await authorPage(deps, { slug, page });
      const ctx = pageContext(http, req, reply);
      return sendPage(
        http,
        req,
        reply,
        <AuthorPage ctx={ctx} author={data.author} publisher={data.publisher} cards={data.list.cards} page={data.list.page} hasNext={data.list.hasNext} />,
        { cacheStory: 0 },
      );
    }),
  );

  app.get(
    '/publishers/:slug',
    { schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: PageQuery } },
    cached(async (req, reply) => {
      const { slug } = req.params as { slug: string };
      const { page = 1 } = req.query as Static<typeof PageQuery>;
      const data = await publisherPage(deps, { slug, page });
      const ctx = pageContext(http, req, reply);
      return sendPage(http, req, reply, <PublisherPage ctx={ctx} publisher={data.publisher} cards={data.list.cards} page={data.list.page} hasNext={data.list.hasNext} />, {
        cacheStory: 0,
      });
    }),
  );
}
