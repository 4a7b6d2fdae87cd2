import { describe, expect, it } from 'vitest';
import { rememberRead, ScopedTtlCache, TtlCache } from '../../src/domain/ttl-cache';

describe('TtlCache', () => {
  let t = 0;
  const now = () => t;

  it('keeps an entry fresh for its TTL, or for the age a caller asks', () => {
    t = 1000;
    const c = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now });
    expect(c.set('a', 1)).toBe(1);
    t = 1099;
    expect(c.get('a')).toBe(1);
    expect(c.get('a', 50)).toBeUndefined();
    t = 1100;
    expect(c.get('a')).toBeUndefined();
  });

  it('treats an entry from a later time (a clock set back) as stale', () => {
    t = 1000;
    const c = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now });
    c.set('a', 1);
    t = 999;
    expect(c.get('a')).toBeUndefined();
  });

  it('drops the entry set longest ago to make room, and a key set again counts as new', () => {
    t = 0;
    const c = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 2, now });
    c.set('a', 1);
    c.set('b', 2);
    c.set('a', 3); // now newer than b
    c.set('c', 4);
    expect([c.get('a'), c.get('b'), c.get('c'), c.size]).toEqual([3, undefined, 4, 2]);
  });

  it('forgets a key, only while it holds a given value, or by a test on values', () => {
    t = 0;
    const c = new TtlCache<string, number>({ ttlMs: 100, maxEntries: 10, now });
    c.set('a', 1);
    c.delete('a', 2);
    expect(c.get('a')).toBe(1);
    c.delete('a', 1);
    expect(c.get('a')).toBeUndefined();
    c.set('b', 2);
    c.set('c', 3);
    c.deleteWhere((v) => v === 2);
    expect([c.get('b'), c.get('c')]).toEqual([undefined, 3]);
  });
});

describe('ScopedTtlCache', () => {
  it('keeps one cache per scope, each on its scope clock', () => {
    const a = { t: 0 };
    const b = { t: 0 };
    const caches = new ScopedTtlCache<{ t: number }, string, string>({ ttlMs: 10, maxEntries: 5 }, (s) => s.t);
    caches.of(a).set('k', 'from a');
    expect(caches.of(a)).toBe(caches.of(a));
    expect(caches.of(b).get('k')).toBeUndefined();
    a.t = 10;
    expect(caches.of(a).get('k')).toBeUndefined();
  });
});

describe('rememberRead', () => {
  it('shares one read between callers while it is fresh, and reads again once it is stale', async () => {
    let t = 0;
    const c = new TtlCache<string, Promise<number>>({ ttlMs: 100, maxEntries: 5, now: () => t });
    let reads = 0;
    const read = async () => ++reads;
    const [x, y] = await Promise.all([rememberRead(c, 'k', 50, read), rememberRead(c, 'k', 50, read)]);
    expect([x, y, reads]).toEqual([1, 1, 1]);
    t = 50;
    expect(await rememberRead(c, 'k', 50, read)).toBe(2);
  });

  it('forgets a read that failed, so the next caller reads again', async () => {
    const c = new TtlCache<string, Promise<number>>({ ttlMs: 100, maxEntries: 5, now: () => 0 });
    await expect(rememberRead(c, 'k', 100, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await rememberRead(c, 'k', 100, async () => 7)).toBe(7);
  });
});
