import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { JsonReader } from '../domain/json';

/* Site settings as JSON values under a key (site name, moderation policy, …), each read through the
   reader of its shape: a stored value of another shape fails with an error naming the setting. */

export async function getSetting<T>(db: Kysely<Database>, key: string, reader: JsonReader<T>): Promise<T | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? reader.parse(row.value) : undefined;
}

/** Changes made by this process, per key, so that what it remembers of a setting is dropped at once. */
const changes = new Map<string, number>();
const remembered = new WeakMap<Kysely<Database>, Map<string, { value: unknown; at: number; change: number }>>();

/**
 * A setting read on a hot path (the moderation policy, on every new comment), remembered for up to
 * `maxAgeMs`: a change this process makes shows at once, one made by another node or process within
 * `maxAgeMs`. The value is shared by every caller: read it, never change it.
 */
export async function getSettingRemembered<T>(db: Kysely<Database>, key: string, reader: JsonReader<T>, maxAgeMs: number): Promise<T | undefined> {
  let byKey = remembered.get(db);
  if (!byKey) remembered.set(db, (byKey = new Map()));
  const change = changes.get(key) ?? 0;
  const hit = byKey.get(key);
  if (hit && hit.change === change && performance.now() - hit.at < maxAgeMs) return hit.value as T | undefined;
  const value = await getSetting(db, key, reader);
  byKey.set(key, { value, at: performance.now(), change });
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
