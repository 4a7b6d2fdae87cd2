/* The live-stream cap follows the process's open-file limit: under `ulimit -n 512` the server says
   its cap at start-up, holds that many streams, refuses the next one cleanly (503 in the error shape,
   not a reset connection), and still answers ordinary requests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { buildAssets } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { openSse, type SseStream } from '../helpers/sse';
import { newId } from '../../src/store/ids';
import { streamCapacity, MAX_STREAMS } from '../../src/domain/stream-capacity';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-nofile-'));
const dbFile = path.join(dir, 'parley.db');
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | undefined;
let output = '';
const streams: SseStream[] = [];

beforeAll(() => buildAssets());
afterAll(async () => {
  for (const s of streams) s.close();
  if (child && child.exitCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the live-stream cap', () => {
  it('leaves room for the database and HTTP under any limit, and keeps 15,000 as the ceiling', () => {
    expect(streamCapacity(1024).max).toBeGreaterThan(600);
    expect(streamCapacity(1024).max).toBeLessThan(1024 - 200);
    expect(streamCapacity(1024).limitedByFiles).toBe(true);
    expect(streamCapacity(1_048_576)).toEqual({ max: MAX_STREAMS, openFileLimit: 1_048_576, limitedByFiles: false });
    expect(streamCapacity(50).max).toBe(0);
    expect(streamCapacity(null).max).toBe(MAX_STREAMS);
  });

  it('under ulimit -n 512: says its cap, holds that many streams and refuses the next with a 503', async () => {
    const env = { ...process.env, PARLEY_DATABASE_URL: `sqlite:${dbFile}`, PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'info', PARLEY_HOST: '127.0.0.1' };
    child = spawn('/bin/sh', ['-c', `ulimit -n 512 && exec "${process.execPath}" bin/parley.js start --port ${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await expect.poll(() => /Parley is serving/.test(output), { timeout: 30_000, interval: 200 }).toBe(true);

    const said = /live streams: at most (\d+) on this node, set by the open-file limit of 512/.exec(output);
    expect(said, output).not.toBeNull();
    const cap = Number(said![1]);
    expect(cap).toBe(streamCapacity(512).max);
    expect(cap).toBeGreaterThan(300);

    const slug = `nofile-${Date.now()}`;
    const db = new SQLite(dbFile);
    const now = new Date().toISOString();
    db.prepare(
      "insert into posts (id, slug, title, standfirst, body_md, body_html, author_id, status, published_at, created_at, updated_at, version, discussion, discussion_closes_at, featured_image_url, featured_image_alt, sources, comment_count, canonical_url, import_key) values (?, ?, 'Limits', '', '', '<p>b</p>', null, 'published', ?, ?, ?, 1, 'open', null, null, null, '[]', 0, null, null)",
    ).run(newId(), slug, now, now, now);
    db.close();

    for (let i = 0; i < cap; i++) {
      const s = await openSse(`${base}/api/posts/${slug}/events`);
      streams.push(s);
      expect(s.status, `stream ${i + 1} of ${cap}`).toBe(200);
    }
    const refused = await fetch(`${base}/api/posts/${slug}/events`);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: { code: 'too_many_streams', message: expect.any(String) } });
    // Ordinary requests still have room.
    const pages = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/api/posts/${slug}/comments`).then((r) => r.status)));
    expect(pages).toEqual(Array(10).fill(200));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // A reader leaving frees a place.
    streams.pop()!.close();
    await expect.poll(async () => (await openSse(`${base}/api/posts/${slug}/events`).then((s) => (streams.push(s), s.status))), { timeout: 5000 }).toBe(200);
  }, 90_000);
});
