import { sql, type Kysely, PostgresAdapter } from 'kysely';

/* users.auth_version: moves whenever anything a signed-in request knows of its user changes (the
   account row, its roles, its sanctions). Each node keeps the users of recent sessions in memory and
   checks only this number (with the session row) per request, so one small query replaces four and
   a change made through any code path, on any node, is seen by the next request. The comment
   counters (kept by 006's triggers on every comment) are read with the check, not versioned. */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The users columns a session's user is built from (and the rest of the account), counters aside. */
const ACCOUNT_COLUMNS = [
  'email', 'email_normalized', 'display_name', 'password_hash', 'created_at', 'email_verified_at', 'deleted_at', 'notify_replies',
  'supporter_until', 'supporter_since', 'review_state', 'review_note', 'sso_subject', 'import_key', 'flag_reliability',
].join(', ');

const TRIGGERS = [
  ['users_auth_version', 'users'],
  ['user_roles_auth_version_insert', 'user_roles'],
  ['user_roles_auth_version_update', 'user_roles'],
  ['user_roles_auth_version_delete', 'user_roles'],
  ['sanctions_auth_version_insert', 'sanctions'],
  ['sanctions_auth_version_update', 'sanctions'],
  ['sanctions_auth_version_delete', 'sanctions'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('auth_version', 'integer', (col) => col.notNull().defaultTo(0)).execute();
  if (isPostgres(db)) {
    await sql`create function parley_users_auth_version() returns trigger language plpgsql as $$
      begin new.auth_version := old.auth_version + 1; return new; end $$`.execute(db);
    await sql.raw(`create trigger users_auth_version before update of ${ACCOUNT_COLUMNS} on users for each row execute function parley_users_auth_version()`).execute(db);
    await sql`create function parley_related_auth_version() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then update users set auth_version = auth_version + 1 where id = old.user_id; end if;
        if tg_op in ('UPDATE', 'INSERT') then update users set auth_version = auth_version + 1 where id = new.user_id; end if;
        return null;
      end $$`.execute(db);
    for (const [name, table] of TRIGGERS.slice(1)) {
      const op = name.slice(name.lastIndexOf('_') + 1);
      await sql.raw(`create trigger ${name} after ${op} on ${table} for each row execute function parley_related_auth_version()`).execute(db);
    }
  } else {
    await sql.raw(`create trigger users_auth_version after update of ${ACCOUNT_COLUMNS} on users begin
      update users set auth_version = auth_version + 1 where id = new.id; end`).execute(db);
    for (const [name, table] of TRIGGERS.slice(1)) {
      const op = name.slice(name.lastIndexOf('_') + 1);
      const bump = (row: 'new' | 'old') => `update users set auth_version = auth_version + 1 where id = ${row}.user_id;`;
      const body = op === 'insert' ? bump('new') : op === 'delete' ? bump('old') : `${bump('old')} ${bump('new')}`;
      await sql.raw(`create trigger ${name} after ${op} on ${table} begin ${body} end`).execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, table] of TRIGGERS) await sql.raw(`drop trigger if exists ${name}${isPostgres(db) ? ` on ${table}` : ''}`).execute(db);
  if (isPostgres(db)) {
    await sql`drop function if exists parley_users_auth_version()`.execute(db);
    await sql`drop function if exists parley_related_auth_version()`.execute(db);
  }
  await db.schema.alterTable('users').dropColumn('auth_version').execute();
}
