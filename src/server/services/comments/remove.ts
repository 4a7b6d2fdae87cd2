/* A moderator removes a comment, for a reason: its open flags are upheld, and a removal for
   profanity or abuse (or when the moderator asks) records a strike against the author that may
   climb the sanctions ladder. One transaction with the audit entries; once committed, open threads
   show the placeholder, the author is told why (and what follows), the workspaces refresh. */

import type { AppContext } from '../../context';
import type { ApiComment } from '../../../store/comments';
import { audit } from '../../../store/audit';
import { inTransaction } from '../../../store/after-commit';
import { DomainError } from '../../../domain/errors';
import { STRIKE_REASONS, whatHappensNext } from '../../../domain/ladder';
import { moderationPolicy } from '../../../moderation/policy';
import { actorRole, loadComment, notifyModerators, sendRemovalNotice, strikeForRemoval, toApiSanction, type Actor, type ApiSanction, type RemovalReason, type StrikeOutcome } from '../../../moderation/actions';
import { moveComment, resolveFlags, snapshot } from './moderator-steps';
import { commentAsSeen, publishCommentEvent } from './events';

export interface RemoveResult {
  comment: ApiComment;
  strike: { id: string; expiresAt: string } | null;
  sanction: ApiSanction | null;
}

export async function removeComment(ctx: AppContext, actor: Actor, commentId: string, opts: { reason: RemovalReason; note?: string | null; strike?: boolean }): Promise<RemoveResult> {
  const now = ctx.clock.now();
  const policy = await moderationPolicy(ctx.db);
  const row = await loadComment(ctx.db, commentId);
  if (row.status === 'removed') throw new DomainError('conflict', 'already_removed', 'This comment has already been removed.');
  if (row.status === 'deleted') throw new DomainError('conflict', 'deleted', 'The author deleted this comment.');
  const authorId = row.author_id;
  const withStrike = (opts.strike ?? STRIKE_REASONS.has(opts.reason)) && authorId !== null;
  const outcome: StrikeOutcome | null = await inTransaction(ctx.db, async (trx) => {
    await moveComment(trx, row, 'removed', opts.reason);
    const upheld = await resolveFlags(trx, row.id, 'upheld');
    await audit(
      trx,
      {
        actorId: actor.id,
        action: 'comment.removed',
        targetKind: 'comment',
        targetId: row.id,
        reason: opts.reason,
        before: snapshot(row),
        after: { status: 'removed', removedReason: opts.reason, note: opts.note ?? null, strike: withStrike, flagsUpheld: upheld, role: actorRole(actor) },
      },
      now,
    );
    if (!withStrike || authorId === null) return null;
    return strikeForRemoval(ctx, trx, actor, { id: row.id, post_id: row.post_id, author_id: authorId }, opts.reason, policy.ladder, now);
  });
  const comment = await commentAsSeen(ctx, row.id);
  await publishCommentEvent(ctx, 'comment.removed', comment);
  const applied = outcome?.applied ?? null;
  if (authorId !== null) {
    await sendRemovalNotice(ctx, row, opts.reason, applied ? { sanction: applied.sanction, next: whatHappensNext(policy.ladder, applied.ladder) } : null, withStrike, opts.note ?? null);
  }
  await notifyModerators(ctx, 'item.resolved', { commentId: row.id, action: 'removed' });
  return { comment, strike: outcome?.strike ?? null, sanction: applied ? toApiSanction(applied.sanction) : null };
}
