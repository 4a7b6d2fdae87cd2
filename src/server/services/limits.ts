import type { AppContext } from '../context';
import { HttpError } from '../http-error';

/** Counts one attempt against `rule` for `key`; over the limit it refuses with 429 and Retry-After. */
export async function enforceLimit(ctx: AppContext, key: string, rule: { limit: number; windowMs: number }): Promise<void> {
  const r = await ctx.limiter.hit(key, rule.limit, rule.windowMs, ctx.clock.now().getTime());
  if (!r.allowed) {
    const seconds = Math.ceil(r.retryAfterMs / 1000);
    throw new HttpError(429, 'rate_limited', `Too many attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
