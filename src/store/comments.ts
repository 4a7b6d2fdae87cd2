import type { CommentsTable } from './schema';
import type { Db } from './users';

/** The comment as API.md shows it. */
export interface ApiComment {
  id: string;
  postId: string;
  parentId: string | null;
  author: { id: string; displayName: string; supporter: boolean } | null;
  bodyHtml: string;
  createdAt: string;
  editedAt: string | null;
  status: 'published' | 'pending' | 'removed';
  removedReason: string | null;
  likes: number;
  replies?: ApiComment[];
  replyCount?: number;
}

export interface AuthorInfo {
  id: string;
  displayName: string;
  supporter: boolean;
}

/** Deleted comments show as removed placeholders, with no body, like removed ones. */
export function toApiComment(row: CommentsTable, author: AuthorInfo | null): ApiComment {
  const hidden = row.status === 'removed' || row.status === 'deleted';
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    author: row.status === 'deleted' ? null : author,
    bodyHtml: hidden ? '' : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    status: hidden ? 'removed' : (row.status as 'published' | 'pending'),
    removedReason: row.status === 'deleted' ? 'deleted_by_author' : row.removed_reason,
    likes: row.like_count,
  };
}

/** Counts on posts and threads only include published comments. */
const counts = (status: string) => (status === 'published' ? 1 : 0);

/**
 * Moves a comment to another status and keeps the counters right: the post's comment_count and the
 * reply_count of its top-level comment (whole thread) and of its parent (direct replies).
 * Run it inside the transaction that changes anything else about the comment.
 */
export async function changeCommentStatus(
  trx: Db,
  comment: Pick<CommentsTable, 'id' | 'post_id' | 'parent_id' | 'root_id' | 'status'>,
  to: CommentsTable['status'],
  removedReason: string | null = null,
): Promise<void> {
  await trx.updateTable('comments').set({ status: to, removed_reason: to === 'removed' ? removedReason : null }).where('id', '=', comment.id).execute();
  await adjustCounts(trx, comment, counts(to) - counts(comment.status));
}

/** Adds `delta` published comments to the post and thread counters of `comment`. */
export async function adjustCounts(trx: Db, comment: Pick<CommentsTable, 'post_id' | 'parent_id' | 'root_id'>, delta: number): Promise<void> {
  if (delta === 0) return;
  await trx.updateTable('posts').set((eb) => ({ comment_count: eb('comment_count', '+', delta) })).where('id', '=', comment.post_id).execute();
  if (comment.root_id) {
    await trx.updateTable('comments').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', comment.root_id).execute();
  }
  if (comment.parent_id && comment.parent_id !== comment.root_id) {
    await trx.updateTable('comments').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', comment.parent_id).execute();
  }
}

/** Bus channel of a post's live events: comment.created, comment.updated, comment.removed with an ApiComment as data. */
export const postChannel = (postId: string) => `post:${postId}`;
