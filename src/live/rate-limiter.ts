/**
 * Fixed-window rate limits (login attempts, posting). In-process by default; the interface lets a
 * Redis implementation hold the same counters across instances.
 */

export interface RateLimiter {
  /** Counts one hit for the key; says whether it is within `limit` hits per `windowSeconds`. */
  hit(key: string, limit: number, windowSeconds: number): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export function inProcessRateLimiter(clock: () => Date = () => new Date()): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, limit, windowSeconds) {
      const now = clock().getTime();
      let w = windows.get(key);
      if (!w || w.resetAt <= now) {
        if (windows.size > 100_000) {
          for (const [k, v] of windows) if (v.resetAt <= now) windows.delete(k);
        }
        w = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, w);
      }
      w.count++;
      return { allowed: w.count <= limit, retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000) };
    },
  };
}
