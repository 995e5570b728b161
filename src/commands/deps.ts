/** What every command receives: built once in main.ts, replaced piecewise in tests. */
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Policy } from '../domain/moderation.ts';
import type { Logger } from '../log.ts';
import type { EventBus } from '../live/bus.ts';
import type { RateLimiter } from '../live/rate-limiter.ts';
import type { Metrics } from '../live/metrics.ts';
import type { Dialect } from '../store/database.ts';
import type { DB } from '../store/schema.ts';

export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  log: Logger;
  bus: EventBus;
  limiter: RateLimiter;
  metrics: Metrics;
  clock: () => Date;
  /** Answers when the database does (for /readyz). */
  ping: () => Promise<void>;
  /** Answers when Redis does, when it is configured (for /readyz). */
  pingRedis?: () => Promise<void>;
  /** The policy in force. */
  policy: () => Policy;
  /** Puts a newly saved policy in force in this process. */
  usePolicy: (policy: Policy) => void;
}
