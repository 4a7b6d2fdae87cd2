/** A refusal decided by a rule, below the HTTP layer (store, services, publishing, the CLI alike): the
    error handler (`server/plugins/errors.ts`) turns `kind` into a status and sends
    {"error": {code, message, ...extra}}. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_many';

export class DomainError extends Error {
  constructor(
    public readonly kind: DomainErrorKind,
    public readonly code: string,
    message: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const DOMAIN_ERROR_STATUS: Record<DomainErrorKind, number> = { invalid: 422, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, too_many: 429 };

/** "<what> was not found." (404 not_found). */
export const notFoundError = (what = 'That') => new DomainError('not_found', 'not_found', `${what} was not found.`);
