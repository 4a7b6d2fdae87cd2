/* Proving an account's e-mail address: the link mailed at sign-up (or asked for again), and what
   follows once an address is proved. */
import type { AppContext } from '../context';
import { DAY } from '../../domain/clock';
import { normalizeEmail } from '../../domain/email';
import { audit } from '../../store/audit';
import { createMailToken } from '../../store/sessions';
import { findUserById, markEmailVerified } from '../../store/users';
import { linkImportedPerson } from '../../store/imported-people';

export const CONFIRM_EMAIL_PURPOSE = 'confirm_email';

/** Mails a link that proves the account's current address; it works once, for 7 days. */
export async function sendEmailConfirmation(ctx: AppContext, user: { id: string; email: string; display_name: string }): Promise<void> {
  const token = await createMailToken(ctx.db, { purpose: CONFIRM_EMAIL_PURPOSE, userId: user.id, email: user.email, ttlMs: 7 * DAY }, ctx.clock.now());
  await ctx.mailer.send({
    to: user.email,
    subject: 'Confirm your e-mail address',
    text:
      `Hello ${user.display_name},\n\nPlease confirm that this is your address, so that you can join in with the discussion:\n` +
      `${ctx.config.publicUrl}/account/confirm?token=${token}\n\nThe link works once, for 7 days. If you did not sign up, ignore this mail.`,
  });
}

/**
 * The address the account holds now is proved (by a confirmation link, a sign-in link or an e-mail
 * change link, each sent to it): the account may take part, and whatever an import attributed to that
 * address becomes the account's.
 */
export async function emailProved(ctx: AppContext, userId: string): Promise<void> {
  const now = ctx.clock.now();
  const user = await findUserById(ctx.db, userId);
  if (!user || user.deleted_at) return;
  await ctx.db.transaction().execute(async (trx) => {
    const first = await markEmailVerified(trx, userId, now);
    if (first) await audit(trx, { actorId: userId, action: 'user.email_confirmed', targetKind: 'user', targetId: userId }, now);
    const linked = await linkImportedPerson(trx, userId, normalizeEmail(user.email));
    if (linked) await audit(trx, { actorId: userId, action: 'user.import_linked', targetKind: 'user', targetId: userId, after: linked }, now);
  });
}
