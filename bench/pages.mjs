// Server-side render time of the home page and of a post page with 200 comments, against a bare
// node:http server returning the same bytes (same machine, same run, same client). Sequential
// keep-alive requests, so each number is one request's latency. Prints ONE JSON line.
// usage: node bench/pages.mjs [--requests 400]
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { loadConfig } = await import('../src/config.ts');
const { startServer } = await import('../src/server/start.ts');
const { createUser } = await import('../src/store/users.ts');
const { idAt } = await import('../src/store/ids.ts');
const { renderCommentHtml, renderPostHtml } = await import('../src/domain/markup.ts');

const args = process.argv.slice(2);
const REQUESTS = Number(args[args.indexOf('--requests') + 1] || 400) || 400;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-pages-'));
const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'p.db')}`, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
const server = await startServer(config, {}, { print: () => {} });
const db = server.ctx.db;

// 40 posts by 3 authors with tags and sources; the newest has 200 comments in threads.
const now = Date.now();
const authors = [];
for (const name of ['Eleanor Hart', 'Sam Okafor', 'Ruth Klein']) authors.push(await createUser(db, { email: `${name.split(' ')[0].toLowerCase()}@bench.example`, displayName: name, passwordHash: null, roles: ['editor'] }, new Date(now - 400 * 86400_000)));
const readers = [];
for (let i = 0; i < 60; i++) readers.push(await createUser(db, { email: `reader${i}@bench.example`, displayName: `Reader ${i}`, passwordHash: null }, new Date(now - 300 * 86400_000)));
const body = Array.from({ length: 6 }, (_, i) => `Paragraph ${i}: the council's *budget* figures show a [gap](https://news.example/${i}) that ministers have not explained, and the **regional** data make it worse.`).join('\n\n');
let bigPost;
for (let p = 0; p < 40; p++) {
  const at = new Date(now - (p + 1) * 6 * 3600_000).toISOString();
  const id = idAt(Date.parse(at));
  const slug = `bench-post-${p}`;
  await db.insertInto('posts').values({
    id, slug, title: `Bench post number ${p}: what the figures say`, standfirst: 'A standfirst of a sentence or two, as the site writes them.', body_md: body, body_html: renderPostHtml(body),
    author_id: authors[p % 3].id, status: 'published', published_at: at, created_at: at, updated_at: at, version: 1, discussion: 'open', discussion_closes_at: null,
    featured_image_url: null, featured_image_alt: null, sources: JSON.stringify([{ outlet: 'The Times', title: 'Council budgets', url: 'https://times.example/a', phrase: 'has more.' }, { outlet: 'FT', url: 'https://ft.example/b', phrase: 'Worth reading in full.' }]),
    comment_count: 0, canonical_url: null, import_key: null,
  }).execute();
  await db.insertInto('post_tags').values([{ post_id: id, tag: 'politics', name: 'Politics' }, { post_id: id, tag: `topic-${p % 5}`, name: `Topic ${p % 5}` }]).execute();
  if (p === 0) bigPost = { id, slug, at };
}
const rows = [];
const roots = [];
for (let c = 0; c < 200; c++) {
  const parent = roots.length && c % 3 !== 0 ? rows[Math.floor((c * 7919) % rows.length)] : null;
  const text = `Comment ${c}: I think the *figures* deserve a closer look, especially the regional split. ${c % 4 === 0 ? 'See https://ons.example/data for the series.' : ''}`;
  const id = idAt(Date.parse(bigPost.at) + (c + 1) * 60_000);
  const row = {
    id, post_id: bigPost.id, parent_id: parent?.id ?? null, root_id: parent ? (parent.root_id ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0,
    author_id: readers[c % readers.length].id, body: text, body_html: renderCommentHtml(text), status: 'published', removed_reason: null,
    created_at: new Date(Date.parse(bigPost.at) + (c + 1) * 60_000).toISOString(), edited_at: null, like_count: c % 5, reply_count: 0, flag_weight: 0, moderation: null, import_key: null,
  };
  rows.push(row);
  if (!parent) roots.push(row);
}
for (const r of rows) {
  if (r.root_id) rows.find((x) => x.id === r.root_id).reply_count += 1;
  if (r.parent_id && r.parent_id !== r.root_id) rows.find((x) => x.id === r.parent_id).reply_count += 1;
}
for (let i = 0; i < rows.length; i += 100) await db.insertInto('comments').values(rows.slice(i, i + 100)).execute();
await db.updateTable('posts').set({ comment_count: 200 }).where('id', '=', bigPost.id).execute();

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http.get(url, { agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks), headers: res.headers, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    }).on('error', reject);
  });
}
async function measure(url) {
  for (let i = 0; i < 50; i++) await get(url); // warm-up: JIT, SQLite page cache
  const times = [];
  for (let i = 0; i < REQUESTS; i++) times.push((await get(url)).ms);
  times.sort((a, b) => a - b);
  const q = (p) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { median: q(0.5), p95: q(0.95) };
}

const pages = {};
for (const [name, pathname] of [['home', '/'], ['post200', `/posts/${bigPost.slug}`]]) {
  const first = await get(server.url + pathname);
  if (first.status !== 200) throw new Error(`${pathname}: ${first.status}`);
  const html = first.body;
  const parley = await measure(server.url + pathname);
  // Baseline: a bare node:http server sending the very same bytes with the same content type.
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': html.length });
    res.end(html);
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const baseline = await measure(`http://127.0.0.1:${bare.address().port}/`);
  await new Promise((r) => bare.close(r));
  pages[name] = { bytes: html.length, medianMs: parley.median, p95Ms: parley.p95, bareMedianMs: baseline.median, bareP95Ms: baseline.p95, ratio: Math.round((parley.median / baseline.median) * 10) / 10, serverMs: Math.round((parley.median - baseline.median) * 100) / 100 };
}
agent.destroy();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'pages', requests: REQUESTS, cores: os.cpus().length, loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10, pages, target: { medianUnder20ms: pages.home.medianMs < 20 && pages.post200.medianMs < 20 } }));
