import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { systemClock, type Clock } from '../domain/clock';
import { migrate, openStore, optimizeStore, startCheckpointer, type Store } from '../store/db';
import { createReader, type Reader } from '../store/reader';
import { createGroupCommitter, type GroupCommitter } from '../store/group-commit';
import { addSettingIfAbsent, getSetting } from '../store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';
import { createMailer, type Mailer } from '../mail/mailer';
import { createMemoryBus, createRedisBus, type EventBus } from '../realtime/bus';
import { fetchPage, type PageFetcher } from './services/page-fetcher';
import { RedisLink } from '../realtime/redis-link';
import { StreamSlots } from '../realtime/sse';
import { streamCapacity } from '../domain/stream-capacity';
import { openFileLimit } from './open-files';
import { createMemoryLimiter, createRedisLimiter, type RateLimiter } from './rate-limiter';

/** Everything a route needs besides the request: built once per process, passed down explicitly. */
export interface AppContext {
  config: Config;
  store: Store;
  db: Store['db'];
  /** Small concurrent write transactions (new comments) committed together: see store/group-commit.ts. */
  writes: GroupCommitter;
  /** Heavy reads (the dashboard's aggregates) off the main thread on SQLite: see store/reader.ts. */
  reader: Reader;
  clock: Clock;
  mailer: Mailer;
  bus: EventBus;
  limiter: RateLimiter;
  /** The link to Redis when PARLEY_REDIS_URL is set: its state feeds /healthz. */
  redis: RedisLink | null;
  /** Live streams this node may hold, shared by the discussion and moderation streams. */
  streams: StreamSlots;
  secret: string;
  log: FastifyBaseLogger;
  /** Reads host pages for the embed check; tests give a fake. */
  fetchPage: PageFetcher;
  close(): Promise<void>;
}

const OPTIMIZE_EVERY_MS = 60 * 60_000;

export interface ContextOverrides {
  clock?: Clock;
  store?: Store;
  mailer?: Mailer;
  fetchPage?: PageFetcher;
}

const SECRET = jsonReader(Type.String(), 'setting secret');

/** PARLEY_SECRET, or one made on first run and kept in the database so that every node shares it. */
async function siteSecret(store: Store, config: Config): Promise<string> {
  if (config.secret) return config.secret;
  const existing = await getSetting(store.db, 'secret', SECRET);
  if (existing) return existing;
  const made = randomBytes(32).toString('base64url');
  await addSettingIfAbsent(store.db, 'secret', made);
  return (await getSetting(store.db, 'secret', SECRET)) ?? made;
}

/** The live-stream cap from the open-file limit, said once at start-up. */
function liveStreamSlots(log: FastifyBaseLogger): StreamSlots {
  const cap = streamCapacity(openFileLimit());
  if (cap.openFileLimit === null) log.info(`live streams: at most ${cap.max} on this node (open-file limit unknown)`);
  else if (cap.limitedByFiles) {
    log.warn(`live streams: at most ${cap.max} on this node, set by the open-file limit of ${cap.openFileLimit} (the rest is kept for the database and HTTP); raise it (systemd LimitNOFILE, ulimit -n) for more live readers`);
  } else log.info(`live streams: at most ${cap.max} on this node (open-file limit ${cap.openFileLimit})`);
  return new StreamSlots(cap.max);
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
  // WAL checkpoints off the main thread, so that no commit waits for one (see startCheckpointer).
  const stopCheckpointer = startCheckpointer(store);
  const clock = overrides.clock ?? systemClock;
  // Connects in the background: start-up and requests never wait for Redis.
  const redis = config.redisUrl ? new RedisLink(config.redisUrl, { info: (m) => log.info(m), warn: (m) => log.warn(m) }) : null;
  const bus = redis ? createRedisBus(redis) : createMemoryBus();
  const limiter = redis ? createRedisLimiter(redis) : createMemoryLimiter();
  const mailer = overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, db: store.db, clock, log });
  const secret = await siteSecret(store, config);
  const streams = liveStreamSlots(log);
  const reader = createReader(store);
  return {
    config,
    store,
    db: store.db,
    writes: createGroupCommitter(store.db, store.dialect === 'sqlite'),
    reader,
    clock,
    mailer,
    bus,
    limiter,
    redis,
    streams,
    secret,
    log,
    fetchPage: overrides.fetchPage ?? fetchPage,
    async close() {
      clearInterval(optimizer);
      await optimizing;
      await bus.close();
      redis?.close();
      mailer.close();
      await stopCheckpointer();
      await reader.close();
      if (!overrides.store) await store.close();
    },
  };
}

