import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../src/realtime/bus';
import { SseHub } from '../../src/realtime/sse';
import { openSse } from '../helpers/sse';

/* The hub on a plain node:http server: fan-out, heartbeats, slow readers and the stream cap. */

const bus = createMemoryBus();
const hub = new SseHub(bus, { heartbeatMs: 50, maxStreams: 3 });
const server = http.createServer((req, res) => void hub.open(`post:${req.url!.slice(1)}`, res));
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  hub.closeAll();
  await new Promise((r) => server.close(r));
});

describe('SseHub', () => {
  it('fans one bus event out to each reader of the channel with its id, sends heartbeats, and caps the streams', async () => {
    const a = await openSse(`${base}/p1`);
    const b = await openSse(`${base}/p1`);
    const c = await openSse(`${base}/p2`);
    expect([hub.size, hub.subscriptions]).toEqual([3, 2]);
    const refused = await openSse(`${base}/p1`);
    expect(refused.status).toBe(503);

    await bus.publish('post:p1', { type: 'comment.created', data: { id: 'x1', bodyHtml: '<p>a\nb</p>' }, id: 'ev1' });
    for (const s of [a, b]) {
      const e = await s.next('comment.created');
      expect(e.id).toBe('ev1');
      expect(JSON.parse(e.data)).toEqual({ id: 'x1', bodyHtml: '<p>a\nb</p>' });
    }
    c.close(); // frees a slot for the next one
    while (hub.size > 2) await new Promise((r) => setTimeout(r, 10));
    const raw: string[] = [];
    await new Promise<void>((resolve) => {
      http.get(`${base}/p3`, (res) => {
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          raw.push(d);
          if (raw.join('').includes(': heartbeat')) {
            res.destroy();
            resolve();
          }
        });
      });
    });
    expect(raw.join('')).toContain(': heartbeat');
    expect(c.events).toEqual([]);
    a.close();
    b.close();
    await new Promise((r) => setTimeout(r, 100));
    expect([hub.size, hub.subscriptions]).toEqual([0, 0]);
  });
});
