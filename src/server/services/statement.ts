import type { AppContext } from '../context';
import { loadComment, REASON_LABEL, toApiSanction } from '../../moderation/actions';
import { toApiAppeal } from '../../moderation/appeals';
import { parseVerdict } from '../../moderation/queue';
import { findPostTitle } from '../../store/posts';
import { latestCommentDecision } from '../../store/audit';
import { appealOfSanction, latestSanctionFor, latestStrikeFor } from '../../store/sanctions';
import { getRoles } from '../../store/users';
import type { AuditAction } from '../../domain/audit-actions';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../../domain/json';

/* The statement of reasons a comment's author (and a moderator) sees: why the comment is where it is. */

/** The moderator's note to the author recorded with a removal, if any. */
function noteOf(after: string | null): string | null {
  const note = after === null ? undefined : REMOVAL_NOTE.tryParse(after)?.note;
  return note?.trim() ? note : null;
}

/** A removal's audit entry may carry the moderator's note to the author. */
const REMOVAL_NOTE = jsonReader(Type.Object({ note: Type.String() }), 'removal entry');

const DECISION_ACTIONS: AuditAction[] = ['comment.removed', 'comment.hidden_by_flags', 'comment.approved', 'comment.held', 'comment.edit_held'];

/** Why a comment is where it is: the decision, its reason, who (by role) and when, and how to appeal. */
export async function statementFor(ctx: AppContext, commentId: string) {
  const comment = await loadComment(ctx.db, commentId);
  const [post, entry, strike, sanction] = await Promise.all([
    findPostTitle(ctx.db, comment.post_id),
    latestCommentDecision(ctx.db, comment.id, DECISION_ACTIONS),
    latestStrikeFor(ctx.db, comment.id),
    latestSanctionFor(ctx.db, comment.id),
  ]);
  let role = 'automated';
  if (entry?.actor_id) {
    const roles = await getRoles(ctx.db, entry.actor_id);
    role = roles.includes('admin') ? 'admin' : roles.includes('moderator') ? 'moderator' : 'community';
  } else if (entry?.action === 'comment.hidden_by_flags') role = 'community flags';
  const automated = parseVerdict(comment.moderation);
  const decision =
    comment.status === 'removed' ? 'removed' : comment.status === 'deleted' ? 'deleted' : comment.status === 'pending' ? (entry?.action === 'comment.hidden_by_flags' ? 'hidden_pending_review' : 'held_for_review') : 'published';
  const reasonCode = comment.status === 'removed' ? comment.removed_reason : entry?.reason ?? automated?.reasons.find((r) => r.code)?.code ?? null;
  const now = ctx.clock.now().toISOString();
  const appealableId = sanction && !sanction.lifted_at && sanction.kind !== 'warning' && (sanction.ends_at === null || sanction.ends_at > now) ? sanction.id : null;
  const appealable = appealableId !== null;
  const existingAppeal = sanction ? await appealOfSanction(ctx.db, sanction.id) : undefined;
  return {
    commentId: comment.id,
    post: post ? { title: post.title, slug: post.slug } : null,
    createdAt: comment.created_at,
    decision,
    reason: reasonCode,
    reasonText: reasonCode ? (REASON_LABEL[reasonCode] ?? reasonCode) : null,
    decidedBy: { role },
    note: entry?.action === 'comment.removed' ? noteOf(entry.after) : null,
    decidedAt: entry?.at ?? comment.created_at,
    automated: automated ? { decision: automated.decision, reasons: automated.reasons.map((r) => ({ code: r.code, message: r.message })), score: automated.score, phrases: automated.phrases } : null,
    strike: strike ? { recorded: true, expiresAt: strike.expires_at, counts: strike.expires_at > now } : { recorded: false, expiresAt: null, counts: false },
    sanction: sanction ? toApiSanction(sanction) : null,
    appeal: {
      possible: appealable && !existingAppeal,
      sanctionId: appealableId,
      existing: existingAppeal ? toApiAppeal(existingAppeal) : null,
      how: appealable
        ? existingAppeal
          ? 'You have appealed this decision; a moderator will reply by e-mail.'
          : `You can appeal once, from ${ctx.config.publicUrl}/account/moderation.`
        : decision === 'removed'
          ? 'Removals without a suspension or ban cannot be appealed; if you think this was a mistake, you can edit and post your point again within the rules.'
          : 'There is nothing to appeal.',
    },
  };
}
