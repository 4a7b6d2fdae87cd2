import type { Kysely } from 'kysely';

/* Discussion: a post created on first embed is found again by its canonical URL (one post per URL,
   also when two page views race); spent single-sign-on token ids are swept by expiry; and every
   change to a post's comments bumps posts.thread_version, which keys the cache of rendered thread
   pages on every node. */

 
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('thread_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('posts_canonical_url').on('posts').column('canonical_url').unique().execute();
  await db.schema.createIndex('sso_tokens_expires').on('sso_tokens').column('expires_at').execute();
}

 
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sso_tokens_expires').ifExists().execute();
  await db.schema.dropIndex('posts_canonical_url').ifExists().execute();
  await db.schema.alterTable('posts').dropColumn('thread_version').execute();
}
