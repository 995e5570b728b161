/**
 * The embed: /embed.js for host pages, the thread in its iframe (/embed/thread, framed only by the site's
 * origins through CSP frame-ancestors), sign-on and sign-out in the frame, batched comment counts for
 * listing pages, and the admin page and API that register sites.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { COMMENT_SORTS, type CommentSort } from '../../domain/comment.ts';
import { originOf, ssoFormats, type Site } from '../../domain/sso.ts';
import { requireAdmin } from '../../commands/review.ts';
import { addSite, embedCounts, embedSnippet, openEmbedThread, type SiteRegistration } from '../../commands/sites.ts';
import { EMBED_SESSION_SECONDS, embedPassFor, signInWithPass, signInWithSso, signOutEmbed, type SsoSignIn } from '../../commands/sso.ts';
import { commentsPage } from '../../queries/discussion.ts';
import { latestLiveSeq } from '../../store/live-events.ts';
import { listSites } from '../../store/sites.ts';
import { buildEmbedScript } from '../../web/assets.ts';
import { accentColours, EmbedPassPage, EmbedRefusedPage, EmbedThreadPage, SitesPage, type EmbedTheme, type SiteView } from '../../web/embed.tsx';
import { renderDocument } from '../../web/layout.tsx';
import { EMBED_SIGNIN_PATH, etagOf, keepPopupOpener, pageContext, sendPage, type HttpContext } from '../context.ts';
import { statusOf, toAppError } from '../errors.ts';
import { clearEmbedSessionCookie, setEmbedSessionCookie } from '../session.ts';
import { discussionProps } from './pages.tsx';

const ThreadQuery = Type.Object({
  site: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  page: Type.Optional(Type.String({ maxLength: 400 })),
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  theme: Type.Optional(Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('auto')], { default: 'auto' })),
  accent: Type.Optional(Type.String({ maxLength: 20 })),
  sort: Type.Optional(Type.Union(COMMENT_SORTS.map((s) => Type.Literal(s)), { default: 'top' })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
});
const SsoBody = Type.Object({ site: Type.String({ minLength: 1, maxLength: 100 }), token: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false });
const PassBody = Type.Object({ site: Type.String({ minLength: 1, maxLength: 100 }), pass: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
const PassQuery = Type.Object({ site: Type.String({ minLength: 1, maxLength: 100 }), start: Type.Optional(Type.Union([Type.Literal('login'), Type.Literal('signup')])) });
const CountsQuery = Type.Object({
  site: Type.String({ minLength: 1, maxLength: 100 }),
  page: Type.Array(Type.String({ maxLength: 400 }), { maxItems: 100 }),
});
const NewSite = Type.Object({
  name: Type.String({ maxLength: 200 }),
  id: Type.Optional(Type.String({ maxLength: 100 })),
  origins: Type.Union([Type.String({ maxLength: 5000 }), Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 })]),
  ssoSecret: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: '"generate" makes a random secret' })),
  generateSecret: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('1')])),
  ssoPublicKey: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  ssoIssuer: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  ssoAudience: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  loginUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
});
const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) }) });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody };

/** The frame's policy: the site's own (helmet's) but framed by the site's origins only, and one nonce for the accent. */
function frameCsp(origins: string[], nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' https: data:",
    "media-src 'self' https:",
    "connect-src 'self'",
    "form-action 'self'",
    `frame-ancestors ${origins.join(' ')}`,
    "base-uri 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

export function embedRoutes(app: FastifyInstance, http: HttpContext) {
  const { deps } = http;
  const https = deps.config.publicUrl.startsWith('https:');
  const ownOrigin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

  const siteView = (site: Site): SiteView => ({
    id: site.id,
    name: site.name,
    origins: site.origins,
    formats: ssoFormats(site.sso),
    ssoSecret: site.sso.secret,
    loginUrl: site.loginUrl,
    createdAt: site.createdAt,
    snippet: embedSnippet(deps.config.publicUrl, site.id),
  });
  const siteJson = (site: Site) => ({ ...siteView(site), ssoIssuer: site.sso.issuer, ssoAudience: site.sso.audience, rs256PublicKey: site.sso.publicKey });

  app.get('/embed.js', { schema: { hide: true } }, async (req, reply) => {
    const script = await buildEmbedScript();
    const etag = etagOf(script.body);
    // Other sites load it with <script src>: it must not be limited to our own origin.
    reply.header('cross-origin-resource-policy', 'cross-origin').header('cache-control', 'public, max-age=300').header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(script.contentType).send(script.body);
  });

  /** A refusal the host page can show: no thread, a reason, and framing allowed so the owner sees why. */
  const refuse = (reply: FastifyReply, err: unknown) => {
    const error = toAppError(err);
    const status = statusOf(error);
    if (status >= 500) throw err;
    const title = error.code === 'origin_not_allowed' ? 'This discussion cannot be shown here' : 'No discussion here';
    reply.removeHeader('x-frame-options');
    reply.header('content-security-policy', "default-src 'self'; frame-ancestors *; base-uri 'none'; object-src 'none'");
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderDocument(<EmbedRefusedPage assets={http.assets} siteName={http.siteName} title={title} message={error.message} />));
  };

  app.get('/embed/thread', { schema: { hide: true, querystring: ThreadQuery } }, async (req, reply) => {
    const q = req.query as Static<typeof ThreadQuery>;
    let opened;
    try {
      opened = await openEmbedThread(deps, {
        siteId: q.site,
        pageId: q.page,
        url: q.url,
        title: q.title,
        refererOrigin: originOf(req.headers.referer),
        ownOrigin: ownOrigin(req),
        ip: req.ip,
      });
    } catch (err) {
      return refuse(reply, err);
    }
    const { site, story, parentOrigin } = opened;
    // The frame follows the story live, like the story page (read before the comments).
    const liveAfter = await latestLiveSeq(deps.db, story.id);
    const page = await commentsPage(deps, { story, sort: (q.sort ?? 'top') as CommentSort, after: q.after, viewer: req.user });
    const ctx = pageContext(http, req, reply);
    const loginUrl = site.loginUrl ?? `${ownOrigin(req)}/login`;
    const discussion = { ...discussionProps(http, ctx, story, page, story.commentCount, liveAfter), loginUrl };
    const nonce = randomBytes(16).toString('base64');
    reply.removeHeader('x-frame-options');
    reply.header('content-security-policy', frameCsp(site.origins, nonce, https));
    reply.header('cross-origin-resource-policy', 'cross-origin');
    return sendPage(
      http,
      req,
      reply,
      <EmbedThreadPage
        assets={http.assets}
        siteName={http.siteName}
        site={site}
        title={story.title}
        discussion={discussion}
        parentOrigin={parentOrigin}
        theme={(q.theme ?? 'auto') as EmbedTheme}
        accent={accentColours(q.accent)}
        nonce={nonce}
        csrf={http.csrf.tokenFor(req, reply, deps.config)}
        loginUrl={site.loginUrl}
      />,
    );
  });

  app.get(
    '/api/embed/thread',
    {
      schema: {
        tags: ['embed'],
        summary: "A registered site's page: its story and first comments (403 when the page is not on the site's allowed origins)",
        querystring: Type.Omit(ThreadQuery, ['theme', 'accent']),
        response: errors,
      },
    },
    async (req) => {
      const q = req.query as Static<typeof ThreadQuery>;
      const { story } = await openEmbedThread(deps, {
        siteId: q.site,
        pageId: q.page,
        url: q.url,
        title: q.title,
        refererOrigin: originOf(req.headers.origin) ?? originOf(req.headers.referer),
        ownOrigin: ownOrigin(req),
        ip: req.ip,
      });
      const page = await commentsPage(deps, { story, sort: (q.sort ?? 'top') as CommentSort, after: q.after, viewer: req.user });
      return { story: { slug: story.slug, title: story.title, url: story.originalUrl, commentCount: story.commentCount, commentsOpen: story.commentsOpen }, ...page };
    },
  );

  // The frame's session now, and what signing in answers: the cookie when the session changed, and a CSRF
  // token bound to the session the frame now has.
  const currentEmbed = (req: FastifyRequest) => (req.user && req.sessionToken ? { user: req.user, sessionToken: req.sessionToken } : undefined);
  const signedIn = (req: FastifyRequest, reply: FastifyReply, { user, sessionToken }: SsoSignIn) => {
    if (sessionToken) {
      setEmbedSessionCookie(reply, sessionToken, EMBED_SESSION_SECONDS);
      req.sessionToken = sessionToken;
    }
    return { user: { id: user.id, displayName: user.displayName }, changed: sessionToken !== null, csrfToken: http.csrf.tokenFor(req, reply, deps.config) };
  };

  app.post(
    '/api/embed/sso',
    {
      schema: {
        tags: ['embed'],
        summary: "Sign in to the embedded discussion with the host site's token (HMAC payload or JWT); each token works once",
        body: SsoBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const body = req.body as Static<typeof SsoBody>;
      return signedIn(req, reply, await signInWithSso(deps, { siteId: body.site, token: body.token, ip: req.ip, current: currentEmbed(req) }));
    },
  );

  // Readers with a Parley account of their own: the frame opens this page in a popup (first-party, so the
  // reader's own session counts), which sends them through the login form if needed and then hands the frame a
  // one-time pass; the frame spends it below for an embed session.
  app.get(EMBED_SIGNIN_PATH, { schema: { hide: true, querystring: PassQuery } }, async (req, reply) => {
    const { site: siteId, start } = req.query as Static<typeof PassQuery>;
    keepPopupOpener(reply);
    if (!req.user) return reply.redirect(`/${start === 'signup' ? 'signup' : 'login'}?next=${encodeURIComponent(`${EMBED_SIGNIN_PATH}?site=${siteId}`)}`, 303);
    let granted;
    try {
      granted = await embedPassFor(deps, { secret: http.secret, user: req.user, siteId });
    } catch (err) {
      return refuse(reply, err);
    }
    const { pass, site } = granted;
    reply.header('cache-control', 'no-store');
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(<EmbedPassPage assets={http.assets} siteName={http.siteName} site={{ id: site.id, name: site.name }} userName={req.user.displayName} pass={pass} />));
  });

  app.post(
    '/api/embed/signin',
    {
      schema: {
        tags: ['embed'],
        summary: 'Sign in to the embedded discussion with a Parley account, by the one-time pass the sign-in popup handed the frame',
        body: PassBody,
        response: errors,
      },
    },
    async (req, reply) => {
      const body = req.body as Static<typeof PassBody>;
      return signedIn(req, reply, await signInWithPass(deps, { secret: http.secret, siteId: body.site, pass: body.pass, ip: req.ip, current: currentEmbed(req) }));
    },
  );

  app.post('/api/embed/logout', { schema: { tags: ['embed'], summary: 'End the embedded discussion’s session' } }, async (req, reply) => {
    if (req.sessionToken) await signOutEmbed(deps, { sessionToken: req.sessionToken });
    clearEmbedSessionCookie(reply);
    return reply.code(204).send();
  });

  app.get(
    '/api/embed/counts',
    { schema: { tags: ['embed'], summary: "Published comment counts of a site's pages, by page id (one request for a listing page)", querystring: CountsQuery, response: errors } },
    async (req, reply) => {
      const q = req.query as Static<typeof CountsQuery>;
      const origin = originOf(req.headers.origin);
      const counts = await embedCounts(deps, { siteId: q.site, pageIds: q.page, origin });
      reply.header('vary', 'Origin').header('cache-control', 'public, max-age=30');
      if (origin) reply.header('access-control-allow-origin', origin);
      return { counts };
    },
  );

  // Admin: register sites and see their snippets.
  const toRegistration = (body: Static<typeof NewSite>): SiteRegistration => ({
    name: body.name,
    id: body.id,
    origins: typeof body.origins === 'string' ? body.origins.split(/[\s,]+/) : body.origins,
    ssoSecret: body.generateSecret === true || body.generateSecret === '1' ? 'generate' : body.ssoSecret,
    ssoPublicKey: body.ssoPublicKey,
    ssoIssuer: body.ssoIssuer,
    ssoAudience: body.ssoAudience,
    loginUrl: body.loginUrl,
  });
  const sitesPage = async (req: FastifyRequest, reply: FastifyReply, error?: string, status?: number) => {
    const ctx = pageContext(http, req, reply);
    const sites = (await listSites(deps.db)).map(siteView);
    return sendPage(http, req, reply, <SitesPage ctx={ctx} csrf={ctx.viewer!.csrf} sites={sites} error={error} />, { status });
  };

  app.get('/admin/sites', { schema: { hide: true } }, async (req, reply) => {
    requireAdmin(req.user);
    return sitesPage(req, reply);
  });
  app.post('/admin/sites', { schema: { hide: true, body: NewSite } }, async (req, reply) => {
    requireAdmin(req.user);
    try {
      await addSite(deps, toRegistration(req.body as Static<typeof NewSite>));
    } catch (err) {
      const e = toAppError(err);
      if (statusOf(e) >= 500) throw err;
      return sitesPage(req, reply, e.message, statusOf(e));
    }
    return reply.redirect('/admin/sites', 303);
  });
  app.get('/api/admin/sites', { schema: { tags: ['admin'], summary: 'Registered sites with their origins, sign-on and snippet', response: errors } }, async (req) => {
    requireAdmin(req.user);
    return { sites: (await listSites(deps.db)).map(siteJson) };
  });
  app.post(
    '/api/admin/sites',
    { schema: { tags: ['admin'], summary: 'Register a site that embeds discussions, with its allowed origins and sign-on keys', body: NewSite } },
    async (req, reply) => {
      requireAdmin(req.user);
      return reply.code(201).send(siteJson(await addSite(deps, toRegistration(req.body as Static<typeof NewSite>))));
    },
  );
}

