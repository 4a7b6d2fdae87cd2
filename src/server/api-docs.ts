import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';

/* The HTTP API's reference, generated from the route schemas (OpenAPI 3): served at
   /api/docs/openapi.json, listed at /api/docs, and committed as docs/api/openapi.json by
   `npm run api-docs` (a test fails when the committed file is stale). Only /api/ routes are
   part of it; pages, feeds and assets are not an API. */

const INFO = {
  title: 'Parley HTTP API',
  version: '1',
  description:
    'JSON over HTTP. Errors are {"error":{"code","message"}} with a 4xx/5xx status. Signed-in calls send the session cookie, ' +
    'and every call that changes something also sends the x-parley-csrf header (the csrfToken from /api/auth/me). ' +
    'Live events (SSE) and the parley command are described in docs/API.md.',
};

/** Registers the generator; call before any route so that every route is seen. */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: { openapi: '3.0.3', info: INFO },
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/') && !url.startsWith('/api/docs') ? schema : { ...schema, hide: true }, url }),
  });
  app.get('/api/docs/openapi.json', async () => app.swagger());
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage(apiDocument(app))));
}

/** The OpenAPI document for the app as built (after `ready`). */
export function apiDocument(app: FastifyInstance): Record<string, unknown> {
  return app.swagger() as unknown as Record<string, unknown>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain list of the operations (no scripts, nothing from elsewhere), linking to the full document. */
function docsPage(doc: Record<string, unknown>): string {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `<li><code>${escapeHtml(method.toUpperCase())} ${escapeHtml(path)}</code></li>`))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(INFO.title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escapeHtml(INFO.title)}</h1>
<p>${escapeHtml(INFO.description)}</p>
<p>The request and response schemas of every operation are in <a href="/api/docs/openapi.json">openapi.json</a> (OpenAPI 3).</p>
<ul>
${rows}
</ul></main></body></html>
`;
}
