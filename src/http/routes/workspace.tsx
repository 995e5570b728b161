/**
 * The moderator workspace and admin pages, and their API. Every route checks the role on the
 * server: readers get 403, visitors 401. Decisions apply to the revision the moderator saw.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { AppError } from '../../errors.ts';
import { approveComment, decideAppeal, grantRole, redactComment, rejectComment, requireAdmin, requireModerator, sanctionUser, setStorySettings } from '../../commands/review.ts';
import { CATEGORIES } from '../../domain/moderation.ts';
import { queuePage, type QueueSort } from '../../queries/review.ts';
import { QUEUES, queueSnapshot, type QueueFilter, type QueueName } from '../../store/review.ts';
import { findStoryById, findStoryBySlug } from '../../store/stories.ts';
import { searchUsers } from '../../store/users.ts';
import { InsightsPage, LogPage, PolicyPage, UsersPage, WorkspacePage } from '../../web/pages.tsx';
import { insightsPage } from '../../queries/insights.ts';
import { updatePolicy } from '../../commands/policy.ts';
import { issueResetLink } from '../../commands/password-reset.ts';
import { listPolicies } from '../../store/moderation.ts';
import { statusOf, toAppError } from '../errors.ts';
import { moderationLog } from '../../queries/moderation-log.ts';
import type { Actor } from '../../store/moderation.ts';
import { pageContext, refererPath, sendPage, type HttpContext } from '../context.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Revision = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Note = Type.String({ maxLength: 4000 });
const QueueQuery = Type.Object({
  story: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.Union(CATEGORIES.map((c) => Type.Literal(c)))),
  author: Type.Optional(Id),
  sort: Type.Optional(Type.Union([Type.Literal('oldest'), Type.Literal('priority')], { default: 'oldest' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
});
const QueueParams = Type.Object({ queue: Type.Union(QUEUES.map((q) => Type.Literal(q))) });
const Approve = Type.Object({ revision: Revision, note: Type.Optional(Note) }, { additionalProperties: false });
const Reject = Type.Object({ revision: Revision, category: Type.String({ maxLength: 40 }), note: Type.Optional(Note) }, { additionalProperties: false });
const Appeal = Type.Object({ revision: Revision, upheld: Type.Boolean(), outcome: Note, category: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

export function workspaceRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;

  async function filterOf(q: Static<typeof QueueQuery>): Promise<QueueFilter> {
    const filter: QueueFilter = {};
    if (q.story) {
      const story = await findStoryBySlug(deps.db, q.story);
      filter.storyId = story?.id ?? -1;
    }
    if (q.category) filter.category = q.category;
    if (q.author) filter.authorId = q.author;
    return filter;
  }

  const queryString = (q: Static<typeof QueueQuery>) => {
    const params = new URLSearchParams();
    if (q.story) params.set('story', q.story);
    if (q.category) params.set('category', q.category);
    if (q.author) params.set('author', String(q.author));
    if (q.sort && q.sort !== 'oldest') params.set('sort', q.sort);
    const s = params.toString();
    return s ? `?${s}` : '';
  };

  const back = (req: FastifyRequest) => {
    const from = refererPath(req);
    return from?.startsWith('/moderate') ? from : '/moderate/pending';
  };

  app.get('/moderate', { schema: { hide: true } }, async (req, reply) => {
    requireModerator(req.user);
    return reply.redirect('/moderate/pending', 303);
  });

  app.get('/moderate/:queue', { schema: { hide: true, params: QueueParams, querystring: QueueQuery } }, async (req, reply) => {
    requireModerator(req.user);
    const { queue } = req.params as { queue: QueueName };
    const q = req.query as Static<typeof QueueQuery>;
    const data = await queuePage(deps, { queue, filter: await filterOf(q), sort: (q.sort ?? 'oldest') as QueueSort, page: q.page ?? 1 });
    const ctx = pageContext(http, req, reply);
    return sendPage(
      http,
      req,
      reply,
      <WorkspacePage ctx={ctx} queue={{ queue, counts: data.counts, version: data.version, items: data.items, csrf: ctx.viewer!.csrf, query: queryString(q), page: data.page, hasNext: data.hasNext }} />,
    );
  });

  // Plain forms (no JavaScript): decide, then back to the queue.
  app.post('/moderate/comments/:id/approve', { schema: { hide: true, params: Type.Object({ id: Id }), body: Type.Object({ revision: Revision, note: Type.Optional(Note) }) } }, async (req, reply) => {
    const body = req.body as { revision: number; note?: string };
    await approveComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...body });
    return reply.redirect(back(req), 303);
  });
  app.post(
    '/moderate/comments/:id/reject',
    { schema: { hide: true, params: Type.Object({ id: Id }), body: Type.Object({ revision: Revision, category: Type.String({ maxLength: 40 }), note: Type.Optional(Note) }) } },
    async (req, reply) => {
      const body = req.body as { revision: number; category: string; note?: string };
      await rejectComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...body });
      return reply.redirect(back(req), 303);
    },
  );
  const RedactForm = Type.Object({ revision: Revision, text: Note, rule: Type.String({ maxLength: 40 }), note: Type.Optional(Note) });
  app.post('/moderate/comments/:id/redact', { schema: { hide: true, params: Type.Object({ id: Id }), body: RedactForm } }, async (req, reply) => {
    const { rule, ...body } = req.body as Static<typeof RedactForm>;
    await redactComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...body, category: rule });
    return reply.redirect(back(req), 303);
  });
  const RedactBody = Type.Object({ revision: Revision, text: Note, category: Type.String({ maxLength: 40 }), note: Type.Optional(Note) }, { additionalProperties: false });
  app.post(
    '/api/moderation/comments/:id/redact',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Remove a passage (e.g. a phone number) from the revision you saw and publish the rest',
        params: Type.Object({ id: Id }),
        body: RedactBody,
      },
    },
    async (req) => {
      await redactComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...(req.body as Static<typeof RedactBody>) });
      return { ok: true };
    },
  );
  app.post(
    '/moderate/comments/:id/appeal',
    { schema: { hide: true, params: Type.Object({ id: Id }), body: Type.Object({ revision: Revision, upheld: Type.Integer({ minimum: 0, maximum: 1 }), outcome: Note }) } },
    async (req, reply) => {
      const body = req.body as { revision: number; upheld: number; outcome: string };
      await decideAppeal(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, revision: body.revision, upheld: body.upheld === 1, outcome: body.outcome });
      return reply.redirect(back(req), 303);
    },
  );
  app.post(
    '/moderate/bulk',
    {
      schema: {
        hide: true,
        body: Type.Object({
          action: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
          category: Type.Optional(Type.String({ maxLength: 40 })),
          item: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{1,10}:[0-9]{1,7}$' }), { maxItems: 500 })),
        }),
      },
    },
    async (req, reply) => {
      const moderator = requireModerator(req.user);
      const body = req.body as { action: 'approve' | 'reject'; category?: string; item?: string[] };
      for (const entry of body.item ?? []) {
        const [id, revision] = entry.split(':').map(Number) as [number, number];
        try {
          if (body.action === 'approve') await approveComment(deps, { moderator, commentId: id, revision });
          else await rejectComment(deps, { moderator, commentId: id, revision, category: body.category ?? 'incivility' });
        } catch (err) {
          // One changed or vanished comment does not stop the rest; it stays in its queue.
          if (!(err instanceof AppError)) throw err;
        }
      }
      return reply.redirect(back(req), 303);
    },
  );

  // The API the hydrated queue uses. A decision answers with the log entry it made and the counts
  // read after it, so the page can tell whether the live counts it already has include it.
  const decided = async (decision: number) => ({ ok: true, decision, ...(await queueSnapshot(deps.db)) });
  app.get('/api/moderation/queues/:queue', { schema: { tags: ['moderation'], summary: 'A page of a moderation queue, with counts', params: QueueParams, querystring: QueueQuery } }, async (req) => {
    requireModerator(req.user);
    const q = req.query as Static<typeof QueueQuery>;
    return queuePage(deps, { queue: (req.params as { queue: QueueName }).queue, filter: await filterOf(q), sort: (q.sort ?? 'oldest') as QueueSort, page: q.page ?? 1 });
  });
  app.post('/api/moderation/comments/:id/approve', { schema: { tags: ['moderation'], summary: 'Approve the revision you saw', params: Type.Object({ id: Id }), body: Approve } }, async (req) => {
    const { decision } = await approveComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...(req.body as Static<typeof Approve>) });
    return decided(decision);
  });
  app.post('/api/moderation/comments/:id/reject', { schema: { tags: ['moderation'], summary: 'Reject the revision you saw, for a rule of the policy', params: Type.Object({ id: Id }), body: Reject } }, async (req) => {
    const { decision } = await rejectComment(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...(req.body as Static<typeof Reject>) });
    return decided(decision);
  });
  app.post('/api/moderation/comments/:id/appeal', { schema: { tags: ['moderation'], summary: 'Uphold or deny an appeal, with the outcome the author reads', params: Type.Object({ id: Id }), body: Appeal } }, async (req) => {
    const { decision } = await decideAppeal(deps, { moderator: requireModerator(req.user), commentId: (req.params as { id: number }).id, ...(req.body as Static<typeof Appeal>) });
    return decided(decision);
  });

  // Sanctions and story controls.
  const SanctionForm = Type.Object({
    kind: Type.Union([Type.Literal('suspend'), Type.Literal('ban'), Type.Literal('lift')]),
    days: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Literal('')])),
    reason: Note,
    rejectRecent: Type.Optional(Type.String({ maxLength: 10 })),
  });
  app.post('/moderate/users/:id/sanction', { schema: { hide: true, params: Type.Object({ id: Id }), body: SanctionForm } }, async (req, reply) => {
    const body = req.body as Static<typeof SanctionForm>;
    await sanctionUser(deps, {
      moderator: requireModerator(req.user),
      userId: (req.params as { id: number }).id,
      kind: body.kind,
      days: body.days === '' ? undefined : body.days,
      reason: body.reason,
      rejectRecent: !!body.rejectRecent,
    });
    return reply.redirect(back(req), 303);
  });
  const Sanction = Type.Object(
    {
      kind: Type.Union([Type.Literal('suspend'), Type.Literal('ban'), Type.Literal('lift')]),
      days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
      reason: Note,
      rejectRecent: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  );
  app.post(
    '/api/moderation/users/:id/sanction',
    { schema: { tags: ['moderation'], summary: 'Suspend for some days, ban, or lift; optionally reject the held and recent comments', params: Type.Object({ id: Id }), body: Sanction } },
    async (req) => sanctionUser(deps, { moderator: requireModerator(req.user), userId: (req.params as { id: number }).id, ...(req.body as Static<typeof Sanction>) }),
  );

  app.post(
    '/moderate/stories/:id/settings',
    {
      schema: {
        hide: true,
        params: Type.Object({ id: Id }),
        body: Type.Object({ commentsOpen: Type.Optional(Type.String({ maxLength: 10 })), premoderated: Type.Optional(Type.String({ maxLength: 10 })), slowModeMinutes: Type.Integer({ minimum: 0, maximum: 1440 }) }),
      },
    },
    async (req, reply) => {
      const body = req.body as { commentsOpen?: string; premoderated?: string; slowModeMinutes: number };
      const storyId = (req.params as { id: number }).id;
      await setStorySettings(deps, { moderator: requireModerator(req.user), storyId, commentsOpen: !!body.commentsOpen, premoderated: !!body.premoderated, slowModeMinutes: body.slowModeMinutes });
      const story = await findStoryById(deps.db, storyId);
      return reply.redirect(story ? `/stories/${story.slug}#discussion-heading` : '/moderate', 303);
    },
  );
  const Settings = Type.Object(
    { commentsOpen: Type.Optional(Type.Boolean()), premoderated: Type.Optional(Type.Boolean()), slowModeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })) },
    { additionalProperties: false },
  );
  app.put(
    '/api/moderation/stories/:slug/settings',
    { schema: { tags: ['moderation'], summary: 'Close comments, pre-moderate, or set slow mode on one story', params: Type.Object({ slug: Type.String({ maxLength: 200 }) }), body: Settings } },
    async (req) => {
      const story = await findStoryBySlug(deps.db, (req.params as { slug: string }).slug);
      const moderator = requireModerator(req.user);
      if (!story) throw new AppError('not_found', 'Story not found');
      await setStorySettings(deps, { moderator, storyId: story.id, ...(req.body as Static<typeof Settings>) });
      const fresh = (await findStoryById(deps.db, story.id))!;
      return { commentsOpen: fresh.commentsOpen, premoderated: fresh.premoderated, slowModeMinutes: fresh.slowModeMinutes };
    },
  );

  // The moderation log: in full for moderators, redacted for everyone.
  const LogQuery = Type.Object({
    actor: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('pipeline'), Type.Literal('community'), Type.Literal('moderator')])),
    action: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('publish'), Type.Literal('hold'), Type.Literal('reject'), Type.Literal('approve')])),
    story: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  });
  const logFilter = async (q: Static<typeof LogQuery>) => {
    const story = q.story ? await findStoryBySlug(deps.db, q.story) : undefined;
    return { actor: (q.actor || undefined) as Actor | undefined, action: q.action || undefined, storyId: q.story ? (story?.id ?? -1) : undefined };
  };
  const logQueryString = (q: Static<typeof LogQuery>) => {
    const p = new URLSearchParams();
    if (q.actor) p.set('actor', q.actor);
    if (q.action) p.set('action', q.action);
    if (q.story) p.set('story', q.story);
    const s = p.toString();
    return s ? `${s}&` : '';
  };
  app.get('/moderate/log', { schema: { hide: true, querystring: LogQuery } }, async (req, reply) => {
    requireModerator(req.user);
    const q = req.query as Static<typeof LogQuery>;
    const data = await moderationLog(deps, { full: true, filter: await logFilter(q), page: q.page ?? 1 });
    return sendPage(http, req, reply, <LogPage ctx={pageContext(http, req, reply)} full entries={data.entries} page={data.page} hasNext={data.hasNext} query={logQueryString(q)} />);
  });
  app.get('/moderation-log', { schema: { hide: true, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })) }) } }, async (req, reply) => {
    const page = (req.query as { page?: number }).page ?? 1;
    const data = await moderationLog(deps, { full: false, filter: {}, page });
    return sendPage(http, req, reply, <LogPage ctx={pageContext(http, req, reply)} full={false} entries={data.entries} page={data.page} hasNext={data.hasNext} query="" />);
  });
  app.get('/api/moderation/log', { schema: { tags: ['moderation'], summary: 'The moderation log in full (moderators)', querystring: LogQuery } }, async (req) => {
    requireModerator(req.user);
    const q = req.query as Static<typeof LogQuery>;
    return moderationLog(deps, { full: true, filter: await logFilter(q), page: q.page ?? 1 });
  });
  app.get('/api/moderation-log', { schema: { tags: ['moderation'], summary: 'The public moderation log: no comment text, no names' } }, async () =>
    moderationLog(deps, { full: false, filter: {}, page: 1 }),
  );

  // Insights: charts drawn on the server.
  const InsightsQuery = Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14, default: 48 })) });
  app.get('/moderate/insights', { schema: { hide: true, querystring: InsightsQuery } }, async (req, reply) => {
    requireModerator(req.user);
    const data = await insightsPage(deps, { hours: (req.query as { hours?: number }).hours ?? 48 });
    return sendPage(http, req, reply, <InsightsPage ctx={pageContext(http, req, reply)} data={data} />);
  });
  app.get('/api/moderation/insights', { schema: { tags: ['moderation'], summary: 'Comments per hour, queue size, share held and rejected per rule, time to decision', querystring: InsightsQuery } }, async (req) => {
    requireModerator(req.user);
    return insightsPage(deps, { hours: (req.query as { hours?: number }).hours ?? 48 });
  });

  // Admin: the policy, with its version history.
  const policyPage = async (req: FastifyRequest, reply: FastifyReply, extra: { error?: string; fields?: Record<string, string>; status?: number } = {}) => {
    const ctx = pageContext(http, req, reply);
    const history = (await listPolicies(deps.db)).map((h) => ({ version: h.version, createdAt: h.created_at, by: h.by, mode: (JSON.parse(h.policy_json) as { mode: string }).mode }));
    const policy = deps.policy();
    return sendPage(
      http,
      req,
      reply,
      <PolicyPage ctx={ctx} csrf={ctx.viewer!.csrf} policy={policy} text={policy.text ?? deps.config.commentPolicy} history={history} error={extra.error} fields={extra.fields} />,
      { status: extra.status },
    );
  };
  app.get('/admin/policy', { schema: { hide: true } }, async (req, reply) => {
    requireAdmin(req.user);
    return policyPage(req, reply);
  });
  app.post('/admin/policy', { schema: { hide: true, body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 4000 })) } }, async (req, reply) => {
    const admin = requireAdmin(req.user);
    const form = req.body as Record<string, string>;
    const categories = Object.fromEntries(CATEGORIES.map((c) => [c, { threshold: form[`${c}.threshold`] === '' ? NaN : Number(form[`${c}.threshold`]), action: form[`${c}.action`] }]));
    try {
      await updatePolicy(deps, {
        admin,
        policy: { mode: form.mode, newCommenterHoldCount: Number(form.newCommenterHoldCount), categories, text: form.text },
      });
      return reply.redirect('/admin/policy', 303);
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      return policyPage(req, reply, { error: e.message, fields: e.details?.fields as Record<string, string>, status: statusOf(e) });
    }
  });
  app.get('/api/admin/policy', { schema: { tags: ['admin'], summary: 'The policy in force and its versions' } }, async (req) => {
    requireAdmin(req.user);
    const history = await listPolicies(deps.db);
    return { policy: deps.policy(), versions: history.map((h) => ({ version: h.version, createdAt: h.created_at, by: h.by, policy: JSON.parse(h.policy_json) })) };
  });
  app.put('/api/admin/policy', { schema: { tags: ['admin'], summary: 'Save a new version of the policy', body: Type.Object({}, { additionalProperties: true }) } }, async (req) => {
    return updatePolicy(deps, { admin: requireAdmin(req.user), policy: req.body });
  });

  // Admin: roles.
  app.get('/admin/users', { schema: { hide: true, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) } }, async (req, reply) => {
    requireAdmin(req.user);
    const query = (req.query as { q?: string }).q ?? '';
    const users = await searchUsers(deps.db, { query, limit: 100 });
    const ctx = pageContext(http, req, reply);
    return sendPage(http, req, reply, <UsersPage ctx={ctx} csrf={ctx.viewer!.csrf} query={query} users={users} />);
  });
  app.post('/admin/users/:id/role', { schema: { hide: true, params: Type.Object({ id: Id }), body: Type.Object({ role: Type.String({ maxLength: 20 }) }) } }, async (req, reply) => {
    await grantRole(deps, { admin: requireAdmin(req.user), userId: (req.params as { id: number }).id, role: (req.body as { role: string }).role });
    return reply.redirect('/admin/users', 303);
  });
  // Admin: password reset links (Parley sends no email; the admin hands the link over).
  app.post('/admin/users/:id/reset-link', { schema: { hide: true, params: Type.Object({ id: Id }) } }, async (req, reply) => {
    const issued = await issueResetLink(deps, { admin: requireAdmin(req.user), userId: (req.params as { id: number }).id });
    const ctx = pageContext(http, req, reply);
    const users = await searchUsers(deps.db, { query: issued.user.email, limit: 100 });
    const shown = { displayName: issued.user.displayName, url: issued.url, expiresAt: issued.expiresAt };
    return sendPage(http, req, reply, <UsersPage ctx={ctx} csrf={ctx.viewer!.csrf} query={issued.user.email} users={users} issued={shown} />, { noStore: true });
  });
  app.post(
    '/api/admin/users/:id/reset-link',
    { schema: { tags: ['admin'], summary: 'Make a one-time password reset link for an account (valid three days), for the admin to hand over', params: Type.Object({ id: Id }) } },
    async (req, reply) => {
      const issued = await issueResetLink(deps, { admin: requireAdmin(req.user), userId: (req.params as { id: number }).id });
      return reply.code(201).header('cache-control', 'no-store').send({ userId: issued.user.id, url: issued.url, expiresAt: issued.expiresAt });
    },
  );
  app.put(
    '/api/admin/users/:id/role',
    { schema: { tags: ['admin'], summary: 'Grant a role: reader, moderator or admin', params: Type.Object({ id: Id }), body: Type.Object({ role: Type.String({ maxLength: 20 }) }, { additionalProperties: false }) } },
    async (req) => {
      const user = await grantRole(deps, { admin: requireAdmin(req.user), userId: (req.params as { id: number }).id, role: (req.body as { role: string }).role });
      return { id: user.id, role: user.role };
    },
  );
}

