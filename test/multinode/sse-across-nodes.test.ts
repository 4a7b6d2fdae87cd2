import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';
import { freshDatabase, PG_BASE_URL, REDIS_URL, requireService } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { HttpClient, openSse } from '../helpers/sse';

/* Two Parley processes' worth of servers over one PostgreSQL database and one Redis: a comment
   posted through one node reaches an event stream opened on the other. */

const available = requireService('PostgreSQL', PG_BASE_URL !== null) && requireService('Redis', REDIS_URL !== null);

describe.runIf(available)('two nodes over PostgreSQL and Redis', () => {
  let a: RunningServer;
  let b: RunningServer;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshDatabase('postgres');
    cleanup = db.cleanup;
    const env = { PARLEY_DATABASE_URL: db.url, PARLEY_REDIS_URL: REDIS_URL!, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent', PARLEY_SECRET: 'multi-node-test-secret-0123456789abcdef' };
    a = await startServer(loadConfig(env), {}, { print: () => {} });
    b = await startServer(loadConfig(env), {}, { print: () => {} });
    await relaxRateLimits(a.ctx.db);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await cleanup?.();
  });

  it('delivers a comment posted on node A to a reader on node B', async () => {
    expect(a.url).not.toBe(b.url);
    const post = await makePost(a.ctx.db, new Date());
    const onB = await openSse(`${b.url}/api/posts/${post.slug}/events`);
    const onA = await openSse(`${a.url}/api/posts/${post.slug}/events`);

    const writer = new HttpClient(a.url);
    await writer.signInAsNewUser(a.ctx, 'Writer on A');
    const res = await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Hello from node A' });
    expect(res.status).toBe(201);

    const seenOnB = await onB.next('comment.created');
    const seenOnA = await onA.next('comment.created');
    expect(JSON.parse(seenOnB.data)).toMatchObject({ id: res.json.comment.id, bodyHtml: '<p>Hello from node A</p>', author: { displayName: 'Writer on A' } });
    expect(seenOnB.id).toBe(seenOnA.id); // the same event id on every node
    // Exactly once per node.
    await new Promise((r) => setTimeout(r, 200));
    expect(onB.events.filter((e) => e.event === 'comment.created')).toHaveLength(1);

    // And the other way round: a session made on A works on B (shared database and secret).
    const viaB = new HttpClient(b.url);
    viaB.cookie = writer.cookie;
    viaB.csrf = writer.csrf;
    const second = await viaB.request('POST', `/api/posts/${post.slug}/comments`, { body: 'And this one through node B' });
    expect(second.status).toBe(201);
    expect(JSON.parse((await onA.next('comment.created')).data).id).toBe(second.json.comment.id);
    onA.close();
    onB.close();
  });

  it('resumes on node B a stream that dropped on node A, with what was posted in between', async () => {
    const post = await makePost(a.ctx.db, new Date());
    const onA = await openSse(`${a.url}/api/posts/${post.slug}/events`);
    onA.close(); // node A goes away, say
    const writer = new HttpClient(a.url);
    await writer.signInAsNewUser(a.ctx, 'Failover Writer');
    const during = await writer.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted while the reader moved to node B' });
    expect(during.status).toBe(201);
    const onB = await openSse(`${b.url}/api/posts/${post.slug}/events`, { 'last-event-id': onA.lastId! });
    expect(JSON.parse((await onB.next('comment.created', 3000)).data)).toMatchObject({ id: during.json.comment.id, bodyHtml: '<p>Posted while the reader moved to node B</p>' });
    onB.close();
  });
});
