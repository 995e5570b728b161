/**
 * Operational metrics in Prometheus format (/metrics): requests by route and status with latency,
 * comments by moderation decision, moderation latency, live-stream clients, feed fetches by outcome,
 * and the database pool. One registry per process (per app in tests), so nothing is global.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  request(route: string, method: string, status: number, seconds: number): void;
  commentDecided(action: string): void;
  moderationSeconds(seconds: number): void;
  feedFetched(outcome: string): void;
  sseClients: Gauge;
  /** Sampled when /metrics is read. */
  setPool(read: () => { total: number; idle: number; waiting: number } | undefined): void;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status, with their duration',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const comments = new Counter({ name: 'parley_comments_total', help: 'Comments posted or edited, by moderation decision', labelNames: ['action'] as const, registers: [registry] });
  const moderation = new Histogram({
    name: 'parley_moderation_duration_seconds',
    help: 'Time the moderation pipeline took per comment',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01],
    registers: [registry],
  });
  const feeds = new Counter({ name: 'parley_feed_fetches_total', help: 'Partner feed fetches by outcome', labelNames: ['outcome'] as const, registers: [registry] });
  const sseClients = new Gauge({ name: 'parley_sse_clients', help: 'Open server-sent event streams', registers: [registry] });
  let readPool: (() => { total: number; idle: number; waiting: number } | undefined) | undefined;
  new Gauge({
    name: 'parley_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = readPool?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  return {
    registry,
    request: (route, method, status, seconds) => requests.observe({ route, method, status: String(status) }, seconds),
    commentDecided: (action) => comments.inc({ action }),
    moderationSeconds: (seconds) => moderation.observe(seconds),
    feedFetched: (outcome) => feeds.inc({ outcome }),
    sseClients,
    setPool: (read) => {
      readPool = read;
    },
  };
}
