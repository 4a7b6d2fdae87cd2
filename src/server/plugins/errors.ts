import type { FastifyError, FastifyInstance } from 'fastify';
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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      if (err.statusCode === 429 && err.extra.retryAfterSeconds) reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, ...err.extra } });
    }
    if (err instanceof DomainError) {
      return reply.status(DOMAIN_ERROR_STATUS[err.kind]).send({ error: { code: err.code, message: err.message } });
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

  // Strict UTF-8 JSON: invalid bytes are refused instead of being silently replaced.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    if (body.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return done(new HttpError(400, 'invalid_utf8', 'The request body is not valid UTF-8.'), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(400, 'invalid_json', 'The request body is not valid JSON.'), undefined);
    }
  });
}
