/* Reading the first page of a 2,000-comment thread on SQLite with 50 concurrent connections,
   against a bare node:http server returning the same bytes, measured in the same run.
   Target: Parley at ≥ 50 % of the bare server's requests/s, p99 < 50 ms; a signed-in reader's
   read at most twice the server CPU of an anonymous one (the bare server's CPU per read beside
   them). The server runs with the shipped defaults (log level info). Prints one JSON line.
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
  // Server CPU per read, anonymous and signed in (and the bare server's), in alternating rounds of
  // the same length after a warm-up of the signed-in path; the ratio is the median of the rounds'.
  const cpuPerRead = async (server: { url: string; child: { pid?: number } }, url: string, headers?: Record<string, string>) => {
    const before = cpuSecondsOf(server.child.pid!);
    const r = await load(url, { connections: CONNECTIONS, durationS: DURATION / ROUNDS, headers });
    const cpu = cpuSecondsOf(server.child.pid!) - before;
    return { ms: Math.round((cpu / Math.max(1, r.requestsPerSec * (DURATION / ROUNDS))) * 1e5) / 100, result: r };
  };
  const signedIn = { cookie: `parley_session=${token}` };
  await load(pageUrl, { connections: CONNECTIONS, durationS: 2, headers: signedIn });
  const cpuRounds: Array<{ anonymous: number; signedIn: number; bare: number; signedResult: LoadResult }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = await cpuPerRead(parley, pageUrl);
    const s = await cpuPerRead(parley, pageUrl, signedIn);
    const b = await cpuPerRead(bare, bare.url);
    cpuRounds.push({ anonymous: a.ms, signedIn: s.ms, bare: b.ms, signedResult: s.result });
  }
  const mid = <T,>(xs: T[], by: (x: T) => number): T => [...xs].sort((x, y) => by(x) - by(y))[Math.floor(xs.length / 2)]!;
  const cpuRatios = cpuRounds.map((c) => Math.round((c.signedIn / Math.max(0.001, c.anonymous)) * 100) / 100);
  const cpuRatio = mid(cpuRatios, (x) => x);
  const anonCpu = { ms: mid(cpuRounds, (c) => c.anonymous).anonymous };
  const signedMid = mid(cpuRounds, (c) => c.signedIn);
  const signedCpu = { ms: signedMid.signedIn, result: signedMid.signedResult };
  const bareCpu = mid(cpuRounds, (c) => c.bare).bare;
  const signedPage = (await (await fetch(pageUrl, { headers: signedIn })).json()) as { comments: Array<{ liked?: boolean }> };
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
      cpuMsPerRead: { anonymous: anonCpu.ms, signedIn: signedCpu.ms, bare: bareCpu, ratio: cpuRatio, roundRatios: cpuRatios, anonymousVsBare: Math.round((anonCpu.ms / Math.max(0.001, bareCpu)) * 100) / 100 },
      signedIn: { ...signedCpu.result, likedShown: signedPage.comments.filter((c) => c.liked).length },
      logLevel: process.env.PARLEY_LOG_LEVEL ?? 'info (default)',
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      cpus: os.cpus().length,
      targets: { ratio: 0.5, p99Ms: 50, signedInCpuRatio: 2 },
      pass: [...ratios].sort((x, y) => x - y)[Math.floor(ratios.length / 2)]! >= 0.5 && p.p99Ms < 50 && p.errors === 0 && p.non2xx === 0 && cpuRatio <= 2,
    }),
  );
} finally {
  fs.rmSync(db.dir, { recursive: true, force: true });
}
