import type { AppContext } from '../context';
import type { PaymentProvider } from '../../payments/provider';
import { createStripeProvider } from '../../payments/stripe';

const providers = new WeakMap<AppContext, PaymentProvider | null>();

/** The payment provider for this site (one per app context), or null when PARLEY_STRIPE_SECRET_KEY is not set. */
export function paymentProvider(ctx: AppContext): PaymentProvider | null {
  if (!providers.has(ctx)) providers.set(ctx, createStripeProvider(ctx.config));
  return providers.get(ctx) ?? null;
}
