/**
 * The plain HTML forms, for readers without JavaScript: sign up, log in, log out, and every
 * comment action. Each validates, runs one command and redirects (303); a failure shows the
 * reason and keeps what the reader typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { appealComment, createComment, deleteComment, editComment, reportComment, voteComment } from '../../commands/comments.ts';
import { logIn, logOut, signUp } from '../../commands/sessions.ts';
import { resetLinkUser, resetPassword } from '../../commands/password-reset.ts';
import type { VoteValue } from '../../domain/comment.ts';
import { findComment } from '../../store/comments.ts';
import { findStoryById } from '../../store/stories.ts';
import { openDiscussion } from '../../queries/discussion.ts';
import { AuthPage, FormErrorPage, ResetPage, type FormState } from '../../web/pages.tsx';
import { EMBED_SIGNIN_PATH, keepPopupOpener, pageContext, refererPath, safeNext, sendPage, type HttpContext } from '../context.ts';
import { statusOf, toAppError } from '../errors.ts';
import { clearSessionCookie, setSessionCookie } from '../session.ts';

const Text = (max: number) => Type.String({ maxLength: max });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export function formRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const cfg = deps.config;

  // Logging in or signing up on the way back to an embedded discussion's sign-in popup.
  const keepOpener = (reply: FastifyReply, next: string | undefined) => {
    if (safeNext(next).startsWith(EMBED_SIGNIN_PATH)) keepPopupOpener(reply);
  };
  const authPage = (req: FastifyRequest, reply: FastifyReply, mode: 'login' | 'signup', state: FormState, status = 200) => {
    const ctx = pageContext(http, req, reply);
    const next = safeNext(state.values.next ?? (req.query as { next?: string })?.next);
    keepOpener(reply, next);
    return sendPage(http, req, reply, <AuthPage ctx={ctx} mode={mode} csrf={http.csrf.tokenFor(req, reply, cfg)} next={next} state={state} />, { status });
  };

  const failed = (req: FastifyRequest, reply: FastifyReply, err: unknown, back: string, retry?: { action: string; body: string; parentId?: string }) => {
    const error = toAppError(err);
    if (statusOf(error) >= 500) throw err;
    const ctx = pageContext(http, req, reply);
    const csrf = http.csrf.tokenFor(req, reply, cfg);
    const title = error.code === 'not_authenticated' ? 'Please log in' : 'That did not work';
    return sendPage(
      http,
      req,
      reply,
      <FormErrorPage ctx={ctx} title={title} message={error.message} back={back} retry={retry && req.user ? { ...retry, csrf } : undefined} />,
      { status: statusOf(error) },
    );
  };

  const requireUser = (req: FastifyRequest) => {
    if (!req.user) throw new AppError('not_authenticated', 'Log in to take part in the discussion.');
    return req.user;
  };

  const backTo = async (req: FastifyRequest, commentId: number): Promise<string> => {
    const from = refererPath(req);
    if (from) return `${from}#c${commentId}`;
    const comment = await findComment(deps.db, commentId);
    const story = comment && (await findStoryById(deps.db, comment.storyId));
    return story ? `/stories/${story.slug}#c${commentId}` : '/';
  };

  app.get('/login', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Text(500)) }) } }, (req, reply) =>
    req.user ? reply.redirect(safeNext((req.query as { next?: string }).next), 303) : authPage(req, reply, 'login', { values: {} }),
  );
  app.get('/signup', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Text(500)) }) } }, (req, reply) =>
    req.user ? reply.redirect(safeNext((req.query as { next?: string }).next), 303) : authPage(req, reply, 'signup', { values: {} }),
  );

  const AuthForm = Type.Object({ email: Text(400), password: Text(400), displayName: Type.Optional(Text(400)), next: Type.Optional(Text(500)) });
  app.post('/login', { schema: { hide: true, body: AuthForm } }, async (req, reply) => {
    const body = req.body as { email: string; password: string; next?: string };
    keepOpener(reply, body.next);
    try {
      const { sessionToken } = await logIn(deps, { email: body.email, password: body.password, ip: req.ip });
      setSessionCookie(reply, cfg, sessionToken);
      return reply.redirect(safeNext(body.next), 303);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      if (e.details?.retryAfterSeconds) reply.header('retry-after', String(e.details.retryAfterSeconds));
      return authPage(req, reply, 'login', { values: { email: body.email, next: body.next ?? '/' }, error: e.message }, statusOf(e));
    }
  });
  app.post('/signup', { schema: { hide: true, body: AuthForm } }, async (req, reply) => {
    const body = req.body as { email: string; password: string; displayName?: string; next?: string };
    keepOpener(reply, body.next);
    try {
      const { sessionToken } = await signUp(deps, { email: body.email, password: body.password, displayName: body.displayName ?? '', ip: req.ip });
      setSessionCookie(reply, cfg, sessionToken);
      return reply.redirect(safeNext(body.next), 303);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      const values = { email: body.email, displayName: body.displayName ?? '', next: body.next ?? '/' };
      return authPage(req, reply, 'signup', { values, error: e.message, fields: e.details?.fields as Record<string, string> }, statusOf(e));
    }
  });
  // Reset links an administrator handed over: the form, and the new password (which signs the reader in).
  const ResetParams = Type.Object({ token: Text(100) });
  const resetPage = async (req: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) => {
    const { token } = req.params as { token: string };
    let user;
    try {
      user = await resetLinkUser(deps, token);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      state = { ...state, error: e.message };
      status = statusOf(e);
    }
    const ctx = pageContext(http, req, reply);
    return sendPage(http, req, reply, <ResetPage ctx={ctx} csrf={http.csrf.tokenFor(req, reply, cfg)} token={token} user={user} state={state} />, { status, noStore: true });
  };
  app.get('/reset/:token', { schema: { hide: true, params: ResetParams } }, (req, reply) => resetPage(req, reply, { values: {} }));
  app.post('/reset/:token', { schema: { hide: true, params: ResetParams, body: Type.Object({ password: Text(400) }) } }, async (req, reply) => {
    try {
      const { sessionToken } = await resetPassword(deps, { token: (req.params as { token: string }).token, password: (req.body as { password: string }).password });
      setSessionCookie(reply, cfg, sessionToken);
      return reply.redirect('/', 303);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      return resetPage(req, reply, { values: {}, error: e.message, fields: e.details?.fields as Record<string, string> }, statusOf(e));
    }
  });

  app.post('/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await logOut(deps, { sessionToken: req.sessionToken });
    clearSessionCookie(reply, cfg);
    return reply.redirect('/', 303);
  });

  const CommentForm = Type.Object({ body: Text(20_000), parentId: Type.Optional(Type.String({ pattern: '^[0-9]{0,15}$' })) });
  app.post('/stories/:slug/comments', { schema: { hide: true, params: Type.Object({ slug: Text(200) }), body: CommentForm } }, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const body = req.body as { body: string; parentId?: string };
    const parentId = body.parentId ? Number(body.parentId) : null;
    const back = `/stories/${encodeURIComponent(slug)}`;
    try {
      const user = requireUser(req);
      const story = await openDiscussion(deps, slug);
      const { comment } = await createComment(deps, { user, story, parentId, body: body.body });
      const target = comment.rootId ? `/stories/${story.slug}/comments/${comment.rootId}#c${comment.id}` : `/stories/${story.slug}?sort=newest#c${comment.id}`;
      return reply.redirect(target, 303);
    } catch (err) {
      return failed(req, reply, err, back, { action: `${back}/comments`, body: body.body, parentId: parentId ? String(parentId) : undefined });
    }
  });

  app.post('/comments/:id/edit', { schema: { hide: true, params: IdParams, body: Type.Object({ body: Text(20_000) }) } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const { body } = req.body as { body: string };
    try {
      await editComment(deps, { user: requireUser(req), commentId: id, body });
      return reply.redirect(await backTo(req, id), 303);
    } catch (err) {
      return failed(req, reply, err, await backTo(req, id), { action: `/comments/${id}/edit`, body });
    }
  });

  app.post('/comments/:id/delete', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    try {
      await deleteComment(deps, { user: requireUser(req), commentId: id });
      return reply.redirect(await backTo(req, id), 303);
    } catch (err) {
      return failed(req, reply, err, await backTo(req, id));
    }
  });

  app.post(
    '/comments/:id/vote',
    { schema: { hide: true, params: IdParams, body: Type.Object({ value: Type.Integer({ minimum: -1, maximum: 1 }) }) } },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const { value } = req.body as { value: VoteValue };
      try {
        await voteComment(deps, { user: requireUser(req), commentId: id, value });
        return reply.redirect(await backTo(req, id), 303);
      } catch (err) {
        return failed(req, reply, err, await backTo(req, id));
      }
    },
  );

  app.post(
    '/comments/:id/report',
    { schema: { hide: true, params: IdParams, body: Type.Object({ reason: Text(50), text: Type.Optional(Text(2000)) }) } },
    async (req, reply) => {
      const { id } = req.params as { id: number };
      const { reason, text } = req.body as { reason: string; text?: string };
      try {
        await reportComment(deps, { user: requireUser(req), commentId: id, reason, text });
        return reply.redirect(await backTo(req, id), 303);
      } catch (err) {
        return failed(req, reply, err, await backTo(req, id));
      }
    },
  );

  app.post('/comments/:id/appeal', { schema: { hide: true, params: IdParams, body: Type.Object({ text: Text(4000) }) } }, async (req, reply) => {
    const { id } = req.params as { id: number };
    const { text } = req.body as { text: string };
    try {
      await appealComment(deps, { user: requireUser(req), commentId: id, text });
      return reply.redirect(await backTo(req, id), 303);
    } catch (err) {
      return failed(req, reply, err, await backTo(req, id));
    }
  });
}
