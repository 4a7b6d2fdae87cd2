import type { Kysely } from 'kysely';

/* Supporters and payments: what the webhook needs to keep donations right whatever order Stripe
   delivers events in (refunded amount, dispute state and when it was last set, the period a
   recurring payment covers), one row per payment intent / charge, what the account page shows of a
   subscription, and admin "end supporter status" markers next to grants. */

 
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('donations').addColumn('amount_refunded', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('donations').addColumn('dispute_status', 'text').execute();
  await db.schema.alterTable('donations').addColumn('dispute_event_created', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('donations').addColumn('period_end', 'text').execute();
  await db.schema.dropIndex('donations_payment_intent').execute();
  await db.schema.createIndex('donations_payment_intent_unique').on('donations').column('stripe_payment_intent_id').unique().execute();
  await db.schema.createIndex('donations_charge_unique').on('donations').column('stripe_charge_id').unique().execute();
  await db.schema.createIndex('donations_subscription').on('donations').column('stripe_subscription_id').execute();
  await db.schema.createIndex('donations_created').on('donations').column('created_at').execute();

  await db.schema.alterTable('subscriptions').addColumn('amount', 'integer').execute();
  await db.schema.alterTable('subscriptions').addColumn('currency', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('subscriptions_customer').on('subscriptions').column('customer_id').execute();

  // grant: supporter from created_at until `until` (null = open-ended); end: support that began before created_at stops there.
  await db.schema.alterTable('supporter_grants').addColumn('kind', 'text', (c) => c.notNull().defaultTo('grant')).execute();

  await db.schema.createIndex('users_supporter_until').on('users').columns(['supporter_until', 'id']).execute();
}

 
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_supporter_until').execute();
  await db.schema.alterTable('supporter_grants').dropColumn('kind').execute();
  await db.schema.dropIndex('subscriptions_customer').execute();
  for (const c of ['cancel_at_period_end', 'currency', 'amount']) await db.schema.alterTable('subscriptions').dropColumn(c).execute();
  for (const i of ['donations_created', 'donations_subscription', 'donations_charge_unique', 'donations_payment_intent_unique']) await db.schema.dropIndex(i).execute();
  await db.schema.createIndex('donations_payment_intent').on('donations').column('stripe_payment_intent_id').execute();
  for (const c of ['period_end', 'dispute_event_created', 'dispute_status', 'amount_refunded']) await db.schema.alterTable('donations').dropColumn(c).execute();
}
