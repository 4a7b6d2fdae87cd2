import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type LogConfig } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations/index';

export type Dialect = 'sqlite' | 'postgres';

const requireHere = createRequire(import.meta.url);

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite handle, for online backups; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  /** The SQLite database file; null in memory and on PostgreSQL. */
  file: string | null;
  /**
   * A mark that stays the same while nothing is written to the database, so that what was read
   * under one mark can be used again under the same mark without asking the database: on SQLite,
   * this connection's count of changed rows (so its own writes show at once) with the commits of
   * other connections (another process on the same file), looked at every OTHER_WRITERS_MS at most.
   * Null on PostgreSQL, where other nodes write without a trace here: read the database instead.
   */
  changeMark(): string | null;
  close(): Promise<void>;
}

/** How often a SQLite connection looks for other processes' commits (the look opens a read transaction). */
const OTHER_WRITERS_MS = 100;

// PostgreSQL returns 64-bit integers (count(*), bigint) as strings; Parley's never exceed 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface StoreOptions {
  poolSize?: number;
  /** Called with every statement run (tests read their query plans). */
  onQuery?: (query: CompiledQuery) => void;
  /** SQLite only: a read-only connection (a worker thread's, beside the server's own). */
  readonly?: boolean;
}

/** Prepared statements kept per connection: enough for every statement Parley runs, IN lists included. */
const STATEMENT_CACHE = 1000;

/**
 * Kysely prepares every statement anew, and on a signed-in read preparing cost more than running
 * the queries. The same SQL text gets the same prepared statement back; one that is still being
 * iterated (a streamed query) is not shared, a new one is prepared for the second user.
 */
function cacheStatements(handle: SQLite.Database): void {
  const prepare = handle.prepare.bind(handle);
  const cache = new Map<string, SQLite.Statement>();
  handle.prepare = ((source: string) => {
    const hit = cache.get(source);
    if (hit && !hit.busy) return hit;
    const stmt = prepare(source);
    if (!hit) {
      const oldest = cache.keys().next();
      if (cache.size >= STATEMENT_CACHE && !oldest.done) cache.delete(oldest.value);
      cache.set(source, stmt);
    }
    return stmt;
  }) as typeof handle.prepare;
}

export function openStore(databaseUrl: string, opts: StoreOptions = {}): Store {
  const onQuery = opts.onQuery;
  const log: LogConfig | undefined = onQuery
    ? (event) => {
        if (event.level === 'query') onQuery(event.query);
      }
    : undefined;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const handle = new SQLite(file, { readonly: !!opts.readonly });
    if (!opts.readonly) {
      handle.pragma('journal_mode = WAL');
      // FULL: a commit is fsynced before the HTTP response acknowledges it.
      handle.pragma('synchronous = FULL');
    }
    handle.pragma('busy_timeout = 5000');
    handle.pragma('foreign_keys = ON');
    cacheStatements(handle);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }), log });
    const ownChanges = handle.prepare('select total_changes()').pluck();
    const othersVersion = handle.prepare('pragma data_version').pluck();
    let others = 0;
    let othersAt = -Infinity;
    const changeMark = () => {
      const t = performance.now();
      if (t - othersAt >= OTHER_WRITERS_MS) {
        others = othersVersion.get() as number;
        othersAt = t;
      }
      return `${ownChanges.get() as number}:${others}`;
    };
    return { db, dialect: 'sqlite', sqlite: handle, file: file === ':memory:' ? null : path.resolve(file), changeMark, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  // An idle connection closed by the server (restart, failover, admin) must not crash the process:
  // the pool drops that client and the next query opens a new one.
  pool.on('error', (err) => process.stderr.write(`parley: idle PostgreSQL connection closed: ${err.message}\n`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  return { db, dialect: 'postgres', sqlite: null, file: null, changeMark: () => null, close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/* SQLite's ANALYZE, run by a worker thread on its own connection. */
const ANALYZE_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('optimize = 0x10002');
  parentPort.postMessage({ ok: true });
} catch (err) {
  parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
} finally {
  db.close();
}`;

/**
 * Gives the query planner current statistics. SQLite never gathers them by itself: without them it
 * guesses, and on a big database it can pick an index that walks most of a table. `PRAGMA optimize`
 * analyzes the tables whose size changed a lot since their last analysis (every table the first
 * time); on a million comments that reads for seconds, so it runs in a worker thread with its own
 * connection while this one keeps serving, and this connection then loads the new statistics.
 * Run at start-up and periodically. PostgreSQL's autovacuum keeps its own statistics.
 */
export async function optimizeStore(store: Store): Promise<void> {
  if (!store.sqlite) return;
  if (!store.file) {
    store.sqlite.pragma('optimize = 0x10002'); // an in-memory database is small and has no other connection
    return;
  }
  const done = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
    const worker = new Worker(ANALYZE_WORKER, { eval: true, workerData: { file: store.file, module: requireHere.resolve('better-sqlite3') } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => resolve({ ok: false, message: `exited with ${code}` }));
  });
  if (!done.ok) throw new Error(`ANALYZE failed: ${done.message}`);
  // Reload the statistics into this connection's planner.
  if (store.sqlite.open) store.sqlite.exec('ANALYZE sqlite_schema');
}

/* WAL checkpoints, run by a worker thread on its own connection. */
const CHECKPOINT_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('synchronous = FULL');
const step = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Busy or locked: the next step tries again.
  }
};
const timer = setInterval(step, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  step();
  db.close();
  parentPort.close();
});`;

/** How often the checkpoint worker copies committed WAL frames into the database file. */
const CHECKPOINT_EVERY_MS = 1000;

/**
 * Moves SQLite's WAL checkpoints off the main thread. By default the connection that commits the
 * thousandth WAL page copies the WAL into the database file and fsyncs it inside that commit; on
 * the main thread (better-sqlite3 is synchronous) that froze every request for up to 200 ms under
 * a stream of writes. Here this connection never checkpoints by itself; a worker thread with its
 * own connection does, once a second (about as often as the default does under a stream of
 * comments), without waiting for locks (PASSIVE), so the WAL restarts from its beginning once the
 * worker has caught up. Commits stay fsynced as before (the
 * WAL is what makes them durable). Should the worker fail, the connection checkpoints by itself
 * again. Returns the function that stops the worker (it checkpoints once more first).
 */
export function startCheckpointer(store: Store): () => Promise<void> {
  const handle = store.sqlite;
  if (!handle || !store.file) return async () => {};
  handle.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { file: store.file, module: requireHere.resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopping = false;
  const fallBack = () => {
    if (!stopping && handle.open) handle.pragma('wal_autocheckpoint = 1000');
  };
  worker.once('error', fallBack);
  worker.once('exit', fallBack);
  return async () => {
    if (stopping) return;
    stopping = true;
    worker.postMessage('stop');
    await exited;
    if (handle.open) handle.pragma('wal_autocheckpoint = 1000');
  };
}

export async function ping(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/**
 * A consistent copy of the SQLite database while the server keeps writing. VACUUM INTO copies one
 * read snapshot in a single statement, so writes meanwhile (which WAL lets go on) cannot make it
 * start over, as they do the page-by-page online backup. The copy appears under `file` only once it
 * is complete and on disk.
 */
export async function backupSqlite(store: Store, file: string): Promise<void> {
  if (!store.sqlite) {
    throw new Error('parley backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)');
  }
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    store.sqlite.prepare('VACUUM INTO ?').run(partial);
    const fd = fs.openSync(partial, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}
