/* Parley on a big database: 1,050,000 comments, 50,000 of them held (bench/make-big-db.ts).
   Each hot page and API call is loaded in turn (10 connections) while /healthz is probed every
   20 ms, and the server's event-loop delay is recorded (monitorEventLoopDelay) over the whole run.
   The baseline is a bare node:http server returning the comments page's bytes, in the same run.
   Targets: every page and API p99 < 100 ms; no request delays /healthz by more than 50 ms.
   BENCH_BIG_DB=FILE reuses a database made earlier (it is copied, not changed). Prints one JSON line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBigDatabase, type BigDb } from './make-big-db';
import { load, serve, tempSqliteUrl, type LoadResult } from './_lib';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 1_050_000);
const HELD = Number(process.env.BENCH_HELD ?? 50_000);

const tmp = tempSqliteUrl();
const file = path.join(tmp.dir, 'parley.db');
let made: BigDb;
const reuse = process.env.BENCH_BIG_DB;
if (reuse && fs.existsSync(`${reuse}.json`)) {
  fs.copyFileSync(reuse, file);
  made = { ...(JSON.parse(fs.readFileSync(`${reuse}.json`, 'utf8')) as BigDb), file };
} else {
  made = await makeBigDatabase(file, { comments: COMMENTS, held: HELD });
  if (reuse) {
    fs.copyFileSync(file, reuse);
    fs.writeFileSync(`${reuse}.json`, JSON.stringify(made));
  }
}
const loopFile = path.join(tmp.dir, 'loop.json');
try {
  const startedAt = performance.now();
  const parley = await serve('parley', `sqlite:${file}`, { BENCH_LOOP_DELAY_FILE: loopFile });
  const startupMs = Math.round(performance.now() - startedAt);
  const base = parley.url;
  const mod = { cookie: `parley_session=${made.moderatorToken}` };
  const supporter = { cookie: `parley_session=${made.supporterToken}` };
  const slug = made.busiestSlug;
  const pageBytes = Buffer.from(await (await fetch(`${base}/api/posts/${slug}/comments`)).arrayBuffer());
  fs.writeFileSync(path.join(tmp.dir, 'page.json'), pageBytes);
  const bare = await serve('bare', path.join(tmp.dir, 'page.json'));
  const next = ((await (await fetch(`${base}/api/mod/queue?kind=pending`, { headers: mod })).json()) as { nextCursor: string }).nextCursor;

  const targets: Array<[string, string, Record<string, string>?]> = [
    ['home', '/'],
    ['post page', `/posts/${slug}`],
    ['post page, supporter', `/posts/${slug}`, supporter],
    ['comments API', `/api/posts/${slug}/comments`],
    ['comments API, supporter', `/api/posts/${slug}/comments`, supporter],
    ['comments API, top', `/api/posts/${slug}/comments?sort=top`],
    ['search', '/api/search?q=council'],
    ['queue pending', '/api/mod/queue?kind=pending', mod],
    ['queue pending, page 2', `/api/mod/queue?kind=pending&cursor=${encodeURIComponent(next)}`, mod],
    ['queue flagged', '/api/mod/queue?kind=flagged', mod],
    ['queue removed', '/api/mod/queue?kind=removed', mod],
    ['queue counts', '/api/mod/counts', mod],
    ['moderation workspace', '/admin/moderation', mod],
    ['moderation dashboard', '/admin/moderation/dashboard', mod],
    ['queue pending, by post', `/api/mod/queue?kind=pending&post=${slug}`, mod],
    ['queue pending, by reason', '/api/mod/queue?kind=pending&reason=new_commenter', mod],
    ['queue pending, by a reason none has', '/api/mod/queue?kind=pending&reason=abuse', mod],
    ['queue removed, by reason', '/api/mod/queue?kind=removed&reason=abuse', mod],
    ['user detail', `/api/mod/users/${made.supporterId}`, mod],
  ];
  // Warm up, then measure the event loop from here on.
  for (const [, url, headers] of targets) await fetch(`${base}${url}`, { headers });
  parley.child.kill('SIGUSR2');

  // /healthz every 20 ms in the background, for the whole run.
  const health: number[] = [];
  const healthAt: number[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      const t0 = performance.now();
      await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t0);
      healthAt.push(t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const results: Record<string, LoadResult> = {};
  // The slowest /healthz probe sent while each page was loaded: which page holds the event loop.
  const healthzMax: Record<string, number> = {};
  for (const [name, url, headers] of targets) {
    const from = performance.now();
    results[name] = await load(`${base}${url}`, { connections: CONNECTIONS, durationS: DURATION, headers });
    const during = health.filter((_, i) => healthAt[i]! >= from);
    healthzMax[name] = Math.round(Math.max(0, ...during));
  }
  // Comment POSTs from the supporter, one after another (rate limits apply to one author).
  const posts: number[] = [];
  const csrf = ((await (await fetch(`${base}/api/session`, { headers: supporter })).json()) as { csrfToken: string }).csrfToken;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = await fetch(`${base}/api/posts/${slug}/comments`, { method: 'POST', headers: { ...supporter, 'content-type': 'application/json', 'x-parley-csrf': csrf }, body: JSON.stringify({ body: `Bench comment ${i}: the ${7 + i}:40 was late again and the platform was changed at the last minute.` }) });
    await r.arrayBuffer();
    posts.push(performance.now() - t0);
    if (r.status >= 300 && r.status !== 429) throw new Error(`comment POST answered ${r.status}`);
  }
  const bareResult = await load(bare.url, { connections: CONNECTIONS, durationS: DURATION });
  probing = false;
  await prober;
  await Promise.all([parley.stop(), bare.stop()]);
  const loop = JSON.parse(fs.readFileSync(loopFile, 'utf8')) as { p50Ms: number; p99Ms: number; maxMs: number };

  const sorted = [...health].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;
  const worstP99 = Math.max(...Object.values(results).map((r) => r.p99Ms));
  const errors = Object.values(results).reduce((n, r) => n + r.errors + r.non2xx, 0);
  console.log(
    JSON.stringify({
      bench: 'big-db',
      comments: made.comments,
      held: made.held,
      generatedInS: made.seconds,
      generatedCpuS: made.cpuSeconds,
      startupMs,
      connections: CONNECTIONS,
      pages: Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { p50Ms: r.p50Ms, p99Ms: r.p99Ms, rps: r.requestsPerSec, p99VsBare: Math.round((r.p99Ms / Math.max(1, bareResult.p99Ms)) * 10) / 10, healthzMaxMs: healthzMax[k], ...(r.errors || r.non2xx ? { errors: r.errors, non2xx: r.non2xx } : {}) }])),
      commentPostMs: posts.map((x) => Math.round(x)),
      bare: { p50Ms: bareResult.p50Ms, p99Ms: bareResult.p99Ms, rps: bareResult.requestsPerSec },
      healthz: { probes: health.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: Math.round(sorted[sorted.length - 1]! * 10) / 10 },
      eventLoopDelay: loop,
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      targets: { pageP99Ms: 100, healthzDelayMs: 50 },
      pass: worstP99 < 100 && errors === 0 && loop.maxMs < 50,
    }),
  );
} finally {
  fs.rmSync(tmp.dir, { recursive: true, force: true });
}
