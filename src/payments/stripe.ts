import Stripe from 'stripe';
import type { Config } from '../config';
import type { ChargeDetails, CheckoutRequest, PaymentProvider } from './provider';

/** Stripe's own tolerance for the age of a signed webhook (seconds). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Client options for the Stripe API, pointed at PARLEY_STRIPE_API_BASE when it is set (tests, proxies). */
export function stripeClientOptions(config: Pick<Config, 'stripeApiBase'>): ConstructorParameters<typeof Stripe>[1] {
  const options: NonNullable<ConstructorParameters<typeof Stripe>[1]> = { maxNetworkRetries: 1, timeout: 15_000, telemetry: false };
  if (config.stripeApiBase) {
    const base = new URL(config.stripeApiBase);
    options.host = base.hostname;
    options.protocol = base.protocol === 'http:' ? 'http' : 'https';
    options.port = base.port ? Number(base.port) : base.protocol === 'http:' ? 80 : 443;
  }
  return options;
}

export function createStripeClient(config: Pick<Config, 'stripeSecretKey' | 'stripeApiBase'>): Stripe | null {
  if (!config.stripeSecretKey) return null;
  return new Stripe(config.stripeSecretKey, stripeClientOptions(config));
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function chargeDetails(charge: Stripe.Charge | string | null | undefined, paymentIntentId: string | null, customer: string | null): ChargeDetails {
  if (!charge || typeof charge === 'string') return { paymentIntentId, chargeId: idOf(charge), cardFingerprint: null, customerId: customer };
  return {
    paymentIntentId: paymentIntentId ?? idOf(charge.payment_intent),
    chargeId: charge.id,
    cardFingerprint: charge.payment_method_details?.card?.fingerprint ?? null,
    customerId: customer ?? idOf(charge.customer),
  };
}

/** The Stripe implementation: Checkout Sessions, the customer portal, and look-ups for card fingerprints. */
export function createStripeProvider(config: Pick<Config, 'stripeSecretKey' | 'stripeApiBase'>): PaymentProvider | null {
  const stripe = createStripeClient(config);
  if (!stripe) return null;
  return {
    name: 'stripe',

    async createCheckout(req: CheckoutRequest) {
      const metadata = { parley_user_id: req.userId };
      const label = req.recurring ? `Monthly donation to ${req.siteName}` : `Donation to ${req.siteName}`;
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: req.recurring ? 'subscription' : 'payment',
        client_reference_id: req.userId,
        metadata,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: req.currency,
              unit_amount: req.amount,
              product_data: { name: label },
              ...(req.recurring ? { recurring: { interval: 'month' as const } } : {}),
            },
          },
        ],
        success_url: req.successUrl,
        cancel_url: req.cancelUrl,
        ...(req.customerId ? { customer: req.customerId } : { customer_email: req.email }),
      };
      if (req.recurring) {
        params.subscription_data = { metadata, description: label };
      } else {
        params.submit_type = 'donate';
        params.payment_intent_data = { metadata, description: label };
        // A customer for every one-off donor, so later events and a ban can find the payer.
        if (!req.customerId) params.customer_creation = 'always';
      }
      const session = await stripe.checkout.sessions.create(params);
      if (!session.url) throw new Error('Stripe returned a Checkout Session without a URL');
      return { id: session.id, url: session.url };
    },

    async createPortal(customerId, returnUrl) {
      const portal = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
      return { url: portal.url };
    },

    async retrieveCheckout(sessionId) {
      return (await stripe.checkout.sessions.retrieve(sessionId)) as unknown as Record<string, unknown> & { id: string };
    },

    async paymentIntentDetails(paymentIntentId) {
      const pi = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge'] });
      return chargeDetails(pi.latest_charge, pi.id, idOf(pi.customer));
    },

    async invoicePaymentDetails(invoiceId) {
      const list = await stripe.invoicePayments.list({ invoice: invoiceId, limit: 3 });
      const paid = list.data.find((p) => p.status === 'paid') ?? list.data[0];
      const piId = paid?.payment?.payment_intent ? idOf(paid.payment.payment_intent) : null;
      if (!piId) return null;
      const pi = await stripe.paymentIntents.retrieve(piId, { expand: ['latest_charge'] });
      return chargeDetails(pi.latest_charge, pi.id, idOf(pi.customer));
    },
  };
}

export class WebhookSignatureError extends Error {}
export class WebhookPayloadError extends Error {
  constructor(public readonly code: 'invalid_json' | 'invalid_event', message: string) {
    super(message);
  }
}

/** Verifies the Stripe-Signature header on the raw body and parses the event. `nowMs` is Parley's clock. */
export function verifyStripeEvent(raw: Buffer, signature: string | undefined, secret: string, nowMs: number): Stripe.Event {
  if (!signature) throw new WebhookSignatureError('The Stripe-Signature header is missing.');
  try {
    const verifier = Stripe.webhooks.signature;
    if (!verifier) throw new Error('This Stripe library cannot verify signatures.');
    verifier.verifyHeader(raw, signature, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, nowMs);
  } catch (err) {
    throw new WebhookSignatureError(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : 'The signature does not match.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new WebhookPayloadError('invalid_json', 'The event is not valid JSON.');
  }
  const e = parsed as Partial<Stripe.Event> | null;
  if (!e || typeof e !== 'object' || typeof e.id !== 'string' || !e.id || typeof e.type !== 'string' || typeof e.created !== 'number' || !e.data || typeof e.data.object !== 'object' || e.data.object === null) {
    throw new WebhookPayloadError('invalid_event', 'The event does not have the shape of a Stripe event.');
  }
  return e as Stripe.Event;
}
