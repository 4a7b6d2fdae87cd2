/* Bad input against every route of the app, on SQLite and PostgreSQL: NUL characters, numbers no
   field can hold, malformed percent-encodings, oversized and absurdly nested bodies. The routes are
   taken from the Fastify app itself, so a new route is swept without anyone listing it here.
   Nothing may answer 5xx; API refusals carry the error shape; a refused request changes nothing. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { fakeHostPages, hostPageHtml, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';

interface SeenRoute {
  method: string | string[];
  url: string;
  schema?: { body?: JsonSchema; querystring?: JsonSchema; params?: JsonSchema };
}
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  minItems?: number;
  minLength?: number;
}

const seen = vi.hoisted(() => ({ routes: [] as SeenRoute[] }));
// Every route the app registers, recorded as Fastify adds it.
vi.mock('fastify', async (importOriginal) => {
  const mod = (await importOriginal()) as { default: (opts: unknown) => { addHook(name: 'onRoute', fn: (r: SeenRoute) => void): void } };
  const wrapped = (opts: unknown) => {
    const app = mod.default(opts);
    app.addHook('onRoute', (r) => seen.routes.push(r));
    return app;
  };
  return { ...mod, default: wrapped };
});

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BAD_ENCODING = '%E0%A4%A';
const HUGE = ['1e309', '9e15', '-1', '1e999'];

/** A value the schema accepts, so that one bad part is all that is wrong with a request. */
function sample(s: JsonSchema | undefined, key = ''): unknown {
  if (!s) return 'text';
  if (s.const !== undefined) return s.const;
  if (s.anyOf) return sample(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0], key);
  switch (s.type) {
    case 'object':
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, k)]));
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, key));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      if (s.pattern) return 'abcdefghij0123';
      return /url/i.test(key) ? 'https://host.example/page' : 'Plain words here';
  }
}

/** JSON text of `value` with the numbers at every numeric property replaced by `raw` (1e309 cannot be written otherwise). */
function withNumbers(value: unknown, raw: string): string | null {
  let replaced = false;
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number') {
      replaced = true;
      return '@@NUM@@';
    }
    return v;
  });
  return replaced ? text.replaceAll('"@@NUM@@"', raw) : null;
}

function mapStrings(value: unknown, schema: JsonSchema | undefined, f: (s: string) => string): unknown {
  if (typeof value === 'string') return schema?.const !== undefined || schema?.anyOf ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, schema?.items, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, schema?.properties?.[k], f)]));
  return value;
}

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const cursorOf = (raw: string) => Buffer.from(raw).toString('base64url');

interface Probe {
  what: string;
  method: string;
  url: string;
  payload?: string;
}

function probesFor(route: SeenRoute, method: string, fill: (name: string, url: string) => string): Probe[] {
  const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const path = (override?: (name: string) => string) => route.url.replace(/:(\w+)/g, (_m, name: string) => (override ? override(name) : encodeURIComponent(fill(name, route.url)))).replace(/\*$/, 'anything');
  const base = path();
  const probes: Probe[] = [];
  const query = route.schema?.querystring?.properties ?? { q: { type: 'string' } };
  const queryBase = route.schema?.querystring ? (sample(route.schema.querystring) as Record<string, unknown>) : {};
  const qs = (key: string, raw: string, others: Record<string, unknown> = {}) => {
    const parts = Object.entries({ ...queryBase, ...others }).filter(([k]) => k !== key).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
    return `?${[...parts, `${key}=${raw}`].join('&')}`;
  };
  const streams = route.url.endsWith('/events');

  for (const p of params) {
    probes.push({ what: `NUL in :${p}`, method, url: path((n) => (n === p ? 'a%00b' : encodeURIComponent(fill(n, route.url)))) });
    probes.push({ what: `malformed encoding in :${p}`, method, url: path((n) => (n === p ? BAD_ENCODING : encodeURIComponent(fill(n, route.url)))) });
  }
  if (!params.length) probes.push({ what: 'malformed encoding in the path', method, url: `${base.replace(/\/$/, '')}/${BAD_ENCODING}` });
  if (streams) return probes; // a stream that is not refused stays open: only the edge refusals apply

  for (const [key, s] of Object.entries(query)) {
    probes.push({ what: `NUL in ?${key}`, method, url: base + qs(key, 'a%00b') });
    probes.push({ what: `malformed encoding in ?${key}`, method, url: base + qs(key, BAD_ENCODING) });
    if (s.type === 'integer' || s.type === 'number') for (const n of HUGE) probes.push({ what: `?${key}=${n}`, method, url: base + qs(key, n) });
    if (key === 'cursor' || key === 'after') {
      // Cursors decode differently per sort order: each value of every enumerated parameter gets them all.
      const orders = Object.entries(query).flatMap(([k, v]) => (v.anyOf ?? []).filter((x) => typeof x.const === 'string').map((x) => ({ [k]: x.const })));
      for (const order of [{}, ...orders]) {
        for (const raw of ['[1e999,"x"]', '[1e999]', '["x",1e999]', '[9e15,"x"]', '[-1,"x"]', '[1.5,"x"]', '["2026-01-01T00:00:00.000Z",1e999]', '[1e309,1e309,1e309]']) {
          probes.push({ what: `cursor ${raw} ${JSON.stringify(order)}`, method, url: base + qs(key, cursorOf(raw), order) });
        }
      }
    }
  }

  if (UNSAFE.has(method)) {
    const bodySchema = route.schema?.body;
    const valid = sample(bodySchema ?? { type: 'object', properties: { text: { type: 'string' } } });
    probes.push({ what: 'NUL in every string of the body', method, url: base, payload: JSON.stringify(mapStrings(valid, bodySchema, (s) => `${s}\u0000x`)) });
    probes.push({ what: 'NUL in a key of the body', method, url: base, payload: JSON.stringify({ ...(valid as object), 'k\u0000': 'v' }) });
    probes.push({ what: 'malformed encodings in every string of the body', method, url: base, payload: JSON.stringify(mapStrings(valid, bodySchema, (s) => (/^https?:/.test(s) ? `${s}/${BAD_ENCODING}` : `${s} ${BAD_ENCODING}`))) });
    for (const n of HUGE) {
      const text = withNumbers(valid, n);
      if (text) probes.push({ what: `${n} in every number of the body`, method, url: base, payload: text });
    }
    probes.push({ what: '1 MB body', method, url: base, payload: JSON.stringify({ ...(valid as object), padding: 'x'.repeat(1024 * 1024) }) });
    probes.push({ what: 'arrays nested 10,000 deep', method, url: base, payload: deepArray(10_000) });
    probes.push({ what: 'objects nested 10,000 deep', method, url: base, payload: deepObject(10_000) });
  }
  return probes;
}

/** Everything in the database, as one hash per table: what a refused request must leave alone. */
async function snapshot(t: TestApp): Promise<Map<string, string>> {
  const tables = await t.ctx.db.introspection.getTables();
  const out = new Map<string, string>();
  for (const table of tables) {
    const rows = await t.ctx.db.selectFrom(table.name as 'users').selectAll().execute();
    const text = rows.map((r) => JSON.stringify(r)).sort().join('\n');
    out.set(table.name, createHash('sha256').update(text).digest('hex'));
  }
  return out;
}

const dialects: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (requireService('PostgreSQL', PG_BASE_URL !== null)) dialects.push('postgres');

describe.each(dialects)('bad input on every route (%s)', (db) => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    seen.routes.length = 0;
    const host = fakeHostPages();
    host.pages.set('https://host.example/page', hostPageHtml('A host page'));
    t = await makeApp({ db, fetchPage: host.fetchPage, env: { PARLEY_EMBED_ORIGINS: 'https://host.example', PARLEY_SSO_SECRET: 'sso-secret-for-the-sweep-0123456789abcdef', PARLEY_STRIPE_WEBHOOK_SECRET: 'whsec_sweep' } });
    admin = await signedIn(t, { roles: ['admin'], supporter: true });
    const victim = await signedIn(t, { supporter: true });
    await relaxRateLimits(t.ctx.db);
    const post = await makePost(t.ctx.db, t.clock.now(), { title: 'Swept' });
    const comment = await victim.browser.post(`/api/posts/${post.slug}/comments`, { body: 'A comment to aim at.' });
    ids.set('slug', post.slug);
    ids.set('post', post.id);
    ids.set('comment', comment.json().comment?.id ?? 'abcdefghij0123');
    ids.set('user', victim.user.id);
  });
  afterAll(async () => t?.close());

  it('answers no 5xx, refuses in the error shape and changes nothing when it refuses', async () => {
    const fill = (name: string, url: string): string => {
      if (name === 'slug') return ids.get('slug')!;
      if (name === 'tag') return 'news';
      if (/\/users\//.test(url)) return ids.get('user')!;
      if (/\/admin\/posts\//.test(url)) return ids.get('post')!;
      if (/\/comments\//.test(url)) return ids.get('comment')!;
      return 'abcdefghij0123';
    };
    const routes = new Map<string, SeenRoute & { method: string }>();
    for (const r of seen.routes) for (const m of [r.method].flat()) if (m !== 'HEAD' && m !== 'OPTIONS') routes.set(`${m} ${r.url}`, { ...r, method: m });
    expect(routes.size).toBeGreaterThan(80);

    // The admin's browser, sending the raw text (1e309 and broken nesting cannot go through JSON.stringify).
    const send = async (probe: Probe, remoteAddress: string) => {
      const cookie = [...admin.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const headers: Record<string, string> = { cookie, 'x-parley-csrf': admin.browser.csrf ?? '' };
      if (probe.payload !== undefined) headers['content-type'] = 'application/json';
      try {
        return await t.app.inject({ method: probe.method as 'GET', url: probe.url, remoteAddress, headers, payload: probe.payload });
      } catch (err) {
        return { statusCode: 599, body: String(err) };
      }
    };

    const failures: string[] = [];
    let before = await snapshot(t);
    let ip = 0;
    let count = 0;
    for (const route of routes.values()) {
      for (const probe of probesFor(route, route.method, fill)) {
        ip += 1;
        const res = await send(probe, `10.200.${Math.floor(ip / 250) % 250}.${ip % 250}`);
        count += 1;
        const label = `${route.method} ${route.url} — ${probe.what}: ${res.statusCode}`;
        if (res.statusCode >= 500) failures.push(`${label} ${String(res.body).slice(0, 200)}`);
        if (res.statusCode >= 400 && /^\/api\//.test(route.url)) {
          let shaped: boolean;
          try {
            const e = JSON.parse(String(res.body)) as { error?: { code?: unknown; message?: unknown } };
            shaped = typeof e.error?.code === 'string' && typeof e.error.message === 'string';
          } catch {
            shaped = false;
          }
          if (!shaped) failures.push(`${label} not in the error shape: ${String(res.body).slice(0, 200)}`);
        }
        const after = await snapshot(t);
        if (res.statusCode >= 400) {
          const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
          if (changed.length) failures.push(`${label} changed ${changed.join(', ')}`);
        }
        before = after;
      }
    }
    expect(count).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 600_000);
});
