import type { AppContext } from '../server/context';
import type { Donation } from '../store/supporters';
import { findUserById } from '../store/users';
import { supporterStatus } from '../domain/supporter';
import { formatDay } from '../domain/dates';
import { siteSettings } from '../store/site';
import { formatMoney } from './settings';
import { checkDonationForBanEvasion } from '../moderation/ban-evasion';

/**
 * Runs once for every donation Parley records for the first time, after the webhook's transaction
 * has committed. The single place for what follows a donation: the thank-you / receipt mail now
 * (and checks on who paid, such as recognising a banned person's card or customer).
 */
export async function onDonationRecorded(ctx: AppContext, donation: Donation): Promise<void> {
  const bannedPayer = await checkPayer(ctx, donation);
  await sendThankYou(ctx, donation, bannedPayer);
}

/**
 * A recorded donation learned its card fingerprint or Stripe customer later (from a charge event):
 * the same check on who paid, without a second receipt.
 */
export async function onDonationIdentified(ctx: AppContext, donation: Donation): Promise<void> {
  await checkPayer(ctx, donation);
}

/** Recognises a banned person's card or Stripe customer behind a new account (bans by association). */
async function checkPayer(ctx: AppContext, donation: Donation): Promise<boolean> {
  try {
    return (await checkDonationForBanEvasion(ctx, donation)).matched;
  } catch (err) {
    ctx.log.error({ err, donation: donation.id }, 'ban-evasion check of a donation failed');
    return false;
  }
}

async function sendThankYou(ctx: AppContext, donation: Donation, bannedPayer: boolean): Promise<void> {
  if (!donation.user_id || donation.status !== 'paid') return;
  const user = await findUserById(ctx.db, donation.user_id);
  if (!user || user.deleted_at) return;
  const site = await siteSettings(ctx.db);
  const status = supporterStatus(user.supporter_until, ctx.clock.now());
  const money = formatMoney(donation.amount, donation.currency);
  const what = donation.kind === 'recurring' ? `your monthly donation of ${money}` : `your donation of ${money}`;
  const until = status.active ? (status.until ? `You are a supporter until ${formatDay(status.until)}` : 'You are a supporter') : 'Your supporter status will show on your account page shortly';
  const lines = [
    `Hello ${user.display_name},`,
    '',
    `Thank you for ${what} to ${site.name}. Readers like you pay for the reporting and keep the discussion going.`,
    '',
    ...(bannedPayer ? [] : [`${until}: you can join the discussion under any post.`, '']),
    'Receipt',
    `  Amount: ${money}${donation.kind === 'recurring' ? ' a month' : ''}`,
    `  Date: ${formatDay(donation.created_at)}`,
    `  Reference: ${donation.id}`,
    '',
    `Your donations and supporter status: ${ctx.config.publicUrl}/account`,
    donation.kind === 'recurring' ? 'You can change or cancel your monthly donation there at any time.' : '',
  ];
  await ctx.mailer.send({ to: user.email, subject: `Thank you for supporting ${site.name}`, text: lines.join('\n').trimEnd() + '\n' });
}
