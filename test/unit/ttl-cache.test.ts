import { describe, expect, it } from 'vitest';
import { ScopedTtlCache, TtlCache } from '../../src/domain/ttl-cache';

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
