/* An author edits their comment within the edit window: the gate and the pipeline again, then one
   transaction that keeps the previous body, stores the new one (held when the pipeline holds it, or
   while community flags keep it hidden) and audits a hold. Once committed, open threads see the new
   text, the comment appear (a held one now published) or its placeholder (a published one now held). */

import type { AppContext } from '../../context';
import type { SessionUser } from '../../plugins/session';
import { editCommentBody, findCommentRow, type ApiComment } from '../../../store/comments';
import { findPostById } from '../../../store/posts';
import { hasOpenFlags } from '../../../store/flags';
import { inTransaction } from '../../../store/after-commit';
import { renderCommentHtml } from '../../../domain/markup';
import { MINUTE } from '../../../domain/clock';
import { DomainError, notFoundError } from '../../../domain/errors';
import { enforceGate } from '../gate';
import { auditHold, decisionRecord, moderateComment } from '../comment-moderation';
import { commentAsSeen, publishCommentEvent } from './events';

/** The comment as its author now sees it; `message` says why when it is held for review. */
export type EditedComment = { comment: ApiComment; message?: string };

export async function editComment(ctx: AppContext, user: SessionUser, id: string, body: string): Promise<EditedComment> {
  const now = ctx.clock.now();
  const row = await findCommentRow(ctx.db, id);
  if (!row || (row.status === 'pending' && row.author_id !== user.id)) throw notFoundError('That comment');
  if (row.author_id !== user.id) throw new DomainError('forbidden', 'not_author', 'Only the author can edit a comment.');
  if (row.status === 'removed' || row.status === 'deleted') throw new DomainError('forbidden', 'comment_removed', 'This comment was removed and can no longer be edited.');
  const windowMs = ctx.config.editWindowMinutes * MINUTE;
  if (now.getTime() - new Date(row.created_at).getTime() > windowMs) {
    throw new DomainError('forbidden', 'edit_window_closed', `Comments can be edited for ${ctx.config.editWindowMinutes} minutes after posting.`);
  }
  const post = await findPostById(ctx.db, row.post_id);
  if (!post) throw notFoundError('That comment');
  enforceGate('comment', user, post, now);
  if (body === row.body) return { comment: await commentAsSeen(ctx, id, user.id) };
  const verdict = await moderateComment(ctx, { user, post, text: body, editing: id });
  if (!verdict.ok) throw verdict.error;
  // A comment hidden by community flags stays hidden until a moderator decides, however it is edited.
  const status = verdict.status === 'published' && row.status === 'pending' && (await hasOpenFlags(ctx.db, id)) ? 'pending' : verdict.status;
  await inTransaction(ctx.db, async (trx) => {
    await editCommentBody(trx, row, { body, bodyHtml: renderCommentHtml(body), status, moderation: decisionRecord(verdict.result, now) }, now);
    if (status === 'pending') await auditHold(trx, id, verdict.result, now, true);
  });
  const comment = await commentAsSeen(ctx, id, user.id);
  if (row.status === 'published' && comment.status === 'published') await publishCommentEvent(ctx, 'comment.updated', comment);
  else if (row.status === 'pending' && comment.status === 'published') await publishCommentEvent(ctx, 'comment.created', comment);
  else if (row.status === 'published' && comment.status === 'pending') await publishCommentEvent(ctx, 'comment.removed', comment);
  return status === 'pending' ? { comment, message: verdict.result.message } : { comment };
}
