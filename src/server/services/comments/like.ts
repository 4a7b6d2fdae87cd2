/* A reader likes a comment, or takes the like back: idempotent, one transaction for the like and
   the comment's count; once committed, open threads see the new count when it changed. */

import type { AppContext } from '../../context';
import type { SessionUser } from '../../plugins/session';
import { findCommentRow, setLike } from '../../../store/comments';
import { findLivePostById } from '../../../store/posts';
import { inTransaction } from '../../../store/after-commit';
import { DomainError, notFoundError } from '../../../domain/errors';
import { enforceGate } from '../gate';
import { commentAsSeen, publishCommentEvent } from './events';

/** Sets whether `viewer` likes the comment; returns its like count afterwards. */
export async function likeComment(ctx: AppContext, viewer: SessionUser | null, id: string, liked: boolean): Promise<{ likes: number }> {
  const now = ctx.clock.now();
  const row = await findCommentRow(ctx.db, id);
  if (!row || (row.status === 'pending' && row.author_id !== viewer?.id)) throw notFoundError('That comment');
  // A comment under a post readers cannot see (set back to draft) is not there to like.
  const post = await findLivePostById(ctx.db, row.post_id, now);
  if (!post) throw notFoundError('That comment');
  enforceGate('like', viewer, post, now);
  if (row.status !== 'published') throw new DomainError('invalid', 'not_published', 'Only published comments can be liked.');
  if (row.author_id === viewer.id) throw new DomainError('forbidden', 'own_comment', 'You cannot like your own comment.');
  const likes = await inTransaction(ctx.db, (trx) => setLike(trx, id, viewer.id, liked, now));
  if (likes !== row.like_count) await publishCommentEvent(ctx, 'comment.updated', await commentAsSeen(ctx, id));
  return { likes };
}
