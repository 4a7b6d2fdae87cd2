/**
 * The moderation queue under load: GET /api/mod/queue?kind=pending (50 items with context, author
 * histories and counts) on SQLite with 5 000 held comments from 200 authors, against a bare
 * node:http server returning the same bytes on the same machine.
 * Prints ONE JSON line. Run: npx tsx bench/mod-queue.ts
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config';
import { createContext } from '../src/server/context';
import { buildApp } from '../src/server/app';
import { createUser } from '../src/store/users';
import { createSession } from '../src/store/sessions';
import { newId } from '../src/store/ids';
import { renderCommentHtml, renderPostHtml } from '../src/domain/markup';

const COMMENTS = 5000;
const AUTHORS = 200;
const DURATION = 8;
const CONNECTIONS = 10;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'p.db')}`, PARLEY_PUBLIC_URL: 'http://127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
const ctx = await createContext(config, pino({ level: 'silent' }));
const app = await buildApp(ctx);
const now = new Date();
const mod = await createUser(ctx.db, { email: 'mod@bench.test', displayName: 'Mod', passwordHash: null, roles: ['moderator'] }, now);
const token = await createSession(ctx.db, mod.id, now, {});
const authors: string[] = [];
for (let i = 0; i < AUTHORS; i++) authors.push((await createUser(ctx.db, { email: `a${i}@bench.test`, displayName: `Author ${i}`, passwordHash: null }, now)).id);
const postIds: string[] = [];
for (let p = 0; p < 20; p++) {
  const id = newId();
  postIds.push(id);
  const at = now.toISOString();
  await ctx.db.insertInto('posts').values({ id, slug: `post-${p}`, title: `Post ${p}`, standfirst: '', body_md: 'x', body_html: renderPostHtml('x'), author_id: null, status: 'published', published_at: at, created_at: at, updated_at: at, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null }).execute();
}
const moderation = JSON.stringify({ decision: 'hold', reasons: [{ phase: 'abuse', code: 'abuse', message: 'Looks abusive', action: 'hold' }], score: 0.7, phrases: [{ text: 'clown', start: 10, end: 15, kind: 'insult' }] });
const rows = [];
for (let i = 0; i < COMMENTS; i++) {
  const body = `Comment ${i}: clown talk about the council budget and the minister's report, at some length to be realistic.`;
  rows.push({ id: newId(now.getTime() + i), post_id: postIds[i % postIds.length]!, parent_id: null, root_id: null, depth: 0, author_id: authors[i % AUTHORS]!, body, body_html: renderCommentHtml(body), status: 'pending' as const, removed_reason: null, created_at: new Date(now.getTime() + i).toISOString(), edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation, import_key: null });
}
for (let i = 0; i < rows.length; i += 500) await ctx.db.insertInto('comments').values(rows.slice(i, i + 500)).execute();

await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const url = `http://127.0.0.1:${port}/api/mod/queue?kind=pending`;
const headers = { cookie: `parley_session=${token}` };
const sample = await fetch(url, { headers });
const bytes = Buffer.from(await sample.arrayBuffer());
if (sample.status !== 200 || (JSON.parse(bytes.toString()) as { items: unknown[] }).items.length !== 50) throw new Error(`unexpected queue answer ${sample.status}`);

const bare = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length }).end(bytes));
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const barePort = (bare.address() as { port: number }).port;

// autocannon ships without type declarations; its result shape is used as documented.
const autocannonModule = 'autocannon';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const autocannon = ((await import(autocannonModule)) as { default: (o: unknown) => Promise<any> }).default;
const run = (target: string) => autocannon({ url: target, headers, connections: CONNECTIONS, duration: DURATION });
const baseline = await run(`http://127.0.0.1:${barePort}/`);
const parley = await run(url);
bare.close();
await app.close();
await ctx.close();
fs.rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    bench: 'mod-queue',
    heldComments: COMMENTS,
    itemsPerPage: 50,
    responseBytes: bytes.length,
    connections: CONNECTIONS,
    parleyRps: Math.round(parley.requests.average),
    parleyP50Ms: parley.latency.p50,
    parleyP99Ms: parley.latency.p99,
    baselineRps: Math.round(baseline.requests.average),
    baselineP50Ms: baseline.latency.p50,
    ratioRps: +(parley.requests.average / baseline.requests.average).toFixed(3),
    errors: parley.errors + parley.non2xx,
    node: process.version,
  }),
);
