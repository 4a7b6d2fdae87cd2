import { createHmac } from 'node:crypto';

/** A keyed hash of an identity (normalised e-mail, payment customer, card fingerprint): kept after
    an account is deleted so that a ban can still recognise the person, without keeping the value. */
export function identityHash(secret: string, kind: string, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}
