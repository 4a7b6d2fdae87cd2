/* What Parley needs from a payment provider. Stripe is the one implementation (src/payments/stripe.ts);
   the webhook event handling that follows Stripe's object shapes lives in stripe-events.ts. */

export interface CheckoutRequest {
  userId: string;
  email: string;
  customerId: string | null; // the Stripe customer this user already pays with, if any
  amount: number; // minor units
  currency: string; // lower-case ISO code
  recurring: boolean; // monthly
  siteName: string;
  successUrl: string;
  cancelUrl: string;
}

export interface ChargeDetails {
  paymentIntentId: string | null;
  chargeId: string | null;
  cardFingerprint: string | null;
  customerId: string | null;
}

export interface PaymentProvider {
  readonly name: string;
  /** Starts a hosted payment page; returns where to send the reader. */
  createCheckout(req: CheckoutRequest): Promise<{ id: string; url: string }>;
  /** A link to the provider's page where a donor manages their recurring donation and cards. */
  createPortal(customerId: string, returnUrl: string): Promise<{ url: string }>;
  /** Payment intent → its latest charge and card fingerprint (null when the provider cannot say). */
  paymentIntentDetails(paymentIntentId: string): Promise<ChargeDetails | null>;
  /** Invoice → the payment that paid it (null when the provider cannot say). */
  invoicePaymentDetails(invoiceId: string): Promise<ChargeDetails | null>;
  /** The checkout session as the provider has it now (in the provider's own shape), for the return page. */
  retrieveCheckout(sessionId: string): Promise<Record<string, unknown> & { id: string }>;
}
