import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial';
import * as m002 from './002_discussion';
import * as m003 from './003_supporters';
import * as m004 from './004_moderation';
import * as m005 from './005_publishing';
import * as m006 from './006_counters';
import * as m007 from './007_comment_was_published';
import * as m008 from './008_auth_version';
import * as m009 from './009_activity_indexes';

/** Numbered migrations, listed here so that the bundled server carries them. Add new ones in order. */
const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_discussion': m002,
  '003_supporters': m003,
  '004_moderation': m004,
  '005_publishing': m005,
  '006_counters': m006,
  '007_comment_was_published': m007,
  '008_auth_version': m008,
  '009_activity_indexes': m009,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
