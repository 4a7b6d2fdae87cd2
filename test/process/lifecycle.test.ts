/* The real `parley` process: acknowledged writes survive SIGKILL, SIGTERM drains in-flight requests,
   backups are consistent while the server writes, and a backup restores. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { buildAssets } from '../helpers/browser';
import { freePort } from '../helpers/free-port';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-proc-'));
const dbFile = path.join(dir, 'parley.db');
const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${dbFile}`, PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'warn', PARLEY_HOST: '127.0.0.1', PARLEY_METRICS_TOKEN: 'lifecycle-metrics-token' };

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  return execFileSync(process.execPath, ['bin/parley.js', ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
}

async function start(): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/parley.js', 'start', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

function register(base: string, i: number) {
  return fetch(`${base}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `durable${i}@example.org`, password: 'a long password', displayName: `D${i}` }),
  });
}

function countUsers(): number {
  const db = new SQLite(dbFile, { readonly: true });
  try {
    return (db.prepare("select count(*) as n from users where email like 'durable%'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const PLACES = ['At Hillfoot', 'From Partick', 'Near the bridge', 'Past Anniesland', 'Round Kelvindale', 'By the depot', 'Out at Milngavie', 'Over in Bearsden'];

/** `n` supporters with a session each and an open post, straight into the database; returns the session tokens. */
function setUpWriters(n: number): string[] {
  const db = new SQLite(dbFile);
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const tokens: string[] = [];
  db.transaction(() => {
    db.prepare(
      `insert into posts (id, slug, title, standfirst, body_md, body_html, author_id, status, published_at, created_at, updated_at, version, discussion, sources, comment_count)
       values ('0durablepost000000000000', 'durable-post', 'Durable', '', '', '', null, 'published', ?, ?, ?, 1, 'open', '[]', 0)`,
    ).run(now, now, now);
    for (let i = 0; i < n; i++) {
      const id = `0durablewriter${String(i).padStart(10, '0')}`;
      db.prepare(
        `insert into users (id, email, email_normalized, display_name, created_at, email_verified_at, supporter_until, supporter_since, notify_replies, flag_reliability, published_comment_count)
         values (?, ?, ?, ?, ?, ?, '9999-12-31T23:59:59.999Z', ?, 0, 1, 100)`,
      ).run(id, `writer${i}@example.org`, `writer${i}@example.org`, `Writer ${i}`, now, now, now);
      db.prepare("insert into user_roles (user_id, role) values (?, 'reader')").run(id);
      const token = `durable-writer-token-${i}-${Math.random().toString(36).slice(2)}`;
      db.prepare('insert into sessions (id, user_id, created_at, expires_at, last_seen_at) values (?, ?, ?, ?, ?)').run(createHash('sha256').update(token).digest('hex'), id, now, later, now);
      tokens.push(token);
    }
  })();
  db.prepare("insert into settings (key, value) values ('moderation', ?) on conflict (key) do update set value = excluded.value").run(JSON.stringify({ rateLimit: { enabled: false } }));
  db.close();
  return tokens;
}

beforeAll(() => buildAssets());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the parley process', () => {
  it('keeps every acknowledged write after SIGKILL', async () => {
    const { child, base } = await start();
    const acknowledged: number[] = [];
    const pending = Array.from({ length: 30 }, (_, i) => register(base, i).then((r) => { if (r.status === 201) acknowledged.push(i); }, () => {}));
    // Kill in the middle of the burst, as soon as the first writes are acknowledged.
    for (let i = 0; i < 200 && acknowledged.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const sure = [...acknowledged];
    child.kill('SIGKILL');
    await exited(child);
    await Promise.allSettled(pending);
    expect(sure.length).toBeGreaterThan(0);
    const restarted = await start();
    for (const i of sure) {
      const login = await fetch(`${restarted.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `durable${i}@example.org`, password: 'a long password' }) });
      expect(login.status, `user ${i} was acknowledged`).toBe(200);
    }
    restarted.child.kill('SIGTERM');
    expect(await exited(restarted.child)).toBe(0);
  });

  it('keeps every acknowledged comment after SIGKILL while concurrent comments are committed together', async () => {
    // 50 supporters with sessions and a post, written straight into the database the server uses.
    cli(['migrate']);
    const tokens = setUpWriters(50);
    const { child, base } = await start();
    const acknowledged = new Set<string>();
    let refused = 0;
    const post = (token: string, i: number) =>
      fetch(`${base}/api/posts/durable-post/comments`, {
        method: 'POST',
        // The site's origin (PARLEY_PUBLIC_URL's default) passes the CSRF check.
        headers: { 'content-type': 'application/json', cookie: `parley_session=${token}`, origin: base.replace('127.0.0.1', 'localhost') },
        body: JSON.stringify({ body: `${PLACES[i % PLACES.length]} ${i}: the ${7 + (i % 3)}:${10 + (i % 50)} keeps running late, and ${PLACES[(i * 7) % PLACES.length]} is full by stop ${i % 9}.` }),
      }).then(
        async (r) => {
          if (r.status === 201 || r.status === 202) acknowledged.add(((await r.json()) as { comment: { id: string } }).comment.id);
          else refused += 1;
        },
        () => {},
      );
    // Each writer posts again as soon as it is answered, so commits always have company.
    let stop = false;
    const writers = tokens.map(async (token, w) => {
      for (let k = 0; !stop && k < 20; k++) await post(token, w * 100 + k);
    });
    for (let i = 0; i < 300 && acknowledged.size < 60; i++) await new Promise((r) => setTimeout(r, 10));
    const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer lifecycle-metrics-token' } })).text();
    const sure = [...acknowledged];
    child.kill('SIGKILL');
    stop = true;
    await exited(child);
    await Promise.allSettled(writers);
    expect(sure.length).toBeGreaterThan(0);
    expect(refused).toBe(0);
    // The writes were grouped: fewer commits than comments.
    const gauge = (name: string) => Number(metrics.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
    expect(gauge('parley_write_commit_writes')).toBeGreaterThan(gauge('parley_write_commits'));
    const db = new SQLite(dbFile, { readonly: true });
    const stored = new Set((db.prepare('select id from comments').all() as Array<{ id: string }>).map((r) => r.id));
    db.close();
    for (const id of sure) expect(stored.has(id), `comment ${id} was acknowledged`).toBe(true);
  }, 120_000);

  it('drains in-flight requests on SIGTERM and exits cleanly', async () => {
    const before = countUsers();
    const { child, base } = await start();
    const requests = Array.from({ length: 12 }, (_, i) => register(base, 100 + i).then((r) => r.status, () => 'refused' as const));
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGTERM');
    const [statuses, code] = await Promise.all([Promise.all(requests), exited(child)]);
    expect(code).toBe(0);
    // Each request either completed or was refused before it started: none failed half-way.
    for (const s of statuses) expect([201, 429, 503, 'refused']).toContain(s);
    expect(countUsers() - before).toBe(statuses.filter((s) => s === 201).length);
  });

  it('backs up online and restores the backup', async () => {
    const { child, base } = await start();
    const writer = (async () => {
      for (let i = 0; i < 10; i++) await register(base, 200 + i);
    })();
    const backup = path.join(dir, 'backup.db');
    cli(['backup', backup]);
    await writer;
    const integrity = new SQLite(backup, { readonly: true });
    expect(integrity.pragma('integrity_check', { simple: true })).toBe('ok');
    const inBackup = (integrity.prepare('select count(*) as n from users').get() as { n: number }).n;
    integrity.close();
    child.kill('SIGTERM');
    await exited(child);
    expect(inBackup).toBeGreaterThan(0);

    const restoredFile = path.join(dir, 'restored.db');
    execFileSync(process.execPath, ['bin/parley.js', 'restore', backup], { env: { ...env, PARLEY_DATABASE_URL: `sqlite:${restoredFile}` } });
    const restored = new SQLite(restoredFile, { readonly: true });
    expect((restored.prepare('select count(*) as n from users').get() as { n: number }).n).toBe(inBackup);
    restored.close();
    expect(() => execFileSync(process.execPath, ['bin/parley.js', 'restore', path.join(dir, 'missing.db')], { env, stdio: 'pipe' })).toThrow();
  });

  it('creates users from the command line and names a bad variable at start-up', () => {
    expect(cli(['user', 'create', '--email', 'ed@example.org', '--password', 'a long password', '--name', 'Ed', '--role', 'editor'])).toMatch(/created user .* as editor/);
    expect(() => cli(['user', 'create', '--email', 'x@example.org', '--password', 'a long password', '--name', 'X', '--role', 'emperor'])).toThrow(/unknown role/);
    let message = '';
    try {
      execFileSync(process.execPath, ['bin/parley.js', 'migrate'], { env: { ...env, PARLEY_PORT: 'eighty' }, stdio: 'pipe', encoding: 'utf8' });
    } catch (err) {
      message = String((err as { stderr: string }).stderr);
    }
    expect(message).toMatch(/PARLEY_PORT/);
  });
});
