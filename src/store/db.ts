import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type LogConfig } from 'kysely';
import type { Database } from './schema';
import { migrationProvider } from './migrations/index';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite handle, for online backups; null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

// PostgreSQL returns 64-bit integers (count(*), bigint) as strings; Parley's never exceed 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export interface StoreOptions {
  poolSize?: number;
  /** Called with every statement run (tests read their query plans). */
  onQuery?: (query: CompiledQuery) => void;
}

export function openStore(databaseUrl: string, opts: StoreOptions = {}): Store {
  const log: LogConfig | undefined = opts.onQuery
    ? (event) => {
        if (event.level === 'query') opts.onQuery!(event.query);
      }
    : undefined;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const handle = new SQLite(file);
    handle.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before the HTTP response acknowledges it.
    handle.pragma('synchronous = FULL');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }), log });
    return { db, dialect: 'sqlite', sqlite: handle, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  // An idle connection closed by the server (restart, failover, admin) must not crash the process:
  // the pool drops that client and the next query opens a new one.
  pool.on('error', (err) => process.stderr.write(`parley: idle PostgreSQL connection closed: ${err.message}\n`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** How many index entries SQLite's ANALYZE samples per index: enough for good plans, and quick on millions of rows. */
const ANALYSIS_LIMIT = 1000;

/**
 * Gives the query planner current statistics. SQLite never gathers them by itself: without them it
 * guesses, and on a big database it can pick an index that walks most of a table (a per-author count
 * planned on the status index read every published comment). `PRAGMA optimize` analyzes the tables
 * whose size changed a lot since their last analysis (all of them the first time), sampling at most
 * ANALYSIS_LIMIT rows per index, so it costs milliseconds even at a million comments. Run at start-up
 * and periodically. PostgreSQL's autovacuum keeps its own statistics.
 */
export function optimizeStore(store: Store, opts: { startup?: boolean } = {}): void {
  if (!store.sqlite) return;
  store.sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  // 0x10002 at start-up: consider every table, not only those this connection has used.
  store.sqlite.pragma(opts.startup ? 'optimize = 0x10002' : 'optimize');
}

export async function ping(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/** A consistent copy of the SQLite database while the server keeps writing. */
export async function backupSqlite(store: Store, file: string): Promise<void> {
  if (!store.sqlite) {
    throw new Error('parley backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)');
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await store.sqlite.backup(file);
}
