/*
 * Supporter rules: who is a supporter, from their whole history. Pure: no I/O, no clock.
 *
 * The result is cached in users.supporter_until / supporter_since and recomputed from the full
 * history after every change (a webhook, an admin grant). Because nothing is incremental, the order
 * in which Stripe delivers events cannot leave a wrong state: the same history gives the same answer.
 *
 * Coverage is a set of time intervals; the answer is the contiguous run that ends last:
 * - one-off donation: `oneOffDays` (default 365) days from the payment, or from the end of the
 *   support the reader already had at that moment (so giving again early extends, never overlaps);
 * - recurring donation: each paid invoice covers up to the end of the period it pays for; while the
 *   subscription is live (active, trialing, past_due, or not yet known) the latest paid period is
 *   followed by a grace period (`graceDays`, default 7) so a late renewal or a card retry does not
 *   lock anyone out. A cancelled / unpaid subscription keeps what was paid for, with no grace;
 * - a donation refunded in full, or whose dispute was lost, grants nothing; while a chargeback
 *   dispute is open the donation grants nothing either (restored if the dispute is won); a partial
 *   refund keeps the donation;
 * - admin grant: from its creation until its date, or open-ended (OPEN_ENDED); a revoked grant
 *   counts for nothing;
 * - admin "end": support that began before the marker stops at the marker; later donations and
 *   grants count again.
 */
import { OPEN_ENDED } from './supporter';

export interface RuleDonation {
  id: string;
  kind: 'one_off' | 'recurring' | string;
  status: DonationStatus | string;
  createdAt: string; // when it was paid
  subscriptionId: string | null;
  periodEnd: string | null; // recurring: end of the period paid for
}

export interface RuleSubscription {
  id: string;
  status: string; // Stripe subscription status
}

export interface RuleGrant {
  kind: 'grant' | 'end' | string;
  createdAt: string;
  until: string | null; // null = open-ended
  revokedAt: string | null;
}

export interface SupporterOptions {
  oneOffDays: number;
  graceDays: number;
}

export const DEFAULT_SUPPORTER_OPTIONS: SupporterOptions = { oneOffDays: 365, graceDays: 7 };

export interface SupporterPeriod {
  until: string | null; // null: never a supporter
  since: string | null; // start of the run of support that ends at `until`
}

export const DONATION_STATUSES = ['paid', 'refunded', 'disputed', 'dispute_lost'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];
export type DonationKind = 'one_off' | 'recurring';
/** A supporter grant by hand, or an end marker that stops support begun before it. */
export type GrantKind = 'grant' | 'end';

const DAY_MS = 86_400_000;
const OPEN_MS = Date.parse(OPEN_ENDED);
const TERMINAL_DISPUTES = new Set(['won', 'lost', 'warning_closed', 'prevented']);

/** Subscription states in which the subscription may still renew, so a grace period follows the paid period. */
export const LIVE_SUBSCRIPTION_STATES = new Set(['active', 'trialing', 'past_due']);

export function isTerminalDispute(status: string | null): boolean {
  return status !== null && TERMINAL_DISPUTES.has(status);
}

/** A donation's status from what Stripe has told us, in whatever order it told us. */
export function donationStatus(d: { amount: number; amountRefunded: number; disputeStatus: string | null }): DonationStatus {
  if (d.disputeStatus === 'lost') return 'dispute_lost';
  if (d.amount > 0 && d.amountRefunded >= d.amount) return 'refunded';
  // An inquiry (warning_*) withdraws no money; a real dispute does until it is decided.
  if (d.disputeStatus && !d.disputeStatus.startsWith('warning_') && !isTerminalDispute(d.disputeStatus)) return 'disputed';
  return 'paid';
}

export function grantsSupport(status: string): boolean {
  return status === 'paid';
}

/** Adds calendar months in UTC (31 January + 1 month = 28/29 February). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const t = new Date(d);
  t.setUTCDate(1);
  t.setUTCMonth(t.getUTCMonth() + months);
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(day, last));
  return t.toISOString();
}

interface Interval {
  start: number;
  end: number;
}

export function computeSupporterPeriod(
  history: { donations: RuleDonation[]; subscriptions: RuleSubscription[]; grants: RuleGrant[] },
  options: SupporterOptions = DEFAULT_SUPPORTER_OPTIONS,
): SupporterPeriod {
  const fixed: Interval[] = [];
  const ms = (iso: string) => Date.parse(iso);

  for (const g of history.grants) {
    if (g.kind !== 'grant' || g.revokedAt) continue;
    const start = ms(g.createdAt);
    const end = g.until === null ? OPEN_MS : ms(g.until);
    if (end > start) fixed.push({ start, end });
  }

  // Recurring: each paid invoice covers its period; the latest one of a live subscription gets the grace period.
  const subStatus = new Map(history.subscriptions.map((s) => [s.id, s.status]));
  const recurring = history.donations.filter((d) => d.kind === 'recurring' && grantsSupport(d.status));
  const latestEnd = new Map<string, number>();
  for (const d of recurring) {
    const start = ms(d.createdAt);
    const end = d.periodEnd ? ms(d.periodEnd) : ms(addMonths(d.createdAt, 1));
    fixed.push({ start, end: Math.max(start, end) });
    const key = d.subscriptionId ?? `donation:${d.id}`;
    latestEnd.set(key, Math.max(latestEnd.get(key) ?? 0, end));
  }
  for (const [key, end] of latestEnd) {
    const status = key.startsWith('donation:') ? undefined : subStatus.get(key);
    if (status === undefined || LIVE_SUBSCRIPTION_STATES.has(status)) fixed.push({ start: end, end: end + options.graceDays * DAY_MS });
  }

  // Admin "end" markers cut off everything that began before them.
  const ends = history.grants.filter((g) => g.kind === 'end' && !g.revokedAt).map((g) => ms(g.createdAt));
  // `origin`: when the support was given (a one-off that extends a run starts later than it was paid).
  const cutOff = (iv: Interval, origin = iv.start): Interval => {
    let end = iv.end;
    for (const e of ends) if (origin < e) end = Math.min(end, e);
    return { start: iv.start, end };
  };

  // One-offs extend from the end of whatever support covers the moment of payment.
  const cut = fixed.map(cutOff).filter((iv) => iv.end > iv.start);
  const oneOffs = history.donations
    .filter((d) => d.kind !== 'recurring' && grantsSupport(d.status))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  for (const d of oneOffs) {
    const paid = ms(d.createdAt);
    const start = coveredUntil(cut, paid) ?? paid;
    if (start >= OPEN_MS) continue;
    const iv = cutOff({ start, end: Math.min(OPEN_MS, start + options.oneOffDays * DAY_MS) }, paid);
    if (iv.end > iv.start) cut.push(iv);
  }

  // The run that ends last: merge intervals sorted by start, keep the final merged run.
  cut.sort((a, b) => a.start - b.start);
  const [firstCut, ...laterCuts] = cut;
  if (!firstCut) return { until: null, since: null };
  let run = { ...firstCut };
  for (const iv of laterCuts) {
    if (iv.start <= run.end) run.end = Math.max(run.end, iv.end);
    else run = { ...iv };
  }
  return { until: iso(run.end), since: iso(run.start) };
}

/** The end of the support that covers `at` (following adjoining intervals), or null when `at` is uncovered. */
function coveredUntil(intervals: Interval[], at: number): number | null {
  let end: number | null = null;
  let moved = true;
  let point = at;
  while (moved) {
    moved = false;
    for (const iv of intervals) {
      if (iv.start <= point && iv.end > point && (end === null || iv.end > end)) {
        end = iv.end;
        point = iv.end;
        moved = true;
      }
    }
  }
  return end;
}

function iso(msValue: number): string {
  return msValue >= OPEN_MS ? OPEN_ENDED : new Date(msValue).toISOString();
}
