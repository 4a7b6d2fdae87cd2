import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';
import { freshDatabase } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { HttpClient, openSse } from '../helpers/sse';

/* Live updates over a real socket: GET /api/posts/:slug/events. */

let server: RunningServer;
let cleanup: () => Promise<void>;
let closed = false;

beforeAll(async () => {
  const db = await freshDatabase('sqlite');
  cleanup = db.cleanup;
  const config = loadConfig({ PARLEY_DATABASE_URL: db.url, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' });
  server = await startServer(config, {}, { print: () => {} });
  server.ctx.config.publicUrl = server.url;
  await relaxRateLimits(server.ctx.db);
});
afterAll(async () => {
  if (!closed) await server.close();
  await cleanup();
});

async function supporter(name: string) {
  const client = new HttpClient(server.url);
  await client.signInAsNewUser(server.ctx, name);
  return client;
}

describe('Server-Sent Events', () => {
  it('streams created, updated and removed comments to every reader of the post, and only of that post', async () => {
    const post = await makePost(server.ctx.db, new Date());
    const elsewhere = await makePost(server.ctx.db, new Date());
    const readers = await Promise.all([1, 2, 3].map(() => openSse(`${server.url}/api/posts/${post.slug}/events`)));
    const other = await openSse(`${server.url}/api/posts/${elsewhere.slug}/events`);
    expect(readers[0]!.status).toBe(200);
    expect(readers[0]!.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(server.app.sseHub.subscriptions).toBe(2); // one bus subscription per post, not per reader

    const ada = await supporter('Ada');
    const created = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Live *now*' });
    expect(created.status).toBe(201);
    const id = created.json.comment.id as string;
    for (const r of readers) {
      const e = await r.next('comment.created');
      expect(e.id).toMatch(/^[0-9a-z]{26}$/);
      const data = JSON.parse(e.data);
      expect(data).toMatchObject({ id, postId: post.id, status: 'published', author: { displayName: 'Ada' } });
      expect(data.bodyHtml).toContain('<em>now</em>');
    }
    expect((await ada.request('PATCH', `/api/comments/${id}`, { body: 'Live, edited' })).status).toBe(200);
    expect(JSON.parse((await readers[1]!.next('comment.updated')).data)).toMatchObject({ id, bodyHtml: '<p>Live, edited</p>' });
    expect((await ada.request('DELETE', `/api/comments/${id}`)).status).toBe(204);
    expect(JSON.parse((await readers[2]!.next('comment.removed')).data)).toMatchObject({ id, status: 'removed', bodyHtml: '' });

    // A held comment is not broadcast: the readers see the next published one first.
    const held = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Look: https://example.org/x' });
    expect(held.status).toBe(202);
    const after = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Published after the held one' });
    const next = JSON.parse((await readers[0]!.next('comment.created')).data);
    expect(next.id).toBe(after.json.comment.id);
    expect(other.events).toEqual([]);

    for (const r of [...readers, other]) r.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.app.sseHub.size).toBe(0);
    expect(server.app.sseHub.subscriptions).toBe(0);
  });

  it('answers an unknown post with 404 JSON', async () => {
    const res = await fetch(`${server.url}/api/posts/no-such-post/events`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('ends open streams cleanly when the server shuts down', async () => {
    const post = await makePost(server.ctx.db, new Date());
    const stream = await openSse(`${server.url}/api/posts/${post.slug}/events`);
    // Without the hub ending its streams, close() would wait for this reader forever.
    await server.close();
    closed = true;
    await stream.ended;
    expect(server.app.sseHub.size).toBe(0);
  });
});
