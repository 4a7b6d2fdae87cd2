/* `parley backup` on a busy database: another process writes all the time, and the backup still
   finishes promptly, restores, and holds a state the database really was in. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { buildAssets } from '../helpers/browser';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-backup-'));
const dbFile = path.join(dir, 'parley.db');
const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${dbFile}`, PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'warn' };

/* The writer: in each transaction, one audit row and the count of such rows in settings, so a copy
   that mixed two moments would show a count that does not match its rows. */
const WRITER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare("insert into audit_log (id, at, actor_id, action, target_kind, target_id, reason, before, after) values (?, ?, null, 'backup.drill', 'drill', null, ?, null, null)");
const count = db.prepare("insert into settings (key, value) values ('backup_drill', ?) on conflict (key) do update set value = excluded.value");
let n = 0;
const write = db.transaction(() => { n += 1; insert.run('drill-' + process.pid + '-' + n, new Date().toISOString(), 'x'.repeat(200)); count.run(String(n)); });
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) { write(); if (n % 5 === 0) Atomics.wait(pause, 0, 0, 1); if (n % 50 === 0) process.stdout.write(n + '\\n'); }
`;

beforeAll(() => {
  buildAssets();
  execFileSync(process.execPath, ['bin/parley.js', 'migrate'], { env });
  // About 40 MB, so that a page-by-page copy takes many steps.
  const db = new SQLite(dbFile);
  const fill = db.prepare("insert into audit_log (id, at, actor_id, action, target_kind, target_id, reason, before, after) values (?, ?, null, 'backup.filler', 'drill', null, ?, null, null)");
  db.transaction(() => {
    for (let i = 0; i < 40_000; i++) fill.run(`filler-${i}`, new Date().toISOString(), `${i} `.padEnd(1000, 'f'));
  })();
  db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parley backup under constant writes', () => {
  it('finishes, restores, and is one consistent moment', async () => {
    const writer = spawn(process.execPath, ['-e', WRITER, dbFile], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let written = 0;
    writer.stdout.on('data', (d: Buffer) => (written = Number(d.toString().trim().split('\n').pop())));
    try {
      await expect.poll(() => written, { timeout: 10_000 }).toBeGreaterThan(200);
      const backup = path.join(dir, 'backup.db');
      const before = written;
      const t0 = Date.now();
      const out = await run(process.execPath, ['bin/parley.js', 'backup', backup], { env, timeout: 60_000 });
      const ms = Date.now() - t0;
      expect(out.stdout).toMatch(/backup written/);
      expect(ms).toBeLessThan(30_000);
      expect(written - before, 'the writer kept writing during the backup').toBeGreaterThan(0);
      expect(fs.existsSync(`${backup}.partial`)).toBe(false);

      const restoredFile = path.join(dir, 'restored.db');
      await run(process.execPath, ['bin/parley.js', 'restore', backup], { env: { ...env, PARLEY_DATABASE_URL: `sqlite:${restoredFile}` } });
      const restored = new SQLite(restoredFile, { readonly: true });
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = (restored.prepare("select count(*) as n from audit_log where action = 'backup.drill'").get() as { n: number }).n;
      const counted = Number((restored.prepare("select value from settings where key = 'backup_drill'").get() as { value: string }).value);
      const fillers = (restored.prepare("select count(*) as n from audit_log where action = 'backup.filler'").get() as { n: number }).n;
      restored.close();
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBe(counted);
      expect(fillers).toBe(40_000);
    } finally {
      writer.kill('SIGKILL');
    }
  }, 90_000);
});
