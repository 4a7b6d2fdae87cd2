/* The supporter gate end to end: signed Stripe events and admin grants decide whether the next
   comment POST is refused (403 supporters_only with the call to action) or published (201). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { charge, checkoutSession, deliver, event, sid, WEBHOOK_SECRET } from './stripe-fixtures';

const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await makeApp({ env: { PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  await relaxRateLimits(t.ctx.db);
});
afterAll(async () => t?.close());

let n = 0;
async function comment(browser: Browser, slug: string) {
  n += 1;
  return browser.post(`/api/posts/${slug}/comments`, { body: `A thoughtful point about the reporting, number ${n}.` });
}

describe('the supporter gate', () => {
  it('a signed checkout.session.completed turns 403 supporters_only into 201, and a signed charge.refunded turns it back', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const { browser, user } = await signedIn(t);
    const refused = await comment(browser, p.slug);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'supporters_only', cta: { url: '/support' } });

    const customer = sid('cus');
    const pi = sid('pi');
    const paid = await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 500, customer, paymentIntent: pi, created: t.clock.now() }), t.clock.now()));
    expect(paid.statusCode).toBe(200);
    const ok = await comment(browser, p.slug);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().comment.author).toMatchObject({ id: user.id, supporter: true });

    t.clock.advance(60_000);
    const refunded = await deliver(t, event('charge.refunded', charge({ amount: 500, amountRefunded: 500, customer, paymentIntent: pi, created: t.clock.now() }), t.clock.now()));
    expect(refunded.statusCode).toBe(200);
    const again = await comment(browser, p.slug);
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('supporters_only');
  });

  it('a forged or replayed event does not open the gate', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const { browser, user } = await signedIn(t);
    const evt = event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 500, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now());
    expect((await deliver(t, evt, { secret: 'whsec_forged' })).statusCode).toBe(400);
    expect((await comment(browser, p.slug)).statusCode).toBe(403);
    expect((await deliver(t, evt, { timestamp: Math.floor(t.clock.now().getTime() / 1000) - 3600 })).statusCode).toBe(400);
    expect((await comment(browser, p.slug)).statusCode).toBe(403);
  });

  it('lapsed support closes the gate with the call to action', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const { browser, user, email, password } = await signedIn(t);
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 500, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now()));
    expect((await comment(browser, p.slug)).statusCode).toBe(201);
    t.clock.advance(366 * DAY);
    const next = new Browser(t, '10.60.0.1'); // the old session has expired by now
    expect((await next.post('/api/auth/login', { email, password })).statusCode).toBe(200);
    const res = await comment(next, p.slug);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'supporters_only', cta: { text: 'To join in with the discussion please make a donation', url: '/support' } });
  });

  it('an admin grant opens the gate; ending it closes it', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const admin = await signedIn(t, { roles: ['admin'] });
    const writer = await signedIn(t, { name: 'A Writer' });
    expect((await comment(writer.browser, p.slug)).statusCode).toBe(403);
    const granted = await admin.browser.post(`/api/admin/users/${writer.user.id}/supporter`, { until: null, note: 'staff writer' });
    expect(granted.statusCode, granted.body).toBe(200);
    expect((await comment(writer.browser, p.slug)).statusCode).toBe(201);
    expect((await admin.browser.delete(`/api/admin/users/${writer.user.id}/supporter`, { note: 'left the paper' })).statusCode).toBe(200);
    expect((await comment(writer.browser, p.slug)).json().error.code).toBe('supporters_only');
  });
});
