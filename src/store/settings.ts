import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { JsonReader } from '../domain/json';
import { ScopedTtlCache } from '../domain/ttl-cache';

/* Site settings as JSON values under a key (site name, moderation policy, …), each read through the
   reader of its shape: a stored value of another shape fails with an error naming the setting. */

export async function getSetting<T>(db: Kysely<Database>, key: string, reader: JsonReader<T>): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? reader.parse(row.value) : undefined;
}

/** Changes made by this process, per key, so that what it remembers of a setting is dropped at once. */
const changes = new Map<string, number>();
/** Per database handle; each caller says how old a value it takes, and no setting is kept longer than a minute. */
const remembered = new ScopedTtlCache<Kysely<Database>, string, { value: unknown; change: number }>({ ttlMs: 60_000, maxEntries: 100 });

/**
 * A setting read on a hot path (the moderation policy, on every new comment), remembered for up to
 * `maxAgeMs`: a change this process makes shows at once, one made by another node or process within
 * `maxAgeMs`. The value is shared by every caller: read it, never change it.
 */
export async function getSettingRemembered<T>(db: Kysely<Database>, key: string, reader: JsonReader<T>, maxAgeMs: number): Promise<T | undefined> {
  const cache = remembered.of(db);
  const change = changes.get(key) ?? 0;
  const hit = cache.get(key, maxAgeMs);
  // The value was read through a reader; this one checks it is of its shape too (a cheap compiled check).
  if (hit && hit.change === change && (hit.value === undefined || reader.check(hit.value))) return hit.value;
  const value = await getSetting(db, key, reader);
  cache.set(key, { value, change });
  return value;
}

export async function setSetting(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
  changes.set(key, (changes.get(key) ?? 0) + 1);
}

/** Stores a setting unless one is there already (two processes starting at once keep the first). */
export async function addSettingIfAbsent(db: Kysely<Database>, key: string, value: unknown): Promise<void> {
  await db.insertInto('settings').values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column('key').doNothing()).execute();
}
