/* An author deletes their comment: it becomes a "deleted" placeholder (counters follow) with an
   audit entry, in one transaction; once committed, open threads show the placeholder. Deleting
   again changes nothing. */

import type { AppContext } from '../../context';
import type { SessionUser } from '../../plugins/session';
import { changeCommentStatus, findCommentRow } from '../../../store/comments';
import { audit } from '../../../store/audit';
import { inTransaction } from '../../../store/after-commit';
import { DomainError, notFoundError } from '../../../domain/errors';
import { commentAsSeen, publishCommentEvent } from './events';

export async function deleteComment(ctx: AppContext, user: SessionUser, id: string): Promise<void> {
  const now = ctx.clock.now();
  const row = await findCommentRow(ctx.db, id);
  if (!row || (row.status === 'pending' && row.author_id !== user.id)) throw notFoundError('That comment');
  if (row.author_id !== user.id) throw new DomainError('forbidden', 'not_author', 'Only the author can delete a comment.');
  if (row.status === 'deleted') return;
  if (row.status === 'removed') throw new DomainError('forbidden', 'comment_removed', 'A moderator removed this comment already.');
  await inTransaction(ctx.db, async (trx) => {
    await changeCommentStatus(trx, row, 'deleted');
    await audit(trx, { actorId: user.id, action: 'comment.deleted', targetKind: 'comment', targetId: id, before: { status: row.status } }, now);
  });
  if (row.status === 'published') await publishCommentEvent(ctx, 'comment.removed', await commentAsSeen(ctx, id));
}
