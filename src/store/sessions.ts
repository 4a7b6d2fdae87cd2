import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { Db } from './users';
import { reusableQuery } from './reusable';

export const SESSION_DAYS = 30;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Creates a server-side session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: string, now: Date, meta: { userAgent?: string; ip?: string } = {}): Promise<string> {
  const token = newToken();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      last_seen_at: now.toISOString(),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip ?? null,
    })
    .execute();
  return token;
}

export async function findSession(db: Db, token: string, now: Date) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sha256(token))
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** What a request checks of its session each time: whose it is, until when, and the user's auth_version (008) and comment count. */
export interface SessionStamp {
  user_id: string;
  expires_at: string;
  auth_version: number;
  published_comment_count: number;
}

const stampQuery = reusableQuery((db, id: string) =>
  db
    .selectFrom('sessions')
    // The user's columns by their key, under the session's: as a join, SQLite's planner walks the
    // sessions to find the user when there are fewer sessions than users.
    .select((eb) => [
      'sessions.user_id',
      'sessions.expires_at',
      eb.selectFrom('users').select('users.auth_version').whereRef('users.id', '=', 'sessions.user_id').$asScalar().$notNull().as('auth_version'),
      eb.selectFrom('users').select('users.published_comment_count').whereRef('users.id', '=', 'sessions.user_id').$asScalar().$notNull().as('published_comment_count'),
    ])
    .where('sessions.id', '=', id),
);

/** The session's stamp, or undefined when there is no such session or it has expired: one indexed query. */
export async function findSessionStamp(db: Kysely<Database>, token: string, now: Date): Promise<SessionStamp | undefined> {
  const row = (await stampQuery(db, sha256(token)))[0];
  return row && row.expires_at > now.toISOString() ? row : undefined;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function deleteUserSessions(db: Db, userId: string, exceptToken?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptToken) q = q.where('id', '!=', sha256(exceptToken));
  await q.execute();
}

/** One-time tokens sent by e-mail (magic links, e-mail change, unsubscribe). */
export async function createMailToken(
  db: Db,
  t: { purpose: string; userId: string | null; email?: string | null; data?: unknown; ttlMs: number },
  now: Date,
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('tokens')
    .values({
      id: sha256(token),
      purpose: t.purpose,
      user_id: t.userId,
      email: t.email ?? null,
      data: t.data === undefined ? null : JSON.stringify(t.data),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + t.ttlMs).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** Marks the token used and returns it, or undefined when unknown, expired or already used. */
export async function consumeMailToken(db: Db, token: string, purpose: string, now: Date) {
  const id = sha256(token);
  const result = await db
    .updateTable('tokens')
    .set({ used_at: now.toISOString() })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends the unused mail tokens of one purpose for a user (sign-in links die with a password or address change). */
export async function revokeMailTokens(db: Db, userId: string, purpose: string, now: Date): Promise<void> {
  await db.updateTable('tokens').set({ used_at: now.toISOString() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
}

/** The unused, unexpired token, without using it up (to show whom a sign-in link is for). */
export async function peekMailToken(db: Db, token: string, purpose: string, now: Date) {
  return db.selectFrom('tokens').selectAll().where('id', '=', sha256(token)).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now.toISOString()).executeTakeFirst();
}
