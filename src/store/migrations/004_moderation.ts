import type { Kysely } from 'kysely';

/* Moderation: queues page through comments of one status in id order; statements, approvals and
   appeal decisions find strikes and sanctions by comment; open appeals are listed in order; the
   dashboard reads the audit log by time; open flags are summed per comment. */

 
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_status_id').on('comments').columns(['status', 'id']).execute();
  await db.schema.createIndex('flags_comment_resolution').on('flags').columns(['comment_id', 'resolution']).execute();
  await db.schema.createIndex('strikes_comment').on('strikes').column('comment_id').execute();
  await db.schema.createIndex('sanctions_comment').on('sanctions').column('comment_id').execute();
  await db.schema.createIndex('appeals_status_id').on('appeals').columns(['status', 'id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

 
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['audit_log_at', 'appeals_status_id', 'sanctions_comment', 'strikes_comment', 'flags_comment_resolution', 'comments_status_id']) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
