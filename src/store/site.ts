import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { getSetting } from './settings';

export interface SiteSettings {
  name: string;
  description: string;
}

export const DEFAULT_SITE: SiteSettings = { name: 'Parley', description: 'Short briefs on the reporting worth reading, and a discussion for the readers who fund it.' };

export async function siteSettings(db: Kysely<Database>): Promise<SiteSettings> {
  return { ...DEFAULT_SITE, ...(await getSetting<Partial<SiteSettings>>(db, 'site')) };
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
