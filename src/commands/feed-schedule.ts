/**
 * The feed schedule: every tick, fetch the partner feeds that are due, one after another. A failing
 * feed records its error and the schedule moves on; a tick that is still running when the next one
 * comes is not doubled. Scaled out, a PostgreSQL advisory lock chooses the one instance that runs it.
 */
import type { Leader } from '../store/database.ts';
import { dueFeeds } from '../store/feeds.ts';
import type { Deps } from './deps.ts';
import { ingestFeed } from './ingest-feed.ts';

export interface Schedule {
  /** Runs one tick now (tests, `parley feeds fetch-due`); resolves with the feeds fetched. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

export function startFeedSchedule(deps: Deps, options: { everyMs?: number; autostart?: boolean; leader?: Leader } = {}): Schedule {
  let running: Promise<number> | null = null;
  let stopped = false;
  const tick = () => {
    running ??= (async () => {
      let fetched = 0;
      try {
        // Scaled out, one instance holds the lock and runs the feeds; if it dies, the next tick elsewhere takes over.
        if (options.leader && !(await options.leader.acquire())) return 0;
        for (const feed of await dueFeeds(deps.db, deps.clock())) {
          if (stopped) break;
          try {
            await ingestFeed(deps, { publisherId: feed.publisherId });
          } catch (err) {
            deps.log.error({ err, publisherId: feed.publisherId }, 'feed ingestion failed');
          }
          fetched++;
        }
      } catch (err) {
        deps.log.error({ err }, 'feed schedule tick failed');
      }
      return fetched;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = options.autostart === false ? undefined : setInterval(() => void tick(), options.everyMs ?? 60_000);
  timer?.unref();
  if (options.autostart !== false) void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      await options.leader?.release();
    },
  };
}
