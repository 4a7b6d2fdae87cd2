/* Thread shaping: pure functions that turn comment rows into the nested `comment` shape of docs/API.md.

   Top-level comments carry their replies nested to MAX_VISIBLE_DEPTH. A reply deeper than that is
   shown at the deepest visible level (in the replies of its ancestor one level up) with
   `inReplyTo: {id, displayName}` naming the comment it answers, so indentation stays readable on a
   phone however long an exchange runs. Replies are always in the order they were written. */

import { staffBadge, type StaffBadge } from './roles';
import type { CommentStatus } from './comment-status';

function withBadge<A extends object>(author: A, staff: StaffBadge | null): A & { staff?: StaffBadge } {
  return staff ? { ...author, staff } : author;
}

export const MAX_VISIBLE_DEPTH = 3;

export type ThreadSort = 'oldest' | 'newest' | 'top';
export const THREAD_SORTS: readonly ThreadSort[] = ['oldest', 'newest', 'top'];

/** What a comment row looks like for shaping (a comments row joined with its author). */
export interface ThreadRow {
  id: string;
  post_id: string;
  parent_id: string | null;
  root_id: string | null;
  depth: number;
  author_id: string | null;
  body_html: string;
  status: CommentStatus;
  removed_reason: string | null;
  created_at: string;
  edited_at: string | null;
  like_count: number;
  reply_count: number;
  was_published?: number;
  author_name: string | null;
  author_supporter_until: string | null;
  /** The author's staff role shown as a badge (admin, editor or moderator), when they have one. */
  author_staff?: string | null;
  /** When the author deleted their account: their comments then carry no author, whatever their status. */
  author_deleted_at?: string | null;
}

export interface ThreadComment {
  id: string;
  postId: string;
  parentId: string | null;
  author: { id: string; displayName: string; supporter: boolean; staff?: StaffBadge } | null;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  status: 'published' | 'pending' | 'removed';
  removedReason: string | null;
  likes: number;
  replies?: ThreadComment[];
  replyCount?: number;
  inReplyTo?: { id: string; displayName: string | null };
}

/**
 * Whether `viewerId` may see this row. Published comments, and the placeholders of comments readers
 * once saw (hidden pending review, removed, deleted), keep their place so that their published
 * replies stay in the thread; a comment never published (held, then perhaps removed or deleted)
 * leaves no public trace: only its author sees it.
 */
export function visibleTo(row: Pick<ThreadRow, 'status' | 'author_id' | 'was_published'>, viewerId: string | null): boolean {
  return row.status === 'published' || !!row.was_published || (viewerId !== null && row.author_id === viewerId);
}

/**
 * One comment as `viewerId` sees it. Removed and deleted comments become placeholders without body
 * (and, deleted, without author); someone else's comment awaiting moderation (hidden by flags, or
 * held after an edit) is a placeholder too, with status 'pending' and neither body nor author.
 */
export function shapeComment(row: ThreadRow, now: Date, viewerId: string | null = null): ThreadComment {
  const hidden = row.status === 'removed' || row.status === 'deleted';
  const awaiting = row.status === 'pending' && (viewerId === null || row.author_id !== viewerId);
  const supporter = row.author_supporter_until !== null && row.author_supporter_until > now.toISOString();
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    author:
      row.status === 'deleted' || awaiting || row.author_id === null || row.author_deleted_at
        ? null
        : withBadge({ id: row.author_id, displayName: row.author_name ?? 'Former member', supporter }, staffBadge(row.author_staff ?? null)),
    bodyHtml: hidden || awaiting ? '' : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    status: hidden ? 'removed' : (row.status as 'published' | 'pending'),
    removedReason: row.status === 'deleted' ? 'deleted_by_author' : hidden ? row.removed_reason : null,
    likes: row.like_count,
  };
}

/**
 * Nests `replies` (all replies of the page's threads, any order) under `roots` (the page of
 * top-level comments, already in page order). Rows the viewer may not see are left out (they have no
 * published replies: nobody can reply to a comment that was never published). Comments awaiting
 * moderation, removed and deleted ones stay as placeholders with their replies (docs/API.md).
 */
export function buildThreads(roots: readonly ThreadRow[], replies: readonly ThreadRow[], viewerId: string | null, now: Date): ThreadComment[] {
  interface Placed {
    row: ThreadRow;
    shaped: ThreadComment;
    /** The comment whose `replies` list holds this one's replies. */
    childHost: ThreadComment;
  }
  const placed = new Map<string, Placed>();
  const out: ThreadComment[] = [];
  for (const row of roots) {
    if (!visibleTo(row, viewerId)) continue;
    const shaped = shapeComment(row, now, viewerId);
    shaped.replies = [];
    shaped.replyCount = row.reply_count;
    placed.set(row.id, { row, shaped, childHost: shaped });
    out.push(shaped);
  }
  // In creation (id) order every parent is placed before its replies.
  const ordered = [...replies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const row of ordered) {
    if (row.parent_id === null || !visibleTo(row, viewerId)) continue;
    const parent = placed.get(row.parent_id);
    if (!parent) continue; // its parent is hidden from this viewer, so it is too
    const shaped = shapeComment(row, now, viewerId);
    shaped.replies = [];
    shaped.replyCount = row.reply_count;
    const host = parent.childHost;
    (host.replies ??= []).push(shaped);
    if (host !== parent.shaped) shaped.inReplyTo = { id: parent.row.id, displayName: parent.shaped.author?.displayName ?? null };
    // Below the deepest visible level, replies sit beside their parent instead of under it.
    placed.set(row.id, { row, shaped, childHost: row.depth < MAX_VISIBLE_DEPTH ? shaped : host });
  }
  return out;
}

/** Keyset cursor values of a top-level row for a sort. */
export function cursorValues(sort: ThreadSort, row: Pick<ThreadRow, 'id' | 'like_count'>): Array<string | number> {
  return sort === 'top' ? [row.like_count, row.id] : [row.id];
}

export function cursorShape(sort: ThreadSort): Array<'string' | 'number'> {
  return sort === 'top' ? ['number', 'string'] : ['string'];
}
