import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { systemClock, type Clock } from '../domain/clock';
import { migrate, openStore, optimizeStore, type Store } from '../store/db';
import { createGroupCommitter, type GroupCommitter } from '../store/group-commit';
import { getSetting } from '../store/settings';
import { createMailer, type Mailer } from '../mail/mailer';
import { createMemoryBus, createRedisBus, type EventBus } from '../realtime/bus';
import { createMemoryLimiter, createRedisLimiter, type RateLimiter } from './rate-limiter';

/** Everything a route needs besides the request: built once per process, passed down explicitly. */
export interface AppContext {
  config: Config;
  store: Store;
  db: Store['db'];
  /** Small concurrent write transactions (new comments) committed together: see store/group-commit.ts. */
  writes: GroupCommitter;
  clock: Clock;
  mailer: Mailer;
  bus: EventBus;
  limiter: RateLimiter;
  secret: string;
  log: FastifyBaseLogger;
  close(): Promise<void>;
}

const OPTIMIZE_EVERY_MS = 60 * 60_000;

export interface ContextOverrides {
  clock?: Clock;
  store?: Store;
  mailer?: Mailer;
}

/** PARLEY_SECRET, or one made on first run and kept in the database so that every node shares it. */
async function siteSecret(store: Store, config: Config): Promise<string> {
  if (config.secret) return config.secret;
  const existing = await getSetting<string>(store.db, 'secret');
  if (existing) return existing;
  const made = randomBytes(32).toString('base64url');
  await store.db.insertInto('settings').values({ key: 'secret', value: JSON.stringify(made) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting<string>(store.db, 'secret')) ?? made;
}

export async function createContext(config: Config, log: FastifyBaseLogger, overrides: ContextOverrides = {}): Promise<AppContext> {
  const store = overrides.store ?? openStore(config.databaseUrl);
  await migrate(store);
  // Statistics for the query planner, gathered off the main thread now and every hour (see optimizeStore).
  let optimizing: Promise<void> | null = null;
  const optimize = () => {
    optimizing ??= optimizeStore(store)
      .catch((err: unknown) => log.warn({ err }, 'database statistics not refreshed'))
      .finally(() => (optimizing = null));
  };
  optimize();
  const optimizer = setInterval(optimize, OPTIMIZE_EVERY_MS);
  optimizer.unref();
  const clock = overrides.clock ?? systemClock;
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 3 }) : null;
  const bus = config.redisUrl ? createRedisBus(config.redisUrl) : createMemoryBus();
  const limiter = redis ? createRedisLimiter(redis) : createMemoryLimiter();
  const mailer = overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, db: store.db, clock, log });
  const secret = await siteSecret(store, config);
  return {
    config,
    store,
    db: store.db,
    writes: createGroupCommitter(store.db, store.dialect === 'sqlite'),
    clock,
    mailer,
    bus,
    limiter,
    secret,
    log,
    async close() {
      clearInterval(optimizer);
      await optimizing;
      await bus.close();
      redis?.disconnect();
      mailer.close();
      if (!overrides.store) await store.close();
    },
  };
}

