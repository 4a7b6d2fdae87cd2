import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server/start';
import { idFloor } from '../../src/store/ids';
import { freshDatabase } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { HttpClient, openSse } from '../helpers/sse';

/* A live reader whose stream drops (network blip, server restart) and comes back with the
   Last-Event-ID its browser kept gets what happened meanwhile, then live events again. */

let dbUrl = '';
let cleanup: () => Promise<void>;
let server: RunningServer;

const start = async () => {
  const s = await startServer(loadConfig({ PARLEY_DATABASE_URL: dbUrl, PARLEY_PORT: '0', PARLEY_HOST: '127.0.0.1', PARLEY_SEED_DEMO: 'false', PARLEY_LOG_LEVEL: 'silent' }), {}, { print: () => {} });
  s.ctx.config.publicUrl = s.url;
  return s;
};

beforeAll(async () => {
  const db = await freshDatabase('sqlite');
  dbUrl = db.url;
  cleanup = db.cleanup;
  server = await start();
  await relaxRateLimits(server.ctx.db);
});
afterAll(async () => {
  await server.close();
  await cleanup();
});

async function writer(s: RunningServer, name: string) {
  const client = new HttpClient(s.url);
  await client.signInAsNewUser(s.ctx, name);
  return client;
}

describe('resuming a live stream', () => {
  it('replays the comments posted, edited and deleted while the reader was away, then goes live', async () => {
    const post = await makePost(server.ctx.db, new Date());
    const ada = await writer(server, 'Ada');
    const before = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Seen live before the blip' });
    const first = await openSse(`${server.url}/api/posts/${post.slug}/events`);
    expect(first.lastId).toMatch(/^[0-9a-z]{26}$/); // the stream starts with a cursor
    first.close();

    const during = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted during the blip' });
    const edited = before.json.comment.id as string;
    expect((await ada.request('PATCH', `/api/comments/${edited}`, { body: 'Edited during the blip' })).status).toBe(200);
    const doomed = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted and deleted during the blip' });
    expect((await ada.request('DELETE', `/api/comments/${doomed.json.comment.id}`)).status).toBe(204);

    const again = await openSse(`${server.url}/api/posts/${post.slug}/events`, { 'last-event-id': first.lastId! });
    // The replay may overlap what the reader saw (by a few seconds): what counts is each comment's last state.
    await again.next('comment.removed', 3000);
    const replayed = new Map(again.events.map((e) => [JSON.parse(e.data).id as string, { type: e.event, data: JSON.parse(e.data) }]));
    expect(replayed.get(during.json.comment.id)).toMatchObject({ type: 'comment.created', data: { bodyHtml: '<p>Posted during the blip</p>', author: { displayName: 'Ada' } } });
    expect(replayed.get(edited)?.data).toMatchObject({ bodyHtml: '<p>Edited during the blip</p>' });
    expect(replayed.get(doomed.json.comment.id)).toMatchObject({ type: 'comment.removed', data: { status: 'removed', bodyHtml: '' } });
    expect(again.lastId).toMatch(/^[0-9a-z]{26}$/);

    // Live again after the replay, once.
    const live = await ada.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Live after the replay' });
    await expect.poll(() => again.events.filter((e) => JSON.parse(e.data).id === live.json.comment.id).length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(again.events.filter((e) => JSON.parse(e.data).id === live.json.comment.id).map((e) => e.event)).toEqual(['comment.created']);
    again.close();
  });

  it('replays across a server restart, and from the widget query parameter', async () => {
    const post = await makePost(server.ctx.db, new Date());
    const reader = await openSse(`${server.url}/api/posts/${post.slug}/events`);
    const ended = reader.ended;
    await server.close(); // the stream ends with the server
    await ended;
    server = await start();
    const bob = await writer(server, 'Bob');
    const during = await bob.request('POST', `/api/posts/${post.slug}/comments`, { body: 'Posted while the server restarted' });
    expect(during.status).toBe(201);
    const again = await openSse(`${server.url}/api/posts/${post.slug}/events?lastEventId=${reader.lastId}`);
    expect(JSON.parse((await again.next('comment.created', 3000)).data).id).toBe(during.json.comment.id);
    again.close();
  });

  it('asks the reader to reload the thread when the gap is too old or the id is not a Parley one', async () => {
    const post = await makePost(server.ctx.db, new Date());
    const old = idFloor(Date.now() - 60 * 60_000);
    const stale = await openSse(`${server.url}/api/posts/${post.slug}/events`, { 'last-event-id': old });
    await stale.next('resync', 3000);
    stale.close();
    const foreign = await openSse(`${server.url}/api/posts/${post.slug}/events`, { 'last-event-id': 'not-an-id' });
    await foreign.next('resync', 3000);
    foreign.close();
    const fresh = await openSse(`${server.url}/api/posts/${post.slug}/events`);
    await new Promise((r) => setTimeout(r, 200));
    expect(fresh.events).toEqual([]); // a first connection replays nothing
    fresh.close();
  });
});
