import type { AppContext } from './context';

/* Work finished after the response (reply e-mails, sign-in links): awaited on shutdown so nothing is cut off. */

const background = new WeakMap<AppContext, Set<Promise<unknown>>>();

export function later(ctx: AppContext, work: Promise<unknown>): void {
  let set = background.get(ctx);
  if (!set) background.set(ctx, (set = new Set()));
  const p = work.catch((err: unknown) => ctx.log.error({ err }, 'background work failed')).finally(() => set.delete(p));
  set.add(p);
}

/** Work that starts only once the current response is on its way, so its cost cannot show in the answer's timing. */
export function afterResponse(ctx: AppContext, work: () => Promise<unknown>): void {
  later(ctx, new Promise((resolve) => setImmediate(resolve)).then(work));
}

/** Resolves when the background work started so far has finished. */
export async function settleBackground(ctx: AppContext): Promise<void> {
  const set = background.get(ctx);
  while (set && set.size) await Promise.all([...set]);
}
