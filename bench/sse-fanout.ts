/* 2,000 readers connected by Server-Sent Events to one Parley node: the time from POSTing a comment
   to the moment the last reader has the comment.created event (target: under 1 s). The same run
   measures a bare node:http server broadcasting the same bytes to the same number of streams.
   Prints one JSON line. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { serve, tempSqliteUrl } from './_lib';
import { migrate, openStore } from '../src/store/db';
import { createUser } from '../src/store/users';
import { createSession } from '../src/store/sessions';
import { csrfTokenFor } from '../src/server/plugins/session';
import { setSetting } from '../src/store/settings';
import { newId } from '../src/store/ids';
import { OPEN_ENDED } from '../src/domain/supporter';

const READERS = Number(process.env.BENCH_READERS ?? 2000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 5);
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

interface Reader {
  received: Map<string, number>; // comment id → when it arrived (ms, performance.now)
  close(): void;
}

/** Opens one stream; resolves when the server says it is live. Records the arrival of each comment.created. */
function connect(url: string): Promise<Reader> {
  return new Promise((resolve, reject) => {
    const received = new Map<string, number>();
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          if (block.includes(': connected')) resolve({ received, close: () => req.destroy() });
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (block.includes('event: comment.created') && data) received.set((JSON.parse(data.slice(6)) as { id: string }).id, performance.now());
        }
      });
    });
    req.on('error', reject);
  });
}

async function connectAll(url: string, n: number): Promise<Reader[]> {
  const readers: Reader[] = [];
  for (let i = 0; i < n; i += 100) readers.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => connect(url)))));
  return readers;
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10;
  return { p50Ms: q(0.5), p99Ms: q(0.99), lastMs: Math.round(s[s.length - 1]! * 10) / 10 };
}

const db = tempSqliteUrl();
try {
  const store = openStore(db.url);
  await migrate(store);
  const now = new Date();
  const user = await createUser(store.db, { email: 'bench-writer@example.org', displayName: 'Bench Writer', passwordHash: null, emailVerified: true }, now);
  await store.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: '2020-01-01T00:00:00.000Z' }).where('id', '=', user.id).execute();
  const token = await createSession(store.db, user.id, now);
  await setSetting(store.db, 'moderation', { rateLimit: { enabled: false } });
  const iso = now.toISOString();
  await store.db
    .insertInto('posts')
    .values({ id: newId(), slug: 'live', title: 'Live', standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: iso, created_at: iso, updated_at: iso, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null })
    .execute();
  await store.close();

  // Parley.
  const parley = await serve('parley', db.url, { PARLEY_SECRET: SECRET });
  const readers = await connectAll(`${parley.url}/api/posts/live/events`, READERS);
  const headers = { 'content-type': 'application/json', cookie: `parley_session=${token}`, 'x-parley-csrf': csrfTokenFor(SECRET, token) };
  const parleyLast: number[] = [];
  const parleyAll: number[] = [];
  const postMs: number[] = [];
  let sample = '';
  for (let e = 0; e < EVENTS; e++) {
    const t0 = performance.now();
    const res = await fetch(`${parley.url}/api/posts/live/comments`, { method: 'POST', headers, body: JSON.stringify({ body: `Live comment number ${e}: the fares story has moved on.` }) });
    if (res.status !== 201) throw new Error(`POST gave ${res.status}: ${await res.text()}`);
    postMs.push(performance.now() - t0);
    const { comment } = (await res.json()) as { comment: { id: string } };
    sample = JSON.stringify(comment);
    while (readers.some((r) => !r.received.has(comment.id))) await new Promise((r) => setTimeout(r, 5));
    const times = readers.map((r) => r.received.get(comment.id)! - t0);
    parleyAll.push(...times);
    parleyLast.push(Math.max(...times));
  }
  for (const r of readers) r.close();
  await parley.stop();

  // Bare node:http with the same bytes.
  const file = path.join(db.dir, 'comment.json');
  fs.writeFileSync(file, sample);
  const bare = await serve('bare-sse', file);
  const bareReaders = await connectAll(bare.url, READERS);
  const bareLast: number[] = [];
  const id = (JSON.parse(sample) as { id: string }).id;
  for (let e = 0; e < EVENTS; e++) {
    for (const r of bareReaders) r.received.clear();
    const t0 = performance.now();
    await fetch(bare.url, { method: 'POST' });
    while (bareReaders.some((r) => !r.received.has(id))) await new Promise((r) => setTimeout(r, 5));
    bareLast.push(Math.max(...bareReaders.map((r) => r.received.get(id)! - t0)));
  }
  for (const r of bareReaders) r.close();
  await bare.stop();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    JSON.stringify({
      bench: 'sse-fanout',
      readers: READERS,
      events: EVENTS,
      parley: { lastReaderMs: stats(parleyLast), allReadersMs: stats(parleyAll), postResponseMs: stats(postMs), perEventLastMs: parleyLast.map((x) => Math.round(x)) },
      bare: { lastReaderMs: stats(bareLast), perEventLastMs: bareLast.map((x) => Math.round(x)) },
      ratio: Math.round((median(parleyLast) / median(bareLast)) * 100) / 100,
      loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      cpus: os.cpus().length,
      target: { lastReaderMs: 1000 },
      pass: Math.max(...parleyLast) < 1000,
    }),
  );
} finally {
  fs.rmSync(db.dir, { recursive: true, force: true });
}
