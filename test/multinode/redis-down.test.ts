import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { freshDatabase, PG_BASE_URL, REDIS_URL, requireService } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { HttpClient, openSse } from '../helpers/sse';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

/* The Redis-down drill: two nodes over PostgreSQL reach Redis through a proxy the test cuts. While
   Redis is away both keep serving at normal speed (sign-in, posting, live events on the node itself),
   say so once in the log and in /healthz, stay ready; when it is back, events cross nodes again and
   what readers on the other node missed is replayed to them. */

const available = requireService('PostgreSQL', PG_BASE_URL !== null) && requireService('Redis', REDIS_URL !== null);

/** Log lines of one node, as JSON. */
function logSink() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

async function health(base: string) {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; status: string; reasons?: string[] } };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

describe.runIf(available)('Redis going away under two nodes', () => {
  let proxy: TcpProxy;
  let a: RunningServer;
  let b: RunningServer;
  let late: RunningServer | undefined;
  let cleanup: () => Promise<void>;
  const logA = logSink();
  let env: Record<string, string>;

  beforeAll(async () => {
    const db = await freshDatabase('postgres');
    cleanup = db.cleanup;
    proxy = await startTcpProxy(Number(new URL(REDIS_URL!).port || 6379), new URL(REDIS_URL!).hostname);
    env = { PARLEY_DATABASE_URL: db.url, PARLEY_REDIS_URL: `redis://127.0.0.1:${proxy.port}`, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'info', PARLEY_SECRET: 'redis-drill-test-secret-0123456789abcdef' };
    a = await startServer(loadConfig(env), {}, { print: () => {}, logTo: logA.stream });
    b = await startServer(loadConfig({ ...env, PARLEY_LOG_LEVEL: 'silent' }), {}, { print: () => {} });
    for (const s of [a, b]) s.ctx.config.publicUrl = s.url;
    await relaxRateLimits(a.ctx.db);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), late?.close()]);
    await proxy?.close();
    await cleanup?.();
  });

  it('keeps serving at normal latency, says it is degraded once, and resumes live events across nodes', async () => {
    const post = await makePost(a.ctx.db, new Date());
    const email = `drill-${Date.now()}@example.org`;
    const user = await createUser(a.ctx.db, { email, displayName: 'Drill Writer', passwordHash: await hashPassword('a long drill password'), emailVerified: true }, new Date());
    await a.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: new Date().toISOString() }).where('id', '=', user.id).execute();
    const signIn = (base: string) => {
      const client = new HttpClient(base);
      return client.request('POST', '/api/auth/login', { email, password: 'a long drill password' }).then((r) => ({ r, client }));
    };

    await expect.poll(async () => (await health(a.url)).body.status).toBe('ok');
    await expect.poll(async () => (await health(b.url)).body.status).toBe('ok');
    // Baseline with Redis up.
    const normal = await timed(() => signIn(a.url));
    expect(normal.value.r.status).toBe(200);
    const onA = await openSse(`${a.url}/api/posts/${post.slug}/events`);
    const onB = await openSse(`${b.url}/api/posts/${post.slug}/events`);

    // Only this drill's lines count (a loaded machine may have flapped at start-up).
    const mark = logA.lines.length;
    const since = (re: RegExp) => logA.lines.slice(mark).filter((l) => re.test(l.msg));
    proxy.cut();
    await expect.poll(async () => (await health(a.url)).body.status, { timeout: 5000 }).toBe('degraded');
    const degraded = await health(a.url);
    expect(degraded.status).toBe(200);
    expect(degraded.body.reasons?.join(' ')).toMatch(/redis unavailable/i);
    const ready = await fetch(`${a.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ready: true }]);

    // Sign-in and posting answer at normal speed (not after Redis timeouts), and succeed.
    const down = await timed(() => signIn(a.url));
    expect(down.value.r.status).toBe(200);
    expect(down.ms).toBeLessThan(Math.max(1000, normal.ms * 3));
    const writer = down.value.client;
    const posted = await timed(() => writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted while Redis was away' }));
    expect(posted.value.status).toBe(201);
    expect(posted.ms).toBeLessThan(1000);
    // Readers on the same node still get it live.
    expect(JSON.parse((await onA.next('comment.created', 3000)).data).id).toBe(posted.value.json.comment.id);

    // A node that starts while Redis is away does not wait for it.
    const startup = await timed(() => startServer(loadConfig({ ...env, PARLEY_LOG_LEVEL: 'silent' }), {}, { print: () => {} }));
    late = startup.value;
    expect(startup.ms).toBeLessThan(3000);
    expect((await health(late.url)).body.status).toBe('degraded');

    // Several reconnection attempts later, still one line for each change of state.
    await new Promise((r) => setTimeout(r, 3000));
    expect(since(/unavailable/)).toHaveLength(1);
    expect(since(/reconnecting/)).toHaveLength(1);
    expect(since(/is back after/)).toHaveLength(0);

    proxy.restore();
    await expect.poll(async () => (await health(a.url)).body.status, { timeout: 10_000 }).toBe('ok');
    await expect.poll(async () => (await health(b.url)).body.status, { timeout: 10_000 }).toBe('ok');
    expect(since(/is back after/)).toHaveLength(1);
    expect(since(/unavailable/)).toHaveLength(1);

    // What B's readers missed while Redis was away is replayed to them, then events cross nodes again
    // (A's own readers may get a replayed copy of what they saw: the widget takes it as an update).
    const ids = (s: typeof onA) => s.events.filter((e) => e.event === 'comment.created').map((e) => JSON.parse(e.data).id as string);
    await expect.poll(() => ids(onB), { timeout: 5000 }).toContain(posted.value.json.comment.id);
    const after = await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted after Redis came back' });
    expect(after.status).toBe(201);
    await expect.poll(() => ids(onB), { timeout: 5000 }).toContain(after.json.comment.id);
    await expect.poll(() => ids(onA), { timeout: 5000 }).toContain(after.json.comment.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids(onA).filter((id) => id === after.json.comment.id)).toHaveLength(1); // not again via Redis
    expect(ids(onB).filter((id) => id === after.json.comment.id)).toHaveLength(1);
    // No ioredis stack traces: every line of the log is one of ours.
    expect(logA.lines.filter((l) => /Unhandled error event/.test(l.msg))).toEqual([]);
    onA.close();
    onB.close();
  });
});
