/**
 * The composition root: the only place that names concrete adapters. Opens the database,
 * migrates it, seeds the demo content on first start, builds the deps every command receives,
 * and starts the HTTP server.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Deps } from './commands/deps.ts';
import { ensureAdmin, seedDemo, ADMIN_EMAIL } from './commands/seed-demo.ts';
import { startFeedSchedule } from './commands/feed-schedule.ts';
import { addPartner } from './commands/partners.ts';
import { demoPublisher } from './demo/content.ts';
import { createApp } from './http/app.tsx';
import { inProcessBus } from './live/bus.ts';
import { inProcessRateLimiter } from './live/rate-limiter.ts';
import { createMetrics } from './live/metrics.ts';
import { connectRedis } from './live/redis.ts';
import { createLogger, type Logger } from './log.ts';
import { DEFAULT_POLICY } from './moderation/default-policy.ts';
import { migrate, openDatabase, type Database, type OpenOptions } from './store/database.ts';
import { ensurePolicy } from './store/moderation.ts';

export async function buildDeps(
  config: Config,
  options: { log?: Logger; database?: OpenOptions; /** Node's process metrics too (the running server, not tests). */ processMetrics?: boolean } = {},
): Promise<{ deps: Deps; database: Database }> {
  const log = options.log ?? createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, {
    onCheckpointFailure: (err) => log.warn({ err }, 'background checkpoints stopped; SQLite checkpoints on its own from 40 MB of log'),
    ...options.database,
  });
  await migrate(database);
  let policy = await ensurePolicy(database.db, DEFAULT_POLICY, new Date());
  const metrics = createMetrics({ defaults: options.processMetrics });
  metrics.setPool(() => database.pool?.());
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : undefined;
  const deps: Deps = {
    db: database.db,
    dialect: database.dialect,
    config,
    log,
    bus: redis?.bus ?? inProcessBus(),
    limiter: redis?.limiter ?? inProcessRateLimiter(),
    pingRedis: redis?.ping,
    metrics,
    clock: () => new Date(),
    ping: database.ping,
    policy: () => policy,
    usePolicy: (next) => {
      policy = next;
    },
  };
  const closeDatabase = database.close;
  return {
    deps,
    database: {
      ...database,
      async close() {
        await redis?.close();
        await closeDatabase();
      },
    },
  };
}

/**
 * The store and services an operator's command (`parley …`) works on, logging only warnings and worse. A
 * command has no requests to keep answering while it writes, so SQLite's writes run on the event loop:
 * an import's many small statements go fastest there, without a round trip to a writer thread each.
 */
export async function openCommandDeps(config: Config): Promise<{ config: Config; deps: Deps; database: Database }> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  return { config, ...(await buildDeps(config, { log, database: { sqliteWriter: 'event-loop' } })) };
}

export interface Running {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  close(): Promise<void>;
}

/** Starts Parley: seeds on first start, prints the admin's one-time password once, listens. */
export async function start(config: Config, options: { print?: (line: string) => void; logger?: boolean } = {}): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { deps, database } = await buildDeps(config, { processMetrics: true });
  if (config.seedDemo && (await seedDemo(deps))) print('Seeded the demo publisher, authors, stories and comments.');
  const password = await ensureAdmin(deps);
  if (password) {
    print('');
    print(`  Admin login (shown once): ${ADMIN_EMAIL} / ${password}`);
    print('');
  }
  const app = await createApp(deps, { logger: options.logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (config.seedDemo) {
    // The demo partner is a real feed that this instance serves to itself.
    const self = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const host = self.includes(':') ? `[${self}]` : self;
    await addPartner(deps, { name: demoPublisher.name, slug: demoPublisher.slug, siteUrl: demoPublisher.siteUrl, feedUrl: `http://${host}:${port}/demo/feed.xml`, allowHost: true });
  }
  const schedule = config.feedSchedule ? startFeedSchedule(deps, { leader: database.leader }) : undefined;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  print(`Parley is serving ${config.publicUrl === `http://localhost:${config.port}` ? url : config.publicUrl} (database: ${database.dialect})`);
  return {
    app,
    deps,
    url,
    async close() {
      await schedule?.stop();
      await app.close();
      await database.close();
    },
  };
}
