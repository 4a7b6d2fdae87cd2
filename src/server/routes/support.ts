import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Counter } from 'prom-client';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../http-error';
import { requirePermission, requireUser } from '../plugins/session';
import { newId } from '../../store/ids';
import { audit } from '../../store/audit';
import { findLiveUserByEmail, findUserById, getUserById, toApiUser } from '../../store/users';
import { addSupporterGrant, donationsOf, latestSubscription, recomputeSupporter, revokeSupporterGrants, stripeCustomerOf } from '../../store/supporters';
import { publicUser } from '../views';
import { siteSettings } from '../../store/site';
import { paymentProvider } from '../services/payment-provider';
import { verifyStripeEvent, WebhookPayloadError, WebhookSignatureError } from '../../payments/stripe';
import { alreadyProcessed, checkEventShape, HANDLED_EVENTS, ImpossibleEventError, MalformedEventError, prefetchDetails, processStripeEvent } from '../../payments/stripe-events';
import { onDonationIdentified, onDonationRecorded } from '../../payments/hooks';
import { formatMoney, getSupportSettings, setSupportSettings } from '../../payments/settings';

/*
 * Supporters and payments over HTTP. Amounts are integers in the currency's minor units (pence):
 * POST /api/support/checkout {amount: 500, currency: "gbp", recurring: false} asks for £5.00.
 */

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Note = Type.String({ minLength: 1, maxLength: 500 });
const Amounts = Type.Array(Type.Integer({ minimum: 1, maximum: 99_999_999 }), { minItems: 1, maxItems: 8 });

/** "2027-01-31" means to the end of that day (UTC); a full ISO time is taken as given. */
export function parseUntil(value: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const d = new Date(`${value}T23:59:59.999Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

async function signInFirst(request: FastifyRequest) {
  if (!request.user) {
    throw new HttpError(401, 'sign_in_required', 'Please create an account or sign in first, so that your donation can unlock the discussion for you.', { signIn: '/login?next=/support', register: '/register?next=/support' });
  }
}

export function registerSupportRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/support/options', async () => {
    const s = await getSupportSettings(ctx.db);
    return {
      configured: paymentProvider(ctx) !== null,
      currency: ctx.config.currency,
      minimum: s.minimum,
      maximum: s.maximum,
      oneOffPresets: s.oneOffPresets,
      monthlyPresets: s.monthlyPresets,
      oneOffDays: s.oneOffDays,
      graceDays: s.graceDays,
    };
  });

  app.post(
    '/api/support/checkout',
    {
      preValidation: signInFirst,
      schema: { body: Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 99_999_999 }), currency: Type.String({ minLength: 3, maxLength: 3 }), recurring: Type.Boolean() }, { additionalProperties: false }) },
    },
    async (request) => {
      const user = requireUser(request);
      const body = request.body;
      const provider = paymentProvider(ctx);
      if (!provider) throw new HttpError(503, 'payments_not_configured', 'Online payments are not set up on this site yet.');
      const currency = body.currency.toLowerCase();
      if (currency !== ctx.config.currency) {
        throw new HttpError(422, 'invalid_input', `Donations are taken in ${ctx.config.currency.toUpperCase()}.`);
      }
      const s = await getSupportSettings(ctx.db);
      if (body.amount < s.minimum) throw new HttpError(422, 'invalid_input', `The smallest donation is ${formatMoney(s.minimum, currency)}.`, { minimum: s.minimum });
      if (body.amount > s.maximum) throw new HttpError(422, 'invalid_input', `The largest donation we take online is ${formatMoney(s.maximum, currency)}.`, { maximum: s.maximum });
      if (user.sanction.state === 'banned') {
        throw new HttpError(403, 'banned', 'This account is banned from the discussion, so a donation would not let you take part.');
      }
      const rate = await ctx.limiter.hit(`checkout:${user.id}`, 10, 10 * 60_000, ctx.clock.now().getTime());
      if (!rate.allowed) throw new HttpError(429, 'rate_limited', 'Too many payment pages were opened. Please wait a few minutes.', { retryAfterSeconds: Math.ceil(rate.retryAfterMs / 1000) });
      const site = await siteSettings(ctx.db);
      const base = ctx.config.publicUrl;
      try {
        const session = await provider.createCheckout({
          userId: user.id,
          email: user.email,
          customerId: await stripeCustomerOf(ctx.db, user.id),
          amount: body.amount,
          currency,
          recurring: body.recurring,
          siteName: site.name,
          successUrl: `${base}/support/thanks?session_id={CHECKOUT_SESSION_ID}`,
          cancelUrl: `${base}/support/cancelled`,
        });
        return { url: session.url };
      } catch (err) {
        request.log.error({ err: String(err) }, 'creating a checkout session failed');
        throw new HttpError(502, 'payment_provider_error', 'The payment page could not be opened. Please try again in a moment.');
      }
    },
  );

  app.post('/api/support/portal', { schema: { body: Type.Object({}) } }, async (request) => {
    const user = requireUser(request);
    const provider = paymentProvider(ctx);
    if (!provider) throw new HttpError(503, 'payments_not_configured', 'Online payments are not set up on this site yet.');
    const customer = await stripeCustomerOf(ctx.db, user.id);
    if (!customer) throw new HttpError(404, 'no_donations', 'There are no card donations on this account to manage.');
    try {
      return await provider.createPortal(customer, `${ctx.config.publicUrl}/account`);
    } catch (err) {
      request.log.error({ err: String(err) }, 'creating a portal session failed');
      throw new HttpError(502, 'payment_provider_error', 'The donation settings page could not be opened. Please try again in a moment.');
    }
  });

  app.get('/api/support/me', async (request) => {
    const user = requireUser(request);
    const subscription = await latestSubscription(ctx.db, user.id);
    return {
      supporter: { ...user.supporter, since: user.supporterSince },
      subscription: subscription ? { status: subscription.status, currentPeriodEnd: subscription.current_period_end, cancelAtPeriodEnd: subscription.cancel_at_period_end === 1, amount: subscription.amount, currency: subscription.currency } : null,
      donations: await donationsOf(ctx.db, user.id),
    };
  });

  app.put(
    '/api/admin/support/settings',
    {
      schema: {
        body: Type.Object(
          {
            minimum: Type.Optional(Type.Integer({ minimum: 50, maximum: 99_999_999 })),
            maximum: Type.Optional(Type.Integer({ minimum: 50, maximum: 99_999_999 })),
            oneOffPresets: Type.Optional(Amounts),
            monthlyPresets: Type.Optional(Amounts),
            oneOffDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660 })),
            graceDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const actor = requirePermission(request, 'configure');
      const before = await getSupportSettings(ctx.db);
      const next = { ...before, ...request.body };
      if (next.minimum > next.maximum) throw new HttpError(422, 'invalid_input', 'The minimum must not be above the maximum.');
      if ([...next.oneOffPresets, ...next.monthlyPresets].some((a) => a < next.minimum || a > next.maximum)) {
        throw new HttpError(422, 'invalid_input', 'Every preset amount must be between the minimum and the maximum.');
      }
      const saved = await setSupportSettings(ctx.db, next);
      await audit(ctx.db, { actorId: actor.id, action: 'support.settings_changed', targetKind: 'settings', targetId: 'support', before, after: saved }, ctx.clock.now());
      return { settings: saved };
    },
  );

  /** Grants or extends supporter status by hand (staff, writers, cheque donors). */
  async function grant(actorId: string, userId: string, untilRaw: string | null, note: string) {
    const now = ctx.clock.now();
    let until: string | null = null;
    if (untilRaw !== null) {
      const d = parseUntil(untilRaw);
      if (!d) throw new HttpError(422, 'invalid_input', 'until must be a date (2027-01-31) or an ISO time, or null for open-ended support.');
      if (d <= now) throw new HttpError(422, 'invalid_input', 'until must be in the future.');
      until = d.toISOString();
    }
    const target = await findUserById(ctx.db, userId);
    if (!target || target.deleted_at) throw notFound('That user');
    const settings = await getSupportSettings(ctx.db);
    await ctx.db.transaction().execute(async (trx) => {
      const id = newId(now.getTime());
      await addSupporterGrant(trx, { id, userId, until, note, grantedBy: actorId, kind: 'grant' }, now);
      const r = await recomputeSupporter(trx, ctx.store.dialect, userId, settings, now, actorId, note);
      await audit(trx, { actorId, action: 'supporter.granted', targetKind: 'user', targetId: userId, reason: note, before: r?.before, after: { grantId: id, until, supporter: r?.after } }, now);
    });
    return { user: publicUser(await toApiUser(ctx.db, await getUserById(ctx.db, userId), ctx.clock.now())) };
  }

  app.post(
    '/api/admin/users/:id/supporter',
    { schema: { params: Type.Object({ id: Id }), body: Type.Object({ until: Type.Union([Type.Null(), Type.String({ maxLength: 40 })]), note: Note }) } },
    async (request) => {
      const actor = requirePermission(request, 'manage_users');
      const { id } = request.params;
      const body = request.body;
      if (!body.note.trim()) throw new HttpError(422, 'invalid_input', 'Please say why (the note is kept in the audit log).');
      return grant(actor.id, id, body.until === '' ? null : body.until, body.note.trim());
    },
  );

  /** The same grant by e-mail address, for the admin supporters page. */
  app.post(
    '/api/admin/supporters',
    { schema: { body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), until: Type.Union([Type.Null(), Type.String({ maxLength: 40 })]), note: Note }) } },
    async (request) => {
      const actor = requirePermission(request, 'manage_users');
      const body = request.body;
      const row = await findLiveUserByEmail(ctx.db, body.email.trim().toLowerCase());
      if (!row) throw new HttpError(404, 'not_found', 'No account uses that e-mail address.');
      if (!body.note.trim()) throw new HttpError(422, 'invalid_input', 'Please say why (the note is kept in the audit log).');
      return grant(actor.id, row.id, body.until === '' ? null : body.until, body.note.trim());
    },
  );

  /** Ends supporter status now: grants are revoked and support that began before now stops (a later donation counts again). */
  app.delete('/api/admin/users/:id/supporter', { schema: { params: Type.Object({ id: Id }) } }, async (request) => {
    const actor = requirePermission(request, 'manage_users');
    const { id } = request.params;
    // The body is optional here (a DELETE), so it has no schema: a note is taken only when there is one.
    const raw: unknown = request.body;
    const note = raw && typeof raw === 'object' && 'note' in raw && typeof raw.note === 'string' ? raw.note.trim().slice(0, 500) : '';
    const target = await findUserById(ctx.db, id);
    if (!target || target.deleted_at) throw notFound('That user');
    const now = ctx.clock.now();
    const settings = await getSupportSettings(ctx.db);
    await ctx.db.transaction().execute(async (trx) => {
      await revokeSupporterGrants(trx, id, now);
      await addSupporterGrant(trx, { id: newId(now.getTime()), userId: id, until: now.toISOString(), note: note || 'supporter status ended by an admin', grantedBy: actor.id, kind: 'end' }, now);
      const r = await recomputeSupporter(trx, ctx.store.dialect, id, settings, now, actor.id, note || null);
      await audit(trx, { actorId: actor.id, action: 'supporter.ended', targetKind: 'user', targetId: id, reason: note || null, before: r?.before, after: r?.after }, now);
    });
    return { user: publicUser(await toApiUser(ctx.db, await getUserById(ctx.db, id), ctx.clock.now())) };
  });

  const webhooks = new Counter({
    name: 'parley_stripe_webhooks_total',
    help: 'Stripe webhook calls by event type (handled types, else "other") and outcome',
    labelNames: ['type', 'outcome'],
    registers: app.hasDecorator('metrics') ? [app.metrics] : [],
  });
  const count = (type: string, outcome: 'processed' | 'duplicate' | 'ignored' | 'bad_signature' | 'invalid') => webhooks.labels(HANDLED_EVENTS.has(type) ? type : 'other', outcome).inc();

  // Stripe webhooks: their own scope, so the body stays the exact bytes Stripe signed.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/api/webhooks/stripe', { config: { csrfExempt: true }, bodyLimit: 1024 * 1024 }, async (request) => {
      const secret = ctx.config.stripeWebhookSecret;
      if (!secret) throw new HttpError(400, 'bad_signature', 'Stripe webhooks are not set up on this site (PARLEY_STRIPE_WEBHOOK_SECRET is not set).');
      const header = request.headers['stripe-signature'];
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let event;
      try {
        event = verifyStripeEvent(raw, typeof header === 'string' ? header : undefined, secret, ctx.clock.now().getTime());
        checkEventShape(event);
      } catch (err) {
        if (err instanceof MalformedEventError) {
          count('unknown', 'invalid');
          throw new HttpError(400, 'invalid_event', `The event object is not what its type says: ${err.message}.`);
        }
        if (err instanceof WebhookSignatureError) {
          count('unknown', 'bad_signature');
          throw new HttpError(400, 'bad_signature', `The Stripe signature does not verify: ${err.message}`);
        }
        if (err instanceof WebhookPayloadError) {
          count('unknown', 'invalid');
          throw new HttpError(400, err.code, err.message);
        }
        throw err;
      }
      if (await alreadyProcessed(ctx, event.id)) {
        count(event.type, 'duplicate');
        return { received: true, duplicate: true };
      }
      const details = HANDLED_EVENTS.has(event.type) ? await prefetchDetails(ctx, paymentProvider(ctx), event) : null;
      let outcome;
      try {
        outcome = await processStripeEvent(ctx, event, details);
      } catch (err) {
        // Impossible data will not become possible on a retry: acknowledged (so Stripe stops), logged, nothing stored.
        if (err instanceof ImpossibleEventError) {
          request.log.warn({ err, event: event.id, type: event.type }, 'stripe event holds impossible data; acknowledged and not applied');
          count(event.type, 'invalid');
          return { received: true, duplicate: false, handled: false, refused: 'impossible_data' };
        }
        // A signed event whose object lacks what its type promises: nothing was stored (the transaction rolled back).
        if (err instanceof TypeError) {
          request.log.error({ err, event: event.id, type: event.type }, 'stripe event has an unexpected shape');
          count(event.type, 'invalid');
          throw new HttpError(400, 'invalid_event', 'The event object does not have the fields its type needs.');
        }
        throw err;
      }
      count(event.type, outcome.duplicate ? 'duplicate' : outcome.handled ? 'processed' : 'ignored');
      for (const donation of outcome.recorded) {
        try {
          await onDonationRecorded(ctx, donation);
        } catch (err) {
          request.log.error({ err, donation: donation.id }, 'after-donation hook failed');
        }
      }
      for (const donation of outcome.identified) {
        try {
          await onDonationIdentified(ctx, donation);
        } catch (err) {
          request.log.error({ err, donation: donation.id }, 'after-donation hook failed');
        }
      }
      return { received: true, duplicate: outcome.duplicate, handled: outcome.handled };
    });
  });
}
