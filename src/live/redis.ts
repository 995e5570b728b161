/**
 * Scaled out (REDIS_URL): the event bus over Redis pub/sub and the rate limiter's counters in Redis,
 * so every instance sees every event and one limit holds across instances. Events are also delivered
 * in this process at once, and a Redis outage never fails a request: publishing logs and carries on,
 * and the limiter falls back to this instance's own counters until Redis answers again. Both connections
 * retry for ever; the subscription is made again on every (re)connection, including a first one that
 * only succeeds after the instance started while Redis was away.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { inProcessBus, type EventBus, type ParleyEvent } from './bus.ts';
import { inProcessRateLimiter, type RateLimiter } from './rate-limiter.ts';

const CHANNEL = 'parley:events';

export interface RedisParts {
  bus: EventBus;
  limiter: RateLimiter;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function connectRedis(url: string, log: Logger, options: { prefix?: string } = {}): RedisParts {
  const prefix = options.prefix ?? 'parley:';
  const retryStrategy = (n: number) => Math.min(n * 200, 2000);
  // Commands never wait for a connection (offline queue off) nor for a stalled server (timeout): the
  // limiter falls back and a publish is dropped for other instances, but the request goes on.
  const commands = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000, retryStrategy });
  const subscriber = new Redis(url, { maxRetriesPerRequest: null, autoResubscribe: false, retryStrategy });
  for (const [name, client] of [['commands', commands], ['subscriber', subscriber]] as const) {
    // One line when a connection goes away and one when it is back, not one per retry.
    let down = false;
    client.on('error', (err) => {
      if (!down) log.warn({ err: err.message, connection: name }, 'redis unavailable');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info({ connection: name }, 'redis connected again');
      down = false;
    });
  }
  const instance = randomUUID();
  const local = inProcessBus();
  subscriber.on('ready', () => {
    subscriber.subscribe(CHANNEL).catch((err) => log.warn({ err: err.message }, 'redis subscribe failed'));
  });
  subscriber.on('message', (_channel, message) => {
    try {
      const { from, event } = JSON.parse(message) as { from: string; event: ParleyEvent };
      if (from !== instance) local.publish(event);
    } catch (err) {
      log.warn({ err }, 'bad event on the redis channel');
    }
  });

  const bus: EventBus = {
    publish(event) {
      local.publish(event);
      // While Redis is away, other instances miss this event (their readers catch up when they reconnect or poll).
      if (commands.status === 'ready') commands.publish(CHANNEL, JSON.stringify({ from: instance, event })).catch((err) => log.warn({ err: err.message }, 'redis publish failed'));
    },
    subscribe: (handler) => local.subscribe(handler),
    connected: () => subscriber.status === 'ready' && commands.status === 'ready',
  };

  // INCR and set the window's expiry in one step, so a crash between them cannot leave a counter that never expires.
  const HIT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {n, redis.call('PTTL', KEYS[1])}`;
  const fallback = inProcessRateLimiter();
  const limiter: RateLimiter = {
    async hit(key, limit, windowSeconds) {
      try {
        const [count, ttl] = (await commands.eval(HIT, 1, `${prefix}limit:${key}`, String(windowSeconds * 1000))) as [number, number];
        return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
      } catch {
        return fallback.hit(key, limit, windowSeconds);
      }
    },
  };

  return {
    bus,
    limiter,
    ping: async () => void (await commands.ping()),
    async close() {
      subscriber.disconnect();
      commands.disconnect();
    },
  };
}
