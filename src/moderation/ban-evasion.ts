/* Permanent bans that stick. A ban records keyed hashes of the person's e-mail (under its sign-in key
   and its broader ban identity), the embedding host's subject and payment identities (ban_identities). When an account registers or donates with one of them, it is banned by
   association and waits in the review queue, where moderators confirm the ban or clear it. */

import { DomainError, notFoundError } from '../domain/errors';
import type { AppContext } from '../server/context';
import { audit } from '../store/audit';
import { newId } from '../store/ids';
import { accountIdentities, findUserById, setReviewState } from '../store/users';
import { bansMatching, insertSanction, liftSanctions, unliftedBans } from '../store/sanctions';
import { addIdentities, identityHashes, lookupHashes, notifyModerators, type Actor, type IdentityValues } from './actions';

export const LINKED_REASON = 'linked to a banned account';
export const REVIEW_BAN_EVASION = 'ban_evasion';

export interface BanEvasionResult {
  /** The account is (now, or already was) banned by association. */
  matched: boolean;
  /** The banned account it is linked to. */
  linkedUserId: string | null;
  /** Which identities matched: email, sso_subject, stripe_customer, card_fingerprint. */
  kinds: string[];
}

/**
 * Looks the identities up among live bans. Called after registration (with the normalised e-mail) and
 * for every recorded donation (with its Stripe customer and card fingerprint). On a match the account
 * gets review_state 'ban_evasion' and a ban "linked to a banned account", so it cannot comment until
 * a moderator clears it. A banned user's own new identities are added to their ban.
 */
export async function checkBanEvasion(ctx: AppContext, userId: string, ids: IdentityValues): Promise<BanEvasionResult> {
  const hashes = identityHashes(ctx.secret, ids);
  const lookups = lookupHashes(ctx.secret, ids);
  const none: BanEvasionResult = { matched: false, linkedUserId: null, kinds: [] };
  if (!lookups.length) return none;
  const now = ctx.clock.now();
  const t = now.toISOString();

  const matches = await bansMatching(ctx.db, lookups, t);

  const [ownBan] = await unliftedBans(ctx.db, userId);
  const others = matches.filter((m) => m.user_id !== userId);

  if (ownBan) {
    // Already banned (directly or by association): remember the new identities too, so the next account is caught.
    await ctx.db.transaction().execute((trx) => addIdentities(trx, userId, ownBan.id, hashes, now));
    return { matched: ownBan.reason === LINKED_REASON || others.length > 0, linkedUserId: others[0]?.user_id ?? null, kinds: [...new Set(others.map((m) => m.kind))] };
  }
  const [first] = others;
  if (!first) return none;

  const linked = first.user_id;
  const kinds = [...new Set(others.map((m) => m.kind))];
  const note = `Shares ${kinds.join(', ').replace(/_/g, ' ')} with banned account ${linked}`;
  await ctx.db.transaction().execute(async (trx) => {
    const sanctionId = newId(now.getTime());
    await insertSanction(trx, { id: sanctionId, user_id: userId, kind: 'ban', starts_at: t, ends_at: null, reason: LINKED_REASON, comment_id: null, created_by: null, created_at: t, lifted_at: null, lifted_by: null, lift_reason: null });
    await setReviewState(trx, userId, REVIEW_BAN_EVASION, note);
    // Its own identities join the ban, so that a third account is recognised as well.
    const own = await accountIdentities(trx, userId);
    await addIdentities(trx, userId, sanctionId, [...hashes, ...identityHashes(ctx.secret, { emailNormalized: own?.email_normalized, ssoSubject: own?.sso_subject })], now);
    await audit(trx, { actorId: null, action: 'user.banned_by_association', targetKind: 'user', targetId: userId, reason: LINKED_REASON, before: { state: 'none' }, after: { sanctionId, linkedUserId: linked, kinds, reviewState: REVIEW_BAN_EVASION } }, now);
  });
  const user = await findUserById(ctx.db, userId);
  if (user) {
    await ctx.mailer.send({
      to: user.email,
      subject: 'Your account is waiting for a moderator',
      text:
        `Hello ${user.display_name},\n\nYour account shares details with an account that is banned from the discussion, so it cannot comment for now.\n` +
        `A moderator will look at it and either confirm the ban or clear your account. If this is a mistake, you can tell them here:\n` +
        `${ctx.config.publicUrl}/account/moderation\n`,
    });
  }
  await notifyModerators(ctx, 'review.added', { userId, linkedUserId: linked, kinds });
  return { matched: true, linkedUserId: linked, kinds };
}

/** A moderator's verdict on an account banned by association: confirm keeps the ban, clear lifts it. */
export async function decideReview(ctx: AppContext, actor: Actor, userId: string, decision: 'confirm' | 'clear', reason: string): Promise<void> {
  const now = ctx.clock.now();
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFoundError('That user');
  if (user.review_state !== REVIEW_BAN_EVASION) throw new DomainError('conflict', 'not_under_review', 'This account is not waiting for review.');
  await ctx.db.transaction().execute(async (trx) => {
    const bans = await unliftedBans(trx, userId, LINKED_REASON);
    if (decision === 'clear') {
      if (bans.length) {
        await liftSanctions(trx, bans.map((b) => b.id), { at: now.toISOString(), by: actor.id, reason });
      }
      await setReviewState(trx, userId, null, `Cleared: ${reason}`);
    } else {
      await setReviewState(trx, userId, 'ban_confirmed', `${user.review_note ?? ''} — confirmed: ${reason}`);
    }
    await audit(trx, { actorId: actor.id, action: decision === 'clear' ? 'review.cleared' : 'review.confirmed', targetKind: 'user', targetId: userId, reason, before: { reviewState: user.review_state, note: user.review_note }, after: { reviewState: decision === 'clear' ? null : 'ban_confirmed', bansLifted: decision === 'clear' ? bans.length : 0 } }, now);
  });
  if (decision === 'clear') {
    await ctx.mailer.send({
      to: user.email,
      subject: 'Your account has been cleared',
      text: `Hello ${user.display_name},\n\nYour account was held because it looked linked to a banned account. A moderator has checked it and cleared it.\n\n${reason}\n`,
    });
  }
  await notifyModerators(ctx, 'item.resolved', { userId, action: decision });
}

/** For the donation hook: checks a recorded donation's payment identities (a no-op without a user). */
export async function checkDonationForBanEvasion(
  ctx: AppContext,
  donation: { user_id: string | null; stripe_customer_id: string | null; card_fingerprint: string | null },
): Promise<BanEvasionResult> {
  if (!donation.user_id) return { matched: false, linkedUserId: null, kinds: [] };
  return checkBanEvasion(ctx, donation.user_id, { stripeCustomerId: donation.stripe_customer_id, cardFingerprint: donation.card_fingerprint });
}
