/* Shared pieces of Parley's benchmarks: a seeded discussion, servers in child processes, autocannon. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Kysely } from 'kysely';
import type { Database } from '../src/store/schema';
import { migrate, openStore } from '../src/store/db';
import { newId } from '../src/store/ids';
import { createUser } from '../src/store/users';
import { renderCommentHtml } from '../src/domain/markup';
import { OPEN_ENDED } from '../src/domain/supporter';

export const HERE = path.dirname(fileURLToPath(import.meta.url));

export function tempSqliteUrl(): { url: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  return { url: `sqlite:${path.join(dir, 'parley.db')}`, dir };
}

const WORDS = 'the council said fares would rise again next year while commuters argued that services had not improved and the report offers little evidence either way'.split(' ');
function sentence(i: number, n: number): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[(i * 7 + k * 3) % WORDS.length]!);
  out[0] = out[0]![0]!.toUpperCase() + out[0]!.slice(1);
  return out.join(' ') + '.';
}

/** A small deterministic PRNG (mulberry32), so every run seeds the same thread. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A post with `total` comments: a fifth top-level, the rest replies spread at random over the
 * threads (each to the top-level comment or to a reply in it, so some go deeper than the visible
 * nesting), by 50 commenters (supporters with confirmed addresses, so they may also write), with likes. Bodies are a sentence or three with some quotes and bold. Returns the slug.
 */
export async function seedThread(databaseUrl: string, total: number, slug = 'busy-thread'): Promise<string> {
  const store = openStore(databaseUrl);
  await migrate(store);
  const db: Kysely<Database> = store.db;
  const random = prng(42);
  const start = Date.now() - total * 60_000;
  const users: string[] = [];
  for (let i = 0; i < 50; i++) {
    const u = await createUser(db, { email: `bench${i}@example.org`, displayName: `Commenter ${i}`, passwordHash: null, emailVerified: true }, new Date(start));
    await db.updateTable('users').set({ supporter_until: OPEN_ENDED }).where('id', '=', u.id).execute();
    users.push(u.id);
  }
  const postId = newId(start);
  const iso = new Date(start).toISOString();
  await db
    .insertInto('posts')
    .values({ id: postId, slug, title: 'A busy thread', standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: iso, created_at: iso, updated_at: iso, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: total, canonical_url: null, import_key: null })
    .execute();
  type Node = { id: string; root: string | null; depth: number };
  const topCount = Math.max(1, Math.round(total / 5));
  // Decide the shape first: top-level comments spread over the first 80 % of the time, each reply
  // in a thread picked at random and written some time after that thread began; then play it in time order.
  const events: Array<{ at: number; thread: number; top: boolean }> = [];
  for (let j = 0; j < topCount; j++) events.push({ at: (j / topCount) * 0.8, thread: j, top: true });
  for (let i = topCount; i < total; i++) {
    const thread = Math.floor(random() * topCount);
    const begun = (thread / topCount) * 0.8;
    events.push({ at: begun + 1e-9 + random() * (1 - begun), thread, top: false });
  }
  events.sort((x, y) => x.at - y.at);
  const threads: Node[][] = [];
  const replyCounts = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < total; i++) {
      const at = new Date(start + i * 60_000);
      const event = events[i]!;
      const slot = event.top ? null : event.thread;
      let parent: Node | null = null;
      if (slot !== null) {
        const thread = threads[slot]!;
        parent = thread[Math.floor(random() * thread.length)]!;
      }
      const depth = parent ? parent.depth + 1 : 0;
      const body = `${sentence(i, 12 + (i % 20))}${i % 3 === 0 ? `\n\n> ${sentence(i + 1, 8)}` : ''}${i % 4 === 0 ? ` **${sentence(i + 2, 4)}**` : ''}`;
      const id = newId(at.getTime());
      const root = parent ? (parent.root ?? parent.id) : null;
      await trx
        .insertInto('comments')
        .values({ id, post_id: postId, parent_id: parent?.id ?? null, root_id: root, depth, author_id: users[i % users.length]!, body, body_html: renderCommentHtml(body), status: 'published', removed_reason: null, created_at: at.toISOString(), edited_at: null, like_count: Math.floor(random() * 12), reply_count: 0, flag_weight: 0, moderation: null, import_key: null })
        .execute();
      if (root) replyCounts.set(root, (replyCounts.get(root) ?? 0) + 1);
      if (parent && parent.id !== root) replyCounts.set(parent.id, (replyCounts.get(parent.id) ?? 0) + 1);
      const node = { id, root, depth };
      if (slot === null) threads[event.thread] = [node];
      else threads[slot]!.push(node);
    }
    for (const [id, n] of replyCounts) await trx.updateTable('comments').set({ reply_count: n }).where('id', '=', id).execute();
  });
  await store.close();
  return slug;
}

/** Starts `bench/_serve.ts` in a child process (its own CPU time, like a real deployment) and resolves with its URL.
    With BENCH_SERVER_PROF_DIR set, the server writes a CPU profile (`node --cpu-prof`) there when it stops. */
export function serve(kind: 'parley' | 'bare' | 'bare-sse', arg: string, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SERVER_PROF_DIR] : []), '--import', 'tsx', path.join(HERE, '_serve.ts'), kind, arg], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = out.match(/LISTENING (\S+)/);
      if (m) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise<void>((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited early (${code})`)));
  });
}

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, opts: { connections: number; durationS: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.durationS, headers: opts.headers });
  return { requestsPerSec: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** The round with the median requests/s (its latencies belong to it). */
export function median(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.requestsPerSec - b.requestsPerSec);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** How many 4 KB write + fdatasync pairs this machine's disk completes per second in `dir`: the ceiling for durable commits one at a time. */
export function rawFsyncRate(dir: string, seconds = 2): number {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  try {
    while (performance.now() < end) {
      fs.writeSync(fd, block, 0, block.length, 0);
      fs.fdatasyncSync(fd);
      n += 1;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return Math.round(n / seconds);
}
