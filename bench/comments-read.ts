/* Reading the first page of a 2,000-comment thread on SQLite with 50 concurrent connections,
   against a bare node:http server returning the same bytes, measured in the same run.
   Target: Parley at ≥ 50 % of the bare server's requests/s, p99 < 50 ms; a signed-in reader's
   read at most twice the server CPU of an anonymous one. The server runs with the shipped
   defaults (log level info). Prints one JSON line.
   Both servers run in their own processes; autocannon alternates between them in rounds. */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { cpuSecondsOf, load, median, seedThread, serve, tempSqliteUrl, type LoadResult } from './_lib';
import { migrate, openStore } from '../src/store/db';
import { createSession } from '../src/store/sessions';

const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const db = tempSqliteUrl();
try {
  const slug = await seedThread(db.url, COMMENTS);
  // A signed-in supporter who likes a few of the first page's comments.
  const store = openStore(db.url);
  await migrate(store);
  const reader = await store.db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow();
  const token = await createSession(store.db, reader.id, new Date());
  const someComments = await store.db.selectFrom('comments').select('id').where('depth', '=', 0).where('author_id', '!=', reader.id).orderBy('id').limit(5).execute();
  for (const c of someComments) await store.db.insertInto('likes').values({ comment_id: c.id, user_id: reader.id, created_at: new Date().toISOString() }).onConflict((oc) => oc.doNothing()).execute();
  await store.close();
  const parley = await serve('parley', db.url);
  const pageUrl = `${parley.url}/api/posts/${slug}/comments`;
  const first = await fetch(pageUrl);
  const bytes = Buffer.from(await first.arrayBuffer());
  const page = JSON.parse(bytes.toString('utf8')) as { comments: Array<{ replies?: unknown[] }>; total: number };
  const countAll = (cs: Array<{ replies?: unknown[] }>): number => cs.reduce((n, c) => n + 1 + countAll((c.replies ?? []) as Array<{ replies?: unknown[] }>), 0);
  const file = path.join(db.dir, 'page.json');
  fs.writeFileSync(file, bytes);
  const bare = await serve('bare', file);

  await load(pageUrl, { connections: CONNECTIONS, durationS: 2 }); // warm-up (JIT, SQLite page cache)
  await load(bare.url, { connections: CONNECTIONS, durationS: 2 });
  // Alternate short rounds so that both servers see the same machine load; the ratio is the median
  // of the rounds' ratios, the figures those of each server's median round.
  const ps: LoadResult[] = [];
  const bs: LoadResult[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    ps.push(await load(pageUrl, { connections: CONNECTIONS, durationS: DURATION / ROUNDS }));
    bs.push(await load(bare.url, { connections: CONNECTIONS, durationS: DURATION / ROUNDS }));
  }
  // Server CPU per read, anonymous and signed in, each over one round of the same length.
  const cpuPerRead = async (headers?: Record<string, string>) => {
    const before = cpuSecondsOf(parley.child.pid!);
    const r = await load(pageUrl, { connections: CONNECTIONS, durationS: DURATION / ROUNDS, headers });
    const cpu = cpuSecondsOf(parley.child.pid!) - before;
    return { ms: Math.round((cpu / Math.max(1, r.requestsPerSec * (DURATION / ROUNDS))) * 1e5) / 100, result: r };
  };
  const anonCpu = await cpuPerRead();
  const signedCpu = await cpuPerRead({ cookie: `parley_session=${token}` });
  const signedPage = (await (await fetch(pageUrl, { headers: { cookie: `parley_session=${token}` } })).json()) as { comments: Array<{ liked?: boolean }> };
  await Promise.all([parley.stop(), bare.stop()]);
  const p = median(ps);
  const b = median(bs);
  const ratios = ps.map((x, i) => Math.round((x.requestsPerSec / bs[i]!.requestsPerSec) * 1000) / 1000);
  console.log(
    JSON.stringify({
      bench: 'comments-read',
      threadComments: page.total,
      pageComments: countAll(page.comments),
      pageBytes: bytes.length,
      connections: CONNECTIONS,
      durationS: DURATION,
      parley: p,
      bare: b,
      ratio: [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]!,
      roundRatios: ratios,
      cpuMsPerRead: { anonymous: anonCpu.ms, signedIn: signedCpu.ms, ratio: Math.round((signedCpu.ms / Math.max(0.001, anonCpu.ms)) * 100) / 100 },
      signedIn: { ...signedCpu.result, likedShown: signedPage.comments.filter((c) => c.liked).length },
      logLevel: process.env.PARLEY_LOG_LEVEL ?? 'info (default)',
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      cpus: os.cpus().length,
      targets: { ratio: 0.5, p99Ms: 50, signedInCpuRatio: 2 },
      pass: [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]! >= 0.5 && p.p99Ms < 50 && p.errors === 0 && p.non2xx === 0 && signedCpu.ms <= 2 * anonCpu.ms,
    }),
  );
} finally {
  fs.rmSync(db.dir, { recursive: true, force: true });
}
