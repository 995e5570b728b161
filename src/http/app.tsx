/**
 * The Fastify application: security headers, cookies and forms, the session and CSRF hooks,
 * the routes (pages, forms, JSON API, operations) and the one error mapping.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { Ajv } from 'ajv';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import { AppError } from '../errors.ts';
import type { Deps } from '../commands/deps.ts';
import { userForSession } from '../commands/sessions.ts';
import { buildAssets, type Asset } from '../web/assets.ts';
import { ErrorPage } from '../web/pages.tsx';
import { pageContext, sendPage, type HttpContext } from './context.ts';
import { logFailure, sendJsonError, statusOf, toAppError } from './errors.ts';
import { PageCache } from './page-cache.ts';
import { apiRoutes } from './routes/api.ts';
import { formRoutes } from './routes/forms.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { workspaceRoutes } from './routes/workspace.tsx';
import { accountRoutes } from './routes/account.tsx';
import { liveRoutes } from './routes/live.ts';
import { partnerRoutes } from './routes/partners.tsx';
import { outputRoutes } from './routes/outputs.ts';
import { embedRoutes } from './routes/embed.tsx';
import { csrfGuard, EMBED_SESSION_COOKIE, isEmbedRequest, SESSION_COOKIE } from './session.ts';

export const SITE_NAME = 'Parley';
const BODY_LIMIT = 256 * 1024;

const TITLES: Record<number, string> = {
  400: 'That request was not valid',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That did not work',
  410: 'This story has been withdrawn',
  413: 'Too large',
  415: 'Unsupported format',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** The headers a middleware sets when it sets the same ones on every response (helmet with static directives). */
function headersOf(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  middleware({} as IncomingMessage, res as unknown as ServerResponse, (err) => {
    if (err) throw err;
  });
  return headers;
}

export async function createApp(deps: Deps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    // Request lines carry IP addresses: only at debug level.
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
  });
  // JSON bodies are checked strictly (42 is not a string); query strings, paths and HTML form
  // fields arrive as text and are coerced to the types their schemas name.
  const strict = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false });
  const lenient = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart, url }) => (httpPart === 'body' && url.startsWith('/api/') ? strict : lenient).compile(schema));
  const assets = await buildAssets();
  const secret = deps.config.secret || randomBytes(32).toString('hex');
  const http: HttpContext = {
    deps,
    assets,
    csrf: csrfGuard(secret),
    cache: new PageCache(deps.config.pageCacheSeconds * 1000, deps.bus),
    siteName: SITE_NAME,
    secret,
  };

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  const https = deps.config.publicUrl.startsWith('https:');
  // Security headers on every response. Our helmet configuration depends on nothing in the request, so its
  // headers are worked out once here and handed to each reply as one object (setting them one by one on every
  // response, and rebuilding the middleware each time as the Fastify wrapper did, cost tens of µs a request).
  const securityHeaders = headersOf(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        mediaSrc: ["'self'", 'https:'],
        frameSrc: ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: https,
    // Our own pages may see where a form was sent from (plain forms return the reader there);
    // other sites learn nothing.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  }));
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Parley API', version: '1', description: 'Stories, comments, votes and reports. Writes need a session and the x-csrf-token header from GET /api/session.' },
    },
  });

  app.decorateRequest('user', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('embed', false);

  app.addHook('onRequest', async (req) => {
    // The embedded discussion has its own session (signed in by its site), never the site's own.
    req.embed = isEmbedRequest(req);
    const token = req.cookies[req.embed ? EMBED_SESSION_COOKIE : SESSION_COOKIE];
    if (token && token.length <= 100) {
      const user = await userForSession(deps, token);
      if (user) {
        req.user = user;
        req.sessionToken = token;
      }
    }
  });
  // Every write checks its CSRF token (after the body is parsed, so form fields count).
  app.addHook('preHandler', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') http.csrf.verify(req);
  });

  app.addHook('onResponse', async (req, reply) => {
    deps.metrics.request(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics' } }, async (_req, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );

  const isApi = (url: string) => url.startsWith('/api/');
  app.setErrorHandler((err, req, reply) => {
    if (isApi(req.url)) return sendJsonError(req, reply, err);
    const error = toAppError(err);
    const status = statusOf(error);
    logFailure(req, error, err);
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    return sendPage(http, req, reply, <ErrorPage ctx={pageContext(http, req, reply)} status={status} title={TITLES[status] ?? 'Error'} message={error.message} />, {
      status,
    });
  });
  app.setNotFoundHandler((req, reply) => {
    if (isApi(req.url)) return sendJsonError(req, reply, new AppError('not_found', 'There is nothing at this address.'));
    return sendPage(http, req, reply, <ErrorPage ctx={pageContext(http, req, reply)} status={404} title={TITLES[404]!} message="There is nothing at this address." />, {
      status: 404,
    });
  });

  for (const asset of Object.values(assets) as Asset[]) {
    app.get(asset.path, { schema: { hide: true } }, (_req, reply) =>
      reply.type(asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body),
    );
  }
  app.get('/healthz', { schema: { tags: ['operations'], summary: 'The process is up' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['operations'], summary: 'The database answers (and Redis, when configured)' } }, async (_req, reply) => {
    const answers = async (ping: () => Promise<void>) =>
      Promise.race([ping().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]).catch(() => false);
    const database = await answers(deps.ping);
    const redis = deps.pingRedis ? await answers(deps.pingRedis) : undefined;
    const body = { database: database ? 'ok' : 'unreachable', ...(redis === undefined ? {} : { redis: redis ? 'ok' : 'unreachable' }) };
    // Without Redis an instance still serves (events stay local, limits per instance): degraded, not down.
    if (!database) return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', ...body });
    return { status: redis === false ? 'degraded' : 'ready', ...body };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  pageRoutes(app, http);
  formRoutes(app, http);
  apiRoutes(app, http);
  workspaceRoutes(app, http);
  accountRoutes(app, http);
  liveRoutes(app, http);
  partnerRoutes(app, http);
  outputRoutes(app, http);
  embedRoutes(app, http);
  return app;
}
