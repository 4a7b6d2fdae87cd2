import { pino, type DestinationStream, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
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

export interface LoggerTarget {
  /** Human-readable lines (default: when stdout is a terminal); JSON lines otherwise, for log collectors. */
  pretty?: boolean;
  destination?: DestinationStream;
}

interface LoggedReply {
  statusCode?: number;
  request?: { method?: string; url?: string };
}

/**
 * In a terminal, fastify's two JSON objects per request ("incoming request", "request completed")
 * become one line — "GET /posts/x → 200 in 3 ms" — so start-up output such as the demo passwords
 * stays on screen instead of scrolling away under request noise.
 */
const oneLinePerRequest: NonNullable<LoggerOptions['hooks']>['logMethod'] = function (args, method) {
  const [first, msg] = args as unknown[];
  if (msg === 'incoming request') return;
  if (msg === 'request completed' && first && typeof first === 'object') {
    const { res, responseTime } = first as { res?: LoggedReply; responseTime?: number };
    const req = res?.request;
    if (req) return method.apply(this, [`${req.method} ${req.url} → ${res.statusCode ?? '?'} in ${Math.round(responseTime ?? 0)} ms`]);
  }
  return method.apply(this, args);
};

export function createLogger(config: Config, target: LoggerTarget = {}) {
  const options: LoggerOptions = { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-parley-csrf"]'] };
  if (!(target.pretty ?? process.stdout.isTTY === true)) return target.destination ? pino(options, target.destination) : pino(options);
  const stream = pretty({
    colorize: !target.destination && process.stdout.hasColors?.() === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId',
    singleLine: true,
    sync: true,
    ...(target.destination ? { destination: target.destination } : {}),
  });
  return pino({ ...options, hooks: { logMethod: oneLinePerRequest } }, stream);
}

/** Migrate (in createContext), seed the demo on an empty database, listen. Used by `parley start` and by tests that need a real socket. */
export async function startServer(config: Config, overrides: ContextOverrides = {}, opts: { print?: (line: string) => void; logTo?: DestinationStream } = {}): Promise<RunningServer> {
  const log = createLogger(config, opts.logTo ? { destination: opts.logTo, pretty: false } : {});
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
