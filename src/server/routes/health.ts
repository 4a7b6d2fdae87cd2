import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from '../context';
import { ping } from '../../store/db';
import { HttpError } from '../http-error';

export function registerHealth(app: FastifyInstance, ctx: AppContext): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_' });
  const duration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  // Group commit: writes per commit is their ratio.
  new Gauge({ name: 'parley_write_commits', help: 'Commits of grouped writes since start', registers: [registry], collect() { this.set(ctx.writes.stats.commits); } });
  new Gauge({ name: 'parley_write_commit_writes', help: 'Writes committed in groups since start', registers: [registry], collect() { this.set(ctx.writes.stats.writes); } });
  new Gauge({ name: 'parley_write_commit_milliseconds', help: 'Event-loop time spent in grouped write transactions since start (SQLite)', registers: [registry], collect() { this.set(Math.round(ctx.writes.stats.ms)); } });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.labels(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });

  const database = async () => {
    try {
      await ping(ctx.store);
    } catch {
      throw new HttpError(503, 'database_unavailable', 'The database does not answer.');
    }
  };

  // Liveness and what is missing: without Redis the node still serves (degraded), so this stays 200.
  app.get('/healthz', async () => {
    await database();
    if (ctx.redis && !ctx.redis.up) {
      return { ok: true, status: 'degraded', reasons: [`redis unavailable (${ctx.redis.reason}): live events stay on this node, rate limits are per node`] };
    }
    return { ok: true, status: 'ok' };
  });

  // Whether a load balancer should send this node traffic: only the database is essential.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.get('/readyz', async () => {
    if (closing) throw new HttpError(503, 'shutting_down', 'The server is restarting. Try again shortly.');
    await database();
    return { ready: true };
  });

  // Metrics tell an attacker what runs and how busy it is: only a scraper holding the token reads them.
  const expected = ctx.config.metricsToken ? Buffer.from(`Bearer ${ctx.config.metricsToken}`) : null;
  app.get('/metrics', async (request, reply) => {
    if (!expected) throw new HttpError(404, 'not_found', 'Metrics are off on this site (PARLEY_METRICS_TOKEN is not set).');
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      reply.header('www-authenticate', 'Bearer realm="parley-metrics"');
      throw new HttpError(401, 'unauthorized', 'Metrics need the bearer token from PARLEY_METRICS_TOKEN.');
    }
    reply.header('cache-control', 'no-store');
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
