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

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.labels(request.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => {
    try {
      await ping(ctx.store);
    } catch {
      throw new HttpError(503, 'database_unavailable', 'The database does not answer.');
    }
    return { ok: true };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
