// Server-rendered post page with 500 comments (issue "Discussion": median under 20 ms).
// A real Parley server on SQLite (temp file) serves GET /posts/:slug, the thread rendered by the
// widget's Preact components, to anonymous readers (served from the per-thread-version cache, and
// uncached) and to a signed-in supporter (always rendered for them). Two posts of 500
// comments each:
//   typical   — 100 threads of 5 (a comment and 4 replies); the first page shows 20 threads = 100 comments;
//   worstCase — 20 threads of 25; the first page holds all 500 comments (nested to depth 5).
// A bare node:http server returns the same bytes in the same run as the baseline. Sequential
// requests on a keep-alive connection, after a warm-up. Prints one JSON line.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const SHAPES = { typical: { slug: 'five-hundred', roots: 100, replies: 4, firstPage: 100 }, worstCase: { slug: 'five-hundred-deep', roots: 20, replies: 24, firstPage: 500 } };
const WARMUP = Number(process.env.BENCH_WARMUP ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);

const { loadConfig } = await import('../src/config.ts');
const { startServer } = await import('../src/server/start.ts');
const { createUser } = await import('../src/store/users.ts');
const { createSession } = await import('../src/store/sessions.ts');
const { newId } = await import('../src/store/ids.ts');
const { renderCommentHtml } = await import('../src/domain/markup.ts');
const { OPEN_ENDED } = await import('../src/domain/supporter.ts');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
const config = loadConfig({ PARLEY_DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
const server = await startServer(config, {}, { print: () => {} });
const { db } = server.ctx;

// --- seed: one post, 500 comments from 50 supporters ---
let t = Date.parse('2026-01-01T08:00:00Z');
const at = () => new Date((t += 7_000));
const users = [];
for (let i = 0; i < 50; i++) {
  const u = await createUser(db, { email: `reader${i}@example.org`, displayName: `Reader ${i}`, passwordHash: null }, at());
  await db.updateTable('users').set({ supporter_until: OPEN_ENDED }).where('id', '=', u.id).execute();
  users.push(u);
}
const text = (i) => `Comment ${i}: **I think** the _Times_ has this right.\n\n> quoting the piece\n\nMore at https://example.org/story/${i} and <script>alert(${i})</script> stays text.`;
async function seedPost({ slug, roots: ROOTS, replies: REPLIES }) {
  const postId = newId(at().getTime());
  const now = at().toISOString();
  await db.insertInto('posts').values({
    id: postId, slug, title: 'A post with five hundred comments', standfirst: 'Benchmark post.', body_md: 'Body.', body_html: '<p>Body.</p>',
    author_id: null, status: 'published', published_at: now, created_at: now, updated_at: now, version: 1, discussion: 'open', discussion_closes_at: null,
    featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: ROOTS * (1 + REPLIES), canonical_url: null, import_key: null,
  }).execute();
  let n = 0;
  const rows = [];
  for (let r = 0; r < ROOTS; r++) {
    const rootId = newId(at().getTime());
    const mk = (id, parent, depth) => {
      const body = text(n++);
      const created = at().toISOString();
      return { id, post_id: postId, parent_id: parent?.id ?? null, root_id: parent ? rootId : null, depth, author_id: users[n % users.length].id, body, body_html: renderCommentHtml(body), status: 'published', removed_reason: null, created_at: created, edited_at: null, like_count: n % 7, reply_count: 0, flag_weight: 0, moderation: null, import_key: null };
    };
    const root = mk(rootId, null, 0);
    root.reply_count = REPLIES;
    rows.push(root);
    let parent = root;
    for (let k = 0; k < REPLIES; k++) {
      // Chains of up to five levels, so the page has nested and "in reply to" replies.
      const p = k % 5 === 0 ? root : parent;
      const c = mk(newId(at().getTime()), p, p.depth + 1);
      rows.push(c);
      parent = c;
    }
  }
  for (let i = 0; i < rows.length; i += 100) await db.insertInto('comments').values(rows.slice(i, i + 100)).execute();
}
for (const shape of Object.values(SHAPES)) await seedPost(shape);
const session = await createSession(db, users[0].id, new Date());

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port, pathname, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode, body: Buffer.concat(chunks), type: res.headers['content-type'] }));
    });
    req.on('error', reject);
  });
}
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
async function measure(port, pathname, headers) {
  const at = (i) => (typeof pathname === 'function' ? pathname(i) : pathname);
  for (let i = 0; i < WARMUP; i++) await get(port, at(-1 - i), headers);
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    last = await get(port, at(i), headers);
    if (last.status !== 200) throw new Error(`HTTP ${last.status} for ${pathname}`);
    times.push(last.ms);
  }
  return { median: +pct(times, 50).toFixed(2), p90: +pct(times, 90).toFixed(2), p99: +pct(times, 99).toFixed(2), bytes: last.body.length, body: last.body, type: last.type };
}

const parleyPort = server.app.server.address().port;
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- dropping fields by destructuring
const strip = ({ body, type, ...rest }) => rest;
const results = {};
for (const [name, shape] of Object.entries(SHAPES)) {
  const anon = await measure(parleyPort, `/posts/${shape.slug}`);
  const shown = (anon.body.toString().match(/class="parley-comment/g) ?? []).length;
  if (shown !== shape.firstPage) throw new Error(`expected ${shape.firstPage} comments on the page, found ${shown}`);
  const signedIn = await measure(parleyPort, `/posts/${shape.slug}`, { cookie: `parley_session=${session}` });
  // A different (unusable) ?cursor= on every request misses the anonymous cache: a full render each time.
  const uncached = await measure(parleyPort, (i) => `/posts/${shape.slug}?cursor=bench${i}`);
  // Baseline: a bare node:http server returning the same bytes.
  const bare = http.createServer((req, res) => { res.writeHead(200, { 'content-type': anon.type, 'content-length': anon.body.length }); res.end(anon.body); });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const base = await measure(bare.address().port, '/');
  bare.close();
  results[name] = { postComments: shape.roots * (1 + shape.replies), commentsOnPage: shown, anonymous: strip(anon), anonymousUncached: strip(uncached), supporter: strip(signedIn), bareNode: strip(base), ratioMedian: +(anon.median / base.median).toFixed(2) };
}
agent.destroy();
await server.close();
fs.rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'post-page',
  runs: RUNS,
  unit: 'ms',
  ...results,
  targetMedianMs: 20,
  ok: ['anonymous', 'anonymousUncached', 'supporter'].every((k) => results.typical[k].median < 20),
  worstCaseOk: ['anonymous', 'anonymousUncached', 'supporter'].every((k) => results.worstCase[k].median < 20),
}));
