import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
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

export function openStore(databaseUrl: string, opts: { poolSize?: number } = {}): Store {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const handle = new SQLite(file);
    handle.pragma('journal_mode = WAL');
    // FULL: a commit is fsynced before the HTTP response acknowledges it.
    handle.pragma('synchronous = FULL');
    handle.pragma('busy_timeout = 5000');
    handle.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
    return { db, dialect: 'sqlite', sqlite: handle, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  // An idle connection closed by the server (restart, failover, admin) must not crash the process:
  // the pool drops that client and the next query opens a new one.
  pool.on('error', (err) => process.stderr.write(`parley: idle PostgreSQL connection closed: ${err.message}\n`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
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
