import type { Db } from './users';
import type { Dialect } from './db';
import { sql, type NotNull, type Selectable } from 'kysely';
import type { DonationsTable } from './schema';
import { audit } from './audit';
import { newId } from './ids';
import { OPEN_ENDED } from '../domain/supporter';
import { DAY } from '../domain/clock';
import { computeSupporterPeriod, type SupporterOptions, type SupporterPeriod } from '../domain/supporter-rules';

/**
 * Recomputes a user's supporter period from their whole history and caches it in
 * users.supporter_until / supporter_since. Call it inside the transaction that changed the history.
 * On PostgreSQL the user row is locked first, so two webhooks for the same person serialise here
 * and the second one sees the first one's rows.
 */
export async function recomputeSupporter(
  db: Db,
  dialect: Dialect,
  userId: string,
  options: SupporterOptions,
  at: Date,
  actorId: string | null = null,
  reason: string | null = null,
): Promise<{ before: SupporterPeriod; after: SupporterPeriod; changed: boolean } | null> {
  let q = db.selectFrom('users').select(['id', 'supporter_until', 'supporter_since']).where('id', '=', userId);
  if (dialect === 'postgres') q = q.forUpdate();
  const user = await q.executeTakeFirst();
  if (!user) return null;
  const [donations, subscriptions, grants] = await Promise.all([
    db.selectFrom('donations').select(['id', 'kind', 'status', 'created_at', 'stripe_subscription_id', 'period_end'])
      // Rows without a payment event are refunds or disputes waiting for their payment: they grant nothing.
      .where('user_id', '=', userId).where('stripe_event_id', 'is not', null).execute(),
    db.selectFrom('subscriptions').select(['id', 'status']).where('user_id', '=', userId).execute(),
    db.selectFrom('supporter_grants').select(['kind', 'created_at', 'until', 'revoked_at']).where('user_id', '=', userId).execute(),
  ]);
  const after = computeSupporterPeriod(
    {
      donations: donations.map((d) => ({ id: d.id, kind: d.kind, status: d.status, createdAt: d.created_at, subscriptionId: d.stripe_subscription_id, periodEnd: d.period_end })),
      subscriptions,
      grants: grants.map((g) => ({ kind: g.kind, createdAt: g.created_at, until: g.until, revokedAt: g.revoked_at })),
    },
    options,
  );
  const before = { until: user.supporter_until, since: user.supporter_since };
  const changed = before.until !== after.until || before.since !== after.since;
  if (changed) {
    await db.updateTable('users').set({ supporter_until: after.until, supporter_since: after.since }).where('id', '=', userId).execute();
    await audit(db, { actorId, action: 'supporter.recomputed', targetKind: 'user', targetId: userId, reason, before, after }, at);
  }
  return { before, after, changed };
}

/** A donations row as read from the database. */
export type Donation = Selectable<DonationsTable>;

export interface DonationView {
  id: string;
  kind: string;
  amount: number;
  amountRefunded: number;
  currency: string;
  status: string;
  createdAt: string;
  periodEnd: string | null;
}

export function donationView(d: Donation): DonationView {
  return { id: d.id, kind: d.kind, amount: d.amount, amountRefunded: d.amount_refunded, currency: d.currency, status: d.status, createdAt: d.created_at, periodEnd: d.period_end };
}

/** A user's donations, newest first: for the account page and moderators' view of a user. */
export async function donationsOf(db: Db, userId: string, limit = 200): Promise<DonationView[]> {
  const rows = await db.selectFrom('donations').selectAll().where('user_id', '=', userId).where('stripe_event_id', 'is not', null).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map(donationView);
}

/** The Stripe customer a user pays with (their latest), for the customer portal and to reuse at checkout. */
export async function stripeCustomerOf(db: Db, userId: string): Promise<string | null> {
  const sub = await db.selectFrom('subscriptions').select('customer_id').where('user_id', '=', userId).where('customer_id', 'is not', null).orderBy('updated_at', 'desc').executeTakeFirst();
  if (sub?.customer_id) return sub.customer_id;
  const don = await db.selectFrom('donations').select('stripe_customer_id').where('user_id', '=', userId).where('stripe_customer_id', 'is not', null).orderBy('created_at', 'desc').executeTakeFirst();
  return don?.stripe_customer_id ?? null;
}

/**
 * Applies the host site's word on supporter status: a supporter_grants row with note 'sso' stands
 * for it (replaced when the host changes its end date, revoked when the host says no), and
 * users.supporter_until takes the latest end among what still holds.
 */
export async function applySsoSupporter(trx: Db, userId: string, claim: { supporter: boolean; until: string | null }, now: Date): Promise<void> {
  const user = await trx.selectFrom('users').select(['supporter_until', 'supporter_since']).where('id', '=', userId).executeTakeFirstOrThrow();
  const active = await trx.selectFrom('supporter_grants').selectAll().where('user_id', '=', userId).where('note', '=', 'sso').where('revoked_at', 'is', null).execute();
  const effective = (g: { until: string | null }) => g.until ?? OPEN_ENDED;
  const wanted = claim.supporter ? claim.until : undefined;
  const keep = wanted !== undefined ? active.find((g) => g.until === wanted) : undefined;
  const revoked = active.filter((g) => g !== keep);
  if (revoked.length) {
    await trx.updateTable('supporter_grants').set({ revoked_at: now.toISOString() }).where('id', 'in', revoked.map((g) => g.id)).execute();
  }
  if (wanted !== undefined && !keep) {
    await trx.insertInto('supporter_grants').values({ id: newId(now.getTime()), user_id: userId, until: wanted, note: 'sso', granted_by: null, created_at: now.toISOString(), revoked_at: null }).execute();
  }
  // What the cached end was made of: support from elsewhere (donations, admin grants) stays.
  let base = user.supporter_until;
  if (base !== null && revoked.some((g) => effective(g) === base)) {
    const others = await trx
      .selectFrom('supporter_grants')
      .select('until')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('note', '!=', 'sso')
      .execute();
    base = others.map(effective).filter((u) => u > now.toISOString()).sort().pop() ?? null;
  }
  const candidates = [base, wanted === undefined ? null : (wanted ?? OPEN_ENDED)].filter((v): v is string => v !== null);
  const until = candidates.sort().pop() ?? null;
  const becomes = until !== null && until > now.toISOString();
  await trx
    .updateTable('users')
    .set({ supporter_until: until, supporter_since: becomes ? (user.supporter_since ?? now.toISOString()) : user.supporter_since })
    .where('id', '=', userId)
    .execute();
}

/** The reader's most recent subscription, if any. */
export async function latestSubscription(db: Db, userId: string) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'status', 'current_period_end', 'cancel_at_period_end', 'amount', 'currency'])
    .where('user_id', '=', userId)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
}

/** An admin's grant of supporter status (`grant`, until a time or open-ended), or the end of it (`end`). */
export async function addSupporterGrant(db: Db, g: { id: string; userId: string; until: string | null; note: string; grantedBy: string; kind: 'grant' | 'end' }, now: Date): Promise<void> {
  await db.insertInto('supporter_grants').values({ id: g.id, user_id: g.userId, until: g.until, note: g.note, granted_by: g.grantedBy, created_at: now.toISOString(), revoked_at: null, kind: g.kind }).execute();
}

/** Revokes the admin grants a user still holds. */
export async function revokeSupporterGrants(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('supporter_grants').set({ revoked_at: now.toISOString() }).where('user_id', '=', userId).where('kind', '=', 'grant').where('revoked_at', 'is', null).execute();
}

export type SupporterFilter = 'active' | 'lapsing' | 'lapsed' | 'all';

/** The supporters list's query for one filter. */
function supportersQuery(db: Db, filter: SupporterFilter, now: Date) {
  const nowIso = now.toISOString();
  let q = db.selectFrom('users').select(['id', 'display_name', 'email', 'supporter_since', 'supporter_until']).where('supporter_until', 'is not', null).where('deleted_at', 'is', null).$narrowType<{ supporter_until: NotNull }>();
  if (filter === 'active') q = q.where('supporter_until', '>', nowIso);
  if (filter === 'lapsing') q = q.where('supporter_until', '>', nowIso).where('supporter_until', '<=', new Date(now.getTime() + 30 * DAY).toISOString());
  if (filter === 'lapsed') q = q.where('supporter_until', '<=', nowIso);
  return q;
}

/** One page of supporters after the (supporter_until, id) cursor, by end of support: soonest first for 'lapsing', latest first otherwise. */
export async function supportersPage(db: Db, filter: SupporterFilter, now: Date, after: [string, string] | null, limit: number) {
  const asc = filter === 'lapsing';
  let q = supportersQuery(db, filter, now);
  if (after) q = q.where((eb) => eb.or([eb('supporter_until', asc ? '>' : '<', after[0]), eb.and([eb('supporter_until', '=', after[0]), eb('id', asc ? '>' : '<', after[1])])]));
  return q.orderBy('supporter_until', asc ? 'asc' : 'desc').orderBy('id', asc ? 'asc' : 'desc').limit(limit).execute();
}

/** Every supporter under a filter, latest end of support first (the CSV export). */
export async function allSupporters(db: Db, filter: SupporterFilter, now: Date) {
  return supportersQuery(db, filter, now).orderBy('supporter_until', 'desc').orderBy('id', 'desc').execute();
}

export async function countSupporters(db: Db, filter: SupporterFilter, now: Date): Promise<number> {
  return Number((await supportersQuery(db, filter, now).clearSelect().select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);
}

/** Net given per user (site currency, refunds taken off), for one page of users. */
export async function netGiven(db: Db, currency: string, userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await db
    .selectFrom('donations')
    .select(['user_id', sql<number>`sum(amount - amount_refunded)`.as('net')])
    .where('user_id', 'in', userIds)
    .where('stripe_event_id', 'is not', null)
    .where('currency', '=', currency)
    .where('status', 'in', ['paid', 'refunded'])
    .groupBy('user_id')
    .$narrowType<{ user_id: NotNull }>()
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.net)]));
}

export interface MonthTotal {
  month: string; // YYYY-MM
  net: number; // minor units
  count: number;
}

/** Donations by month over the last `months` months in the site currency: gross minus refunds and lost disputes. */
export async function monthlyTotals(db: Db, currency: string, now: Date, months = 12): Promise<MonthTotal[]> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const month = sql<string>`substr(created_at, 1, 7)`;
  const rows = await db
    .selectFrom('donations')
    .select([month.as('month'), sql<number>`sum(case when status = 'dispute_lost' then 0 else amount - amount_refunded end)`.as('net'), sql<number>`count(*)`.as('count')])
    .where('stripe_event_id', 'is not', null)
    .where('currency', '=', currency)
    .where('created_at', '>=', start.toISOString())
    .groupBy(month)
    .execute();
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const out: MonthTotal[] = [];
  for (let i = 0; i < months; i++) {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
    const key = d.toISOString().slice(0, 7);
    const r = byMonth.get(key);
    out.push({ month: key, net: r ? Number(r.net) : 0, count: r ? Number(r.count) : 0 });
  }
  return out;
}
