/* The queue counts as this node last read them. Every page a moderator opens shows the number waiting
   in its header, and a count query costs more than rendering the page, so the header takes counts up
   to a few seconds old. This node forgets them whenever it changes a queue (notifyModerators), so a
   moderator's own actions show at once; other nodes' changes show within the TTL. Kept apart from
   queue.ts so that actions.ts can forget without importing the queues. */
import type { AppContext } from '../server/context';
import { rememberRead, ScopedTtlCache } from '../domain/ttl-cache';
import type { QueueCounts } from './queue';

// Per context, i.e. per node (and per app in tests, which run several in one process), on its clock.
// Each caller says how old counts it takes (queue.ts); the cache's own TTL is only an upper bound.
const remembered = new ScopedTtlCache<AppContext, 'counts', Promise<QueueCounts>>({ ttlMs: 60_000, maxEntries: 1 }, (ctx) => ctx.clock.now().getTime());

/** Counts read at most `maxAgeMs` ago by ctx.clock, else `read()` now; concurrent readers share one read. */
export function rememberedCounts(ctx: AppContext, maxAgeMs: number, read: () => Promise<QueueCounts>): Promise<QueueCounts> {
  return rememberRead(remembered.of(ctx), 'counts', maxAgeMs, read);
}

/* The first pages of the queues, remembered the same way: moderators keep the workspace open and it
   reloads the page they look at on every change any node announces, each read costing several ms of
   the event loop on a million comments. Keyed by the queue, its filters and cursor; few keys live at once. */
const pages = new ScopedTtlCache<AppContext, string, Promise<unknown>>({ ttlMs: 60_000, maxEntries: 200 }, (ctx) => ctx.clock.now().getTime());

/** The queue page `key` read at most `maxAgeMs` ago by ctx.clock, else `read()` now; concurrent readers share one read. */
export function rememberedPage<T>(ctx: AppContext, key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
  return rememberRead(pages.of(ctx), key, maxAgeMs, read) as Promise<T>;
}

/** A queue changed on this node: the next reader counts and reads its pages afresh. */
export function forgetCounts(ctx: AppContext): void {
  remembered.of(ctx).delete('counts');
  pages.of(ctx).clear();
}
