/*
 * Applies verified Stripe webhook events to Parley's records.
 *
 * Each event is processed at most once: its id goes into processed_events in the same transaction as
 * its effects, so a replay or a re-delivery after a crash changes nothing (or everything, never half).
 * Events may arrive in any order. The handlers therefore record facts rather than transitions:
 * - a payment (checkout.session.completed, invoice.paid) creates or completes one donations row,
 *   found by any id it shares with rows already stored (checkout session, invoice, payment intent, charge);
 * - a refund or dispute that arrives before its payment is kept on a placeholder row (no
 *   stripe_event_id) that the payment later completes; placeholders never grant anything;
 * - refunded amounts only grow (the largest reported wins); a decided dispute (won/lost) is never
 *   replaced by an older open state; subscription state is only replaced by a newer event
 *   (subscriptions.event_created) and a cancelled subscription stays cancelled;
 * then the supporter period of every affected user is recomputed from their whole history.
 */
import { isoFromUnixSeconds } from '../domain/clock';
import type Stripe from 'stripe';
import type { AppContext } from '../server/context';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema';
import { newId } from '../store/ids';
import { audit } from '../store/audit';
import { recomputeSupporter, type Donation } from '../store/supporters';
import {
  adoptUnowned,
  checkoutRecorded,
  claimEvent,
  customerOwner,
  deleteDonation,
  donationsMatching,
  eventProcessed,
  findSubscription,
  insertDonation,
  insertSubscription,
  saveDonation,
  subscriptionOwner,
  updateSubscription,
  type PaymentKeys,
} from '../store/payments';
import { userExists } from '../store/users';
import { donationStatus, isTerminalDispute } from '../domain/supporter-rules';
import { getSupportSettings } from './settings';
import type { ChargeDetails, PaymentProvider } from './provider';

type Trx = Transaction<Database>;

const hasRows = <T>(rows: T[]): rows is [T, ...T[]] => rows.length > 0;

export interface WebhookOutcome {
  duplicate: boolean;
  handled: boolean;
  /** Donations recorded by this event for the first time (the thank-you mail goes out for these). */
  recorded: Donation[];
  /** Donations recorded earlier that this event gave a card fingerprint or customer id. */
  identified: Donation[];
}

const iso = (unixSeconds: number): string => {
  const at = isoFromUnixSeconds(unixSeconds);
  if (at === null) throw new ImpossibleEventError(`${unixSeconds} is not a time Parley can store`);
  return at;
};

/** A verified event holding data no real payment has (a time in the year 31 million): acknowledged, not applied. */
export class ImpossibleEventError extends Error {}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function userIdFromMetadata(metadata: Stripe.Metadata | null | undefined): string | null {
  const v = metadata?.parley_user_id;
  return typeof v === 'string' && v ? v : null;
}

/** A verified event whose object lacks fields its type needs. */
export class MalformedEventError extends Error {}

type FieldType = 'string' | 'number' | 'string|object';
function need(object: unknown, fields: Record<string, FieldType>): void {
  const o = object as Record<string, unknown>;
  for (const [name, type] of Object.entries(fields)) {
    const v = o[name];
    const ok = type === 'string|object' ? (typeof v === 'string' && v !== '') || (typeof v === 'object' && v !== null) : type === 'string' ? typeof v === 'string' && v !== '' : typeof v === 'number' && Number.isFinite(v);
    if (!ok) throw new MalformedEventError(`${name} should be a ${type}`);
  }
}

const REQUIRED: Record<string, Record<string, FieldType>> = {
  'checkout.session.completed': { id: 'string', mode: 'string', payment_status: 'string' },
  'checkout.session.async_payment_succeeded': { id: 'string', mode: 'string', payment_status: 'string' },
  'invoice.paid': { id: 'string', amount_paid: 'number', currency: 'string' },
  'invoice_payment.paid': { id: 'string' },
  'customer.subscription.created': { id: 'string', status: 'string', customer: 'string|object' },
  'customer.subscription.updated': { id: 'string', status: 'string', customer: 'string|object' },
  'customer.subscription.deleted': { id: 'string', status: 'string', customer: 'string|object' },
  'charge.succeeded': { id: 'string', amount: 'number', currency: 'string' },
  'charge.refunded': { id: 'string', amount: 'number', amount_refunded: 'number', currency: 'string' },
  'charge.dispute.created': { id: 'string', status: 'string', charge: 'string|object', amount: 'number' },
  'charge.dispute.updated': { id: 'string', status: 'string', charge: 'string|object', amount: 'number' },
  'charge.dispute.closed': { id: 'string', status: 'string', charge: 'string|object', amount: 'number' },
};

/** Throws MalformedEventError when a handled event's object lacks what its handler reads. */
export function checkEventShape(event: Stripe.Event): void {
  const fields = REQUIRED[event.type];
  if (fields) need(event.data.object, fields);
  if (event.type.startsWith('customer.subscription.')) {
    const items = (event.data.object as { items?: unknown }).items;
    if (items !== undefined && (typeof items !== 'object' || items === null || !Array.isArray((items as { data?: unknown }).data))) throw new MalformedEventError('items should be a list');
  }
  if (event.type === 'invoice.paid') {
    const lines = (event.data.object as { lines?: unknown }).lines;
    if (lines !== undefined && (typeof lines !== 'object' || lines === null || !Array.isArray((lines as { data?: unknown }).data))) throw new MalformedEventError('lines should be a list');
  }
}

export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'invoice.paid',
  'invoice_payment.paid',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'charge.succeeded',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
]);

/**
 * Network look-ups an event may want (a card fingerprint is not in checkout.session.completed; a
 * basil-era invoice does not name its payment intent). Done before the transaction, and a failure
 * only means the detail is missing: the webhook still succeeds.
 */
export async function prefetchDetails(ctx: AppContext, provider: PaymentProvider | null, event: Stripe.Event, timeoutMs = 5000): Promise<ChargeDetails | null> {
  if (!provider) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    return await Promise.race([lookUp(ctx, provider, event), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function lookUp(ctx: AppContext, provider: PaymentProvider, event: Stripe.Event): Promise<ChargeDetails | null> {
  try {
    if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
      const s = event.data.object as Stripe.Checkout.Session;
      const pi = idOf(s.payment_intent);
      if (s.mode === 'payment' && pi) return await provider.paymentIntentDetails(pi);
      const invoice = idOf(s.invoice);
      if (s.mode === 'subscription' && invoice) return await provider.invoicePaymentDetails(invoice);
    }
    if (event.type === 'invoice.paid') {
      const inv = event.data.object as Stripe.Invoice & { payment_intent?: string | null };
      const pi = idOf(inv.payment_intent ?? null);
      if (pi) return await provider.paymentIntentDetails(pi);
      if (inv.id && inv.amount_paid > 0) return await provider.invoicePaymentDetails(inv.id);
    }
  } catch (err) {
    ctx.log.warn({ err: String(err), event: event.id }, 'stripe look-up failed; continuing without card details');
  }
  return null;
}

/**
 * The reader is back from Checkout before Stripe's webhook: look the session up and, if it is theirs
 * and paid, apply it now as if the webhook had come (processed once, under the id return:<session>).
 * The webhook that follows completes the same donation row and changes nothing else.
 * Returns whether a payment was applied; any failure leaves things to the webhook.
 */
export async function reconcileReturn(ctx: AppContext, provider: PaymentProvider, userId: string, sessionId: string): Promise<WebhookOutcome | null> {
  try {
    if (await alreadyProcessed(ctx, `return:${sessionId}`)) return null;
    if (await checkoutRecorded(ctx.db, sessionId)) return null; // the webhook was first
    const session = (await Promise.race([provider.retrieveCheckout(sessionId), new Promise<null>((r) => setTimeout(() => r(null), 5000).unref())])) as Stripe.Checkout.Session | null;
    if (!session || session.client_reference_id !== userId || session.status !== 'complete' || session.payment_status !== 'paid') return null;
    const created = Math.floor(ctx.clock.now().getTime() / 1000);
    const event = { id: `return:${session.id}`, object: 'event', type: 'checkout.session.completed', created, data: { object: session } } as unknown as Stripe.Event;
    const details = await prefetchDetails(ctx, provider, event);
    return await processStripeEvent(ctx, event, details);
  } catch (err) {
    ctx.log.warn({ err: String(err), sessionId }, 'checkout return look-up failed; waiting for the webhook');
    return null;
  }
}

export async function alreadyProcessed(ctx: AppContext, eventId: string): Promise<boolean> {
  return eventProcessed(ctx.db, `stripe:${eventId}`);
}

/** Processes one verified event inside one transaction. Retries once on a unique-key race between concurrent events. */
export async function processStripeEvent(ctx: AppContext, event: Stripe.Event, details: ChargeDetails | null): Promise<WebhookOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await processOnce(ctx, event, details);
    } catch (err) {
      if (attempt < 2 && /unique|duplicate key/i.test(String((err as Error).message))) continue;
      throw err;
    }
  }
}

async function processOnce(ctx: AppContext, event: Stripe.Event, details: ChargeDetails | null): Promise<WebhookOutcome> {
  const now = ctx.clock.now();
  const settings = await getSupportSettings(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await claimEvent(trx, `stripe:${event.id}`, now.toISOString()))) return { duplicate: true, handled: false, recorded: [], identified: [] };

    const run = new EventRun(trx, event, details, now);
    const handled = await run.apply();
    for (const userId of run.touchedUsers) {
      await recomputeSupporter(trx, ctx.store.dialect, userId, settings, now, null, `stripe:${event.id} ${event.type}`);
    }
    return { duplicate: false, handled, recorded: run.recorded, identified: run.identified.filter((d) => !run.recorded.some((r) => r.id === d.id)) };
  });
}

interface PaymentFacts {
  kind: 'one_off' | 'recurring';
  userId: string | null;
  amount: number;
  currency: string;
  paidAt: string;
  customerId: string | null;
  checkoutSessionId?: string | null;
  invoiceId?: string | null;
  paymentIntentId?: string | null;
  chargeId?: string | null;
  subscriptionId?: string | null;
  cardFingerprint?: string | null;
  periodEnd?: string | null;
  /** invoice.paid knows the period and amount exactly; checkout of a subscription does not. */
  authoritative: boolean;
}

interface ChargeFacts {
  chargeId: string | null;
  paymentIntentId: string | null;
  customerId: string | null;
  userId: string | null;
  amount: number | null;
  currency: string | null;
  cardFingerprint: string | null;
  amountRefunded?: number;
  dispute?: { status: string; created: number };
}

class EventRun {
  touchedUsers = new Set<string>();
  recorded: Donation[] = [];
  identified: Donation[] = [];
  private readonly reason: string;

  constructor(
    private readonly trx: Trx,
    private readonly event: Stripe.Event,
    private readonly details: ChargeDetails | null,
    private readonly now: Date,
  ) {
    this.reason = `stripe:${event.id}`;
  }

  async apply(): Promise<boolean> {
    const e = this.event;
    switch (e.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
        await this.checkoutCompleted(e.data.object as Stripe.Checkout.Session);
        return true;
      case 'invoice.paid':
        await this.invoicePaid(e.data.object as Stripe.Invoice);
        return true;
      case 'invoice_payment.paid':
        await this.invoicePaymentPaid(e.data.object as Stripe.InvoicePayment);
        return true;
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        await this.subscriptionChanged(e.data.object as Stripe.Subscription);
        return true;
      case 'charge.succeeded':
      case 'charge.refunded': {
        const ch = e.data.object as Stripe.Charge;
        await this.chargeFacts(
          {
            chargeId: ch.id,
            paymentIntentId: idOf(ch.payment_intent),
            customerId: idOf(ch.customer),
            userId: userIdFromMetadata(ch.metadata),
            amount: ch.amount,
            currency: ch.currency,
            cardFingerprint: ch.payment_method_details?.card?.fingerprint ?? null,
            amountRefunded: e.type === 'charge.refunded' ? ch.amount_refunded : undefined,
          },
          e.type === 'charge.refunded',
        );
        return true;
      }
      case 'charge.dispute.created':
      case 'charge.dispute.updated':
      case 'charge.dispute.closed': {
        const dp = e.data.object as Stripe.Dispute;
        const charge = typeof dp.charge === 'object' ? dp.charge : null;
        await this.chargeFacts(
          {
            chargeId: idOf(dp.charge),
            paymentIntentId: idOf(dp.payment_intent),
            customerId: charge ? idOf(charge.customer) : null,
            userId: null,
            amount: charge?.amount ?? dp.amount,
            currency: dp.currency,
            cardFingerprint: charge?.payment_method_details?.card?.fingerprint ?? null,
            dispute: { status: dp.status, created: e.created },
          },
          true,
        );
        return true;
      }
      default:
        return false;
    }
  }

  /** The Parley user behind a payment: named ids first (checked to exist), then the customer or subscription already linked to one. */
  private async resolveUser(opts: { named?: Array<string | null>; customerId?: string | null; subscriptionId?: string | null }): Promise<string | null> {
    for (const id of opts.named ?? []) {
      if (!id) continue;
      if (await userExists(this.trx, id)) return id;
    }
    const bySubscription = opts.subscriptionId ? await subscriptionOwner(this.trx, opts.subscriptionId) : null;
    if (bySubscription) return bySubscription;
    return opts.customerId ? customerOwner(this.trx, opts.customerId) : null;
  }

  /**
   * Rows recorded before Parley knew whose they were (an invoice or refund that arrived before the
   * event naming the reader) join that reader once a later event links the customer or subscription.
   */
  private async adopt(userId: string | null, ids: { customerId?: string | null; subscriptionId?: string | null }) {
    if (!userId || (!ids.customerId && !ids.subscriptionId)) return;
    if (await adoptUnowned(this.trx, userId, ids)) this.touchedUsers.add(userId);
  }

  private async checkoutCompleted(s: Stripe.Checkout.Session) {
    // Bank debits and other delayed methods complete as "unpaid"; checkout.session.async_payment_succeeded follows.
    if (s.payment_status !== 'paid') return;
    const customerId = idOf(s.customer);
    const subscriptionId = idOf(s.subscription);
    const userId = await this.resolveUser({ named: [s.client_reference_id, userIdFromMetadata(s.metadata)], customerId, subscriptionId });
    await this.adopt(userId, { customerId, subscriptionId });
    const paidAt = iso(this.event.created);
    const currency = (s.currency ?? 'gbp').toLowerCase();
    if (s.mode === 'subscription') {
      if (subscriptionId) await this.softSubscription(subscriptionId, userId, customerId, s.amount_total ?? null, currency);
      const amount = s.amount_total ?? 0;
      if (amount <= 0) return;
      await this.recordPayment({
        kind: 'recurring',
        userId,
        amount,
        currency,
        paidAt,
        customerId,
        checkoutSessionId: s.id,
        invoiceId: idOf(s.invoice),
        subscriptionId,
        paymentIntentId: this.details?.paymentIntentId ?? null,
        chargeId: this.details?.chargeId ?? null,
        cardFingerprint: this.details?.cardFingerprint ?? null,
        authoritative: false,
      });
      return;
    }
    const amount = s.amount_total ?? 0;
    if (s.mode !== 'payment' || amount <= 0) return;
    await this.recordPayment({
      kind: 'one_off',
      userId,
      amount,
      currency,
      paidAt,
      customerId: customerId ?? this.details?.customerId ?? null,
      checkoutSessionId: s.id,
      paymentIntentId: idOf(s.payment_intent),
      chargeId: this.details?.chargeId ?? null,
      cardFingerprint: this.details?.cardFingerprint ?? null,
      authoritative: true,
    });
  }

  private async invoicePaid(inv: Stripe.Invoice) {
    const legacy = inv as Stripe.Invoice & { subscription?: string | { id: string } | null; subscription_details?: { metadata?: Stripe.Metadata | null } | null; payment_intent?: string | { id: string } | null; charge?: string | { id: string } | null };
    const subDetails = inv.parent?.subscription_details ?? null;
    const subscriptionId = idOf(subDetails?.subscription ?? legacy.subscription ?? null);
    if (!subscriptionId || !inv.id) return; // Parley only bills subscriptions through invoices
    const customerId = idOf(inv.customer);
    const userId = await this.resolveUser({ named: [userIdFromMetadata(subDetails?.metadata ?? legacy.subscription_details?.metadata)], customerId, subscriptionId });
    await this.adopt(userId, { customerId, subscriptionId });
    await this.softSubscription(subscriptionId, userId, customerId, null, inv.currency);
    if (inv.amount_paid <= 0) return;
    const ends = (inv.lines?.data ?? []).map((l) => l.period?.end).filter((v): v is number => typeof v === 'number');
    const paidAtUnix = inv.status_transitions?.paid_at ?? this.event.created;
    await this.recordPayment({
      kind: 'recurring',
      userId,
      amount: inv.amount_paid,
      currency: inv.currency,
      paidAt: iso(paidAtUnix),
      customerId,
      invoiceId: inv.id,
      subscriptionId,
      paymentIntentId: idOf(legacy.payment_intent) ?? this.details?.paymentIntentId ?? null,
      chargeId: idOf(legacy.charge) ?? this.details?.chargeId ?? null,
      cardFingerprint: this.details?.cardFingerprint ?? null,
      periodEnd: ends.length ? iso(Math.max(...ends)) : null,
      authoritative: true,
    });
  }

  /** Links an invoice to the payment intent that paid it (basil-era invoices do not carry it). */
  private async invoicePaymentPaid(ip: Stripe.InvoicePayment) {
    const invoiceId = idOf(ip.invoice as string | { id: string } | null);
    const pi = idOf(ip.payment?.payment_intent ?? null);
    if (!invoiceId || !pi) return;
    const rows = await this.findRows({ invoiceId, paymentIntentId: pi });
    if (hasRows(rows)) {
      await this.mergeAndUpdate(rows, { stripe_invoice_id: invoiceId, stripe_payment_intent_id: pi });
      return;
    }
    await this.insertPlaceholder({ kind: 'recurring', amount: ip.amount_paid ?? ip.amount_requested ?? 0, currency: ip.currency, stripe_invoice_id: invoiceId, stripe_payment_intent_id: pi });
  }

  private async subscriptionChanged(sub: Stripe.Subscription) {
    const legacy = sub as Stripe.Subscription & { current_period_end?: number };
    const item = sub.items?.data?.[0];
    const periodEnd = item?.current_period_end ?? legacy.current_period_end ?? null;
    const customerId = idOf(sub.customer);
    const userId = await this.resolveUser({ named: [userIdFromMetadata(sub.metadata)], customerId, subscriptionId: sub.id });
    await this.adopt(userId, { customerId, subscriptionId: sub.id });
    const existing = await findSubscription(this.trx, sub.id);
    const amount = item?.price?.unit_amount != null ? item.price.unit_amount * (item.quantity ?? 1) : null;
    const state = {
      status: sub.status,
      current_period_end: periodEnd ? iso(periodEnd) : null,
      cancel_at_period_end: sub.cancel_at_period_end ? 1 : 0,
      amount,
      currency: sub.currency ?? null,
      updated_at: this.now.toISOString(),
      event_created: this.event.created,
    };
    if (!existing) {
      await insertSubscription(this.trx, { id: sub.id, user_id: userId, customer_id: customerId, ...state });
      await audit(this.trx, { actorId: null, action: 'subscription.updated', targetKind: 'subscription', targetId: sub.id, reason: this.reason, before: null, after: { status: sub.status, userId } }, this.now);
    } else {
      // A cancelled subscription never comes back; otherwise only a newer event replaces the state.
      // Stripe times events in whole seconds: on a tie the later stage of a subscription's life wins.
      const stale =
        this.event.created < existing.event_created ||
        (this.event.created === existing.event_created && stage(sub.status) < stage(existing.status)) ||
        (existing.status === 'canceled' && sub.status !== 'canceled');
      const fill = { user_id: existing.user_id ?? userId, customer_id: existing.customer_id ?? customerId };
      await updateSubscription(this.trx, sub.id, stale ? fill : { ...fill, ...state });
      if (!stale && existing.status !== sub.status) {
        await audit(this.trx, { actorId: null, action: 'subscription.updated', targetKind: 'subscription', targetId: sub.id, reason: this.reason, before: { status: existing.status }, after: { status: sub.status } }, this.now);
      }
    }
    const owner = existing?.user_id ?? userId;
    if (owner) this.touchedUsers.add(owner);
  }

  /** A subscription seen through a checkout or an invoice: created as active if unknown, never overriding real state. */
  private async softSubscription(id: string, userId: string | null, customerId: string | null, amount: number | null, currency: string | null) {
    const existing = await findSubscription(this.trx, id);
    if (!existing) {
      await insertSubscription(this.trx, { id, user_id: userId, status: 'active', current_period_end: null, customer_id: customerId, updated_at: this.now.toISOString(), event_created: 0, amount, currency }, true);
    } else if ((!existing.user_id && userId) || (!existing.customer_id && customerId) || (existing.amount === null && amount !== null)) {
      await updateSubscription(this.trx, id, { user_id: existing.user_id ?? userId, customer_id: existing.customer_id ?? customerId, amount: existing.amount ?? amount, currency: existing.currency ?? currency });
    }
    const owner = existing?.user_id ?? userId;
    if (owner) this.touchedUsers.add(owner);
  }

  private async findRows(keys: PaymentKeys): Promise<Donation[]> {
    return donationsMatching(this.trx, keys);
  }

  /**
   * Folds rows that turned out to be the same payment into one (a refund placeholder and its later
   * payment), applies `changes`, recomputes the status, and returns the row before and after.
   */
  private async mergeAndUpdate(rows: [Donation, ...Donation[]], changes: Partial<Donation>): Promise<{ before: Donation; after: Donation }> {
    const primary = rows.find((r) => r.stripe_event_id) ?? rows[0];
    const merged: Donation = { ...primary };
    for (const other of rows) {
      if (other.id === primary.id) continue;
      for (const [k, v] of Object.entries(other) as Array<[keyof Donation, unknown]>) {
        if ((merged[k] === null || merged[k] === undefined) && v !== null) (merged as Record<string, unknown>)[k] = v;
      }
      merged.amount_refunded = Math.max(merged.amount_refunded, other.amount_refunded);
      if (other.dispute_status && pickDispute(merged, other.dispute_status, other.dispute_event_created)) {
        merged.dispute_status = other.dispute_status;
        merged.dispute_event_created = other.dispute_event_created;
      }
      await deleteDonation(this.trx, other.id);
    }
    for (const [k, v] of Object.entries(changes)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
    merged.status = donationStatus({ amount: merged.amount, amountRefunded: merged.amount_refunded, disputeStatus: merged.dispute_status });
    await saveDonation(this.trx, merged);
    return { before: primary, after: merged };
  }

  private async insertPlaceholder(values: Partial<Donation> & { kind: string; amount: number; currency: string }): Promise<Donation> {
    const row: Donation = {
      id: newId(this.now.getTime()),
      user_id: null,
      provider: 'stripe',
      status: 'paid',
      created_at: iso(this.event.created),
      stripe_event_id: null,
      stripe_checkout_session_id: null,
      stripe_customer_id: null,
      stripe_payment_intent_id: null,
      stripe_charge_id: null,
      stripe_subscription_id: null,
      stripe_invoice_id: null,
      card_fingerprint: null,
      amount_refunded: 0,
      dispute_status: null,
      dispute_event_created: 0,
      period_end: null,
      ...values,
    };
    row.currency = row.currency.toLowerCase();
    row.status = donationStatus({ amount: row.amount, amountRefunded: row.amount_refunded, disputeStatus: row.dispute_status });
    await insertDonation(this.trx, row);
    return row;
  }

  private async recordPayment(p: PaymentFacts) {
    const rows = await this.findRows(p);
    const ids = {
      stripe_checkout_session_id: p.checkoutSessionId ?? null,
      stripe_invoice_id: p.invoiceId ?? null,
      stripe_payment_intent_id: p.paymentIntentId ?? null,
      stripe_charge_id: p.chargeId ?? null,
      stripe_subscription_id: p.subscriptionId ?? null,
      stripe_customer_id: p.customerId,
      card_fingerprint: p.cardFingerprint ?? null,
    };
    let after: Donation;
    if (!hasRows(rows)) {
      after = await this.insertPlaceholder({ kind: p.kind, amount: p.amount, currency: p.currency, user_id: p.userId, created_at: p.paidAt, stripe_event_id: this.event.id, period_end: p.periodEnd ?? null, ...ids });
    } else {
      const primary = rows.find((r) => r.stripe_event_id) ?? rows[0];
      const changes: Partial<Donation> = {};
      for (const [k, v] of Object.entries(ids) as Array<[keyof Donation, string | null]>) {
        if (v && !rows.some((r) => r[k])) (changes as Record<string, unknown>)[k] = v;
      }
      if (!primary.user_id && p.userId) changes.user_id = p.userId;
      if (p.authoritative || !primary.stripe_event_id) {
        changes.kind = p.kind;
        changes.amount = p.amount;
        changes.currency = p.currency.toLowerCase();
        changes.created_at = p.paidAt;
        if (p.periodEnd) changes.period_end = p.periodEnd;
      }
      if (!primary.stripe_event_id) changes.stripe_event_id = this.event.id;
      ({ after } = await this.mergeAndUpdate(rows, changes));
    }
    const recordedBefore = rows.find((r) => r.stripe_event_id);
    if (recordedBefore && after.user_id && ((after.card_fingerprint && !recordedBefore.card_fingerprint) || (after.stripe_customer_id && !recordedBefore.stripe_customer_id))) {
      this.identified.push(after);
    }
    // Recorded for the first time unless an earlier payment event (e.g. checkout before invoice.paid) already did.
    if (!recordedBefore) {
      this.recorded.push(after);
      await audit(this.trx, { actorId: null, action: 'donation.recorded', targetKind: 'donation', targetId: after.id, reason: this.reason, after: { userId: after.user_id, kind: after.kind, amount: after.amount, currency: after.currency, status: after.status } }, this.now);
    }
    if (after.user_id) this.touchedUsers.add(after.user_id);
  }

  /** Refunds, disputes and card details from charge-level events. */
  private async chargeFacts(f: ChargeFacts, keepPlaceholder: boolean) {
    const rows = await this.findRows({ chargeId: f.chargeId, paymentIntentId: f.paymentIntentId });
    const changes: Partial<Donation> = {};
    const target = rows.find((r) => r.stripe_event_id) ?? rows[0];
    if (f.chargeId && !rows.some((r) => r.stripe_charge_id)) changes.stripe_charge_id = f.chargeId;
    if (f.paymentIntentId && !rows.some((r) => r.stripe_payment_intent_id)) changes.stripe_payment_intent_id = f.paymentIntentId;
    if (f.cardFingerprint && !target?.card_fingerprint) changes.card_fingerprint = f.cardFingerprint;
    if (f.customerId && !target?.stripe_customer_id) changes.stripe_customer_id = f.customerId;
    if (f.amountRefunded !== undefined) changes.amount_refunded = Math.max(f.amountRefunded, ...rows.map((r) => r.amount_refunded));
    if (f.dispute && (!target || pickDispute(target, f.dispute.status, f.dispute.created))) {
      changes.dispute_status = f.dispute.status;
      changes.dispute_event_created = f.dispute.created;
    }

    let before: Donation | null = null;
    let after: Donation;
    if (hasRows(rows)) {
      ({ before, after } = await this.mergeAndUpdate(rows, changes));
    } else {
      if (!keepPlaceholder) return; // a charge.succeeded before its payment event: the payment brings the details
      const userId = await this.resolveUser({ named: [f.userId], customerId: f.customerId });
      after = await this.insertPlaceholder({ kind: 'one_off', amount: f.amount ?? 0, currency: f.currency ?? 'gbp', user_id: userId, ...changes });
    }
    if (before?.stripe_event_id && after.user_id && ((after.card_fingerprint && !before.card_fingerprint) || (after.stripe_customer_id && !before.stripe_customer_id))) {
      this.identified.push(after);
    }
    if (before && before.status !== after.status) {
      await audit(this.trx, { actorId: null, action: `donation.${after.status === 'paid' ? 'reinstated' : after.status}`, targetKind: 'donation', targetId: after.id, reason: this.reason, before: { status: before.status, amountRefunded: before.amount_refunded, dispute: before.dispute_status }, after: { status: after.status, amountRefunded: after.amount_refunded, dispute: after.dispute_status } }, this.now);
    } else if (!before) {
      await audit(this.trx, { actorId: null, action: 'donation.pending_payment', targetKind: 'donation', targetId: after.id, reason: this.reason, after: { status: after.status, amountRefunded: after.amount_refunded, dispute: after.dispute_status } }, this.now);
    }
    if (after.user_id) this.touchedUsers.add(after.user_id);
  }
}

const STAGES: Record<string, number> = { incomplete: 0, trialing: 1, active: 1, past_due: 1, paused: 1, unpaid: 2, incomplete_expired: 3, canceled: 3 };
function stage(status: string): number {
  return STAGES[status] ?? 1;
}

/** Whether a dispute status from an event should replace the stored one. */
function pickDispute(row: Pick<Donation, 'dispute_status' | 'dispute_event_created'>, status: string, created: number): boolean {
  if (!row.dispute_status) return true;
  const storedFinal = isTerminalDispute(row.dispute_status);
  const incomingFinal = isTerminalDispute(status);
  if (storedFinal && !incomingFinal) return false;
  if (incomingFinal && !storedFinal) return true;
  return created >= row.dispute_event_created;
}
