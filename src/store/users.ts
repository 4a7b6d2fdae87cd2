import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, UsersTable } from './schema';
import type { Dialect } from './db';
import { newId } from './ids';
import { decodeCursor, encodeCursor } from './cursor';
import { normalizeEmail } from '../domain/email';
import { currentSanction, type CurrentSanction, type SanctionRecord } from '../domain/sanctions';
import { supporterStatus, type SupporterStatus } from '../domain/supporter';
import { accountConfirmed } from '../domain/identity';
import type { Role } from '../domain/roles';

export type Db = Kysely<Database> | Transaction<Database>;

/** The user as docs/API.md describes it. */
export interface ApiUser {
  id: string;
  displayName: string;
  roles: Role[];
  supporter: SupporterStatus;
  sanction: { state: CurrentSanction['state']; until: string | null; reason: string | null };
  /** The account's address is proved (a link was opened), or the embedding site signed the person in. */
  emailConfirmed: boolean;
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string | null;
  roles?: Role[];
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
    comment_count: 0,
    published_comment_count: 0,
    removed_comment_count: 0,
    auth_version: 0,
  };
  await db.insertInto('users').values(row).execute();
  const roles = new Set<Role>(['reader', ...(u.roles ?? [])]);
  await db.insertInto('user_roles').values([...roles].map((role) => ({ user_id: row.id, role }))).execute();
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user behind a live session (the row exists, or the session would not have loaded). */
export async function getUserById(db: Db, id: string): Promise<UsersTable> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function getRoles(db: Db, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role).sort();
}

/** The user's sanctions not lifted: which one applies depends on the time (see currentSanction). */
export async function openSanctions(db: Db, userId: string): Promise<SanctionRecord[]> {
  return db
    .selectFrom('sanctions')
    .select(['id', 'kind', 'starts_at', 'ends_at', 'reason', 'created_at', 'lifted_at'])
    .where('user_id', '=', userId)
    .where('lifted_at', 'is', null)
    .execute();
}

export async function getSanction(db: Db, userId: string, now: Date): Promise<CurrentSanction> {
  return currentSanction(await openSanctions(db, userId), now);
}

/** The API user from its row, roles and open sanctions, as of `now` (supporter periods and sanctions end by themselves). */
export function apiUserOf(user: UsersTable, roles: Role[], sanctions: SanctionRecord[], now: Date): ApiUser {
  const sanction = currentSanction(sanctions, now);
  return {
    id: user.id,
    displayName: user.display_name,
    roles,
    supporter: supporterStatus(user.supporter_until, now),
    sanction: { state: sanction.state, until: sanction.until, reason: sanction.reason },
    emailConfirmed: accountConfirmed(user),
  };
}

export async function toApiUser(db: Db, user: UsersTable, now: Date): Promise<ApiUser> {
  const [roles, sanctions] = await Promise.all([getRoles(db, user.id), openSanctions(db, user.id)]);
  return apiUserOf(user, roles, sanctions, now);
}

/** One row of the admins' user list: the account with its roles and current standing. */
export interface UserListRow extends ApiUser {
  email: string;
  createdAt: string;
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards taken literally (escape character \). */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Live accounts, newest first, a page at a time (keyset on created_at, id), optionally only those whose
 * display name or e-mail address contains `search` (case-insensitive). A cursor that is not valid starts
 * from the first page, as the other admin lists do.
 */
export async function listUsers(db: Db, opts: { search?: string; cursor?: string; limit: number }, now: Date): Promise<{ users: UserListRow[]; nextCursor: string | null }> {
  let q = db.selectFrom('users').select(['id', 'display_name', 'email', 'created_at', 'supporter_until', 'email_verified_at', 'sso_subject']).where('deleted_at', 'is', null);
  const search = opts.search?.trim();
  if (search) {
    const pattern = containsPattern(search);
    q = q.where((eb) => eb.or([sql<boolean>`lower(display_name) like ${pattern} escape '\\'`, sql<boolean>`lower(email) like ${pattern} escape '\\'`]));
  }
  const after = decodeCursor(opts.cursor, ['string', 'string']) as [string, string] | null;
  if (after) {
    q = q.where((eb) => eb.or([eb('created_at', '<', after[0]), eb.and([eb('created_at', '=', after[0]), eb('id', '<', after[1])])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  const ids = page.map((r) => r.id);
  const [roles, sanctions] = ids.length
    ? await Promise.all([
        db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).execute(),
        db.selectFrom('sanctions').select(['user_id', 'id', 'kind', 'starts_at', 'ends_at', 'reason', 'created_at', 'lifted_at']).where('user_id', 'in', ids).where('lifted_at', 'is', null).execute(),
      ])
    : [[], []];
  const users = page.map((r): UserListRow => {
    const sanction = currentSanction(sanctions.filter((x) => x.user_id === r.id), now);
    return {
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      createdAt: r.created_at,
      roles: roles.filter((x) => x.user_id === r.id).map((x) => x.role).sort(),
      supporter: supporterStatus(r.supporter_until, now),
      sanction: { state: sanction.state, until: sanction.until, reason: sanction.reason },
      emailConfirmed: accountConfirmed(r),
    };
  });
  const last = page[page.length - 1];
  return { users, nextCursor: rows.length > opts.limit && last ? encodeCursor([last.created_at, last.id]) : null };
}

export async function findUserBySsoSubject(db: Db, subject: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('sso_subject', '=', subject).executeTakeFirst();
}

/** The live account that holds `email`, or shares its sign-in key (the same mailbox by the provider's rules). */
export async function findAccountForAddress(db: Db, email: string): Promise<UsersTable | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('email', '=', email), eb.and([eb('email_normalized', '=', normalizeEmail(email)), eb('deleted_at', 'is', null)])]))
    .orderBy('created_at')
    .executeTakeFirst();
}

export type UserChanges = Partial<Pick<UsersTable, 'display_name' | 'email' | 'email_normalized' | 'email_verified_at' | 'sso_subject' | 'notify_replies'>>;

export async function updateUser(db: Db, id: string, changes: UserChanges): Promise<void> {
  if (Object.keys(changes).length) await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/** Marks the address proved; returns false when it already was. */
export async function markEmailVerified(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('users').set({ email_verified_at: now.toISOString() }).where('id', '=', id).where('email_verified_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Live staff accounts' names, for the look-alike check on everyone else's. */
export async function staffNames(db: Db): Promise<Array<{ id: string; displayName: string }>> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .distinct()
    .where('user_roles.role', 'in', ['admin', 'editor', 'moderator'])
    .where('users.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Whether another live account already shows exactly this name (letter case aside). */
export async function displayNameTaken(db: Db, name: string, exceptUserId: string | null): Promise<boolean> {
  // SQLite's lower() folds ASCII only, so the exact spelling is matched as well.
  let q = db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb('display_name', '=', name), sql<boolean>`lower(display_name) = ${name.toLowerCase()}`]))
    .where('deleted_at', 'is', null)
    .where('import_key', 'is', null);
  if (exceptUserId) q = q.where('id', '!=', exceptUserId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** How many live accounts other than `userId` are admins. On PostgreSQL their role rows are locked, so two
    admins demoting each other at once serialise here and the second sees the first's change. */
export async function otherAdmins(db: Db, dialect: Dialect, userId: string): Promise<number> {
  let q = db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('user_roles.user_id')
    .where('user_roles.role', '=', 'admin')
    .where('users.deleted_at', 'is', null)
    .where('user_roles.user_id', '!=', userId);
  if (dialect === 'postgres') q = q.forUpdate();
  return (await q.execute()).length;
}

/** Replaces a user's roles (within the caller's transaction, which also audits the change). */
export async function setRoles(db: Db, userId: string, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** What a deleted account keeps: placeholders for its name and address, hashed ban identities, no password. */
export type AnonymizedUser = Pick<UsersTable, 'email' | 'email_normalized' | 'display_name' | 'password_hash' | 'deleted_at' | 'sso_subject' | 'notify_replies'>;

export async function anonymizeUser(db: Db, userId: string, fields: AnonymizedUser): Promise<void> {
  await db.updateTable('users').set(fields).where('id', '=', userId).execute();
}

/** Everything a person wrote or was given here, for their data export (the profile aside). */
export async function personalData(db: Db, userId: string) {
  const [comments, donations, sanctions, strikes] = await Promise.all([
    db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
      .select(['comments.id', 'posts.slug as post', 'comments.parent_id', 'comments.body', 'comments.status', 'comments.removed_reason', 'comments.created_at', 'comments.edited_at'])
      .where('comments.author_id', '=', userId).orderBy('comments.id').execute(),
    db.selectFrom('donations').select(['id', 'kind', 'amount', 'currency', 'status', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('sanctions').select(['id', 'kind', 'starts_at', 'ends_at', 'reason', 'lifted_at', 'lift_reason']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('strikes').select(['id', 'reason', 'comment_id', 'created_at', 'expires_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
  ]);
  return { comments, donations, sanctions, strikes };
}

/** The live (not deleted) account with exactly this stored address. */
export async function findLiveUserByEmail(db: Db, email: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('users').select('id').where('email', '=', email).where('deleted_at', 'is', null).executeTakeFirst();
}

/** The address and reply-mail choice of an account (the unsubscribe page). */
export async function findMailSettings(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'email', 'notify_replies']).where('id', '=', userId).executeTakeFirst();
}

/** An author's id and name, for a byline or an author page (which a deleted account does not have). */
export async function findAuthor(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'display_name', 'deleted_at']).where('id', '=', userId).executeTakeFirst();
}

/** Sets or clears the moderation review state of an account (e.g. 'ban_evasion') and its note. */
export async function setReviewState(db: Db, userId: string, state: string | null, note: string | null): Promise<void> {
  await db.updateTable('users').set({ review_state: state, review_note: note }).where('id', '=', userId).execute();
}

/** Takes the user's row lock for the rest of the transaction (a no-op write), so that decisions about one user run one after another. */
export async function lockUser(trx: Db, userId: string): Promise<void> {
  await trx.updateTable('users').set((eb) => ({ flag_reliability: eb.ref('flag_reliability') })).where('id', '=', userId).execute();
}

export async function flagReliability(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('users').select('flag_reliability').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.flag_reliability;
}

export async function setFlagReliability(db: Db, userId: string, reliability: number): Promise<void> {
  await db.updateTable('users').set({ flag_reliability: reliability }).where('id', '=', userId).execute();
}

/** The account identities a ban records: the normalised e-mail and the embedding host's subject. */
export async function accountIdentities(db: Db, userId: string): Promise<Pick<UsersTable, 'email_normalized' | 'sso_subject'> | undefined> {
  return db.selectFrom('users').select(['email_normalized', 'sso_subject']).where('id', '=', userId).executeTakeFirst();
}

export async function userExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst());
}
