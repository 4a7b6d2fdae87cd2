/* The hot paths' queries never walk a big table. A database shaped like a busy site (made by the
   bench generator, never analyzed, as a database that grew by normal use is) is opened the way
   Parley starts; the pages and API calls that readers, writers and moderators make all the time
   are requested, every statement they ran is recorded, and each one's plan is asked for with
   EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL). A plan that scans comments, likes, flags,
   the audit log, users or sessions, reads comments by status = 'published' (most of the table),
   or sorts the comments an index found, fails the test: on a million comments such a query
   blocks the server for seconds. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { FastifyInstance } from 'fastify';
import { makeBigDatabase, type BigDb } from '../../bench/make-big-db';
import { loadConfig } from '../../src/config';
import { createContext, type AppContext } from '../../src/server/context';
import { buildApp } from '../../src/server/app';
import { openStore, type Store } from '../../src/store/db';
import { Browser, PG_BASE_URL, freshDatabase, requireService, type TestApp } from '../helpers/harness';
import { sql } from 'kysely';
import { HEAVY_READS } from '../../src/store/heavy-reads';
import { DAY } from '../../src/domain/clock';

const BIG_TABLES = ['comments', 'likes', 'flags', 'audit_log', 'users', 'sessions', 'comment_edits'];

interface Ran {
  sql: string;
  params: unknown[];
}

/** Drives the hot paths through HTTP as the people who use them do. */
async function exercise(app: FastifyInstance, made: BigDb): Promise<void> {
  const t = { app } as TestApp;
  const anon = new Browser(t);
  const supporter = new Browser(t, '10.9.0.2');
  supporter.cookies.set('parley_session', made.supporterToken);
  await supporter.session();
  const mod = new Browser(t, '10.9.0.3');
  mod.cookies.set('parley_session', made.moderatorToken);
  await mod.session();
  const slug = made.busiestSlug;
  const ok = (r: { statusCode: number; body: string }, what: string) => expect(r.statusCode, `${what}: ${r.body.slice(0, 200)}`).toBeLessThan(300);

  for (const reader of [anon, supporter]) {
    ok(await reader.get('/'), 'home');
    ok(await reader.get(`/posts/${slug}`), 'post page');
    for (const sort of ['oldest', 'newest', 'top']) {
      const first = await reader.get(`/api/posts/${slug}/comments?sort=${sort}`);
      ok(first, `comments ${sort}`);
      const page = first.json() as { comments: Array<{ id: string; replyCount?: number }>; nextCursor: string | null };
      if (page.nextCursor) ok(await reader.get(`/api/posts/${slug}/comments?sort=${sort}&cursor=${encodeURIComponent(page.nextCursor)}`), `comments ${sort} page 2`);
      const thread = page.comments.find((c) => (c.replyCount ?? 0) > 0);
      if (thread) ok(await reader.get(`/api/comments/${thread.id}/replies`), 'replies');
    }
    ok(await reader.get('/api/search?q=council'), 'search');
  }
  const posted = await supporter.post(`/api/posts/${slug}/comments`, { body: 'The timetable change makes the morning connection much easier for me.' });
  ok(posted, 'comment POST');
  const id = (posted.json() as { comment: { id: string } }).comment.id;
  ok(await mod.post(`/api/comments/${id}/like`, { liked: true }), 'like');
  ok(await mod.get('/api/mod/counts'), 'queue counts');
  for (const kind of ['pending', 'hidden', 'flagged', 'removed', 'review', 'appeals']) {
    const first = await mod.get(`/api/mod/queue?kind=${kind}`);
    ok(first, `queue ${kind}`);
    const next = (first.json() as { nextCursor: string | null }).nextCursor;
    if (next) ok(await mod.get(`/api/mod/queue?kind=${kind}&cursor=${encodeURIComponent(next)}`), `queue ${kind} page 2`);
  }
  for (const filter of [`kind=pending&post=${slug}`, 'kind=pending&reason=new_commenter', 'kind=removed&reason=abuse', 'kind=flagged&reason=abuse']) ok(await mod.get(`/api/mod/queue?${filter}`), `queue ${filter}`);
  ok(await mod.get(`/api/mod/users/${made.supporterId}`), 'user detail');
  ok(await mod.get(`/admin/moderation/users/${made.supporterId}`), 'user detail page');
  ok(await mod.get('/admin/moderation'), 'moderation workspace');
  ok(await mod.get('/admin/moderation/dashboard'), 'moderation dashboard');
  ok(await supporter.get(`/posts/${slug}?sort=top`), 'post page, top');
}

/** The plan lines of SQLite statements that read a big table the slow way. */
function sqliteProblems(store: Store, ran: Ran[]): string[] {
  const problems: string[] = [];
  for (const r of ran) {
    if (!/^\s*(select|update|delete|with)/i.test(r.sql)) continue;
    const plan = store.sqlite!.prepare(`explain query plan ${r.sql}`).all(...(r.params as never[])) as Array<{ detail: string }>;
    for (const { detail } of plan) {
      const scan = detail.match(/^SCAN (\w+)/);
      // A statement that also binds the small statuses (the queue counts) searches by those; its
      // 'published' part is held to the other rules.
      const byPublished =
        /^SEARCH comments USING (COVERING )?INDEX comments_status_\w+ \(status=\?/.test(detail) &&
        !/\bid=\?/.test(detail) && // (a point lookup by id is not a walk of the status's range)
        r.params.includes('published') &&
        !r.params.includes('pending') &&
        !r.params.includes('removed');
      // Sorting what an index of comments found reads all of it before the first row comes out: an
      // author's thousands of comments, every flagged comment. Only the replies of one page's threads are sorted.
      const sortsComments = detail === 'USE TEMP B-TREE FOR ORDER BY' && /^\s*select\b(?:(?!\bfrom\b)[\s\S])*\bfrom "comments"/i.test(r.sql) && !/row_number\(\) over/i.test(r.sql);
      if ((scan && BIG_TABLES.includes(scan[1]!)) || byPublished || sortsComments) problems.push(`${detail}\n    in: ${r.sql}`);
    }
  }
  return [...new Set(problems)];
}

describe('query plans on a big SQLite database', () => {
  let dir: string;
  let store: Store;
  let ctx: AppContext;
  let app: FastifyInstance;
  let made: BigDb;
  const ran: Ran[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-plans-'));
    made = await makeBigDatabase(path.join(dir, 'parley.db'), { comments: 30_000, held: 1_500, posts: 60, users: 600 });
    store = openStore(`sqlite:${made.file}`);
    // Record every statement Kysely runs, with its parameters.
    const handle = store.sqlite!;
    const prepare = handle.prepare.bind(handle);
    const wrapped = new WeakSet<object>();
    handle.prepare = ((source: string) => {
      const stmt = prepare(source);
      if (wrapped.has(stmt)) return stmt; // a cached statement, already recording
      wrapped.add(stmt);
      for (const method of ['all', 'get', 'run', 'iterate'] as const) {
        const original = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          ran.push({ sql: source, params: params.flat() });
          return original(...params);
        };
      }
      return stmt;
    }) as typeof handle.prepare;
    const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${made.file}`, PARLEY_PUBLIC_URL: 'http://parley.test', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
    ctx = await createContext(config, pino({ level: 'silent' }), { store });
    app = await buildApp(ctx);
    await app.ready();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await ctx?.close();
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads no big table in full on any hot page or API call', async () => {
    await exercise(app, made);
    // The heavy reads ran in the read worker, on its own connection: run them here too, to see their plans.
    await HEAVY_READS.moderationActivity(store.db, new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10));
    expect(ran.length).toBeGreaterThan(50);
    expect(sqliteProblems(store, ran)).toEqual([]);
  }, 120_000);
});

const hasPg = requireService('PostgreSQL', !!PG_BASE_URL);

describe.skipIf(!hasPg)('query plans on PostgreSQL', () => {
  it('finds every hot query an index to use', async () => {
    // PostgreSQL's plans depend on its statistics; with sequential scans priced out, a Seq Scan
    // left on a big table means no index can serve the query at all.
    const database = await freshDatabase('postgres');
    const ran: Ran[] = [];
    const config = loadConfig({ PARLEY_DATABASE_URL: database.url, PARLEY_PUBLIC_URL: 'http://parley.test', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
    const store = openStore(config.databaseUrl, {
      onQuery: (q) => ran.push({ sql: q.sql, params: [...q.parameters] }),
    });
    const ctx = await createContext(config, pino({ level: 'silent' }), { store });
    const app = await buildApp(ctx);
    await app.ready();
    // migrations (one-off backfills) ran above: only what pages and API calls run from here counts
    ran.length = 0;
    try {
      const made = await seedPostgres(ctx);
      await exercise(app, made);
      const problems: string[] = [];
      await ctx.db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn);
        for (const r of ran) {
          if (!/^\s*(select|update|delete|with)/i.test(r.sql)) continue;
          const plan = await sql.raw(`explain ${r.sql.replace(/\$(\d+)/g, (_, n: string) => pgLiteral(r.params[Number(n) - 1]))}`).execute(conn);
          for (const row of plan.rows as Array<{ 'QUERY PLAN': string }>) {
            const scan = row['QUERY PLAN'].match(/Seq Scan on (\w+)/);
            if (scan && BIG_TABLES.includes(scan[1]!)) problems.push(`${row['QUERY PLAN'].trim()}\n    in: ${r.sql}`);
          }
        }
      });
      expect([...new Set(problems)]).toEqual([]);
    } finally {
      await app.close();
      await ctx.close();
      await store.close();
      await database.cleanup();
    }
  }, 180_000);
});

function pgLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** A small site on PostgreSQL with the generator's shape: the plan check needs the tables and a few rows, not volume. */
async function seedPostgres(ctx: AppContext): Promise<BigDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-plans-pg-'));
  try {
    const made = await makeBigDatabase(path.join(dir, 'seed.db'), { comments: 3_000, held: 150, posts: 10, users: 100 });
    const src = openStore(`sqlite:${made.file}`);
    const tables = ['users', 'user_roles', 'posts', 'comments', 'flags', 'likes', 'audit_log', 'sessions'] as const;
    for (const table of tables) {
      const rows = (await src.db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
      // Parents before replies: the seed's ids are time-ordered and comments only reply to older ones.
      if (table === 'comments') rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        if (table === 'users') for (const r of chunk) for (const c of ['comment_count', 'published_comment_count', 'removed_comment_count']) delete r[c];
        await ctx.db.insertInto(table).values(chunk as never).execute();
      }
    }
    await src.close();
    await sql`analyze`.execute(ctx.db);
    return made;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
