import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { getSetting } from './settings';
import { Type } from '@sinclair/typebox';
import { jsonReader, type JsonReader } from '../domain/json';

export interface SiteSettings {
  name: string;
  description: string;
}

export const DEFAULT_SITE: SiteSettings = { name: 'Parley', description: 'Short briefs on the reporting worth reading, and a discussion for the readers who fund it.' };

/** The stored `site` setting: any of the fields, over the defaults. */
const STORED_SITE = jsonReader(Type.Partial(Type.Object({ name: Type.String(), description: Type.String() })), 'setting site') satisfies JsonReader<Partial<SiteSettings>>;

export async function siteSettings(db: Kysely<Database>): Promise<SiteSettings> {
  return { ...DEFAULT_SITE, ...(await getSetting(db, 'site', STORED_SITE)) };
}

const perRequest = new WeakMap<object, Promise<SiteSettings>>();
/** The site settings, read once per request however many parts of the page ask. */
export function siteSettingsFor(db: Kysely<Database>, request: object): Promise<SiteSettings> {
  let p = perRequest.get(request);
  if (!p) {
    p = siteSettings(db);
    perRequest.set(request, p);
  }
  return p;
}
