/* A supporter flags a published comment, once. The flags' summed weight (each flagger's
   reliability) hides the comment pending review once it reaches the site's threshold: that hide by
   flags happens in the flag's own transaction, so of concurrent flags exactly the one that crosses
   the threshold hides it. Once committed, open threads show the placeholder and the moderation
   workspaces refresh. */

import type { AppContext } from '../../context';
import type { CommentsTable } from '../../../store/schema';
import type { Db } from '../../../store/users';
import { audit } from '../../../store/audit';
import { newId } from '../../../store/ids';
import { changeCommentStatus, lockComment, setFlagWeight, swapCommentStatus } from '../../../store/comments';
import { insertFlag, openFlagWeight } from '../../../store/flags';
import { flagReliability } from '../../../store/users';
import { inTransaction } from '../../../store/after-commit';
import { DomainError } from '../../../domain/errors';
import { reachesThreshold, type FlagReason } from '../../../domain/flags';
import { moderationPolicy } from '../../../moderation/policy';
import { loadComment, notifyModerators } from '../../../moderation/actions';
import { commentAsSeen, publishCommentEvent } from './events';

export interface FlagResult {
  hidden: boolean;
}

/**
 * Records a flag. A second flag by the same user on the same comment is refused with 409
 * already_flagged (so the widget can say so), and changes nothing.
 */
export async function flagComment(ctx: AppContext, flagger: { id: string }, commentId: string, reason: FlagReason, note: string | null): Promise<FlagResult> {
  const now = ctx.clock.now();
  const policy = await moderationPolicy(ctx.db);
  const comment = await loadComment(ctx.db, commentId);
  if (comment.status !== 'published') {
    if (comment.status === 'pending') throw new DomainError('conflict', 'already_hidden', 'This comment is already waiting for a moderator.');
    throw new DomainError('not_found', 'not_found', 'That comment was not found.');
  }
  if (comment.author_id === flagger.id) throw new DomainError('invalid', 'own_comment', 'You cannot flag your own comment.');
  const weight = await flagReliability(ctx.db, flagger.id);

  let hidden: boolean;
  try {
    hidden = await inTransaction(ctx.db, async (trx) => {
      // Row lock on the comment: concurrent flags are summed one after another, so the one that crosses the threshold sees the others.
      await lockComment(trx, comment.id);
      await insertFlag(trx, { id: newId(now.getTime()), comment_id: comment.id, user_id: flagger.id, reason, note, weight, created_at: now.toISOString(), resolution: null });
      const total = await openFlagWeight(trx, comment.id);
      await setFlagWeight(trx, comment.id, total);
      await audit(trx, { actorId: flagger.id, action: 'comment.flagged', targetKind: 'comment', targetId: comment.id, reason, after: { weight, total, note } }, now);
      return reachesThreshold(total, policy.flagThreshold) && (await hideByFlags(trx, comment, total, policy.flagThreshold, now));
    });
  } catch (err) {
    if (/unique|duplicate|flags_once/i.test(String(err))) throw new DomainError('conflict', 'already_flagged', 'You have already flagged this comment.');
    throw err;
  }
  if (hidden) await publishCommentEvent(ctx, 'comment.removed', await commentAsSeen(ctx, comment.id));
  await notifyModerators(ctx, hidden ? 'item.hidden' : 'item.flagged', { commentId: comment.id, postId: comment.post_id });
  return { hidden };
}

/** Hides a published comment whose flags reached the threshold, audited; false when it is no longer published. */
async function hideByFlags(trx: Db, comment: CommentsTable, total: number, threshold: number, now: Date): Promise<boolean> {
  if (!(await swapCommentStatus(trx, comment.id, 'published', 'pending'))) return false;
  // The status is already 'pending'; changeCommentStatus fixes the counters from 'published'.
  await changeCommentStatus(trx, comment, 'pending');
  await audit(trx, { actorId: null, action: 'comment.hidden_by_flags', targetKind: 'comment', targetId: comment.id, reason: 'community flags', before: { status: 'published', flagWeight: comment.flag_weight }, after: { status: 'pending', flagWeight: total, threshold } }, now);
  return true;
}
