import type { Kysely, Transaction } from 'kysely';
import type { Database, UsersTable } from './schema';
import { newId } from './ids';
import { normalizeEmail } from '../domain/email';
import { currentSanction, type CurrentSanction } from '../domain/sanctions';
import { supporterStatus, type SupporterStatus } from '../domain/supporter';

export type Db = Kysely<Database> | Transaction<Database>;

/** The user as API.md describes it. */
export interface ApiUser {
  id: string;
  displayName: string;
  roles: string[];
  supporter: SupporterStatus;
  sanction: { state: CurrentSanction['state']; until: string | null; reason: string | null };
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  roles?: string[];
  emailVerified?: boolean;
  ssoSubject?: string | null;
  importKey?: string | null;
}

export async function createUser(db: Db, u: NewUser, now: Date): Promise<UsersTable> {
  const row: UsersTable = {
    id: newId(now.getTime()),
    email: u.email.trim().toLowerCase(),
    email_normalized: normalizeEmail(u.email),
    display_name: u.displayName.trim(),
    password_hash: u.passwordHash,
    created_at: now.toISOString(),
    email_verified_at: u.emailVerified ? now.toISOString() : null,
    deleted_at: null,
    notify_replies: 1,
    supporter_until: null,
    supporter_since: null,
    review_state: null,
    review_note: null,
    sso_subject: u.ssoSubject ?? null,
    import_key: u.importKey ?? null,
    flag_reliability: 1,
  };
  await db.insertInto('users').values(row).execute();
  const roles = new Set(['reader', ...(u.roles ?? [])]);
  await db.insertInto('user_roles').values([...roles].map((role) => ({ user_id: row.id, role }))).execute();
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getRoles(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role).sort();
}

export async function getSanction(db: Db, userId: string, now: Date): Promise<CurrentSanction> {
  const rows = await db
    .selectFrom('sanctions')
    .select(['id', 'kind', 'starts_at', 'ends_at', 'reason', 'created_at', 'lifted_at'])
    .where('user_id', '=', userId)
    .where('lifted_at', 'is', null)
    .execute();
  return currentSanction(rows, now);
}

export async function toApiUser(db: Db, user: UsersTable, now: Date): Promise<ApiUser> {
  const [roles, sanction] = await Promise.all([getRoles(db, user.id), getSanction(db, user.id, now)]);
  return {
    id: user.id,
    displayName: user.display_name,
    roles,
    supporter: supporterStatus(user.supporter_until, now),
    sanction: { state: sanction.state, until: sanction.until, reason: sanction.reason },
  };
}
