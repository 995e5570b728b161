/**
 * The JSON API: everything the pages do, validated by schemas that also make /api/openapi.json.
 * Writes need a session (401 not_authenticated) and the CSRF token in the x-csrf-token header,
 * which GET /api/session hands out.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { appealComment, checkComment, createComment, deleteComment, editComment, reportComment, voteComment } from '../../commands/comments.ts';
import { logIn, logOut, signUp } from '../../commands/sessions.ts';
import { canEdit, COMMENT_SORTS, REPORT_REASONS, type Comment, type CommentSort, type VoteValue } from '../../domain/comment.ts';
import type { Decision } from '../../domain/moderation.ts';
import { toView } from '../../domain/thread.ts';
import type { User } from '../../domain/user.ts';
import { commentsPage, openDiscussion, storyPage, threadPage, visibleStory } from '../../queries/discussion.ts';
import { homePage } from '../../queries/story-lists.ts';
import type { HttpContext } from '../context.ts';
import { clearSessionCookie, setSessionCookie } from '../session.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Slug = Type.String({ minLength: 1, maxLength: 200 });
const Body = Type.String({ maxLength: 20_000, description: 'Markdown: emphasis, links, quotes, code, lists' });
const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) }) });

const SignUpBody = Type.Object({
  email: Type.String({ maxLength: 400 }),
  password: Type.String({ maxLength: 400 }),
  displayName: Type.String({ maxLength: 400 }),
});
const LogInBody = Type.Object({ email: Type.String({ maxLength: 400 }), password: Type.String({ maxLength: 400 }) });
const NewComment = Type.Object({ body: Body, parentId: Type.Optional(Type.Union([Id, Type.Null()])) }, { additionalProperties: false });
const CommentsQuery = Type.Object({
  sort: Type.Optional(Type.Union(COMMENT_SORTS.map((s) => Type.Literal(s)), { default: 'top' })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
const Vote = Type.Object({ value: Type.Integer({ minimum: -1, maximum: 1 }) });
const Report = Type.Object({
  reason: Type.Union(Object.keys(REPORT_REASONS).map((r) => Type.Literal(r))),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
});

const errors: Record<number, TSchema> = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

function requireUser(req: FastifyRequest): User {
  if (!req.user) throw new AppError('not_authenticated', 'Log in to take part in the discussion.');
  return req.user;
}

function publicUser(user: User) {
  return { id: user.id, displayName: user.displayName, role: user.role };
}

export function apiRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const cfg = deps.config;

  const commentResult = (user: User, comment: Comment, decision: Decision) => ({
    comment: toView(comment, {
      viewerId: user.id,
      votes: new Map(),
      reported: new Set(),
      canEdit: (c) => canEdit(c, deps.clock(), cfg.editWindowMinutes),
      decisions: new Map([[comment.id, decision]]),
    }),
    decision: { action: decision.action, reasons: decision.reasons, notice: decision.notice ?? null },
    notice:
      decision.action === 'publish'
        ? null
        : decision.action === 'hold'
          ? 'Your comment is awaiting review by a moderator; only you can see it until then.'
          : 'Your comment was not published because it breaks the comment policy.',
  });

  app.get('/api/session', { schema: { tags: ['auth'], summary: 'The current user (or null) and a CSRF token for writes' } }, async (req, reply) => ({
    user: req.user ? publicUser(req.user) : null,
    csrfToken: http.csrf.tokenFor(req, reply, cfg),
  }));

  app.post('/api/auth/signup', { schema: { tags: ['auth'], body: SignUpBody, response: errors } }, async (req, reply) => {
    const body = req.body as Static<typeof SignUpBody>;
    const { user, sessionToken } = await signUp(deps, { ...body, ip: req.ip });
    setSessionCookie(reply, cfg, sessionToken);
    req.sessionToken = sessionToken;
    return reply.code(201).send({ user: publicUser(user), csrfToken: http.csrf.tokenFor(req, reply, cfg) });
  });

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: LogInBody, response: errors } }, async (req, reply) => {
    const body = req.body as Static<typeof LogInBody>;
    const { user, sessionToken } = await logIn(deps, { ...body, ip: req.ip });
    setSessionCookie(reply, cfg, sessionToken);
    req.sessionToken = sessionToken;
    return { user: publicUser(user), csrfToken: http.csrf.tokenFor(req, reply, cfg) };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    if (req.sessionToken) await logOut(deps, { sessionToken: req.sessionToken });
    clearSessionCookie(reply, cfg);
    return reply.code(204).send();
  });

  app.get(
    '/api/stories',
    { schema: { tags: ['stories'], summary: 'Latest stories, newest first', querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })) }) } },
    async (req) => {
      const { page = 1 } = req.query as { page?: number };
      const list = await homePage(deps, { page });
      return {
        stories: list.cards.map(({ story, publisher, author }) => ({
          ...story,
          bodyHtml: undefined,
          publisher: { slug: publisher.slug, name: publisher.name },
          author: author && { slug: author.slug, name: author.name },
        })),
        page: list.page,
        hasNext: list.hasNext,
      };
    },
  );

  app.get('/api/stories/:slug', { schema: { tags: ['stories'], params: Type.Object({ slug: Slug }), response: errors } }, async (req) => {
    const { slug } = req.params as { slug: string };
    const data = await storyPage(deps, { slug, sort: 'top', viewer: req.user });
    return { story: data.story, publisher: data.publisher, author: data.author, authorLatest: data.authorLatest };
  });

  app.get(
    '/api/stories/:slug/comments',
    { schema: { tags: ['comments'], summary: 'A page of top-level comments with their replies', params: Type.Object({ slug: Slug }), querystring: CommentsQuery, response: errors } },
    async (req) => {
      const { slug } = req.params as { slug: string };
      const q = req.query as Static<typeof CommentsQuery>;
      const story = await visibleStory(deps, slug);
      return commentsPage(deps, { story, sort: (q.sort ?? 'top') as CommentSort, after: q.after, viewer: req.user, limit: q.limit });
    },
  );

  app.get(
    '/api/stories/:slug/comments/:id',
    { schema: { tags: ['comments'], summary: 'The whole thread around one comment', params: Type.Object({ slug: Slug, id: Id }), response: errors } },
    async (req) => {
      const { slug, id } = req.params as { slug: string; id: number };
      const data = await threadPage(deps, { slug, commentId: id, viewer: req.user });
      return { thread: data.thread };
    },
  );

  app.post(
    '/api/stories/:slug/comments',
    { schema: { tags: ['comments'], summary: 'Post a comment or a reply', params: Type.Object({ slug: Slug }), body: NewComment, response: errors } },
    async (req, reply) => {
      const user = requireUser(req);
      const { slug } = req.params as { slug: string };
      const body = req.body as Static<typeof NewComment>;
      const story = await openDiscussion(deps, slug);
      const { comment, decision } = await createComment(deps, { user, story, parentId: body.parentId ?? null, body: body.body });
      return reply.code(201).send(commentResult(user, comment, decision));
    },
  );

  app.post(
    '/api/stories/:slug/comments/check',
    {
      schema: {
        tags: ['comments'],
        summary: 'Would this comment be held? The same pipeline as posting; nothing is stored',
        params: Type.Object({ slug: Slug }),
        body: Type.Object({ body: Body }, { additionalProperties: false }),
        response: errors,
      },
    },
    async (req) => {
      const user = requireUser(req);
      const story = await visibleStory(deps, (req.params as { slug: string }).slug);
      const decision = await checkComment(deps, { user, storyId: story.id, body: (req.body as { body: string }).body });
      return { action: decision.action, reasons: decision.reasons, notice: decision.notice ?? null };
    },
  );

  app.post(
    '/api/comments/:id/appeal',
    {
      schema: {
        tags: ['comments'],
        summary: 'Appeal the hold or rejection of your comment (once)',
        params: Type.Object({ id: Id }),
        body: Type.Object({ text: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
        response: errors,
      },
    },
    async (req, reply) => {
      await appealComment(deps, { user: requireUser(req), commentId: (req.params as { id: number }).id, text: (req.body as { text: string }).text });
      return reply.code(201).send({ appealed: true });
    },
  );

  app.patch(
    '/api/comments/:id',
    { schema: { tags: ['comments'], summary: 'Edit your comment (within the edit window)', params: Type.Object({ id: Id }), body: Type.Object({ body: Body }), response: errors } },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as { id: number };
      const { comment, decision } = await editComment(deps, { user, commentId: id, body: (req.body as { body: string }).body });
      return commentResult(user, comment, decision);
    },
  );

  app.delete('/api/comments/:id', { schema: { tags: ['comments'], summary: 'Delete your comment', params: Type.Object({ id: Id }), response: errors } }, async (req, reply) => {
    await deleteComment(deps, { user: requireUser(req), commentId: (req.params as { id: number }).id });
    return reply.code(204).send();
  });

  app.put(
    '/api/comments/:id/vote',
    { schema: { tags: ['comments'], summary: 'Vote up (1), down (-1) or clear (0)', params: Type.Object({ id: Id }), body: Vote, response: errors } },
    async (req) => {
      const user = requireUser(req);
      return voteComment(deps, { user, commentId: (req.params as { id: number }).id, value: (req.body as { value: number }).value as VoteValue });
    },
  );

  app.post(
    '/api/comments/:id/reports',
    { schema: { tags: ['comments'], summary: 'Report a comment with a reason', params: Type.Object({ id: Id }), body: Report, response: errors } },
    async (req, reply) => {
      const user = requireUser(req);
      const body = req.body as Static<typeof Report>;
      await reportComment(deps, { user, commentId: (req.params as { id: number }).id, reason: body.reason, text: body.text });
      return reply.code(201).send({ reported: true });
    },
  );
}
