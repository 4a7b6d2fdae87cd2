import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { ManualClock } from '../../src/domain/clock';
import { toApiUser } from '../../src/store/users';
import { charge, checkoutSession, deliver, dispute, event, invoice, sid, subscription, WEBHOOK_SECRET } from './stripe-fixtures';

const DAY = 86_400_000;
const METRICS_TOKEN = 'scraper-token-0123456789';

function suite(kind: 'sqlite' | 'postgres') {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: kind, env: { PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, PARLEY_METRICS_TOKEN: METRICS_TOKEN }, clock: new ManualClock(new Date('2026-03-02T10:00:00.000Z')) });
  });
  afterAll(async () => t?.close());

  const session = async (browser: Awaited<ReturnType<typeof signedIn>>['browser']) => (await browser.get('/api/session')).json().user as { supporter: { active: boolean; until: string | null } };
  const count = async (table: 'donations' | 'processed_events' | 'subscriptions' | 'mail_outbox') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** The supporter status as the API shows it, read straight from the user (sessions expire when the clock jumps months). */
  const statusOf = async (userId: string) => {
    const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    return (await toApiUser(t.ctx.db, row, t.clock.now())).supporter;
  };
  const donationsOf = (userId: string) => t.ctx.db.selectFrom('donations').selectAll().where('user_id', '=', userId).execute();

  /** A one-off donation paid through Checkout now, delivered and checked. */
  async function donate(userId: string, amount = 1000) {
    const customer = sid('cus');
    const pi = sid('pi');
    const cs = checkoutSession({ userId, amount, customer, paymentIntent: pi, created: t.clock.now() });
    const evt = event('checkout.session.completed', cs, t.clock.now());
    const res = await deliver(t, evt);
    expect(res.statusCode, res.body).toBe(200);
    return { customer, pi, cs, evt };
  }

  it('refuses forged calls with 400 bad_signature and stores nothing', async () => {
    const { user } = await signedIn(t);
    const evt = event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now());
    const before = { d: await count('donations'), p: await count('processed_events') };
    const cases = [
      await deliver(t, evt, { secret: 'whsec_somebody_else' }),
      await deliver(t, evt, { signature: null }),
      await deliver(t, evt, { signature: 't=1,v1=deadbeef' }),
      await deliver(t, evt, { signature: 'garbage' }),
      // Signed body, then altered in transit.
      await deliver(t, evt, { signature: (await import('stripe')).default.webhooks.generateTestHeaderString({ payload: JSON.stringify(evt), secret: WEBHOOK_SECRET, timestamp: Math.floor(t.clock.now().getTime() / 1000) }), rawBody: JSON.stringify({ ...evt, data: { object: { ...evt.data.object, amount_total: 1 } } }) }),
    ];
    for (const res of cases) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('bad_signature');
    }
    expect(await count('donations')).toBe(before.d);
    expect(await count('processed_events')).toBe(before.p);
    expect((await signedIn(t)).user.supporter_until).toBeNull();
    expect((await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow()).supporter_until).toBeNull();
  });

  it('refuses a correctly signed event with a stale timestamp (replayed capture)', async () => {
    const { user } = await signedIn(t);
    const evt = event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now());
    const stale = Math.floor(t.clock.now().getTime() / 1000) - 301;
    const res = await deliver(t, evt, { timestamp: stale });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_signature');
    expect(await donationsOf(user.id)).toEqual([]);
    // The same bytes signed within the tolerance are accepted.
    expect((await deliver(t, evt, { timestamp: stale + 10 })).statusCode).toBe(200);
    expect(await donationsOf(user.id)).toHaveLength(1);
  });

  it('acknowledges a signed event with impossible times (created 1e15) without applying it, so Stripe does not retry it forever', async () => {
    const { user } = await signedIn(t);
    const before = { d: await count('donations'), p: await count('processed_events') };
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() });
    for (const created of [1e15, -1e15, 1e12]) {
      const evt = { ...event('checkout.session.completed', cs, t.clock.now()), id: sid('evt'), created };
      const res = await deliver(t, evt);
      expect(res.statusCode, `${created}: ${res.body}`).toBe(200);
      expect(res.json()).toMatchObject({ received: true, handled: false, refused: 'impossible_data' });
    }
    expect(await count('donations')).toBe(before.d);
    expect(await count('processed_events')).toBe(before.p);
    expect((await statusOf(user.id)).active).toBe(false);
  });

  it('answers malformed but signed bodies with 4xx and stores nothing', async () => {
    const before = { d: await count('donations'), p: await count('processed_events') };
    const bad = ['{"id": "evt_1", "type": ', 'null', '[]', '{"id":"evt_x","type":"charge.refunded","created":1,"data":null}', '{"type":"charge.refunded","created":1,"data":{"object":{}}}'];
    for (const rawBody of bad) {
      const res = await deliver(t, null, { rawBody });
      expect(res.statusCode, rawBody).toBe(400);
      expect(['invalid_json', 'invalid_event']).toContain(res.json().error.code);
    }
    // Signed, well-formed envelopes whose objects are not what their type says.
    for (const [type, object] of [['invoice.paid', { id: 'in_x', parent: { subscription_details: { subscription: 'sub_x' } }, amount_paid: 5, lines: 'nope' }], ['charge.refunded', { id: 'ch_x', amount: 'lots' }], ['customer.subscription.updated', { id: 'sub_y', items: 7 }]] as const) {
      const res = await deliver(t, event(type, object as Record<string, unknown>, t.clock.now()));
      expect(res.statusCode, `${type}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('invalid_event');
    }
    const invalidUtf8 = await t.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0xff, 0x7d]) });
    expect(invalidUtf8.statusCode).toBe(400);
    expect(await count('donations')).toBe(before.d);
    expect(await count('processed_events')).toBe(before.p);
  });

  it('checkout.session.completed makes the reader a supporter for a year, records the donation, audits it and mails a receipt', async () => {
    const { user, browser, email } = await signedIn(t);
    expect((await session(browser)).supporter.active).toBe(false);
    const { customer, pi, cs, evt } = await donate(user.id, 1500);
    const s = await session(browser);
    expect(s.supporter.active).toBe(true);
    expect(s.supporter.until).toBe(new Date(evt.created * 1000 + 365 * DAY).toISOString());
    const [d] = await donationsOf(user.id);
    expect(d).toMatchObject({ kind: 'one_off', amount: 1500, currency: 'gbp', status: 'paid', provider: 'stripe', stripe_customer_id: customer, stripe_payment_intent_id: pi, stripe_checkout_session_id: cs.id, stripe_event_id: evt.id });
    const audits = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id']).where((eb) => eb.or([eb('target_id', '=', d!.id), eb('target_id', '=', user.id)])).execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['donation.recorded', 'supporter.recomputed']));
    expect(audits.every((a) => a.actor_id === null)).toBe(true);
    const mails = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/Thank you/);
    expect(mails[0]!.text).toContain('£15');
    expect(mails[0]!.text).toContain(d!.id);
  });

  it('a replayed or re-delivered event id changes nothing', async () => {
    const { user, browser, email } = await signedIn(t);
    const { evt } = await donate(user.id);
    const until = (await session(browser)).supporter.until;
    const donations = await count('donations');
    t.clock.advance(60_000);
    for (let i = 0; i < 3; i++) {
      const again = await deliver(t, evt); // freshly signed, same event id
      expect(again.statusCode).toBe(200);
      expect(again.json().duplicate).toBe(true);
    }
    expect(await count('donations')).toBe(donations);
    expect((await session(browser)).supporter.until).toBe(until);
    expect(await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(1);
  });

  it('a second donation extends from the current end', async () => {
    const { user } = await signedIn(t);
    const first = await donate(user.id);
    t.clock.advance(30 * DAY);
    await donate(user.id);
    expect((await statusOf(user.id)).until).toBe(new Date(first.evt.created * 1000 + 730 * DAY).toISOString());
  });

  it('a full refund after the grant ends the status; a partial refund does not', async () => {
    const { user, browser } = await signedIn(t);
    const { customer, pi } = await donate(user.id, 1000);
    const ch = charge({ amount: 1000, amountRefunded: 400, customer, paymentIntent: pi, fingerprint: 'fpPartial123', created: t.clock.now() });
    expect((await deliver(t, event('charge.refunded', ch, t.clock.now()))).statusCode).toBe(200);
    expect((await session(browser)).supporter.active).toBe(true);
    let [d] = await donationsOf(user.id);
    expect(d).toMatchObject({ status: 'paid', amount_refunded: 400, stripe_charge_id: ch.id, card_fingerprint: 'fpPartial123' });

    t.clock.advance(60_000);
    expect((await deliver(t, event('charge.refunded', { ...ch, amount_refunded: 1000, refunded: true }, t.clock.now()))).statusCode).toBe(200);
    expect((await session(browser)).supporter.active).toBe(false);
    [d] = await donationsOf(user.id);
    expect(d).toMatchObject({ status: 'refunded', amount_refunded: 1000 });
    // The older partial-refund event delivered again (new id) does not shrink the refund.
    t.clock.advance(60_000);
    await deliver(t, event('charge.refunded', ch, t.clock.now()));
    expect((await donationsOf(user.id))[0]).toMatchObject({ status: 'refunded', amount_refunded: 1000 });
    expect((await session(browser)).supporter.active).toBe(false);
  });

  it('a refund delivered before its checkout leaves the reader without status, with one donation row', async () => {
    const { user, browser, email } = await signedIn(t);
    const customer = sid('cus');
    const pi = sid('pi');
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer, paymentIntent: pi, created: t.clock.now() });
    const completed = event('checkout.session.completed', cs, t.clock.now());
    t.clock.advance(5 * 60_000);
    const refunded = event('charge.refunded', charge({ amount: 1000, amountRefunded: 1000, customer, paymentIntent: pi, created: t.clock.now() }), t.clock.now());
    expect((await deliver(t, refunded)).statusCode).toBe(200);
    expect((await session(browser)).supporter.active).toBe(false);
    expect((await deliver(t, completed)).statusCode).toBe(200);
    expect((await session(browser)).supporter.active).toBe(false);
    const rows = await donationsOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'refunded', stripe_checkout_session_id: cs.id, stripe_payment_intent_id: pi });
    // No thank-you for a donation that arrived already refunded.
    expect(await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(0);
  });

  it('disputes: open suspends, won restores, lost ends; an old "open" after the decision changes nothing', async () => {
    const { user, browser } = await signedIn(t);
    const { customer, pi } = await donate(user.id, 2000);
    const ch = charge({ amount: 2000, customer, paymentIntent: pi, created: t.clock.now() });
    const dp = dispute({ charge: ch.id, paymentIntent: pi, amount: 2000, status: 'needs_response', created: t.clock.now() });
    const created = event('charge.dispute.created', dp, t.clock.now());
    await deliver(t, created);
    expect((await session(browser)).supporter.active).toBe(false);
    expect((await donationsOf(user.id))[0]!.status).toBe('disputed');
    t.clock.advance(DAY);
    await deliver(t, event('charge.dispute.closed', { ...dp, status: 'won' }, t.clock.now()));
    expect((await session(browser)).supporter.active).toBe(true);

    const other = await signedIn(t);
    const second = await donate(other.user.id, 2000);
    const dp2 = dispute({ charge: sid('ch'), paymentIntent: second.pi, amount: 2000, status: 'needs_response', created: t.clock.now() });
    const open = event('charge.dispute.created', dp2, t.clock.now());
    t.clock.advance(DAY);
    await deliver(t, event('charge.dispute.closed', { ...dp2, status: 'lost' }, t.clock.now()));
    expect((await session(other.browser)).supporter.active).toBe(false);
    await deliver(t, open); // delivered late
    expect((await donationsOf(other.user.id))[0]!.status).toBe('dispute_lost');
    expect((await session(other.browser)).supporter.active).toBe(false);
  });

  it('monthly: checkout and invoices keep the reader a supporter through the paid period plus grace; cancellation ends it at the period end', async () => {
    const { user, browser } = await signedIn(t);
    const customer = sid('cus');
    const subId = sid('sub');
    const inv1 = sid('in');
    const start = t.clock.now();
    const periodEnd = new Date(start.getTime() + 31 * DAY);
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 500, customer, mode: 'subscription', subscription: subId, invoice: inv1, created: start }), start));
    await deliver(t, event('invoice.paid', invoice({ id: inv1, subscription: subId, customer, userId: user.id, amount: 500, periodStart: start, periodEnd, paidAt: start }), start));
    const activeEvt = event('customer.subscription.updated', subscription({ id: subId, customer, userId: user.id, status: 'active', periodStart: start, periodEnd, amount: 500 }), start);
    await deliver(t, activeEvt);
    expect(await donationsOf(user.id)).toHaveLength(1); // checkout + invoice.paid for the same invoice: one donation
    expect((await session(browser)).supporter.until).toBe(new Date(periodEnd.getTime() + 7 * DAY).toISOString());

    // Renewal.
    t.clock.set(periodEnd);
    const periodEnd2 = new Date(periodEnd.getTime() + 28 * DAY);
    await deliver(t, event('invoice.paid', invoice({ subscription: subId, customer, userId: user.id, amount: 500, periodStart: periodEnd, periodEnd: periodEnd2, paidAt: periodEnd }), t.clock.now()));
    expect((await statusOf(user.id)).until).toBe(new Date(periodEnd2.getTime() + 7 * DAY).toISOString());

    // Cancelled: supporter until the end of what was paid for, no grace.
    t.clock.advance(3 * DAY);
    const cancelled = event('customer.subscription.deleted', subscription({ id: subId, customer, userId: user.id, status: 'canceled', periodStart: periodEnd, periodEnd: periodEnd2, amount: 500 }), t.clock.now());
    await deliver(t, cancelled);
    expect((await statusOf(user.id)).until).toBe(periodEnd2.toISOString());
    // An older "active" update delivered after the deletion does not revive it.
    await deliver(t, activeEvt);
    await deliver(t, event('customer.subscription.updated', subscription({ id: subId, customer, userId: user.id, status: 'active', periodStart: periodEnd, periodEnd: periodEnd2, amount: 500 }), new Date(t.clock.now().getTime() - DAY)));
    expect((await t.ctx.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow()).status).toBe('canceled');
    expect((await statusOf(user.id)).until).toBe(periodEnd2.toISOString());
    t.clock.set(new Date(periodEnd2.getTime() + 1000));
    expect((await statusOf(user.id)).active).toBe(false);
  });

  it('subscription events in any order end in the same state', async () => {
    const results: Array<{ until: string | null; rows: number; status: string }> = [];
    const base = t.clock.now();
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]]) {
      const { user } = await signedIn(t);
      const customer = sid('cus');
      const subId = sid('sub');
      const inv = sid('in');
      const end = new Date(base.getTime() + 30 * DAY);
      const events = [
        event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 700, customer, mode: 'subscription', subscription: subId, invoice: inv, created: base }), base),
        event('invoice.paid', invoice({ id: inv, subscription: subId, customer, userId: user.id, amount: 700, periodStart: base, periodEnd: end, paidAt: base }), base),
        // Created and activated in the same second, as Stripe often does.
        event('customer.subscription.created', subscription({ id: subId, customer, userId: user.id, status: 'incomplete', periodStart: base, periodEnd: end, amount: 700 }), base),
        event('customer.subscription.updated', subscription({ id: subId, customer, userId: user.id, status: 'active', periodStart: base, periodEnd: end, amount: 700 }), base),
      ];
      for (const i of order) expect((await deliver(t, events[i]!)).statusCode).toBe(200);
      const u = await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow();
      const sub = await t.ctx.db.selectFrom('subscriptions').select('status').where('id', '=', subId).executeTakeFirstOrThrow();
      results.push({ until: u.supporter_until, rows: (await donationsOf(user.id)).length, status: sub.status });
    }
    expect(results[0]).toEqual({ until: new Date(base.getTime() + 37 * DAY).toISOString(), rows: 1, status: 'active' });
    for (const r of results) expect(r).toEqual(results[0]);
  });

  it('an invoice paid before its checkout is linked to the reader through the subscription metadata', async () => {
    const { user, browser, email } = await signedIn(t);
    const customer = sid('cus');
    const subId = sid('sub');
    const inv = sid('in');
    const now = t.clock.now();
    await deliver(t, event('invoice.paid', invoice({ id: inv, subscription: subId, customer, userId: user.id, amount: 300, periodStart: now, periodEnd: new Date(now.getTime() + 30 * DAY), paidAt: now }), now));
    expect((await session(browser)).supporter.active).toBe(true);
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 300, customer, mode: 'subscription', subscription: subId, invoice: inv, created: now }), now));
    const rows = await donationsOf(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'recurring', amount: 300, stripe_invoice_id: inv, stripe_subscription_id: subId, stripe_customer_id: customer });
    expect(await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(1);
  });

  it('a payment that arrives before anything names its reader is linked when a later event does', async () => {
    const { user } = await signedIn(t);
    const customer = sid('cus');
    const subId = sid('sub');
    const now = t.clock.now();
    const end = new Date(now.getTime() + 30 * DAY);
    await deliver(t, event('invoice.paid', invoice({ subscription: subId, customer, userId: null, amount: 400, periodStart: now, periodEnd: end, paidAt: now }), now));
    expect(await donationsOf(user.id)).toEqual([]);
    expect((await statusOf(user.id)).active).toBe(false);
    await deliver(t, event('customer.subscription.created', subscription({ id: subId, customer, userId: user.id, status: 'active', periodStart: now, periodEnd: end, amount: 400 }), now));
    expect(await donationsOf(user.id)).toHaveLength(1);
    expect((await statusOf(user.id)).until).toBe(new Date(end.getTime() + 7 * DAY).toISOString());
  });

  it('an unpaid (delayed) checkout grants nothing until async_payment_succeeded', async () => {
    const { user, browser } = await signedIn(t);
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now(), paymentStatus: 'unpaid' });
    await deliver(t, event('checkout.session.completed', cs, t.clock.now()));
    expect((await session(browser)).supporter.active).toBe(false);
    await deliver(t, event('checkout.session.async_payment_succeeded', { ...cs, payment_status: 'paid' }, t.clock.now()));
    expect((await session(browser)).supporter.active).toBe(true);
  });

  it('events Parley does not handle are acknowledged once', async () => {
    const evt = event('customer.created', { id: sid('cus'), object: 'customer', email: 'x@example.org' }, t.clock.now());
    const res = await deliver(t, evt);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ received: true, handled: false });
    expect((await deliver(t, evt)).json().duplicate).toBe(true);
  });

  it('counts webhook outcomes in /metrics', async () => {
    const { user } = await signedIn(t);
    const evt = event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now());
    const metric = async (labels: string) => {
      const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
      const line = text.split('\n').find((l) => l.startsWith(`parley_stripe_webhooks_total{${labels}}`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = { ok: await metric('type="checkout.session.completed",outcome="processed"'), dup: await metric('type="checkout.session.completed",outcome="duplicate"'), bad: await metric('type="other",outcome="bad_signature"') };
    await deliver(t, evt);
    await deliver(t, evt);
    await deliver(t, evt, { secret: 'whsec_wrong' });
    expect(await metric('type="checkout.session.completed",outcome="processed"')).toBe(before.ok + 1);
    expect(await metric('type="checkout.session.completed",outcome="duplicate"')).toBe(before.dup + 1);
    expect(await metric('type="other",outcome="bad_signature"')).toBe(before.bad + 1);
  });

  it('the webhook needs no CSRF token or session, and a cookie does not change that', async () => {
    const { browser, user } = await signedIn(t);
    const evt = event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now());
    const payload = JSON.stringify(evt);
    const Stripe = (await import('stripe')).default;
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(t.clock.now().getTime() / 1000) });
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header, cookie }, payload });
    expect(res.statusCode).toBe(200);
  });

  if (kind === 'postgres') {
    it('concurrent deliveries of related events settle on the right state', async () => {
      const { user } = await signedIn(t);
      const customer = sid('cus');
      const pi = sid('pi');
      const cs = checkoutSession({ userId: user.id, amount: 1000, customer, paymentIntent: pi, created: t.clock.now() });
      const completed = event('checkout.session.completed', cs, t.clock.now());
      const refunded = event('charge.refunded', charge({ amount: 1000, amountRefunded: 1000, customer, paymentIntent: pi, created: t.clock.now() }), t.clock.now());
      const results = await Promise.all([deliver(t, completed), deliver(t, refunded), deliver(t, completed), deliver(t, refunded)]);
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      const rows = await donationsOf(user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.status).toBe('refunded');
      expect((await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow()).supporter_until).toBeNull();
    });
  }
}

describe('Stripe webhooks (SQLite)', () => suite('sqlite'));
describe.runIf(requireService('PostgreSQL', !!PG_BASE_URL))('Stripe webhooks (PostgreSQL)', () => suite('postgres'));
