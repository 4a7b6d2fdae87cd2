import type { RedisLink } from '../realtime/redis-link';

/* Fixed-window counters: per node in memory, or shared by all nodes through Redis (per node while Redis is away). */

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

/**
 * Counters shared by every node through Redis; while Redis is away each node counts in its own
 * memory instead, so a sign-in or a comment never waits on Redis or fails because of it.
 */
export function createRedisLimiter(link: RedisLink, prefix = 'parley:rl:', fallback: RateLimiter = createMemoryLimiter()): RateLimiter {
  return {
    async hit(key, limit, windowMs, nowMs) {
      if (!link.up) return fallback.hit(key, limit, windowMs, nowMs);
      const k = prefix + key;
      try {
        const results = await link.commands.multi().set(k, '0', 'PX', windowMs, 'NX').incr(k).pttl(k).exec();
        const count = Number(results?.[1]?.[1] ?? 0);
        const ttl = Number(results?.[2]?.[1] ?? windowMs);
        return { allowed: count <= limit, count, retryAfterMs: Math.max(0, ttl) };
      } catch (err) {
        link.commandFailed(err);
        return fallback.hit(key, limit, windowMs, nowMs);
      }
    },
    async reset(key) {
      await fallback.reset(key);
      if (!link.up) return;
      await link.commands.del(prefix + key).catch(() => undefined);
    },
  };
}
