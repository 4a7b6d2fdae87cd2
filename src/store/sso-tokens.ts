import type { Db } from './users';

/** Records a single sign-on token's id until it expires; false when it was already used. */
export async function consumeSsoTokenId(db: Db, jti: string, expiresAt: string, now: Date): Promise<boolean> {
  await db.deleteFrom('sso_tokens').where('expires_at', '<', now.toISOString()).execute();
  try {
    await db.insertInto('sso_tokens').values({ jti, expires_at: expiresAt }).execute();
    return true;
  } catch {
    return false;
  }
}
