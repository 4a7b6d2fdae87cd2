import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial';

/** Numbered migrations, listed here so that the bundled server carries them. Add new ones in order. */
const migrations: Record<string, Migration> = {
  '001_initial': m001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
