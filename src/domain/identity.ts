import { createHmac } from 'node:crypto';
import { banEmailIdentity, normalizeEmail } from './email';

/** A keyed hash of an identity (normalised e-mail, SSO subject, payment customer, card fingerprint):
    kept after an account is deleted so that a ban can still recognise the person, without keeping the value. */
export function identityHash(secret: string, kind: IdentityKind, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}

/** The kinds of identity a ban records. */
export type IdentityKind = 'email' | 'sso_subject' | 'stripe_customer' | 'card_fingerprint';

/** What identifies a person to a ban. */
export interface IdentityValues {
  /** The address as stored (or its sign-in key); a deleted account's "hash:…" placeholder counts for nothing. */
  emailNormalized?: string | null;
  /** The embedding host's id for the person (the SSO token's `sub`). */
  ssoSubject?: string | null;
  stripeCustomerId?: string | null;
  cardFingerprint?: string | null;
}

const usable = (email: string | null | undefined): email is string => !!email && !email.startsWith('hash:');

/** The (kind, value) pairs a ban records: the address as its ban identity (see banEmailIdentity). */
export function identityValues(v: IdentityValues): Array<{ kind: IdentityKind; value: string }> {
  const out: Array<{ kind: IdentityKind; value: string }> = [];
  if (usable(v.emailNormalized)) out.push({ kind: 'email', value: banEmailIdentity(v.emailNormalized) });
  if (v.ssoSubject && !v.ssoSubject.startsWith('hash:')) out.push({ kind: 'sso_subject', value: v.ssoSubject });
  if (v.stripeCustomerId) out.push({ kind: 'stripe_customer', value: v.stripeCustomerId });
  if (v.cardFingerprint) out.push({ kind: 'card_fingerprint', value: v.cardFingerprint });
  return out;
}

/** What a ban looks up: the recorded pairs, and the address's sign-in key too, which is what bans
    recorded before look-alikes and every domain's "+tags" were folded. */
export function lookupValues(v: IdentityValues): Array<{ kind: IdentityKind; value: string }> {
  const out = identityValues(v);
  if (usable(v.emailNormalized)) {
    const key = normalizeEmail(v.emailNormalized);
    if (!out.some((o) => o.kind === 'email' && o.value === key)) out.push({ kind: 'email', value: key });
  }
  return out;
}

/** Whether an account may take part: its address was proved by a link sent to it, or the embedding
    site signed the person in (the host vouches for them; its unverified address claims nothing else). */
export function accountConfirmed(u: { email_verified_at: string | null; sso_subject: string | null }): boolean {
  return u.email_verified_at !== null || (u.sso_subject !== null && !u.sso_subject.startsWith('hash:'));
}
