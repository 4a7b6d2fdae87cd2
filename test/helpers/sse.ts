/* A minimal Server-Sent Events client over a real socket, and a signed-in HTTP client, for tests and benchmarks. */
import http from 'node:http';
import type { AppContext } from '../../src/server/context';
import { createUser } from '../../src/store/users';
import { createSession } from '../../src/store/sessions';
import { csrfTokenFor } from '../../src/server/plugins/session';
import { OPEN_ENDED } from '../../src/domain/supporter';

export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** The last `id:` the server sent, with or without an event (what a browser would send back as Last-Event-ID). */
  lastId: string | null;
  /** Resolves with the first event of `type` not yet taken (waiting for it if needed). */
  next(type: string, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens an event stream and resolves once the server says it is live (`: connected`). */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers }, agent: false }, (res) => {
      const events: SseEvent[] = [];
      const taken = new Set<SseEvent>();
      const waiters: Array<() => void> = [];
      let buffer = '';
      let connected = false;
      let endResolve!: () => void;
      const ended = new Promise<void>((r) => (endResolve = r));
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        lastId: null,
        ended,
        close: () => req.destroy(),
        next(type, timeoutMs = 10_000) {
          return new Promise((ok, fail) => {
            const check = () => {
              const e = events.find((x) => x.event === type && !taken.has(x));
              if (!e) return false;
              taken.add(e);
              clearTimeout(timer);
              ok(e);
              return true;
            };
            const timer = setTimeout(() => fail(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
            if (!check()) waiters.push(() => void check());
          });
        },
      };
      if (res.statusCode !== 200) {
        resolve(stream);
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (!connected && block.includes(': connected')) {
            connected = true;
            resolve(stream);
          }
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('id: ')) id = line.slice(4);
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (id !== null) stream.lastId = id;
          if (data.length) {
            events.push({ id, event, data: data.join('\n') });
            for (const w of waiters.splice(0)) w();
          }
        }
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
    });
    req.on('error', reject);
  });
}

/** A cookie-keeping HTTP client for a real server: registers an account and sends the CSRF token. */
export class HttpClient {
  cookie = '';
  csrf = '';
  constructor(public base: string) {}
  async request(method: string, path: string, body?: unknown) {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-parley-csrf': this.csrf } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie();
    for (const c of set) if (c.startsWith('parley_session=')) this.cookie = c.split(';')[0]!;
    const json = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as Record<string, unknown>) : null;
    if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    return { status: res.status, json: json as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  /** Signs in as a new user made directly in the database (no per-IP registration limits), a supporter unless told otherwise. */
  async signInAsNewUser(ctx: AppContext, displayName: string, opts: { supporter?: boolean } = {}) {
    const now = ctx.clock.now();
    const user = await createUser(ctx.db, { email: `${displayName.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 9)}@example.org`, displayName, passwordHash: null, emailVerified: true }, now);
    if (opts.supporter !== false) await ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: now.toISOString() }).where('id', '=', user.id).execute();
    const token = await createSession(ctx.db, user.id, now);
    this.cookie = `parley_session=${token}`;
    this.csrf = csrfTokenFor(ctx.secret, token);
    return user;
  }
  async register(email: string, displayName = 'Live Tester') {
    const r = await this.request('POST', '/api/auth/register', { email, password: 'correct horse battery', displayName });
    if (r.status !== 201) throw new Error(`register failed: ${JSON.stringify(r.json)}`);
    return r.json.user as { id: string };
  }
}
