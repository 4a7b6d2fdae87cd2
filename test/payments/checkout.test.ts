import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { startStripeStub, type StubRequest } from './stripe-api-stub';
import { charge, checkoutSession, deliver, event, invoice, sid, WEBHOOK_SECRET } from './stripe-fixtures';

const SECRET_KEY = 'sk_test_parley_0000000000000000';

let t: TestApp;
let stub: Awaited<ReturnType<typeof startStripeStub>>;
let mode: 'ok' | 'fail' = 'ok';
const returnSessions = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  stub = await startStripeStub((req: StubRequest) => {
    if (mode === 'fail') return { status: 400, body: { error: { type: 'invalid_request_error', message: 'Invalid currency: xyz' } } };
    if (req.method === 'POST' && req.path === '/v1/checkout/sessions') {
      const id = `cs_test_${stub.requests.length}`;
      return { body: { id, object: 'checkout.session', url: `https://checkout.stripe.com/c/pay/${id}`, mode: req.params.mode, status: 'open' } };
    }
    if (req.method === 'POST' && req.path === '/v1/billing_portal/sessions') {
      return { body: { id: 'bps_test_1', object: 'billing_portal.session', customer: req.params.customer, url: 'https://billing.stripe.com/p/session/test_1', return_url: req.params.return_url } };
    }
    const cs = /^\/v1\/checkout\/sessions\/(cs_[\w]+)$/.exec(req.path);
    if (req.method === 'GET' && cs) {
      const known = returnSessions.get(cs[1]!);
      return known ? { body: known } : { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such checkout session' } } };
    }
    if (req.method === 'GET' && req.path === '/v1/invoice_payments') {
      const inv = req.query.invoice!;
      return { body: { object: 'list', url: '/v1/invoice_payments', has_more: false, data: [{ id: `inpay_${inv}`, object: 'invoice_payment', invoice: inv, status: 'paid', amount_paid: 500, currency: 'gbp', is_default: true, payment: { type: 'payment_intent', payment_intent: `pi_for_${inv}` } }] } };
    }
    const pi = /^\/v1\/payment_intents\/(pi_[\w]+)$/.exec(req.path);
    if (req.method === 'GET' && pi) {
      if (pi[1]!.includes('broken')) return { status: 400, body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } } };
      return {
        body: {
          id: pi[1],
          object: 'payment_intent',
          customer: 'cus_from_pi',
          latest_charge: { id: `ch_for_${pi[1]}`, object: 'charge', payment_intent: pi[1], customer: 'cus_from_pi', payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', fingerprint: 'fpFromApi42' } } },
        },
      };
    }
    return undefined;
  });
  t = await makeApp({ env: { PARLEY_STRIPE_SECRET_KEY: SECRET_KEY, PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, PARLEY_STRIPE_API_BASE: stub.base } });
});
afterAll(async () => {
  await t?.close();
  await stub?.close();
});
beforeEach(() => {
  mode = 'ok';
  stub.requests.length = 0;
});

describe('POST /api/support/checkout', () => {
  it('asks an anonymous reader to create an account first, and calls nobody', async () => {
    const res = await new Browser(t, '10.40.0.1').post('/api/support/checkout', { amount: 500, currency: 'gbp', recurring: false });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('sign_in_required');
    expect(res.json().error.message).toMatch(/create an account/i);
    expect(stub.requests).toEqual([]);
  });

  it('creates a one-off Checkout Session with exactly the parameters Parley means to send', async () => {
    const { browser, user, email } = await signedIn(t, { name: 'Dana' });
    const res = await browser.post('/api/support/checkout', { amount: 1250, currency: 'GBP', recurring: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/checkout/sessions');
    expect(req.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(req.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(req.params).toEqual({
      mode: 'payment',
      client_reference_id: user.id,
      'metadata[parley_user_id]': user.id,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'gbp',
      'line_items[0][price_data][unit_amount]': '1250',
      'line_items[0][price_data][product_data][name]': 'Donation to Parley',
      success_url: 'http://parley.test/support/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://parley.test/support/cancelled',
      customer_email: email,
      submit_type: 'donate',
      'payment_intent_data[metadata][parley_user_id]': user.id,
      'payment_intent_data[description]': 'Donation to Parley',
      customer_creation: 'always',
    });
  });

  it('creates a monthly subscription session with a recurring price', async () => {
    const { browser, user, email } = await signedIn(t);
    const res = await browser.post('/api/support/checkout', { amount: 500, currency: 'gbp', recurring: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(stub.requests[0]!.params).toEqual({
      mode: 'subscription',
      client_reference_id: user.id,
      'metadata[parley_user_id]': user.id,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'gbp',
      'line_items[0][price_data][unit_amount]': '500',
      'line_items[0][price_data][product_data][name]': 'Monthly donation to Parley',
      'line_items[0][price_data][recurring][interval]': 'month',
      success_url: 'http://parley.test/support/thanks?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://parley.test/support/cancelled',
      customer_email: email,
      'subscription_data[metadata][parley_user_id]': user.id,
      'subscription_data[description]': 'Monthly donation to Parley',
    });
  });

  it('reuses the Stripe customer of a returning donor', async () => {
    const { browser, user } = await signedIn(t);
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: 'cus_returning1', paymentIntent: sid('pi'), created: t.clock.now() });
    expect((await deliver(t, event('checkout.session.completed', cs, t.clock.now()))).statusCode).toBe(200);
    stub.requests.length = 0;
    await browser.post('/api/support/checkout', { amount: 1000, currency: 'gbp', recurring: false });
    const params = stub.requests.find((r) => r.path === '/v1/checkout/sessions')!.params;
    expect(params.customer).toBe('cus_returning1');
    expect(params.customer_email).toBeUndefined();
    expect(params.customer_creation).toBeUndefined();
  });

  it('validates amount and currency before calling Stripe', async () => {
    const { browser } = await signedIn(t);
    const bad: unknown[] = [
      { amount: 299, currency: 'gbp', recurring: false }, // below the £3 minimum
      { amount: 500_001, currency: 'gbp', recurring: false }, // above the maximum
      { amount: 5.5, currency: 'gbp', recurring: false }, // not minor units
      { amount: 500, currency: 'usd', recurring: false },
      { amount: 500, currency: 'gbp' },
      { amount: -500, currency: 'gbp', recurring: true },
      { amount: '500; drop table', currency: 'gbp', recurring: false },
    ];
    for (const body of bad) {
      const res = await browser.post('/api/support/checkout', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect((await browser.post('/api/support/checkout', { amount: 299, currency: 'gbp', recurring: false })).json().error.message).toContain('£3');
    expect(stub.requests).toEqual([]);
  });

  it('follows the configured minimum and presets', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    expect((await admin.browser.put('/api/admin/support/settings', { minimum: 100, oneOffPresets: [100, 200] })).statusCode).toBe(200);
    const options = (await new Browser(t, '10.40.0.9').get('/api/support/options')).json();
    expect(options).toMatchObject({ configured: true, currency: 'gbp', minimum: 100, oneOffPresets: [100, 200] });
    expect((await admin.browser.post('/api/support/checkout', { amount: 150, currency: 'gbp', recurring: false })).statusCode).toBe(200);
    expect((await admin.browser.put('/api/admin/support/settings', { minimum: 300, oneOffPresets: [500, 1000, 2500, 5000] })).statusCode).toBe(200);
    expect((await admin.browser.post('/api/support/checkout', { amount: 150, currency: 'gbp', recurring: false })).statusCode).toBe(422);
    const reader = await signedIn(t);
    expect((await reader.browser.put('/api/admin/support/settings', { minimum: 100 })).statusCode).toBe(403);
  });

  it('answers 502 when Stripe refuses, without leaking Stripe’s message', async () => {
    const { browser } = await signedIn(t);
    mode = 'fail';
    const res = await browser.post('/api/support/checkout', { amount: 500, currency: 'gbp', recurring: false });
    expect(res.statusCode).toBe(502);
    expect(res.json().error.code).toBe('payment_provider_error');
    expect(res.body).not.toContain('Invalid currency');
  });

  it('needs the CSRF token like every other cookie-session POST', async () => {
    const { browser } = await signedIn(t);
    browser.csrf = null;
    const res = await browser.post('/api/support/checkout', { amount: 500, currency: 'gbp', recurring: false });
    expect(res.statusCode).toBe(403);
    expect(stub.requests).toEqual([]);
  });
});

describe('POST /api/support/portal', () => {
  it('opens the Stripe customer portal for a donor, and refuses someone who never paid', async () => {
    const { browser, user } = await signedIn(t);
    expect((await browser.post('/api/support/portal', {})).json().error.code).toBe('no_donations');
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: 'cus_portal1', paymentIntent: sid('pi'), created: t.clock.now() });
    await deliver(t, event('checkout.session.completed', cs, t.clock.now()));
    stub.requests.length = 0;
    const res = await browser.post('/api/support/portal', {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ url: 'https://billing.stripe.com/p/session/test_1' });
    expect(stub.requests[0]!.path).toBe('/v1/billing_portal/sessions');
    expect(stub.requests[0]!.params).toEqual({ customer: 'cus_portal1', return_url: 'http://parley.test/account' });
  });
});

describe('card details for checkout.session.completed', () => {
  it('looks up the charge and card fingerprint through the API', async () => {
    const { user } = await signedIn(t);
    const pi = sid('pi');
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: 'cus_fp1', paymentIntent: pi, created: t.clock.now() });
    expect((await deliver(t, event('checkout.session.completed', cs, t.clock.now()))).statusCode).toBe(200);
    const lookup = stub.requests.find((r) => r.path === `/v1/payment_intents/${pi}`)!;
    expect(lookup.method).toBe('GET');
    expect(lookup.query['expand[0]']).toBe('latest_charge');
    const d = await t.ctx.db.selectFrom('donations').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ card_fingerprint: 'fpFromApi42', stripe_charge_id: `ch_for_${pi}`, stripe_customer_id: 'cus_fp1' });
  });

  it('still records the donation when the look-up fails', async () => {
    const { user } = await signedIn(t);
    const pi = sid('pi_broken');
    const cs = checkoutSession({ userId: user.id, amount: 1000, customer: 'cus_fp2', paymentIntent: pi, created: t.clock.now() });
    expect((await deliver(t, event('checkout.session.completed', cs, t.clock.now()))).statusCode).toBe(200);
    const d = await t.ctx.db.selectFrom('donations').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ status: 'paid', card_fingerprint: null, stripe_payment_intent_id: pi });
  });
});

describe('the return page', () => {
  it('applies a paid session at once when the reader is back before the webhook; the webhook then changes nothing', async () => {
    const { browser, user, email } = await signedIn(t);
    const pi = sid('pi');
    const cs = checkoutSession({ userId: user.id, amount: 1500, customer: 'cus_return1', paymentIntent: pi, created: t.clock.now() });
    returnSessions.set(cs.id, cs);
    const page = await browser.get(`/support/thanks?session_id=${cs.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-supporter="active"');
    const rows = () => t.ctx.db.selectFrom('donations').selectAll().where('user_id', '=', user.id).execute();
    expect(await rows()).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ amount: 1500, stripe_checkout_session_id: cs.id, card_fingerprint: 'fpFromApi42' });
    // Reloading the page does not look the session up again.
    stub.requests.length = 0;
    await browser.get(`/support/thanks?session_id=${cs.id}`);
    expect(stub.requests).toEqual([]);
    // Stripe's webhook for the same session: same row, no second receipt.
    expect((await deliver(t, event('checkout.session.completed', cs, t.clock.now()))).statusCode).toBe(200);
    expect(await rows()).toHaveLength(1);
    expect(await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute()).toHaveLength(1);
  });

  it('ignores a session that belongs to someone else, is unpaid or does not exist', async () => {
    const owner = await signedIn(t);
    const other = await signedIn(t);
    const cs = checkoutSession({ userId: owner.user.id, amount: 1500, customer: 'cus_return2', paymentIntent: sid('pi'), created: t.clock.now() });
    returnSessions.set(cs.id, cs);
    const unpaid = checkoutSession({ userId: other.user.id, amount: 1500, customer: 'cus_return3', paymentIntent: sid('pi'), created: t.clock.now(), paymentStatus: 'unpaid' });
    returnSessions.set(unpaid.id, unpaid);
    for (const id of [cs.id, unpaid.id, 'cs_test_nosuchsession', '../../v1/charges']) {
      const page = await other.browser.get(`/support/thanks?session_id=${encodeURIComponent(id)}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-supporter="pending"');
    }
    expect(await t.ctx.db.selectFrom('donations').select('id').where('user_id', 'in', [owner.user.id, other.user.id]).execute()).toEqual([]);
  });
});

describe('card details for invoice.paid', () => {
  it('finds the payment intent of a monthly payment, so that refunding it ends the status it granted', async () => {
    const { user } = await signedIn(t);
    const now = t.clock.now();
    const inv = sid('in');
    const subId = sid('sub');
    const res = await deliver(t, event('invoice.paid', invoice({ id: inv, subscription: subId, customer: 'cus_monthly1', userId: user.id, amount: 500, periodStart: now, periodEnd: new Date(now.getTime() + 30 * 86_400_000), paidAt: now }), now));
    expect(res.statusCode).toBe(200);
    const listed = stub.requests.find((r) => r.path === '/v1/invoice_payments')!;
    expect(listed.query.invoice).toBe(inv);
    const d = await t.ctx.db.selectFrom('donations').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(d).toMatchObject({ kind: 'recurring', stripe_invoice_id: inv, stripe_payment_intent_id: `pi_for_${inv}`, stripe_charge_id: `ch_for_pi_for_${inv}`, card_fingerprint: 'fpFromApi42' });
    const active = await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(active.supporter_until! > now.toISOString()).toBe(true);

    t.clock.advance(60_000);
    await deliver(t, event('charge.refunded', charge({ id: `ch_for_pi_for_${inv}`, amount: 500, amountRefunded: 500, customer: 'cus_monthly1', paymentIntent: `pi_for_${inv}`, created: t.clock.now() }), t.clock.now()));
    const after = await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.supporter_until).toBeNull();
    expect(await t.ctx.db.selectFrom('donations').select('status').where('user_id', '=', user.id).execute()).toEqual([{ status: 'refunded' }]);
  });
});

describe('without Stripe keys', () => {
  it('says payments are not set up (503) and refuses webhooks (400)', async () => {
    const bare = await makeApp();
    try {
      const { browser } = await signedIn(bare);
      const res = await browser.post('/api/support/checkout', { amount: 500, currency: 'gbp', recurring: false });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('payments_not_configured');
      const hook = await bare.app.inject({ method: 'POST', url: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' }, payload: '{}' });
      expect(hook.statusCode).toBe(400);
      expect(hook.json().error.code).toBe('bad_signature');
      expect((await new Browser(bare).get('/api/support/options')).json().configured).toBe(false);
    } finally {
      await bare.close();
    }
  });
});
