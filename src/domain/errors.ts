/** A refusal decided by a rule, below the HTTP layer: the error handler turns `kind` into a status
    and sends {"error": {code, message}}. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  constructor(
    public readonly kind: DomainErrorKind,
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = { invalid: 422, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409 };
