/* What the payment provider's events record: donations, subscriptions, and which events were processed. */

import type { Insertable, Selectable, Updateable } from 'kysely';
import type { SubscriptionsTable } from './schema';
import type { Donation } from './supporters';
import type { Db } from './users';

export type Subscription = Selectable<SubscriptionsTable>;

/** Marks a provider event as processed; false when it already was (by this transaction's rivals too, once they commit). */
export async function claimEvent(db: Db, id: string, receivedAt: string): Promise<boolean> {
  const claimed = await db.insertInto('processed_events').values({ id, received_at: receivedAt }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return !!claimed;
}

export async function eventProcessed(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('processed_events').select('id').where('id', '=', id).executeTakeFirst());
}

/** Whether a webhook already recorded the payment of this checkout session. */
export async function checkoutRecorded(db: Db, checkoutSessionId: string): Promise<boolean> {
  return !!(await db.selectFrom('donations').select('id').where('stripe_checkout_session_id', '=', checkoutSessionId).where('stripe_event_id', 'is not', null).executeTakeFirst());
}

/** The user a subscription is linked to. */
export async function subscriptionOwner(db: Db, subscriptionId: string): Promise<string | null> {
  const s = await db.selectFrom('subscriptions').select('user_id').where('id', '=', subscriptionId).where('user_id', 'is not', null).executeTakeFirst();
  return s?.user_id ?? null;
}

/** The user a provider customer is linked to: through their latest donation, else a subscription. */
export async function customerOwner(db: Db, customerId: string): Promise<string | null> {
  const d = await db.selectFrom('donations').select('user_id').where('stripe_customer_id', '=', customerId).where('user_id', 'is not', null).orderBy('created_at', 'desc').executeTakeFirst();
  if (d?.user_id) return d.user_id;
  const s = await db.selectFrom('subscriptions').select('user_id').where('customer_id', '=', customerId).where('user_id', 'is not', null).executeTakeFirst();
  return s?.user_id ?? null;
}

/** Gives the user the donations (and subscriptions) of this customer or subscription no one owned yet; whether any donation moved. */
export async function adoptUnowned(db: Db, userId: string, ids: { customerId?: string | null; subscriptionId?: string | null }): Promise<boolean> {
  const adopted = await db
    .updateTable('donations')
    .set({ user_id: userId })
    .where('user_id', 'is', null)
    .where((eb) => eb.or([...(ids.customerId ? [eb('stripe_customer_id', '=', ids.customerId)] : []), ...(ids.subscriptionId ? [eb('stripe_subscription_id', '=', ids.subscriptionId)] : [])]))
    .executeTakeFirst();
  if (ids.customerId) await db.updateTable('subscriptions').set({ user_id: userId }).where('user_id', 'is', null).where('customer_id', '=', ids.customerId).execute();
  return Number(adopted.numUpdatedRows) > 0;
}

export async function findSubscription(db: Db, id: string): Promise<Subscription | undefined> {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a subscription; one that exists meanwhile is left alone when `ifAbsent`. */
export async function insertSubscription(db: Db, row: Insertable<SubscriptionsTable>, ifAbsent = false): Promise<void> {
  const q = db.insertInto('subscriptions').values(row);
  await (ifAbsent ? q.onConflict((oc) => oc.column('id').doNothing()) : q).execute();
}

export async function updateSubscription(db: Db, id: string, changes: Updateable<SubscriptionsTable>): Promise<void> {
  await db.updateTable('subscriptions').set(changes).where('id', '=', id).execute();
}

export interface PaymentKeys {
  checkoutSessionId?: string | null;
  invoiceId?: string | null;
  paymentIntentId?: string | null;
  chargeId?: string | null;
}

/** The donation rows that share any of these provider ids, oldest first. */
export async function donationsMatching(db: Db, keys: PaymentKeys): Promise<Donation[]> {
  const conds: Array<[keyof Donation & string, string]> = [];
  if (keys.checkoutSessionId) conds.push(['stripe_checkout_session_id', keys.checkoutSessionId]);
  if (keys.invoiceId) conds.push(['stripe_invoice_id', keys.invoiceId]);
  if (keys.paymentIntentId) conds.push(['stripe_payment_intent_id', keys.paymentIntentId]);
  if (keys.chargeId) conds.push(['stripe_charge_id', keys.chargeId]);
  if (!conds.length) return [];
  return db
    .selectFrom('donations')
    .selectAll()
    .where((eb) => eb.or(conds.map(([col, v]) => eb(col as 'stripe_charge_id', '=', v))))
    .orderBy('id')
    .execute();
}

export async function insertDonation(db: Db, row: Donation): Promise<void> {
  await db.insertInto('donations').values(row).execute();
}

/** Writes a donation row back whole. */
export async function saveDonation(db: Db, row: Donation): Promise<void> {
  const { id, ...rest } = row;
  await db.updateTable('donations').set(rest).where('id', '=', id).execute();
}

/** Deletes a donation row folded into another (the same payment recorded twice before its ids were known). */
export async function deleteDonation(db: Db, id: string): Promise<void> {
  await db.deleteFrom('donations').where('id', '=', id).execute();
}
