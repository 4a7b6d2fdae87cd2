import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/** Puts a backup in place of the SQLite database, after checking that it is a sound Parley database. */
export async function restoreSqlite(databaseUrl: string, backupFile: string): Promise<void> {
  if (!databaseUrl.startsWith('sqlite:')) throw new Error('parley restore handles SQLite; for PostgreSQL use pg_restore (see the README)');
  if (!fs.existsSync(backupFile)) throw new Error(`no such file: ${backupFile}`);
  const check = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`the backup fails SQLite's integrity check: ${String(ok)}`);
    const hasUsers = check.prepare("select 1 from sqlite_master where type = 'table' and name = 'users'").get();
    if (!hasUsers) throw new Error('the file is not a Parley database');
  } finally {
    check.close();
  }
  const target = path.resolve(databaseUrl.slice('sqlite:'.length));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // The old WAL must not be replayed over the restored file.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backupFile, tmp);
  fs.renameSync(tmp, target);
}
