/* A new comment: the gate, the parent, the moderation pipeline, then one write (grouped with the
   comments arriving meanwhile, acknowledged once on disk) that stores it as published or held,
   with its counters and a held one's audit entry. Once committed: a published comment goes live
   and its parent's author is mailed; a held one appears in the moderators' queue. */

import type { AppContext } from '../../context';
import type { SessionUser } from '../../plugins/session';
import type { PostsTable } from '../../../store/schema';
import { findReplyParent, insertComment, type ApiComment } from '../../../store/comments';
import { shapeComment } from '../../../domain/thread';
import { renderCommentHtml } from '../../../domain/markup';
import { DomainError, notFoundError } from '../../../domain/errors';
import { notifyModerators } from '../../../moderation/actions';
import { later } from '../../background';
import { enforceGate } from '../gate';
import { auditHold, decisionRecord, moderateComment } from '../comment-moderation';
import { notifyReply } from '../reply-notifications';
import { publishCommentEvent } from './events';

export interface NewCommentInput {
  /** A published post (the caller found it). */
  post: Pick<PostsTable, 'id' | 'discussion' | 'discussion_closes_at'>;
  text: string;
  parentId?: string | null;
  /** False where comments are written as past history (the demo seed): the parent's author is not mailed. */
  replyMail?: boolean;
}

export type CreatedComment =
  | { status: 'published'; comment: ApiComment }
  /** Held for review: `message` tells the author why. */
  | { status: 'pending'; comment: ApiComment; message: string };

export async function createComment(ctx: AppContext, user: SessionUser | null, input: NewCommentInput): Promise<CreatedComment> {
  const now = ctx.clock.now();
  const { post } = input;
  enforceGate('comment', user, post, now);
  let parent: { id: string; root_id: string | null; depth: number } | null = null;
  if (input.parentId) {
    const p = await findReplyParent(ctx.db, input.parentId);
    if (!p || p.post_id !== post.id || p.status === 'pending') throw notFoundError('The comment you are replying to');
    if (p.status !== 'published') throw new DomainError('invalid', 'parent_removed', 'That comment was removed, so it cannot be replied to.');
    parent = p;
  }
  const verdict = await moderateComment(ctx, { user, post, text: input.text });
  if (!verdict.ok) throw verdict.error;
  const status = verdict.status;
  // Committed together with the other comments arriving meanwhile; resolves once on disk.
  const row = await ctx.writes.run(async (trx) => {
    const inserted = await insertComment(
      trx,
      { postId: post.id, parent, authorId: user.id, body: input.text, bodyHtml: renderCommentHtml(input.text), status, moderation: decisionRecord(verdict.result, now) },
      now,
    );
    if (status === 'pending') await auditHold(trx, inserted.id, verdict.result, now);
    return inserted;
  });
  // Shaped from the row just written and the session's user: reading it back would cost a query.
  const comment: ApiComment = {
    ...shapeComment({ ...row, author_name: user.displayName, author_supporter_until: null }, now, user.id),
    author: { id: user.id, displayName: user.displayName, supporter: user.supporter.active },
  };
  if (status === 'published') {
    await publishCommentEvent(ctx, 'comment.created', comment);
    if (input.replyMail !== false) later(ctx, notifyReply(ctx, row));
    return { status, comment };
  }
  await notifyModerators(ctx, 'item.held', { commentId: row.id, postId: post.id });
  return { status, comment, message: verdict.result.message };
}
