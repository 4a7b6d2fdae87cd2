import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus, createRedisBus, type BusEvent, type EventBus } from '../../src/realtime/bus';
import { createMemoryLimiter, createRedisLimiter } from '../../src/server/rate-limiter';
import { RedisLink } from '../../src/realtime/redis-link';
import { REDIS_URL, requireService } from '../helpers/harness';
import { startTcpProxy } from '../helpers/tcp-proxy';

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

  it.runIf(withRedis)('stops waiting on a Redis that no longer answers, counts in memory meanwhile, and shares again when it answers', async () => {
    const target = new URL(REDIS_URL!);
    const proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
    const lines: string[] = [];
    const link = new RedisLink(`redis://127.0.0.1:${proxy.port}`, { info: (m) => lines.push(m), warn: (m) => lines.push(m) });
    const limiter = createRedisLimiter(link, `parley-test-rl-${Date.now()}:`);
    try {
      await expect.poll(() => link.up).toBe(true);
      expect((await limiter.hit('k', 2, 60_000, Date.now())).count).toBe(1);
      proxy.freeze(); // packets vanish: no reset, no answer
      const t0 = performance.now();
      const first = await limiter.hit('k', 2, 60_000, Date.now());
      expect(performance.now() - t0).toBeLessThan(2500); // one command timeout at most
      expect(first.allowed).toBe(true);
      await expect.poll(() => link.up).toBe(false);
      const t1 = performance.now();
      for (let i = 0; i < 5; i++) await limiter.hit('k', 2, 60_000, Date.now());
      expect(performance.now() - t1).toBeLessThan(100); // no more waiting
      expect((await limiter.hit('k', 2, 60_000, Date.now())).allowed).toBe(false); // counted in memory
      // Reconnecting succeeds at the TCP level but Redis does not answer: still down, no flapping.
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 500));
        expect(link.up).toBe(false);
      }
      expect(lines.filter((l) => /unavailable/.test(l))).toHaveLength(1);
      expect(lines.filter((l) => /is back after/.test(l))).toHaveLength(0);
      proxy.restore();
      await expect.poll(() => link.up, { timeout: 10_000 }).toBe(true);
      expect(lines.filter((l) => /is back after/.test(l))).toHaveLength(1);
      expect((await limiter.hit('k', 2, 60_000, Date.now())).count).toBe(2); // Redis's own count again
    } finally {
      link.close();
      await proxy.close();
    }
  });
});
