/** Admin pages and API for partner publishers: register, fetch now, pause, resume, remove, and story takedowns. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ingestFeed } from '../../commands/ingest-feed.ts';
import { addPartner, mergeAuthors, removePartner, setPartnerActive, takeDownStory } from '../../commands/partners.ts';
import { requireAdmin } from '../../commands/review.ts';
import { listFeeds } from '../../store/feeds.ts';
import { PartnersPage } from '../../web/pages.tsx';
import { pageContext, sendPage, type HttpContext } from '../context.ts';
import { statusOf, toAppError } from '../errors.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Reason = Type.Object({ reason: Type.String({ maxLength: 500 }) });
const NewPartner = Type.Object({
  name: Type.String({ maxLength: 200 }),
  siteUrl: Type.String({ maxLength: 2000 }),
  feedUrl: Type.String({ maxLength: 2000 }),
  intervalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  indexing: Type.Optional(Type.Union([Type.Literal('canonical'), Type.Literal('noindex'), Type.Literal('noindex-news')])),
  allowHost: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('1')])),
  attribution: Type.Optional(Type.String({ maxLength: 500 })),
  licence: Type.Optional(Type.String({ maxLength: 1000 })),
  embedHosts: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })])),
});

export function partnerRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;

  const page = async (req: FastifyRequest, reply: FastifyReply, error?: string, status?: number) => {
    const ctx = pageContext(http, req, reply);
    const authors = await deps.db
      .selectFrom('authors')
      .innerJoin('publishers', 'publishers.id', 'authors.publisher_id')
      .select(['authors.id', 'authors.name', 'publishers.name as publisher'])
      .orderBy('publishers.name')
      .orderBy('authors.name')
      .execute();
    return sendPage(http, req, reply, <PartnersPage ctx={ctx} csrf={ctx.viewer!.csrf} feeds={await listFeeds(deps.db)} authors={authors} error={error} />, { status });
  };
  /** Runs the action; on a coded error, shows the page with the message instead of a bare error page. */
  const act = (action: (req: FastifyRequest) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    requireAdmin(req.user);
    try {
      await action(req);
      return reply.redirect('/admin/partners', 303);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      return page(req, reply, e.message, statusOf(e));
    }
  };
  const id = (req: FastifyRequest) => (req.params as { id: number }).id;
  const toInput = (body: Static<typeof NewPartner>) => ({
    ...body,
    allowHost: body.allowHost === true || body.allowHost === '1',
    embedHosts: typeof body.embedHosts === 'string' ? body.embedHosts.split(/[\s,]+/).filter(Boolean) : body.embedHosts,
  });

  app.get('/admin/partners', { schema: { hide: true } }, async (req, reply) => {
    requireAdmin(req.user);
    return page(req, reply);
  });
  app.post('/admin/partners', { schema: { hide: true, body: NewPartner } }, act((req) => addPartner(deps, toInput(req.body as Static<typeof NewPartner>))));
  app.post('/admin/partners/:id/fetch', { schema: { hide: true, params: Type.Object({ id: Id }) } }, act((req) => ingestFeed(deps, { publisherId: id(req) })));
  app.post(
    '/admin/partners/:id/pause',
    { schema: { hide: true, params: Type.Object({ id: Id }), body: Reason } },
    act((req) => setPartnerActive(deps, { publisherId: id(req), active: false, reason: (req.body as { reason: string }).reason, actorId: req.user!.id })),
  );
  app.post('/admin/partners/:id/resume', { schema: { hide: true, params: Type.Object({ id: Id }) } }, act((req) => setPartnerActive(deps, { publisherId: id(req), active: true, reason: '', actorId: req.user!.id })));
  app.post(
    '/admin/partners/:id/remove',
    { schema: { hide: true, params: Type.Object({ id: Id }), body: Reason } },
    act((req) => removePartner(deps, { publisherId: id(req), reason: (req.body as { reason: string }).reason, actorId: req.user!.id })),
  );
  app.post('/admin/stories/:id/takedown', { schema: { hide: true, params: Type.Object({ id: Id }), body: Reason } }, async (req, reply) => {
    requireAdmin(req.user);
    await takeDownStory(deps, { storyId: id(req), reason: (req.body as { reason: string }).reason, actorId: req.user!.id });
    return reply.redirect('/admin/partners', 303);
  });

  const Merge = Type.Object({ fromId: Id, intoId: Id }, { additionalProperties: false });
  app.post('/admin/authors/merge', { schema: { hide: true, body: Type.Object({ fromId: Id, intoId: Id }) } }, act((req) => mergeAuthors(deps, req.body as Static<typeof Merge>)));
  app.post('/api/admin/authors/merge', { schema: { tags: ['admin'], summary: 'Merge one byline of a partner into another', body: Merge } }, async (req) => {
    requireAdmin(req.user);
    await mergeAuthors(deps, req.body as Static<typeof Merge>);
    return { ok: true };
  });

  // The same as JSON.
  app.get('/api/admin/partners', { schema: { tags: ['admin'], summary: 'Partner feeds with their fetch state' } }, async (req) => {
    requireAdmin(req.user);
    return { partners: await listFeeds(deps.db) };
  });
  app.post('/api/admin/partners', { schema: { tags: ['admin'], summary: 'Register a partner and its feed', body: NewPartner } }, async (req, reply) => {
    requireAdmin(req.user);
    return reply.code(201).send(await addPartner(deps, toInput(req.body as Static<typeof NewPartner>)));
  });
  app.post('/api/admin/partners/:id/fetch', { schema: { tags: ['admin'], summary: 'Fetch a partner feed now', params: Type.Object({ id: Id }) } }, async (req) => {
    requireAdmin(req.user);
    return ingestFeed(deps, { publisherId: id(req) });
  });
  app.post('/api/admin/stories/:id/takedown', { schema: { tags: ['admin'], summary: 'Unpublish one story (410 Gone), with the reason', params: Type.Object({ id: Id }), body: Reason } }, async (req) => {
    requireAdmin(req.user);
    await takeDownStory(deps, { storyId: id(req), reason: (req.body as { reason: string }).reason, actorId: req.user!.id });
    return { ok: true };
  });
}
