/* The one cache Parley keeps in memory: a map whose entries are fresh for `ttlMs` after they were set
   and of which at most `maxEntries` are kept (setting one more drops the one set longest ago). It
   holds what a node read or made recently (queue counts, settings, rendered pages); other nodes'
   changes show once an entry is stale, this node's own by `delete`. No I/O: the caller's clock. */

export interface TtlCacheOptions {
  /** How long an entry is fresh, in the clock's milliseconds. */
  ttlMs: number;
  maxEntries: number;
  /** The time in milliseconds on the caller's clock; performance.now() unless given. */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  at: number;
}

export class TtlCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: (() => number) | undefined;

  constructor(options: TtlCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.clock = options.now;
  }

  // performance.now() is called directly when no clock is given: a hit on a hot page costs no extra call.
  private now(): number {
    return this.clock ? this.clock() : performance.now();
  }

  /** The value set for `key` less than `maxAgeMs` (the cache's TTL unless given) ago; undefined when there is none or it is stale. */
  get(key: K, maxAgeMs = this.ttlMs): V | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    const age = this.now() - hit.at;
    // A clock set back (a test's ManualClock) makes an entry stale rather than fresh for longer.
    return age >= 0 && age < maxAgeMs ? hit.value : undefined;
  }

  /** Keeps `value` for `key` from now on, and returns it. */
  set(key: K, value: V): V {
    const entries = this.entries;
    entries.delete(key);
    if (entries.size >= this.maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    entries.set(key, { value, at: this.now() });
    return value;
  }

  /** Forgets `key` (a change on this node shows at once), or only while it still holds `value`. */
  delete(key: K, value?: V): void {
    if (value !== undefined && this.entries.get(key)?.value !== value) return;
    this.entries.delete(key);
  }

  /** Forgets every entry whose value `drop` picks. */
  deleteWhere(drop: (value: V, key: K) => boolean): void {
    for (const [key, entry] of this.entries) if (drop(entry.value, key)) this.entries.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The read kept for `key` less than `maxAgeMs` ago, else `read()`, kept from now on: concurrent callers share
 * one read, and a read that fails is forgotten (the next caller reads again).
 */
export function rememberRead<K, T>(cache: TtlCache<K, Promise<T>>, key: K, maxAgeMs: number, read: () => Promise<T>): Promise<T> {
  const hit = cache.get(key, maxAgeMs);
  if (hit) return hit;
  const value = cache.set(key, read());
  value.catch(() => cache.delete(key, value));
  return value;
}

/**
 * One TtlCache per scope: per AppContext, that is per node (tests run several apps in one process),
 * or per database handle below the server. Declared once per module; a scope's cache is made the
 * first time it is asked for, and goes with the scope.
 */
export class ScopedTtlCache<S extends object, K, V> {
  private readonly byScope = new WeakMap<S, TtlCache<K, V>>();

  /** `clock` gives the time for a scope (a context's clock in tests); performance.now() unless given. */
  constructor(
    private readonly options: Omit<TtlCacheOptions, 'now'>,
    private readonly clock?: (scope: S) => number,
  ) {}

  of(scope: S): TtlCache<K, V> {
    let cache = this.byScope.get(scope);
    if (cache === undefined) {
      const clock = this.clock;
      cache = new TtlCache<K, V>({ ...this.options, now: clock ? () => clock(scope) : undefined });
      this.byScope.set(scope, cache);
    }
    return cache;
  }
}
