/* The queue counts as this node last read them. Every page a moderator opens shows the number waiting
   in its header, and a count query costs more than rendering the page, so the header takes counts up
   to a few seconds old. This node forgets them whenever it changes a queue (notifyModerators), so a
   moderator's own actions show at once; other nodes' changes show within the TTL. Kept apart from
   queue.ts so that actions.ts can forget without importing the queues. */
import type { AppContext } from '../server/context';
import type { QueueCounts } from './queue';

interface Remembered {
  at: number;
  counts: Promise<QueueCounts>;
}

// Per context, i.e. per node (and per app in tests, which run several in one process).
const remembered = new WeakMap<AppContext, Remembered>();

/** Counts read at most `maxAgeMs` ago by ctx.clock, else `read()` now; concurrent readers share one read. */
export function rememberedCounts(ctx: AppContext, maxAgeMs: number, read: () => Promise<QueueCounts>): Promise<QueueCounts> {
  const now = ctx.clock.now().getTime();
  const hit = remembered.get(ctx);
  if (hit && now >= hit.at && now - hit.at < maxAgeMs) return hit.counts;
  const entry: Remembered = { at: now, counts: read() };
  remembered.set(ctx, entry);
  entry.counts.catch(() => {
    if (remembered.get(ctx) === entry) remembered.delete(ctx);
  });
  return entry.counts;
}

/* The first pages of the queues, remembered the same way: moderators keep the workspace open and it
   reloads the page they look at on every change any node announces, each read costing several ms of
   the event loop on a million comments. Keyed by the queue, its filters and cursor; few keys live at once. */
const pages = new WeakMap<AppContext, Map<string, { at: number; page: Promise<unknown> }>>();
const MAX_PAGES = 200;

/** The queue page `key` read at most `maxAgeMs` ago by ctx.clock, else `read()` now; concurrent readers share one read. */
export function rememberedPage<T>(ctx: AppContext, key: string, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
  const now = ctx.clock.now().getTime();
  let mine = pages.get(ctx);
  if (!mine) pages.set(ctx, (mine = new Map()));
  const hit = mine.get(key);
  if (hit && now >= hit.at && now - hit.at < maxAgeMs) return hit.page as Promise<T>;
  if (mine.size >= MAX_PAGES) mine.clear();
  const entry = { at: now, page: read() };
  mine.set(key, entry);
  const own = mine;
  entry.page.catch(() => {
    if (own.get(key) === entry) own.delete(key);
  });
  return entry.page;
}

/** A queue changed on this node: the next reader counts and reads its pages afresh. */
export function forgetCounts(ctx: AppContext): void {
  remembered.delete(ctx);
  pages.delete(ctx);
}
