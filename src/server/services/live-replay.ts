import type { AppContext } from '../context';
import type { BusEvent } from '../../realtime/bus';
import { commentChangesSince } from '../../store/comment-changes';
import { loadApiComment, type ApiComment } from '../../store/comments';
import { idTime, newId } from '../../store/ids';

/* Catching up a live reader whose stream dropped (network blip, server restart, another node taking
   over): the events it missed, rebuilt from the database, so that they do not depend on any one
   node having been there to see them. Replays overlap a little (clocks of nodes differ, and a
   comment's id is made before its commit); the widget takes a comment it already has as an update. */

/** Overlap before the reader's last event. */
export const REPLAY_OVERLAP_MS = 10_000;
/** Older gaps are not replayed: the reader reloads the thread instead (`resync`). */
export const REPLAY_MAX_GAP_MS = 15 * 60_000;
/** Changes replayed at most; a busier gap gets `resync` too. */
export const REPLAY_MAX_EVENTS = 200;

/** The SSE id a stream starts from: "everything up to now". */
export function liveCursor(ctx: AppContext): string {
  return newId(ctx.clock.now().getTime());
}

/** The events of `postId` since `sinceMs`, oldest first; `resync` alone when the gap is too long or too busy. */
export async function replayPostEvents(ctx: AppContext, postId: string, sinceMs: number): Promise<BusEvent[]> {
  const nowMs = ctx.clock.now().getTime();
  const resync: BusEvent[] = [{ type: 'resync', data: {}, id: newId(nowMs) }];
  if (nowMs - sinceMs > REPLAY_MAX_GAP_MS) return resync;
  const cursor = newId(nowMs); // taken before reading, so the next replay covers what lands meanwhile
  const changes = await commentChangesSince(ctx.db, postId, sinceMs - REPLAY_OVERLAP_MS, REPLAY_MAX_EVENTS + 1, ctx.config.editWindowMinutes * 60_000);
  const total = changes.created.length + changes.edited.length + changes.moved.length;
  if (total > REPLAY_MAX_EVENTS) return resync;
  const now = ctx.clock.now();
  // New, approved or restored comments arrive as new; the widget takes one it already has as an update.
  const created = new Set([...changes.created, ...changes.moved]);
  const ids = [...new Set([...changes.created, ...changes.edited, ...changes.moved])].sort();
  const events: BusEvent[] = [];
  for (const id of ids) {
    const c = await loadApiComment(ctx.db, id, now);
    if (!c) continue;
    events.push(eventFor(c, created.has(id)));
  }
  // Every replayed event carries the cursor: a reader that drops again resumes from here.
  return events.map((e) => ({ ...e, id: cursor }));
}

/** The live event that brings a reader's copy of `c` up to date. */
function eventFor(c: ApiComment, isNew: boolean): BusEvent {
  if (c.status === 'published') return { type: isNew ? 'comment.created' : 'comment.updated', data: c };
  // Held or removed: readers see a placeholder without the text.
  return { type: 'comment.removed', data: { ...c, status: 'removed', bodyHtml: '', removedReason: c.status === 'pending' ? 'held_for_review' : c.removedReason } };
}

/** The moment a reader's `Last-Event-ID` stands for, or null when it is not one of Parley's. */
export function cursorTime(lastEventId: string | undefined): number | null {
  if (!lastEventId) return null;
  return idTime(lastEventId.trim());
}
