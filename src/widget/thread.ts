/* Pure operations on the thread the widget shows: find, replace, insert (live events and the
   viewer's own new comments) and append pages. Never mutates its input, so Preact sees new arrays. */
import { MAX_DEPTH, type Sort, type WComment } from './types';

export function findComment(list: readonly WComment[], id: string): WComment | null {
  for (const c of list) {
    if (c.id === id) return c;
    const inner = c.replies ? findComment(c.replies, id) : null;
    if (inner) return inner;
  }
  return null;
}

/** The chain of ids from the top level down to `id` (inclusive), or null. */
export function pathTo(list: readonly WComment[], id: string): string[] | null {
  for (const c of list) {
    if (c.id === id) return [c.id];
    const inner = c.replies ? pathTo(c.replies, id) : null;
    if (inner) return [c.id, ...inner];
  }
  return null;
}

/** Replaces the comment with the same id (keeping its replies and the viewer's like), wherever it is. */
export function replaceComment(list: readonly WComment[], next: WComment): WComment[] {
  let changed = false;
  const out = list.map((c) => {
    if (c.id === next.id) {
      changed = true;
      return { ...c, ...next, replies: next.replies ?? c.replies, replyCount: next.replyCount ?? c.replyCount, liked: next.liked ?? c.liked, inReplyTo: next.inReplyTo ?? c.inReplyTo, body: next.body ?? c.body };
    }
    if (c.replies) {
      const r = replaceComment(c.replies, next);
      if (r !== c.replies) {
        changed = true;
        return { ...c, replies: r };
      }
    }
    return c;
  });
  return changed ? out : (list as WComment[]);
}

export function patchComment(list: readonly WComment[], id: string, patch: Partial<WComment>): WComment[] {
  const c = findComment(list, id);
  return c ? replaceComment(list, { ...c, ...patch }) : (list as WComment[]);
}

function addUnder(list: readonly WComment[], parentId: string, reply: WComment): WComment[] {
  return list.map((c) => {
    if (c.id === parentId) return { ...c, replies: [...(c.replies ?? []), reply], replyCount: (c.replyCount ?? c.replies?.length ?? 0) + 1 };
    return c.replies ? { ...c, replies: addUnder(c.replies, parentId, reply) } : c;
  });
}

/**
 * Inserts a new comment where the thread shows it: top-level comments at the top (newest first) or
 * bottom (oldest, top) once every page is loaded; replies under their parent, or, past the deepest
 * level shown, beside it with an "in reply to" link. Returns null when the comment has no place
 * on the loaded pages (its parent is on a page not loaded yet).
 */
export function insertComment(list: readonly WComment[], c: WComment, sort: Sort, allLoaded: boolean): WComment[] | null {
  if (findComment(list, c.id)) return replaceComment(list, c);
  if (!c.parentId) {
    if (sort === 'newest') return [c, ...list];
    return allLoaded ? [...list, c] : null;
  }
  const path = pathTo(list, c.parentId);
  if (!path) return null;
  const parentDepth = path.length - 1;
  if (parentDepth < MAX_DEPTH) return addUnder(list, c.parentId, c);
  const parent = findComment(list, c.parentId);
  if (!parent) return null;
  const shown = { ...c, inReplyTo: c.inReplyTo ?? { id: parent.id, displayName: parent.author?.displayName ?? 'a removed comment' } };
  // Attach beside the parent: under the deepest visible ancestor's parent.
  const holder = path[MAX_DEPTH - 1];
  if (holder === undefined) return null;
  return addUnder(list, holder, shown);
}

/** Appends a further page, skipping comments already shown (live inserts can overlap pages). */
export function appendPage(list: readonly WComment[], page: readonly WComment[]): WComment[] {
  const seen = new Set<string>();
  const walk = (cs: readonly WComment[]) => cs.forEach((c) => { seen.add(c.id); if (c.replies) walk(c.replies); });
  walk(list);
  return [...list, ...page.filter((c) => !seen.has(c.id))];
}

export function countShown(list: readonly WComment[]): number {
  return list.reduce((n, c) => n + 1 + (c.replies ? countShown(c.replies) : 0), 0);
}

/** Published comments among `list` and their replies (what reply counts count). */
function publishedIn(list: readonly WComment[]): { n: number; maxId: string } {
  let n = 0;
  let maxId = '';
  const walk = (cs: readonly WComment[]) => {
    for (const c of cs) {
      if (c.status === 'published') n += 1;
      if (c.id > maxId) maxId = c.id;
      if (c.replies) walk(c.replies);
    }
  };
  walk(list);
  return { n, maxId };
}

/**
 * A page lists only the first replies of each thread: marks the top-level comments whose thread has
 * more (a top-level comment's replyCount counts its whole thread) with where the rest start.
 */
export function markMoreReplies(page: readonly WComment[]): WComment[] {
  return page.map((c) => {
    const { n, maxId } = publishedIn(c.replies ?? []);
    const count = (c.replyCount ?? 0) - n;
    return count > 0 ? { ...c, moreReplies: { after: maxId || c.id, count } } : c;
  });
}

/** Adds a further batch of one thread's replies (flat, in the order written) where each belongs. */
export function addReplies(list: readonly WComment[], rootId: string, replies: readonly WComment[], nextAfter: string | null, sort: Sort): WComment[] {
  let out = list as WComment[];
  for (const r of replies) out = insertComment(out, { ...r, replies: r.replies?.length ? r.replies : undefined }, sort, true) ?? out;
  const root = findComment(out, rootId);
  if (!root) return out;
  const loaded = replies.filter((r) => r.status === 'published').length;
  const count = (root.moreReplies?.count ?? 0) - loaded;
  return replaceComment(out, { ...root, moreReplies: nextAfter && count > 0 ? { after: nextAfter, count } : undefined });
}
