import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial';
import * as m005 from './005_publishing';

/** Numbered migrations, listed here so that the bundled server carries them. Add new ones in order. */
const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '005_publishing': m005,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
