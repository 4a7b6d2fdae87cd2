import { pino, type DestinationStream } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { createContext, type AppContext, type ContextOverrides } from './context';
import { buildApp } from './app';
import { seedDemoIfEmpty } from '../demo/seed';
import { startPublishingJobs } from '../publishing/posts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

export function createLogger(config: Config, destination?: DestinationStream) {
  const options = { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-parley-csrf"]'] };
  return destination ? pino(options, destination) : pino(options);
}

/** Migrate (in createContext), seed the demo on an empty database, listen. Used by `parley start` and by tests that need a real socket. */
export async function startServer(config: Config, overrides: ContextOverrides = {}, opts: { print?: (line: string) => void; logTo?: DestinationStream } = {}): Promise<RunningServer> {
  const log = createLogger(config, opts.logTo);
  const ctx = await createContext(config, log, overrides);
  if (config.seedDemo) await seedDemoIfEmpty(ctx, opts.print ?? ((line) => process.stdout.write(line + '\n')));
  const app = await buildApp(ctx);
  const stopPublishing = startPublishingJobs(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closing: Promise<void> | null = null;
  return {
    app,
    ctx,
    url: `http://127.0.0.1:${port}`,
    close() {
      // Fastify stops accepting, lets in-flight requests finish, then the database closes.
      stopPublishing();
      closing ??= app.close().then(() => ctx.close());
      return closing;
    },
  };
}
