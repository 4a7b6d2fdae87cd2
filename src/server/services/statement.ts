import type { AppContext } from '../context';
import { loadComment, REASON_LABEL, toApiSanction } from '../../moderation/actions';
import { toApiAppeal } from '../../moderation/appeals';
import { parseVerdict } from '../../moderation/queue';

/* The statement of reasons a comment's author (and a moderator) sees: why the comment is where it is. */

/** The moderator's note to the author recorded with a removal, if any. */
function noteOf(after: string | null): string | null {
  try {
    const note = (JSON.parse(after ?? 'null') as { note?: unknown } | null)?.note;
    return typeof note === 'string' && note.trim() ? note : null;
  } catch {
    return null;
  }
}

const DECISION_ACTIONS = ['comment.removed', 'comment.hidden_by_flags', 'comment.approved', 'comment.held', 'comment.edit_held'];

/** Why a comment is where it is: the decision, its reason, who (by role) and when, and how to appeal. */
export async function statementFor(ctx: AppContext, commentId: string) {
  const comment = await loadComment(ctx.db, commentId);
  const [post, entries, strike, sanction] = await Promise.all([
    ctx.db.selectFrom('posts').select(['title', 'slug']).where('id', '=', comment.post_id).executeTakeFirst(),
    ctx.db.selectFrom('audit_log').selectAll().where('target_kind', '=', 'comment').where('target_id', '=', comment.id).where('action', 'in', DECISION_ACTIONS).orderBy('id', 'desc').limit(1).execute(),
    ctx.db.selectFrom('strikes').selectAll().where('comment_id', '=', comment.id).orderBy('id', 'desc').executeTakeFirst(),
    ctx.db.selectFrom('sanctions').selectAll().where('comment_id', '=', comment.id).orderBy('id', 'desc').executeTakeFirst(),
  ]);
  const entry = entries[0];
  let role = 'automated';
  if (entry?.actor_id) {
    const roles = await ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', entry.actor_id).execute();
    role = roles.some((r) => r.role === 'admin') ? 'admin' : roles.some((r) => r.role === 'moderator') ? 'moderator' : 'community';
  } else if (entry?.action === 'comment.hidden_by_flags') role = 'community flags';
  const automated = parseVerdict(comment.moderation);
  const decision =
    comment.status === 'removed' ? 'removed' : comment.status === 'deleted' ? 'deleted' : comment.status === 'pending' ? (entry?.action === 'comment.hidden_by_flags' ? 'hidden_pending_review' : 'held_for_review') : 'published';
  const reasonCode = comment.status === 'removed' ? comment.removed_reason : entry?.reason ?? automated?.reasons.find((r) => r.code)?.code ?? null;
  const now = ctx.clock.now().toISOString();
  const appealable = !!sanction && !sanction.lifted_at && sanction.kind !== 'warning' && (sanction.ends_at === null || sanction.ends_at > now);
  const existingAppeal = sanction ? await ctx.db.selectFrom('appeals').selectAll().where('sanction_id', '=', sanction.id).executeTakeFirst() : undefined;
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
      sanctionId: appealable ? sanction!.id : null,
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
