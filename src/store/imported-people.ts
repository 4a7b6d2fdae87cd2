/* People brought in by a WordPress or Disqus import. Each is a separate account without a way to sign
   in (no password, an address under .invalid); the address the export gave survives only in its
   import key. When the owner of an account proves that address, the imported person's comments and
   posts become theirs. */
import type { Db } from './users';

export const IMPORTED_DOMAIN = 'imported.invalid';
const EMAIL_KEY_PREFIX = 'import:email:';

/** The import key of the commenter an export names with this (sign-in key of an) address. */
export function importKeyForEmail(emailKey: string): string {
  return `${EMAIL_KEY_PREFIX}${emailKey}`;
}

/**
 * Moves what the imported person with this address wrote to `accountId`. The account takes over the
 * import key when it has none, so that importing the same export again attributes to it; the
 * imported person's row stays, empty, with whatever moderation history it had. Returns what moved.
 */
export async function linkImportedPerson(db: Db, accountId: string, emailKey: string): Promise<{ comments: number; posts: number } | null> {
  const key = importKeyForEmail(emailKey);
  const person = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('import_key', '=', key)
    .where('password_hash', 'is', null)
    .where('sso_subject', 'is', null)
    .where('id', '!=', accountId)
    .executeTakeFirst();
  if (!person || !person.email.endsWith(`@${IMPORTED_DOMAIN}`)) return null;
  const comments = await db.updateTable('comments').set({ author_id: accountId }).where('author_id', '=', person.id).executeTakeFirst();
  const posts = await db.updateTable('posts').set({ author_id: accountId }).where('author_id', '=', person.id).executeTakeFirst();
  const account = await db.selectFrom('users').select('import_key').where('id', '=', accountId).executeTakeFirst();
  if (account && account.import_key === null) {
    await db.updateTable('users').set({ import_key: null }).where('id', '=', person.id).execute();
    await db.updateTable('users').set({ import_key: key }).where('id', '=', accountId).execute();
  }
  return { comments: Number(comments.numUpdatedRows), posts: Number(posts.numUpdatedRows) };
}
