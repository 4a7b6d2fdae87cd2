import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus, createRedisBus, type BusEvent, type EventBus } from '../../src/realtime/bus';
import { createMemoryLimiter, createRedisLimiter } from '../../src/server/rate-limiter';
import { RedisLink } from '../../src/realtime/redis-link';
import { REDIS_URL, requireService } from '../helpers/harness';

const withRedis = requireService('Redis', REDIS_URL !== null);
const quiet = { info: () => {}, warn: () => {} };

async function connectedLink(): Promise<RedisLink> {
  const link = new RedisLink(REDIS_URL!, quiet);
  await expect.poll(() => link.up).toBe(true);
  return link;
}

function nextEvent(bus: EventBus, channel: string): Promise<BusEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe(channel, (e) => {
      off();
      resolve(e);
    });
  });
}

describe('event bus', () => {
  it('delivers in process', async () => {
    const bus = createMemoryBus();
    const got = nextEvent(bus, 'post:1');
    await bus.publish('post:1', { type: 'comment.created', data: { id: 'c1' } });
    expect(await got).toEqual({ type: 'comment.created', data: { id: 'c1' } });
    await bus.close();
  });

  describe.runIf(withRedis)('over Redis', () => {
    const buses: EventBus[] = [];
    const links: RedisLink[] = [];
    afterAll(async () => {
      await Promise.all(buses.map((b) => b.close()));
      for (const l of links) l.close();
    });

    it('carries an event from one node to another, and stops after unsubscribe', async () => {
      const prefix = `parley-test-${Date.now()}:`;
      links.push(await connectedLink(), await connectedLink());
      const a = createRedisBus(links[0]!, prefix);
      const b = createRedisBus(links[1]!, prefix);
      buses.push(a, b);
      const received: BusEvent[] = [];
      const off = b.subscribe('post:9', (e) => received.push(e));
      await new Promise((r) => setTimeout(r, 200)); // the SUBSCRIBE reaches Redis
      await a.publish('post:9', { type: 'comment.created', data: { id: 'x' } });
      await expect.poll(() => received.length).toBe(1);
      expect(received[0]).toEqual({ type: 'comment.created', data: { id: 'x' } });
      off();
      await new Promise((r) => setTimeout(r, 200));
      await a.publish('post:9', { type: 'comment.created', data: { id: 'y' } });
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(1);
    });
  });
});

describe('rate limiter', () => {
  it('counts in fixed windows in memory', async () => {
    const l = createMemoryLimiter();
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await l.hit('k', 3, 1000, 10_000)).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect((await l.hit('k', 3, 1000, 11_001)).allowed).toBe(true);
    await l.reset('k');
    expect((await l.hit('k', 1, 1000, 11_002)).count).toBe(1);
  });

  it.runIf(withRedis)('shares counts between nodes through Redis', async () => {
    const r1 = await connectedLink();
    const r2 = await connectedLink();
    const prefix = `parley-test-rl-${Date.now()}:`;
    const a = createRedisLimiter(r1, prefix);
    const b = createRedisLimiter(r2, prefix);
    expect((await a.hit('login', 2, 60_000, Date.now())).allowed).toBe(true);
    expect((await b.hit('login', 2, 60_000, Date.now())).allowed).toBe(true);
    const third = await a.hit('login', 2, 60_000, Date.now());
    expect(third.allowed).toBe(false);
    expect(third.retryAfterMs).toBeGreaterThan(0);
    await b.reset('login');
    expect((await a.hit('login', 2, 60_000, Date.now())).allowed).toBe(true);
    r1.close();
    r2.close();
  });
});
