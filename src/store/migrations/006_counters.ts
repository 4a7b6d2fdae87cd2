import { sql, type Kysely, PostgresAdapter } from 'kysely';

/* Counts that hot paths read instead of counting. Each user row carries how many comments they
   wrote, how many are published and how many were removed: the moderation pipeline reads the
   published count on every new comment and the moderation queues show all three for each author,
   and counting them meant reading every comment of a prolific author (or, with a bad plan, every
   published comment on the site). Triggers keep them right on every path that writes comments
   (the comment routes, moderation, account deletion, imports, the demo seed) on both dialects.
   Open flags are found by their own index, so the queues never walk the published comments to
   find the few that are flagged, and accounts under review are paged by their own index. */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const COLUMNS = ['comment_count', 'published_comment_count', 'removed_comment_count'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const c of COLUMNS) await db.schema.alterTable('users').addColumn(c, 'integer', (col) => col.notNull().defaultTo(0)).execute();
  // One pass over the comments, grouped by author (the comments_author_created index).
  await sql`update users set comment_count = c.n, published_comment_count = c.published, removed_comment_count = c.removed
    from (select author_id, count(*) as n,
            sum(case when status = 'published' then 1 else 0 end) as published,
            sum(case when status = 'removed' then 1 else 0 end) as removed
          from comments where author_id is not null group by author_id) as c
    where c.author_id = users.id`.execute(db);
  await db.schema.createIndex('flags_open').on('flags').columns(['resolution', 'comment_id']).execute();
  // A signed-in reader is served the shared page of a discussion unless they have a held comment in it.
  await db.schema.createIndex('comments_author_status_post').on('comments').columns(['author_id', 'status', 'post_id']).execute();
  // The review queue pages through the accounts under review in id order.
  await db.schema.createIndex('users_review_state_id').on('users').columns(['review_state', 'id']).execute();

  // Comments held for review, counted for the moderation queues' navigation on every moderator page.
  await db.schema.createTable('comment_counts').addColumn('status', 'text', (c) => c.primaryKey()).addColumn('n', 'integer', (c) => c.notNull()).execute();
  await sql`insert into comment_counts (status, n) select 'pending', count(*) from comments where status = 'pending'`.execute(db);

  if (isPostgres(db)) {
    await sql`create function parley_comment_pending_count() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.status = 'pending' then update comment_counts set n = n - 1 where status = 'pending'; end if;
        if tg_op in ('UPDATE', 'INSERT') and new.status = 'pending' then update comment_counts set n = n + 1 where status = 'pending'; end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger comments_pending_count_insert after insert on comments for each row when (new.status = 'pending') execute function parley_comment_pending_count()`.execute(db);
    await sql`create trigger comments_pending_count_delete after delete on comments for each row when (old.status = 'pending') execute function parley_comment_pending_count()`.execute(db);
    await sql`create trigger comments_pending_count_update after update of status on comments for each row
      when (old.status is distinct from new.status and (old.status = 'pending' or new.status = 'pending')) execute function parley_comment_pending_count()`.execute(db);
    await sql`create function parley_comment_author_counts() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.author_id is not null then
          update users set comment_count = comment_count - 1,
            published_comment_count = published_comment_count - (old.status = 'published')::int,
            removed_comment_count = removed_comment_count - (old.status = 'removed')::int
          where id = old.author_id;
        end if;
        if tg_op in ('UPDATE', 'INSERT') and new.author_id is not null then
          update users set comment_count = comment_count + 1,
            published_comment_count = published_comment_count + (new.status = 'published')::int,
            removed_comment_count = removed_comment_count + (new.status = 'removed')::int
          where id = new.author_id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger comments_author_counts_insert after insert on comments for each row execute function parley_comment_author_counts()`.execute(db);
    await sql`create trigger comments_author_counts_delete after delete on comments for each row execute function parley_comment_author_counts()`.execute(db);
    await sql`create trigger comments_author_counts_update after update of status, author_id on comments for each row
      when (old.status is distinct from new.status or old.author_id is distinct from new.author_id) execute function parley_comment_author_counts()`.execute(db);
  } else {
    const add = (row: 'new' | 'old', sign: '+' | '-') => `update users set comment_count = comment_count ${sign} 1,
        published_comment_count = published_comment_count ${sign} (${row}.status = 'published'),
        removed_comment_count = removed_comment_count ${sign} (${row}.status = 'removed')
      where id = ${row}.author_id;`;
    await sql.raw(`create trigger comments_pending_count_insert after insert on comments when new.status = 'pending' begin update comment_counts set n = n + 1 where status = 'pending'; end`).execute(db);
    await sql.raw(`create trigger comments_pending_count_delete after delete on comments when old.status = 'pending' begin update comment_counts set n = n - 1 where status = 'pending'; end`).execute(db);
    await sql
      .raw(`create trigger comments_pending_count_update after update of status on comments when old.status is not new.status and (old.status = 'pending' or new.status = 'pending') begin
        update comment_counts set n = n + (new.status = 'pending') - (old.status = 'pending') where status = 'pending'; end`)
      .execute(db);
    await sql.raw(`create trigger comments_author_counts_insert after insert on comments when new.author_id is not null begin ${add('new', '+')} end`).execute(db);
    await sql.raw(`create trigger comments_author_counts_delete after delete on comments when old.author_id is not null begin ${add('old', '-')} end`).execute(db);
    await sql
      .raw(`create trigger comments_author_counts_update after update of status, author_id on comments
        when old.status is not new.status or old.author_id is not new.author_id begin ${add('old', '-')} ${add('new', '+')} end`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['comments_author_counts_insert', 'comments_author_counts_delete', 'comments_author_counts_update', 'comments_pending_count_insert', 'comments_pending_count_delete', 'comments_pending_count_update']) {
    await sql`drop trigger if exists ${sql.raw(t)}${sql.raw(isPostgres(db) ? ' on comments' : '')}`.execute(db);
  }
  if (isPostgres(db)) {
    await sql`drop function if exists parley_comment_author_counts()`.execute(db);
    await sql`drop function if exists parley_comment_pending_count()`.execute(db);
  }
  await db.schema.dropTable('comment_counts').ifExists().execute();
  await db.schema.dropIndex('users_review_state_id').ifExists().execute();
  await db.schema.dropIndex('comments_author_status_post').ifExists().execute();
  await db.schema.dropIndex('flags_open').ifExists().execute();
  for (const c of COLUMNS) await db.schema.alterTable('users').dropColumn(c).execute();
}
