/* Every action the audit log records, the one list: the log's `action` column takes only these. */
export const AUDIT_ACTIONS = [
  'appeal.filed', 'appeal.upheld', 'appeal.lifted',
  'comment.held', 'comment.edit_held', 'comment.rejected', 'comment.edit_rejected',
  'comment.approved', 'comment.removed', 'comment.deleted', 'comment.flagged', 'comment.hidden_by_flags',
  'donation.recorded', 'donation.pending_payment', 'donation.reinstated', 'donation.refunded', 'donation.disputed', 'donation.dispute_lost',
  'moderation.settings_changed', 'support.settings_changed',
  'post.created', 'post.updated', 'post.draft', 'post.scheduled', 'post.published', 'post.deleted', 'post.embedded',
  'review.cleared', 'review.confirmed',
  'sanction.warning', 'sanction.suspension', 'sanction.ban', 'sanction.lifted', 'sanction.unban',
  'strike.recorded', 'strike.waived',
  'subscription.updated',
  'supporter.granted', 'supporter.ended', 'supporter.recomputed',
  'user.registered', 'user.updated', 'user.deleted', 'user.email_changed', 'user.email_confirmed', 'user.password_changed',
  'user.roles_changed', 'user.unsubscribed', 'user.import_linked', 'user.sso_created', 'user.sso_linked', 'user.banned_by_association',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export function isAuditAction(s: string): s is AuditAction {
  return KNOWN.has(s);
}
