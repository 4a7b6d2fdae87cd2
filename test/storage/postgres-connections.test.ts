import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { freshDatabase, PG_BASE_URL, requireService } from '../helpers/harness';
import { openStore } from '../../src/store/db';

const withPg = requireService('PostgreSQL', PG_BASE_URL !== null);

describe.runIf(withPg)('PostgreSQL connections', () => {
  it('survives the server closing an idle connection, and the next query reconnects', async () => {
    const db = await freshDatabase('postgres');
    const store = openStore(db.url);
    try {
      await sql`select 1`.execute(store.db);
      const name = new URL(db.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: PG_BASE_URL! });
      await admin.connect();
      // Ends every session on that database, as a restart or failover would.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.end();
      await new Promise((r) => setTimeout(r, 200));
      const r = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(r.rows[0]?.one).toBe(1);
    } finally {
      await store.close();
      await db.cleanup();
    }
  });
});
