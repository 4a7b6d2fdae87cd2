import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { AppContext } from './context';
import { registerErrorHandling, frameworkError } from './plugins/errors';
import { registerInputGuards } from './plugins/input-guards';
import { buildSecurityHeaders, pageKind } from './security-headers';
import { registerSession } from './plugins/session';
import { registerHealth } from './routes/health';
import { registerAuthRoutes } from './routes/auth';
import { registerAccountRoutes } from './routes/account';
import { registerAdminRoutes } from './routes/admin';
import { registerPostRoutes } from './routes/posts';
import { registerWebRoutes } from '../web/routes';
import { registerCommentRoutes } from './routes/comments';
import { registerEmbedRoutes } from './routes/embed';
import { registerUnsubscribeRoutes } from '../web/unsubscribe';
import { registerSupportRoutes } from './routes/support';
import { registerSupportPages } from '../web/support-pages';
import { registerModerationRoutes } from './routes/moderation';
import { registerModerationPages } from '../web/moderation';
import { registerAdminPostRoutes } from './routes/admin-posts';
import { registerPublishingWebRoutes } from '../web/publishing';
import { registerModerationSettingsRoutes } from './routes/moderation-settings';
import { registerModerationSettingsPage } from '../web/moderation-settings';
import { registerAdminPage } from '../web/admin';
import { registerAdminUsersPage } from '../web/admin-users';
import { registerApiDocs } from './api-docs';

/** A request taking this long is logged at warn, whatever the level. */
const SLOW_REQUEST_MS = 1000;

/** Builds the whole Parley HTTP app on a context; `listen` is the caller's business. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const headerSets = buildSecurityHeaders(ctx.config);
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: 256 * 1024,
    trustProxy: ctx.config.trustProxy,
    // SSE streams are long-lived: on close, idle keep-alive sockets go at once and streams are ended by their route.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: true, coerceTypes: 'array', allErrors: false } },
    genReqId: () => Math.random().toString(36).slice(2, 12),
    // A path Fastify cannot decode (a malformed percent-encoding) is refused before any route or hook.
    frameworkErrors: (err, _request, reply) => frameworkError(err, reply, headerSets.page),
    // Fastify's own request logging writes two JSON lines per request at info, a tenth of the
    // cost of a cached read; requests are logged below instead, one line each.
    logController: new LogController({ disableRequestLogging: true }),
  });

  registerErrorHandling(app);

  // One line per request: at debug for every request, at warn for slow ones. Failures are logged
  // with their error by the error handler, so the default level (info) pays nothing per request.
  const debug = ['trace', 'debug'].includes(ctx.log.level);
  app.addHook('onResponse', async (request, reply) => {
    const ms = reply.elapsedTime;
    if (ms >= SLOW_REQUEST_MS) request.log.warn({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(ms) }, 'slow request');
    else if (debug) request.log.debug({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
  });

  // While shutting down, answers close their keep-alive connection, so draining does not wait for idle clients.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    app.server.closeIdleConnections();
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  await app.register(cookie);
  await app.register(formbody);
  // Before the session hook, so refusals (CSRF, sign-in) carry the headers too.
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headerSets[pageKind(request.url)]);
  });
  registerInputGuards(app);

  // Before the routes: the OpenAPI generator sees each route as it is added.
  await registerApiDocs(app);
  registerSession(app, ctx);
  registerHealth(app, ctx);
  registerAuthRoutes(app, ctx);
  registerAccountRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  registerPostRoutes(app, ctx);
  registerWebRoutes(app, ctx);
  registerCommentRoutes(app, ctx);
  registerEmbedRoutes(app, ctx);
  registerUnsubscribeRoutes(app, ctx);
  registerSupportRoutes(app, ctx);
  registerSupportPages(app, ctx);
  registerModerationRoutes(app, ctx);
  registerModerationPages(app, ctx);
  registerAdminPostRoutes(app, ctx);
  registerPublishingWebRoutes(app, ctx);
  registerModerationSettingsRoutes(app, ctx);
  registerModerationSettingsPage(app, ctx);
  registerAdminPage(app, ctx);
  registerAdminUsersPage(app, ctx);
  return app;
}
