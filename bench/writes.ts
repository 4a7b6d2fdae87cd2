/* Accepted comments per second with 50 concurrent writers (each POST from one of 50 signed-in
   supporters, texts all different, the pipeline's rate limits off), on SQLite and, when
   BENCH_POSTGRES_URL (or PARLEY_TEST_POSTGRES_URL) is set, on PostgreSQL; beside them the disk's
   raw rate of 4 KB write + fdatasync pairs, the ceiling for commits made one at a time, and the
   server's CPU per comment. Target on SQLite: ≥ 500 accepted comments/s, p99 < 100 ms. Prints one JSON line. */
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import autocannon from 'autocannon';
import { migrate, openStore } from '../src/store/db';
import { createSession } from '../src/store/sessions';
import { setSetting } from '../src/store/settings';
import { cpuSecondsOf, rawFsyncRate, seedThread, serve, tempSqliteUrl } from './_lib';

const WRITERS = Number(process.env.BENCH_WRITERS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PLACES = ['Hillfoot', 'Partick', 'the bridge', 'Anniesland', 'Kelvindale', 'the depot', 'Milngavie', 'Bearsden', 'Maryhill', 'Govan'];

async function prepare(url: string): Promise<{ slug: string; tokens: string[] }> {
  const slug = await seedThread(url, 10, 'writes');
  const store = openStore(url);
  await migrate(store);
  const users = await store.db.selectFrom('users').select('id').execute();
  const tokens: string[] = [];
  for (const u of users) tokens.push(await createSession(store.db, u.id, new Date()));
  await setSetting(store.db, 'moderation', { rateLimit: { enabled: false } });
  await store.close();
  return { slug, tokens };
}

async function run(url: string) {
  const { slug, tokens } = await prepare(url);
  const metricsToken = 'bench-writes-metrics-token';
  const server = await serve('parley', url, { PARLEY_METRICS_TOKEN: metricsToken });
  const origin = 'http://localhost:0'; // PARLEY_PUBLIC_URL's default for the bench server: passes the CSRF check
  let i = 0;
  const cpu0 = cpuSecondsOf(server.child.pid!);
  const r = await autocannon({
    url: `${server.url}/api/posts/${slug}/comments`,
    connections: WRITERS,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          i += 1;
          return {
            ...req,
            headers: { 'content-type': 'application/json', origin, cookie: `parley_session=${tokens[i % tokens.length]}` },
            body: JSON.stringify({ body: `Number ${i}: the ${6 + (i % 5)}:${10 + (i % 49)} from ${PLACES[i % PLACES.length]} to ${PLACES[(i * 3 + 1) % PLACES.length]} ran ${i % 17} minutes late.` }),
          };
        },
      },
    ],
  } as never);
  const cpu = cpuSecondsOf(server.child.pid!) - cpu0;
  const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  await server.stop();
  const gauge = (name: string) => Number(metrics.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? NaN);
  // The server's own timing of the accepted POSTs (from the request's arrival at Fastify to the answer),
  // against the client's: the difference waited outside the handler (sockets, the client itself).
  const postBucket = (le: string) =>
    metrics
      .split('\n')
      .filter((l) => l.startsWith('parley_http_request_duration_seconds_bucket{') && l.includes(`le="${le}"`) && l.includes('method="POST"') && l.includes('route="/api/posts/:slug/comments"') && /status="20[12]"/.test(l))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const served = postBucket('+Inf');
  const accepted = (r as unknown as { '2xx': number })['2xx'];
  return {
    acceptedPerSec: Math.round(accepted / DURATION),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    refused: r.non2xx,
    errors: r.errors + r.timeouts,
    serverCpuMsPerComment: accepted ? Math.round((cpu / accepted) * 10000) / 10 : null,
    writesPerCommit: Math.round((gauge('parley_write_commit_writes') / Math.max(1, gauge('parley_write_commits'))) * 10) / 10,
    // Share of the run the event loop spent in grouped transactions and their commits (SQLite; better-sqlite3 blocks it meanwhile).
    commitLoopShare: Math.round((gauge('parley_write_commit_milliseconds') / (DURATION * 1000)) * 1000) / 1000,
    commitsPerSec: Math.round(gauge('parley_write_commits') / DURATION),
    serverWithin100Ms: served ? Math.round((postBucket('0.1') / served) * 1000) / 1000 : null,
    serverWithin1s: served ? Math.round((postBucket('1') / served) * 1000) / 1000 : null,
    eventLoopLagP99Ms: Math.round(Number(metrics.match(/^parley_nodejs_eventloop_lag_p99_seconds (\S+)/m)?.[1] ?? NaN) * 1000),
  };
}

const sqliteDb = tempSqliteUrl();
try {
  const fsyncPerSec = rawFsyncRate(sqliteDb.dir);
  const sqlite = await run(sqliteDb.url);
  let postgres: Awaited<ReturnType<typeof run>> | 'skipped' = 'skipped';
  const pgBase = process.env.BENCH_POSTGRES_URL ?? process.env.PARLEY_TEST_POSTGRES_URL;
  if (pgBase) {
    const name = `parley_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const u = new URL(pgBase);
    u.pathname = `/${name}`;
    try {
      postgres = await run(u.toString());
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  console.log(
    JSON.stringify({
      bench: 'writes',
      writers: WRITERS,
      durationS: DURATION,
      rawFsyncPerSec: fsyncPerSec,
      sqlite,
      sqliteVsFsync: Math.round((sqlite.acceptedPerSec / fsyncPerSec) * 100) / 100,
      postgres,
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      targets: { sqliteAcceptedPerSec: 500, p99Ms: 100 },
      pass: sqlite.acceptedPerSec >= 500 && sqlite.p99Ms < 100 && sqlite.errors === 0,
    }),
  );
} finally {
  fs.rmSync(sqliteDb.dir, { recursive: true, force: true });
}
