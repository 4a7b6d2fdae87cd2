import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-error';

/* Input refused at the edge, before any route sees it: bytes that are not UTF-8, JSON that does not
   parse or nests absurdly deep, and NUL characters anywhere (PostgreSQL cannot store them in text,
   and no field of Parley's has a use for one). */

/** Deeper than any body Parley accepts (moderation settings nest four levels). */
export const MAX_JSON_DEPTH = 32;

const nulRefused = () => new HttpError(400, 'nul_character', 'The request contains a NUL character, which Parley does not accept.');

/** Refuses NUL characters, non-finite numbers and deep nesting; checks without recursion, so a hostile nesting cannot overflow the stack. */
export function checkParsedInput(value: unknown): HttpError | null {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v === 'string') {
      if (v.includes('\0')) return nulRefused();
    } else if (typeof v === 'number') {
      // 1e309 parses to Infinity, which passes as an integer and slips past bounds checks that compare.
      if (!Number.isFinite(v)) return new HttpError(400, 'invalid_number', 'The request holds a number too large to represent.');
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) return new HttpError(400, 'too_deep', `The request nests deeper than ${MAX_JSON_DEPTH} levels.`);
      if (Array.isArray(v)) {
        for (const item of v) stack.push([item, depth + 1]);
      } else {
        for (const [k, item] of Object.entries(v)) {
          if (k.includes('\0')) return nulRefused();
          stack.push([item, depth + 1]);
        }
      }
    }
  }
  return null;
}

export function registerInputGuards(app: FastifyInstance): void {
  // The raw URL still holds the escapes: a NUL in the path or the query is "%00" there.
  app.addHook('onRequest', async (request) => {
    if (request.url.includes('%00')) throw nulRefused();
  });

  // Form bodies (one-click unsubscribe and plain HTML forms) get the same check as JSON.
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined && !request.headers['content-type']?.startsWith('application/json')) {
      const refused = checkParsedInput(request.body);
      if (refused) throw refused;
    }
  });

  // Query and path values coerced to numbers ("?limit=1e309") are checked once the schema has coerced them.
  app.addHook('preHandler', async (request) => {
    for (const part of [request.query, request.params]) {
      if (part && typeof part === 'object' && Object.values(part).some((v) => typeof v === 'number' && !Number.isFinite(v))) {
        throw new HttpError(400, 'invalid_number', 'The address holds a number too large to represent.');
      }
    }
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new HttpError(400, 'invalid_json', 'The request body is not valid JSON.'), undefined);
    }
    const refused = checkParsedInput(parsed);
    if (refused) return done(refused, undefined);
    done(null, parsed);
  });
}
