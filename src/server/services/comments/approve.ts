/* A moderator approves a comment: a held one is published, a removed one restored (its strike taken
   back), a published one cleared of its flags (rejected). One transaction with the audit entry; once
   committed, open threads see it, a held reply reaches its parent's author, and the moderation
   workspaces refresh. */

import type { AppContext } from '../../context';
import type { ApiComment } from '../../../store/comments';
import { hasOpenFlags } from '../../../store/flags';
import { expireStrikesFor } from '../../../store/sanctions';
import { audit } from '../../../store/audit';
import { inTransaction } from '../../../store/after-commit';
import { DomainError } from '../../../domain/errors';
import { loadComment, notifyModerators, type Actor } from '../../../moderation/actions';
import { notifyReply } from '../reply-notifications';
import { moveComment, resolveFlags, snapshot } from './moderator-steps';
import { commentAsSeen, publishCommentEvent } from './events';

export async function approveComment(ctx: AppContext, actor: Actor, commentId: string, note: string | null): Promise<ApiComment> {
  const now = ctx.clock.now();
  const row = await loadComment(ctx.db, commentId);
  if (row.status === 'deleted') throw new DomainError('conflict', 'deleted', 'The author deleted this comment.');
  const flagged = await hasOpenFlags(ctx.db, row.id);
  if (row.status === 'published' && !flagged) throw new DomainError('conflict', 'already_published', 'This comment is already published and has no open flags.');
  const wasHeld = row.status === 'pending' && !flagged;
  await inTransaction(ctx.db, async (trx) => {
    if (row.status !== 'published') await moveComment(trx, row, 'published');
    const rejected = await resolveFlags(trx, row.id, 'rejected');
    // Reversing a removal also takes back the strike it gave.
    if (row.status === 'removed') await expireStrikesFor(trx, row.id, now.toISOString());
    await audit(trx, { actorId: actor.id, action: 'comment.approved', targetKind: 'comment', targetId: row.id, reason: note, before: snapshot(row), after: { status: 'published', flagsRejected: rejected } }, now);
  });
  const comment = await commentAsSeen(ctx, row.id);
  // Readers saw a held comment never (it arrives now) and a flagged or removed one as a placeholder (it comes back).
  await publishCommentEvent(ctx, wasHeld ? 'comment.created' : 'comment.updated', comment);
  // A held reply reaches its parent's author only now, as a published one would have at once.
  if (wasHeld) await notifyReply(ctx, { ...row, status: 'published' });
  await notifyModerators(ctx, 'item.resolved', { commentId: row.id, action: 'approved' });
  return comment;
}
