import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { HttpError } from '../http-error';
import { DomainError, DOMAIN_ERROR_STATUS } from '../../domain/errors';

/* Every error leaves as {"error": {"code", "message"}}; nothing the client sends turns into a 500. */

function describeValidation(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const where = first.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  if (missing) return `${missing} is required.`;
  return `${where || err.validationContext || 'input'} ${first.message ?? 'is invalid'}.`;
}

/** Errors Fastify raises before routing (a path it cannot decode, an overlong parameter), in the same shape. */
export function frameworkError(err: FastifyError, reply: FastifyReply, headers: Record<string, string>): void {
  const [status, code, message] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, 'uri_too_long', 'A part of that address is too long.']
      : err.code === 'FST_ERR_BAD_URL'
        ? [400, 'bad_url', 'That address has a malformed percent-encoding.']
        : [400, 'bad_request', 'That request cannot be routed.'];
  void reply.headers(headers).status(status).send({ error: { code, message } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      if (err.statusCode === 429 && err.extra.retryAfterSeconds) reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if (err instanceof DomainError) {
      if (err.kind === 'too_many' && err.extra.retryAfterSeconds) reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return reply.status(DOMAIN_ERROR_STATUS[err.kind]).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if (err.validation) {
      return reply.status(422).send({ error: { code: 'invalid_input', message: describeValidation(err) } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
    }
    const codes: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
      FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
    };
    const code = codes[err.code] ?? (status === 429 ? 'rate_limited' : status === 404 ? 'not_found' : 'bad_request');
    return reply.status(status).send({ error: { code, message: err.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` } });
  });
}
