import type { Kysely } from 'kysely';

/* The moderation dashboard counts the last 30 days by the database: comments per day and status
   from (created_at, status) alone, and the flags of the window with the comment each is on from
   (created_at, comment_id) alone, instead of reading every comment and every flag. */

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_created_status').on('comments').columns(['created_at', 'status']).execute();
  await db.schema.createIndex('flags_created_comment').on('flags').columns(['created_at', 'comment_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_created_comment').ifExists().execute();
  await db.schema.dropIndex('comments_created_status').ifExists().execute();
}
