/* The supporter pages in real Chromium: /support (signed out, signed in, not configured), the
   monthly/custom amount form through to the (stand-in) Stripe page, /account with a donation and the
   portal button, and /admin/supporters with its chart and grant form. Screenshots go to test-artifacts/. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { newId } from '../../src/store/ids';
import { startStripeStub } from '../payments/stripe-api-stub';
import { checkoutSession, event, sid, WEBHOOK_SECRET } from '../payments/stripe-fixtures';

const run = requireChromium();

describe.runIf(run)('supporter pages in Chromium', () => {
  let server: LiveServer;
  let bare: LiveServer;
  let browser: Browser;
  let stub: Awaited<ReturnType<typeof startStripeStub>>;
  const password = 'a long password';

  beforeAll(async () => {
    stub = await startStripeStub((req) => {
      if (req.method === 'POST' && req.path === '/v1/checkout/sessions') return { body: { id: 'cs_browser_1', object: 'checkout.session', url: `${stub.base}/pay/cs_browser_1` } };
      if (req.method === 'POST' && req.path === '/v1/billing_portal/sessions') return { body: { id: 'bps_1', object: 'billing_portal.session', url: `${stub.base}/portal/bps_1` } };
      if (req.method === 'GET' && req.path.startsWith('/pay/')) return { html: true, body: '<!doctype html><link rel="icon" href="data:,"><title>Stripe Checkout (stand-in)</title><h1>Pay</h1>' };
      if (req.method === 'GET' && req.path.startsWith('/portal/')) return { html: true, body: '<!doctype html><link rel="icon" href="data:,"><title>Stripe portal (stand-in)</title><h1>Portal</h1>' };
      return undefined;
    });
    server = await startLiveServer({ env: { PARLEY_STRIPE_SECRET_KEY: 'sk_test_browser', PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, PARLEY_STRIPE_API_BASE: stub.base } });
    bare = await startLiveServer();
    browser = await launchChromium();
    for (const s of [server, bare]) {
      await createUser(s.ctx.db, { email: 'admin@example.org', displayName: 'Ada Admin', passwordHash: await hashPassword(password), roles: ['admin'] }, new Date());
      await createUser(s.ctx.db, { email: 'reader@example.org', displayName: 'Rhea Reader', passwordHash: await hashPassword(password) }, new Date());
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    await bare?.cleanup();
    await stub?.close();
  });

  /** Serious and critical accessibility problems axe finds on the page, as short strings. */
  async function axe(p: Page): Promise<string[]> {
    const result = await new AxeBuilder({ page: p }).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function page(): Promise<{ page: Page; errors: string[] }> {
    const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const p = await ctx.newPage();
    return { page: p, errors: watchErrors(p) };
  }

  it('asks a signed-out reader to create an account first', async () => {
    const { page: p, errors } = await page();
    await p.goto(`${server.ctx.config.publicUrl}/support`);
    expect(await p.locator('[data-sign-in-first]').textContent()).toContain('create an account or sign in');
    expect(await p.locator('form[data-support]').count()).toBe(0);
    await p.screenshot({ path: artifactPath('support-signed-out.png'), fullPage: true });
    expect(await axe(p)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a signed-in reader picks monthly and a custom amount and is sent to Stripe with it', async () => {
    const { page: p, errors } = await page();
    const base = server.ctx.config.publicUrl;
    await signInThroughForm(p, base, 'reader@example.org', password);
    await p.goto(`${base}/support`);
    await expect.poll(() => p.locator('[data-presets="one_off"]').isVisible()).toBe(true);
    expect(await p.locator('[data-presets="monthly"]').isVisible()).toBe(false);
    await p.check('input[name=frequency][value=monthly]');
    expect(await p.locator('[data-presets="monthly"]').isVisible()).toBe(true);
    await p.fill('#custom', '2');
    await p.click('form[data-support] button[type=submit]');
    await expect.poll(() => p.locator('[data-error]').textContent()).toContain('£3');
    await p.fill('#custom', '7.50');
    await p.screenshot({ path: artifactPath('support-form.png'), fullPage: true });
    expect(await axe(p)).toEqual([]);
    stub.requests.length = 0;
    await Promise.all([p.waitForURL(`${stub.base}/pay/cs_browser_1`), p.click('form[data-support] button[type=submit]')]);
    const sent = stub.requests.find((r) => r.path === '/v1/checkout/sessions')!;
    expect(sent.params['line_items[0][price_data][unit_amount]']).toBe('750');
    expect(sent.params['line_items[0][price_data][recurring][interval]']).toBe('month');
    expect(sent.params.mode).toBe('subscription');
    expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
  });

  it('after a signed webhook the account page shows the supporter status, the donation and the portal link', async () => {
    const base = server.ctx.config.publicUrl;
    const reader = await server.ctx.db.selectFrom('users').select('id').where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
    const evt = event('checkout.session.completed', checkoutSession({ userId: reader.id, amount: 2000, customer: sid('cus'), paymentIntent: sid('pi'), created: new Date() }), new Date());
    const payload = JSON.stringify(evt);
    const res = await fetch(`${base}/api/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) }, body: payload });
    expect(res.status).toBe(200);

    const { page: p, errors } = await page();
    await signInThroughForm(p, base, 'reader@example.org', password);
    await p.goto(`${base}/account`);
    expect(await p.locator('[data-supporter="active"]').textContent()).toContain('You are a supporter until');
    expect(await p.locator('table').first().textContent()).toContain('£20');
    await p.screenshot({ path: artifactPath('account.png'), fullPage: true });
    expect(await axe(p)).toEqual([]);
    await Promise.all([p.waitForURL(`${stub.base}/portal/bps_1`), p.click('[data-portal]')]);
    expect(errors).toEqual([]);
  });

  it('the admin supporters page draws the monthly chart and grants status from its form', async () => {
    const base = server.ctx.config.publicUrl;
    const reader = await server.ctx.db.selectFrom('users').select('id').where('email', '=', 'reader@example.org').executeTakeFirstOrThrow();
    // Some history for the chart: one donation a month for the past year.
    const now = new Date();
    for (let i = 1; i < 12; i++) {
      const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 12)).toISOString();
      await server.ctx.db.insertInto('donations').values({ id: newId(), user_id: reader.id, provider: 'stripe', kind: 'one_off', amount: 500 + i * 250, currency: 'gbp', status: 'paid', created_at: at, stripe_event_id: sid('evt'), stripe_checkout_session_id: sid('cs'), stripe_customer_id: null, stripe_payment_intent_id: sid('pi'), stripe_charge_id: null, stripe_subscription_id: null, stripe_invoice_id: null, card_fingerprint: null }).execute();
    }
    await createUser(server.ctx.db, { email: 'writer@example.org', displayName: 'Wren Writer', passwordHash: null }, new Date());
    const { page: p, errors } = await page();
    await signInThroughForm(p, base, 'admin@example.org', password);
    await p.goto(`${base}/admin/supporters`);
    expect(await p.locator('figure.chart svg rect').count()).toBe(12);
    expect(await p.locator('table.supporters').textContent()).toContain('Rhea Reader');
    await p.fill('#grant-email', 'writer@example.org');
    await p.fill('#grant-note', 'staff writer');
    await Promise.all([p.waitForLoadState('load'), p.click('form[data-api="/api/admin/supporters"] button[type=submit]')]);
    await expect.poll(async () => (await p.locator('table.supporters').textContent()) ?? '').toContain('Wren Writer');
    await p.screenshot({ path: artifactPath('admin-supporters.png'), fullPage: true });
    expect(await axe(p)).toEqual([]);
    const csv = await p.evaluate(async () => (await fetch('/admin/supporters.csv?filter=active')).text());
    expect(csv).toContain('writer@example.org');
    expect(errors).toEqual([]);
  });

  it('without Stripe keys the support page says so and shows admins how to set it up', async () => {
    const base = bare.ctx.config.publicUrl;
    const { page: anon, errors: anonErrors } = await page();
    await anon.goto(`${base}/support`);
    expect(await anon.locator('[data-payments="off"]').textContent()).toContain('not set up');
    expect(await anon.locator('.admin-help').count()).toBe(0);
    expect(await anon.locator('form[data-support]').count()).toBe(0);
    const { page: p, errors } = await page();
    await signInThroughForm(p, base, 'admin@example.org', password);
    await p.goto(`${base}/support`);
    expect(await p.locator('.admin-help').textContent()).toContain('PARLEY_STRIPE_SECRET_KEY');
    await p.screenshot({ path: artifactPath('support-not-configured.png'), fullPage: true });
    expect([...anonErrors, ...errors]).toEqual([]);
  });
});
