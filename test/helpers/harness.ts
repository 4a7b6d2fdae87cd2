/* Test harness: a Parley app on a fresh database (SQLite temp file, or a fresh PostgreSQL database
   when asked), driven through fastify.inject with a cookie jar per simulated browser. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { createContext, type AppContext } from '../../src/server/context';
import { buildApp } from '../../src/server/app';
import { settleBackground } from '../../src/server/background';
import { ManualClock } from '../../src/domain/clock';
import { openStore, type Store } from '../../src/store/db';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import type { PageFetcher } from '../../src/server/services/page-fetcher';
import type { Mailer } from '../../src/mail/mailer';
import type { Role } from '../../src/domain/roles';

export const PG_BASE_URL = process.env.PARLEY_TEST_POSTGRES_URL ?? (process.env.CI ? 'postgres://postgres@127.0.0.1:5432/postgres' : null);
export const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? (process.env.CI ? 'redis://127.0.0.1:6379' : null);

/** A database for one test file: a temp SQLite file, or a new PostgreSQL database dropped by cleanup(). */
export async function freshDatabase(kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<{ url: string; cleanup(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
    return { url: `sqlite:${path.join(dir, 'parley.db')}`, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_BASE_URL) throw new Error('PostgreSQL is not configured for tests');
  const name = `parley_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_BASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_BASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: ManualClock;
  config: Config;
  store: Store;
  close(): Promise<void>;
}

export async function makeApp(opts: { env?: Record<string, string>; db?: 'sqlite' | 'postgres'; clock?: ManualClock; fetchPage?: PageFetcher; mailer?: Mailer } = {}): Promise<TestApp> {
  const database = await freshDatabase(opts.db ?? 'sqlite');
  const config = loadConfig({ PARLEY_DATABASE_URL: database.url, PARLEY_PUBLIC_URL: 'http://parley.test', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent', ...opts.env });
  const clock = opts.clock ?? new ManualClock(new Date());
  const store = openStore(config.databaseUrl);
  const ctx = await createContext(config, pino({ level: 'silent' }), { clock, store, ...(opts.fetchPage ? { fetchPage: opts.fetchPage } : {}), ...(opts.mailer ? { mailer: opts.mailer } : {}) });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    clock,
    config,
    store,
    async close() {
      await app.close();
      await ctx.close();
      await store.close();
      await database.cleanup();
    },
  };
}

/** One simulated browser: keeps its cookies and sends the CSRF token like Parley's pages do. */
export class Browser {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(private readonly t: TestApp, public ip = '10.0.0.1') {}

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.t.app.inject({
      method: method as 'GET',
      url,
      remoteAddress: this.ip,
      headers: { ...(cookie ? { cookie } : {}), ...(this.csrf && method !== 'GET' ? { 'x-parley-csrf': this.csrf } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const json = res.headers['content-type']?.toString().includes('json') ? (res.json() as { csrfToken?: string }) : null;
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return res;
  }
  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body ?? {}, headers);
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  delete(url: string, body?: unknown) {
    return this.request('DELETE', url, body);
  }
  /** Refreshes the CSRF token for the current session. */
  async session() {
    return (await this.get('/api/session')).json() as { user: { id: string } | null; csrfToken: string };
  }
}

let counter = 0;
/** Creates a user directly in the database and signs a browser in as them. */
export async function signedIn(t: TestApp, opts: { roles?: Role[]; supporter?: boolean; name?: string; email?: string; password?: string } = {}) {
  counter += 1;
  const email = opts.email ?? `user${counter}-${Math.random().toString(36).slice(2, 7)}@example.org`;
  const password = opts.password ?? 'correct horse battery';
  const row = await createUser(t.ctx.db, { email, displayName: opts.name ?? `User ${counter}`, passwordHash: await hashPassword(password), roles: opts.roles ?? [], emailVerified: true }, t.clock.now());
  if (opts.supporter) await t.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: t.clock.now().toISOString() }).where('id', '=', row.id).execute();
  const browser = new Browser(t, `10.1.${Math.floor(counter / 250)}.${counter % 250}`);
  const res = await browser.post('/api/auth/login', { email, password });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
  return { browser, user: row, email, password };
}

/** The path of the last link mailed to `to` whose subject is `subject` (from the dev outbox). */
export async function lastMailedLink(t: TestApp, to: string, subject: string): Promise<string> {
  // sign-in links are mailed after the answer (so its timing tells nothing): wait for that work
  await settleBackground(t.ctx);
  const mail = await t.ctx.db.selectFrom('mail_outbox').select(['text']).where('to_address', '=', to).where('subject', '=', subject).orderBy('id', 'desc').executeTakeFirst();
  const link = mail?.text.split(/\s+/).find((w) => w.startsWith(`${t.config.publicUrl}/`));
  if (!link) throw new Error(`no mail "${subject}" with a link to ${to}`);
  return new URL(link).pathname + new URL(link).search;
}

/** Opens the sign-up confirmation link mailed to `to`, as its owner would. */
export async function confirmMailedAddress(t: TestApp, to: string): Promise<void> {
  const res = await new Browser(t).get(await lastMailedLink(t, to, 'Confirm your e-mail address'));
  if (res.statusCode !== 200) throw new Error(`confirmation failed: ${res.statusCode} ${res.body}`);
}

/** Loud skip: tests that need a service say so when it is missing locally; in CI they never skip. */
export function requireService(name: string, available: boolean): boolean {
  if (!available) {
    if (process.env.CI) throw new Error(`${name} is required in CI but is not configured`);
    console.warn(`\n*** SKIPPING ${name} tests: set ${name === 'PostgreSQL' ? 'PARLEY_TEST_POSTGRES_URL' : 'PARLEY_TEST_REDIS_URL'} to run them ***\n`);
  }
  return available;
}

/** Host pages for the embed check, served from memory: `pages.set(url, html)`. */
export function fakeHostPages(): { pages: Map<string, string>; fetched: string[]; fetchPage: PageFetcher } {
  const pages = new Map<string, string>();
  const fetched: string[] = [];
  return {
    pages,
    fetched,
    fetchPage: async (url) => {
      fetched.push(url);
      const body = pages.get(url);
      return body === undefined ? { status: 404, contentType: 'text/html', body: 'not found' } : { status: 200, contentType: 'text/html; charset=utf-8', body };
    },
  };
}

/** A host page that carries Parley's loader. */
export function hostPageHtml(title: string, loaderAttrs = '', parleyOrigin = 'http://parley.test'): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><p>Story</p><script src="${parleyOrigin}/assets/embed.js" ${loaderAttrs} async></script></body></html>`;
}
