/* The live events of a comment's post: comment.created, comment.updated, comment.removed, each with
   the comment as every reader sees it. The comment services publish them, and only once the change
   they tell of is committed. */

import type { AppContext } from '../../context';
import { loadApiComment, postChannel, type ApiComment } from '../../../store/comments';
import { newId } from '../../../store/ids';
import { notFoundError } from '../../../domain/errors';

export type CommentEventType = 'comment.created' | 'comment.updated' | 'comment.removed';

/** A comment as readers other than its author see it: one held for review is a placeholder without body or author (its replies keep their place). */
export function asSeenByReaders(c: ApiComment): ApiComment {
  return c.status === 'pending' ? { ...c, bodyHtml: '', author: null, removedReason: null } : c;
}

/** Sends a live event to every reader of the comment's post, on every node. Never fails the change that caused it. */
export async function publishCommentEvent(ctx: AppContext, type: CommentEventType, comment: ApiComment): Promise<void> {
  try {
    await ctx.bus.publish(postChannel(comment.postId), { type, data: asSeenByReaders(comment), id: newId(ctx.clock.now().getTime()) });
  } catch (err) {
    ctx.log.warn({ err, commentId: comment.id }, 'live event not published');
  }
}

/** A comment as `viewerId` (null: every reader) sees it, read afresh after a change. */
export async function commentAsSeen(ctx: AppContext, id: string, viewerId: string | null = null): Promise<ApiComment> {
  const comment = await loadApiComment(ctx.db, id, ctx.clock.now(), viewerId);
  if (!comment) throw notFoundError('That comment');
  return comment;
}
