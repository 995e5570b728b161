/** The reader's own account: their record (/me), the export of their data, and deletion. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { deleteAccount } from '../../commands/account.ts';
import { sanctionNotice } from '../../domain/user.ts';
import { profilePage } from '../../queries/profile.ts';
import { exportUserData } from '../../store/profile.ts';
import { ProfilePage } from '../../web/pages.tsx';
import { pageContext, sendPage, type HttpContext } from '../context.ts';
import { clearSessionCookie } from '../session.ts';

export function accountRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const requireUser = (user: unknown) => {
    if (!user) throw new AppError('not_authenticated', 'Log in to see your account.');
  };

  app.get('/me', { schema: { hide: true, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })) }) } }, async (req, reply) => {
    requireUser(req.user);
    const user = req.user!;
    const data = await profilePage(deps, { user, page: (req.query as { page?: number }).page ?? 1 });
    const ctx = pageContext(http, req, reply);
    const sanction = sanctionNotice(user, deps.clock());
    return sendPage(
      http,
      req,
      reply,
      <ProfilePage
        ctx={ctx}
        csrf={ctx.viewer!.csrf}
        user={{ displayName: user.displayName, email: user.email, createdAt: user.createdAt, sanction }}
        comments={data.comments}
        reports={data.reports}
        page={data.page}
        hasNext={data.hasNext}
      />,
    );
  });

  const exportData = async (req: FastifyRequest, reply: FastifyReply) => {
    requireUser(req.user);
    const data = await exportUserData(deps.db, req.user!.id);
    return reply.header('content-disposition', 'attachment; filename="parley-my-data.json"').send({ exportedAt: deps.clock().toISOString(), ...data });
  };
  app.get('/me/export.json', { schema: { hide: true } }, exportData);
  app.get('/api/me/export', { schema: { tags: ['account'], summary: 'Everything stored about you, as JSON' } }, exportData);
  app.get('/api/me', { schema: { tags: ['account'], summary: 'Your comments with their state and statements of reasons, and the outcome of your reports' } }, async (req) => {
    requireUser(req.user);
    return profilePage(deps, { user: req.user!, page: 1 });
  });

  app.post('/me/delete', { schema: { hide: true, body: Type.Object({ password: Type.String({ maxLength: 400 }) }) } }, async (req, reply) => {
    requireUser(req.user);
    await deleteAccount(deps, { user: req.user!, password: (req.body as { password: string }).password });
    clearSessionCookie(reply, deps.config);
    return reply.redirect('/', 303);
  });
  app.delete(
    '/api/me',
    { schema: { tags: ['account'], summary: 'Delete your account (erases your personal data)', body: Type.Object({ password: Type.String({ maxLength: 400 }) }, { additionalProperties: false }) } },
    async (req, reply) => {
      requireUser(req.user);
      await deleteAccount(deps, { user: req.user!, password: (req.body as { password: string }).password });
      clearSessionCookie(reply, deps.config);
      return reply.code(204).send();
    },
  );
}
