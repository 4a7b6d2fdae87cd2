import { sql, type Kysely } from 'kysely';

/* comments.was_published: whether readers ever saw the comment. A comment hidden by flags or held
   after an edit keeps its place in the thread (a placeholder with its published replies); one that
   was held from the start and then removed or deleted leaves no public trace.
   Existing rows: published and deleted ones, pending ones hidden by flags or with replies, and removed
   ones that were not held from the start count as published. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('was_published', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update comments set was_published = 1 where status in ('published', 'deleted')
    or (status = 'pending' and (flag_weight > 0 or exists (select 1 from comments r where r.parent_id = comments.id)))
    or (status = 'removed' and not exists (select 1 from audit_log a where a.target_kind = 'comment' and a.target_id = comments.id and a.action = 'comment.held'
      and not exists (select 1 from audit_log b where b.target_kind = 'comment' and b.target_id = comments.id and b.action = 'comment.approved')))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('was_published').execute();
}
