import type { Redis } from 'ioredis';

/* Fixed-window counters: per node in memory, or shared by all nodes through Redis. */

export interface RateResult {
  allowed: boolean;
  count: number;
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` per `windowMs`. */
  hit(key: string, limit: number, windowMs: number, nowMs: number): Promise<RateResult>;
  /** Forgets a key (e.g. a successful login clears the failures). */
  reset(key: string): Promise<void>;
}

export function createMemoryLimiter(): RateLimiter {
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  let lastSweep = 0;
  return {
    async hit(key, limit, windowMs, nowMs) {
      if (nowMs - lastSweep > 60_000) {
        lastSweep = nowMs;
        for (const [k, w] of windows) if (nowMs - w.start >= w.windowMs) windows.delete(k);
      }
      let w = windows.get(key);
      if (!w || nowMs - w.start >= windowMs) {
        w = { start: nowMs, count: 0, windowMs };
        windows.set(key, w);
      }
      w.count += 1;
      return { allowed: w.count <= limit, count: w.count, retryAfterMs: Math.max(0, w.start + windowMs - nowMs) };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

export function createRedisLimiter(redis: Redis, prefix = 'parley:rl:'): RateLimiter {
  return {
    async hit(key, limit, windowMs) {
      const k = prefix + key;
      const results = await redis.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).pttl(k).exec();
      const count = Number(results?.[1]?.[1] ?? 0);
      const ttl = Number(results?.[2]?.[1] ?? windowMs);
      return { allowed: count <= limit, count, retryAfterMs: Math.max(0, ttl) };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}
