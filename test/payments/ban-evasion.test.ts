/* A banned person who opens a new account and donates with the same card or Stripe customer is
   recognised from the donation (bans by association), and the new account cannot comment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { charge, checkoutSession, deliver, event, sid, WEBHOOK_SECRET } from './stripe-fixtures';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp({ env: { PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  await relaxRateLimits(t.ctx.db);
});
afterAll(async () => t?.close());

async function donateWith(userId: string, customer: string, fingerprint: string) {
  const pi = sid('pi');
  await deliver(t, event('checkout.session.completed', checkoutSession({ userId, amount: 500, customer, paymentIntent: pi, created: t.clock.now() }), t.clock.now()));
  // The card fingerprint comes with the charge event (no API key in this test, so no look-up).
  await deliver(t, event('charge.succeeded', charge({ amount: 500, customer, paymentIntent: pi, fingerprint, created: t.clock.now() }), t.clock.now()));
}

describe('donations from banned people', () => {
  it('a new account paying with a banned person’s card is banned by association, and its receipt does not invite it to comment', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const original = await signedIn(t, { name: 'Troll' });
    await donateWith(original.user.id, sid('cus'), 'fpTrollCard');
    const ban = await admin.browser.post(`/api/mod/users/${original.user.id}/ban`, { reason: 'repeated abuse' });
    expect(ban.statusCode, ban.body).toBe(200);

    const p = await makePost(t.ctx.db, t.clock.now());
    const second = await signedIn(t, { name: 'Fresh Face' });
    await donateWith(second.user.id, sid('cus'), 'fpTrollCard');
    const user = await t.ctx.db.selectFrom('users').select(['review_state']).where('id', '=', second.user.id).executeTakeFirstOrThrow();
    expect(user.review_state).toBe('ban_evasion');
    const res = await second.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Hello again, everyone.' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('banned');

    // Same Stripe customer, recognised as the donation is recorded: no invitation in the receipt.
    const third = await signedIn(t, { name: 'Third Try' });
    const customer = (await t.ctx.db.selectFrom('donations').select('stripe_customer_id').where('user_id', '=', original.user.id).executeTakeFirstOrThrow()).stripe_customer_id!;
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: third.user.id, amount: 500, customer, paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now()));
    expect((await t.ctx.db.selectFrom('users').select('review_state').where('id', '=', third.user.id).executeTakeFirstOrThrow()).review_state).toBe('ban_evasion');
    const receipt = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', third.email).where('subject', 'like', 'Thank you%').executeTakeFirstOrThrow();
    expect(receipt.text).not.toContain('join the discussion');

    // An honest donor with another card is untouched.
    const honest = await signedIn(t);
    await donateWith(honest.user.id, sid('cus'), 'fpHonestCard');
    expect((await t.ctx.db.selectFrom('users').select('review_state').where('id', '=', honest.user.id).executeTakeFirstOrThrow()).review_state).toBeNull();
    expect((await honest.browser.post(`/api/posts/${p.slug}/comments`, { body: 'A fair point, well made.' })).statusCode).toBe(201);
  });
});
