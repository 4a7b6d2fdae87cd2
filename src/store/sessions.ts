import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './users';

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
