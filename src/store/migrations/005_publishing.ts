import { sql, type Kysely, PostgresAdapter } from 'kysely';

/* Full-text search over posts (title, standfirst, Markdown body).
   SQLite: an FTS5 table with the posts table as external content, kept in step by triggers.
   PostgreSQL: a stored, generated tsvector column (weighted A/B/C) with a GIN index.
   The schema builder cannot express either, so this migration branches on the dialect. */

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table posts add column search tsvector generated always as (
      setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
      setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') ||
      setweight(to_tsvector('english', coalesce(body_md, '')), 'C')) stored`.execute(db);
    await sql`create index posts_search on posts using gin (search)`.execute(db);
  } else {
    await sql`create virtual table posts_fts using fts5(title, standfirst, body_md, content='posts', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger posts_fts_insert after insert on posts begin
      insert into posts_fts(rowid, title, standfirst, body_md) values (new.rowid, new.title, new.standfirst, new.body_md);
    end`.execute(db);
    await sql`create trigger posts_fts_delete after delete on posts begin
      insert into posts_fts(posts_fts, rowid, title, standfirst, body_md) values ('delete', old.rowid, old.title, old.standfirst, old.body_md);
    end`.execute(db);
    await sql`create trigger posts_fts_update after update of title, standfirst, body_md on posts begin
      insert into posts_fts(posts_fts, rowid, title, standfirst, body_md) values ('delete', old.rowid, old.title, old.standfirst, old.body_md);
      insert into posts_fts(rowid, title, standfirst, body_md) values (new.rowid, new.title, new.standfirst, new.body_md);
    end`.execute(db);
    await sql`insert into posts_fts(posts_fts) values ('rebuild')`.execute(db);
  }
  // Editors' list: every post by last change.
  await db.schema.createIndex('posts_updated').on('posts').columns(['updated_at', 'id']).execute();
  // Home page, feeds: live posts are published or scheduled, so (status, published_at) cannot give
  // the newest first across both states; this index can, filtering the few others on the way.
  await db.schema.createIndex('posts_published').on('posts').columns(['published_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_updated').ifExists().execute();
  await db.schema.dropIndex('posts_published').ifExists().execute();
  if (isPostgres(db)) {
    await sql`drop index if exists posts_search`.execute(db);
    await sql`alter table posts drop column if exists search`.execute(db);
  } else {
    for (const t of ['posts_fts_insert', 'posts_fts_delete', 'posts_fts_update']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    await sql`drop table if exists posts_fts`.execute(db);
  }
}
