/* Stripe webhook events in the shapes Stripe sends (API version 2026-10-28), signed with the real
   signing scheme, and a sender that posts them to Parley like Stripe does. */
import Stripe from 'stripe';
import type { TestApp } from '../helpers/harness';

export const WEBHOOK_SECRET = 'whsec_parley_test_0123456789abcdef';
const API_VERSION = '2026-10-28.endive';

let seq = 0;
export function sid(prefix: string): string {
  seq += 1;
  return `${prefix}_test${Date.now().toString(36)}${seq.toString(36).padStart(4, '0')}`;
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export function event(type: string, object: Record<string, unknown>, created: Date, id = sid('evt')) {
  return {
    id,
    object: 'event',
    api_version: API_VERSION,
    created: unix(created),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: sid('req'), idempotency_key: null },
    type,
  };
}

export function checkoutSession(o: { userId: string | null; amount: number; currency?: string; customer: string; paymentIntent?: string | null; mode?: 'payment' | 'subscription'; subscription?: string | null; invoice?: string | null; created: Date; paymentStatus?: string }) {
  const mode = o.mode ?? 'payment';
  return {
    id: sid('cs'),
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: o.amount,
    amount_total: o.amount,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: 'http://parley.test/support/cancelled',
    client_reference_id: o.userId,
    created: unix(o.created) - 60,
    currency: o.currency ?? 'gbp',
    customer: o.customer,
    customer_creation: mode === 'payment' ? 'always' : null,
    customer_details: { email: 'donor@example.org', name: 'A Donor', address: { country: 'GB', postal_code: 'N1 9GU' }, tax_exempt: 'none', tax_ids: [] },
    customer_email: 'donor@example.org',
    expires_at: unix(o.created) + 86_400,
    invoice: mode === 'subscription' ? (o.invoice ?? null) : null,
    livemode: false,
    locale: null,
    metadata: o.userId ? { parley_user_id: o.userId } : {},
    mode,
    payment_intent: mode === 'payment' ? (o.paymentIntent ?? null) : null,
    payment_link: null,
    payment_method_types: ['card'],
    payment_status: o.paymentStatus ?? 'paid',
    status: 'complete',
    submit_type: mode === 'payment' ? 'donate' : null,
    subscription: mode === 'subscription' ? (o.subscription ?? null) : null,
    success_url: 'http://parley.test/support/thanks?session_id={CHECKOUT_SESSION_ID}',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: null,
  };
}

export function charge(o: { amount: number; amountRefunded?: number; currency?: string; customer: string; paymentIntent: string; id?: string; fingerprint?: string; created: Date }) {
  const refunded = o.amountRefunded ?? 0;
  return {
    id: o.id ?? sid('ch'),
    object: 'charge',
    amount: o.amount,
    amount_captured: o.amount,
    amount_refunded: refunded,
    balance_transaction: sid('txn'),
    billing_details: { email: 'donor@example.org', name: 'A Donor' },
    captured: true,
    created: unix(o.created),
    currency: o.currency ?? 'gbp',
    customer: o.customer,
    description: 'Donation to Parley',
    disputed: false,
    livemode: false,
    metadata: {},
    outcome: { network_status: 'approved_by_network', risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: true,
    payment_intent: o.paymentIntent,
    payment_method: sid('pm'),
    payment_method_details: {
      card: { brand: 'visa', checks: { cvc_check: 'pass' }, country: 'GB', exp_month: 12, exp_year: 2030, fingerprint: o.fingerprint ?? 'Xt5EWLLDS7FJjR1c', funding: 'credit', last4: '4242', network: 'visa' },
      type: 'card',
    },
    receipt_email: 'donor@example.org',
    refunded: refunded >= o.amount,
    status: 'succeeded',
  };
}

export function dispute(o: { charge: string; paymentIntent: string; amount: number; status: string; created: Date }) {
  return {
    id: sid('dp'),
    object: 'dispute',
    amount: o.amount,
    balance_transactions: [],
    charge: o.charge,
    created: unix(o.created),
    currency: 'gbp',
    evidence_details: { due_by: unix(o.created) + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: o.paymentIntent,
    reason: 'fraudulent',
    status: o.status,
  };
}

export function subscription(o: { id: string; customer: string; userId: string | null; status: string; periodStart: Date; periodEnd: Date; amount: number; cancelAtPeriodEnd?: boolean }) {
  return {
    id: o.id,
    object: 'subscription',
    billing_cycle_anchor: unix(o.periodStart),
    cancel_at: null,
    cancel_at_period_end: o.cancelAtPeriodEnd ?? false,
    canceled_at: o.status === 'canceled' ? unix(o.periodStart) : null,
    collection_method: 'charge_automatically',
    created: unix(o.periodStart),
    currency: 'gbp',
    customer: o.customer,
    ended_at: o.status === 'canceled' ? unix(o.periodStart) : null,
    items: {
      object: 'list',
      data: [
        {
          id: sid('si'),
          object: 'subscription_item',
          current_period_end: unix(o.periodEnd),
          current_period_start: unix(o.periodStart),
          price: { id: sid('price'), object: 'price', currency: 'gbp', recurring: { interval: 'month', interval_count: 1 }, type: 'recurring', unit_amount: o.amount },
          quantity: 1,
          subscription: o.id,
        },
      ],
      has_more: false,
    },
    latest_invoice: null,
    livemode: false,
    metadata: o.userId ? { parley_user_id: o.userId } : {},
    start_date: unix(o.periodStart),
    status: o.status,
  };
}

export function invoice(o: { id?: string; subscription: string; customer: string; userId: string | null; amount: number; periodStart: Date; periodEnd: Date; paidAt: Date }) {
  return {
    id: o.id ?? sid('in'),
    object: 'invoice',
    account_country: 'GB',
    amount_due: o.amount,
    amount_paid: o.amount,
    amount_remaining: 0,
    attempt_count: 1,
    attempted: true,
    billing_reason: 'subscription_cycle',
    collection_method: 'charge_automatically',
    created: unix(o.periodStart),
    currency: 'gbp',
    customer: o.customer,
    customer_email: 'donor@example.org',
    lines: {
      object: 'list',
      data: [
        {
          id: sid('il'),
          object: 'line_item',
          amount: o.amount,
          currency: 'gbp',
          description: '1 × Monthly donation to Parley',
          period: { start: unix(o.periodStart), end: unix(o.periodEnd) },
          parent: { type: 'subscription_item_details', subscription_item_details: { subscription: o.subscription } },
        },
      ],
      has_more: false,
    },
    livemode: false,
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: o.userId ? { parley_user_id: o.userId } : {}, subscription: o.subscription } },
    period_end: unix(o.periodStart),
    period_start: unix(o.periodStart),
    status: 'paid',
    status_transitions: { finalized_at: unix(o.paidAt), paid_at: unix(o.paidAt), voided_at: null },
    total: o.amount,
  };
}

/** Posts an event body to the webhook, signed (by default with the right secret at Parley's current time). */
export async function deliver(t: TestApp, evt: unknown, opts: { secret?: string; timestamp?: number; signature?: string | null; rawBody?: string } = {}) {
  const payload = opts.rawBody ?? JSON.stringify(evt);
  const header =
    opts.signature === null
      ? undefined
      : (opts.signature ??
        Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp ?? Math.floor(t.clock.now().getTime() / 1000) }));
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', ...(header ? { 'stripe-signature': header } : {}) },
    payload,
  });
}
