/* Community flags: a supporter flags a published comment once; the flags' summed weight (each
   flagger's reliability) hides it pending review once it reaches the site's threshold. */

import type { AppContext } from '../server/context';
import { audit } from '../store/audit';
import { newId } from '../store/ids';
import { changeCommentStatus, lockComment, setFlagWeight, swapCommentStatus } from '../store/comments';
import { hasOpenFlags as openFlagsOn, insertFlag, openFlagWeight } from '../store/flags';
import { flagReliability } from '../store/users';
import { HttpError } from '../server/http-error';
import { reachesThreshold, type FlagReason } from '../domain/flags';
import { moderationPolicy } from './policy';
import { loadComment, notifyModerators, publishCommentEvent } from './actions';

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
    if (comment.status === 'pending') throw new HttpError(409, 'already_hidden', 'This comment is already waiting for a moderator.');
    throw new HttpError(404, 'not_found', 'That comment was not found.');
  }
  if (comment.author_id === flagger.id) throw new HttpError(422, 'own_comment', 'You cannot flag your own comment.');
  const weight = await flagReliability(ctx.db, flagger.id);

  let hidden = false;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      // Row lock on the comment: concurrent flags are summed one after another, so the one that crosses the threshold sees the others.
      await lockComment(trx, comment.id);
      await insertFlag(trx, { id: newId(now.getTime()), comment_id: comment.id, user_id: flagger.id, reason, note, weight, created_at: now.toISOString(), resolution: null });
      const total = await openFlagWeight(trx, comment.id);
      await setFlagWeight(trx, comment.id, total);
      await audit(trx, { actorId: flagger.id, action: 'comment.flagged', targetKind: 'comment', targetId: comment.id, reason, after: { weight, total, note } }, now);
      if (reachesThreshold(total, policy.flagThreshold)) {
        if (await swapCommentStatus(trx, comment.id, 'published', 'pending')) {
          // The status is already 'pending'; changeCommentStatus fixes the counters from 'published'.
          await changeCommentStatus(trx, comment, 'pending');
          await audit(trx, { actorId: null, action: 'comment.hidden_by_flags', targetKind: 'comment', targetId: comment.id, reason: 'community flags', before: { status: 'published', flagWeight: comment.flag_weight }, after: { status: 'pending', flagWeight: total, threshold: policy.flagThreshold } }, now);
          hidden = true;
        }
      }
    });
  } catch (err) {
    if (/unique|duplicate|flags_once/i.test(String(err))) throw new HttpError(409, 'already_flagged', 'You have already flagged this comment.');
    throw err;
  }
  if (hidden) await publishCommentEvent(ctx, comment.id, 'comment.removed');
  await notifyModerators(ctx, hidden ? 'item.hidden' : 'item.flagged', { commentId: comment.id, postId: comment.post_id });
  return { hidden };
}

/** Whether a comment has flags no moderator has decided yet (a pending one with open flags is hidden by the community). */
export async function hasOpenFlags(db: AppContext['db'], commentId: string): Promise<boolean> {
  return openFlagsOn(db, commentId);
}
