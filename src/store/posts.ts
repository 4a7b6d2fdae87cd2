import { sql, type Kysely, type NotNull } from 'kysely';
import type { Db } from './users';
import type { Database, PostsTable } from './schema';
import { reusableQuery } from './reusable';
import type { Dialect } from './db';
import { decodeCursor, encodeCursor } from './cursor';
import { DomainError } from '../domain/errors';
import type { DiscussionState, PostStatus } from '../domain/posts';

export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  commentCount: number;
  authorName: string | null;
  authorId: string | null;
  image: { url: string; alt: string } | null;
}

/* A post is live when it is published or scheduled and its publication time has come: scheduled
   posts appear by the clock alone (no job has to run first); the scheduler later flips their status
   to 'published' for the editors' list and the audit log. */
const LIVE: PostStatus[] = ['published', 'scheduled'];

/* Newest live posts come from the (published_at, id) index read backwards; written as an expression,
   the status test is checked on the way instead of making SQLite pick the status index and sort. */
const liveStatus = sql<string>`posts.status || ''`;

/** Every column of posts as schema.ts knows them: PostgreSQL also has a generated `search` tsvector that pages never need. */
export const POST_COLUMNS = [
  'id', 'slug', 'title', 'standfirst', 'body_md', 'body_html', 'author_id', 'status', 'published_at', 'created_at', 'updated_at', 'version',
  'discussion', 'discussion_closes_at', 'featured_image_url', 'featured_image_alt', 'sources', 'comment_count', 'canonical_url', 'import_key', 'thread_version',
] as const satisfies ReadonlyArray<keyof PostsTable>;

/**
 * Published posts, newest first. `ownOnly` leaves out the discussion-only posts the embed creates
 * for pages of other sites (they have a canonical_url and no body): the site's own lists, feeds,
 * sitemap and search show the site's own writing.
 */
export async function listPublishedPosts(db: Db, opts: { cursor?: string; limit: number; now: Date; tag?: string; authorId?: string; ownOnly?: boolean }) {
  let q = db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.standfirst', 'posts.published_at', 'posts.comment_count', 'posts.author_id', 'users.display_name', 'posts.featured_image_url', 'posts.featured_image_alt'])
    .where(liveStatus, 'in', LIVE)
    .where('posts.published_at', '<=', opts.now.toISOString())
    .$narrowType<{ published_at: NotNull }>();
  if (opts.tag) q = q.where('posts.id', 'in', db.selectFrom('post_tags').select('post_id').where('tag', '=', opts.tag));
  if (opts.authorId) q = q.where('posts.author_id', '=', opts.authorId);
  if (opts.ownOnly) q = q.where('posts.canonical_url', 'is', null);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, ['string', 'string']);
    if (!c) throw new DomainError('invalid', 'invalid_cursor', 'That page cursor is not valid.');
    const [at, id] = c as [string, string];
    q = q.where((eb) => eb.or([eb('posts.published_at', '<', at), eb.and([eb('posts.published_at', '=', at), eb('posts.id', '<', id)])]));
  }
  const rows = await q.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  const posts: PostSummary[] = page.map(toSummary);
  return { posts, nextCursor: rows.length > opts.limit && last ? encodeCursor([last.published_at, last.id]) : null };
}

interface SummaryRow { id: string; slug: string; title: string; standfirst: string; published_at: string; comment_count: number; display_name: string | null; author_id: string | null; featured_image_url: string | null; featured_image_alt: string | null }

function toSummary(r: SummaryRow): PostSummary {
  return {
    id: r.id, slug: r.slug, title: r.title, standfirst: r.standfirst, publishedAt: r.published_at, commentCount: r.comment_count, authorName: r.display_name, authorId: r.author_id,
    image: r.featured_image_url ? { url: r.featured_image_url, alt: r.featured_image_alt ?? '' } : null,
  };
}

/** A post visible to the public: published (or scheduled and due), not in the future. */
export async function findPublishedPost(db: Db, slug: string, now: Date) {
  return db.selectFrom('posts').select(POST_COLUMNS).where('slug', '=', slug).where('status', 'in', LIVE).where('published_at', '<=', now.toISOString()).$narrowType<{ published_at: NotNull }>().executeTakeFirst();
}

const postHeadQuery = reusableQuery((db, slug: string, now: string) =>
  db.selectFrom('posts').select(['id', 'discussion', 'discussion_closes_at', 'comment_count', 'thread_version']).where('slug', '=', slug).where('status', 'in', LIVE).where('published_at', '<=', now),
);

/** What the comment routes need of a published post (its discussion's state and counters), without its body: one query compiled once. */
export async function findPublishedPostHead(db: Kysely<Database>, slug: string, now: Date): Promise<PostHead | undefined> {
  return (await postHeadQuery(db, slug, now.toISOString()))[0];
}
export type PostHead = Pick<PostsTable, 'id' | 'discussion' | 'discussion_closes_at' | 'comment_count' | 'thread_version'>;

export async function findPostById(db: Db, id: string): Promise<PostsTable | undefined> {
  return db.selectFrom('posts').select(POST_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findPostTitle(db: Db, id: string): Promise<Pick<PostsTable, 'title' | 'slug'> | undefined> {
  return db.selectFrom('posts').select(['title', 'slug']).where('id', '=', id).executeTakeFirst();
}

export async function postTags(db: Db, postId: string) {
  return db.selectFrom('post_tags').select(['tag', 'name']).where('post_id', '=', postId).orderBy('name').execute();
}

/** Tags of many posts at once, for lists and feeds. */
export async function tagsOf(db: Db, postIds: string[]): Promise<Map<string, Array<{ tag: string; name: string }>>> {
  const out = new Map<string, Array<{ tag: string; name: string }>>();
  if (!postIds.length) return out;
  const rows = await db.selectFrom('post_tags').select(['post_id', 'tag', 'name']).where('post_id', 'in', postIds).orderBy('name').execute();
  for (const r of rows) {
    const list = out.get(r.post_id) ?? [];
    list.push({ tag: r.tag, name: r.name });
    out.set(r.post_id, list);
  }
  return out;
}

/** The latest live posts in full, for feeds. */
export async function latestLivePosts(db: Db, now: Date, limit: number, tag?: string) {
  let q = db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(POST_COLUMNS.map((c) => `posts.${c}` as const))
    .select('users.display_name as author_name')
    .where(liveStatus, 'in', LIVE)
    .where('posts.published_at', '<=', now.toISOString())
    .where('posts.canonical_url', 'is', null)
    .$narrowType<{ published_at: NotNull }>();
  if (tag) q = q.where('posts.id', 'in', db.selectFrom('post_tags').select('post_id').where('tag', '=', tag));
  return q.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(limit).execute();
}

/** Every live post's address and dates, for the sitemap. */
export async function sitemapEntries(db: Db, now: Date, limit = 50_000) {
  return db
    .selectFrom('posts')
    .select(['slug', 'published_at', 'updated_at'])
    .where('status', 'in', LIVE)
    .where('published_at', '<=', now.toISOString())
    .where('canonical_url', 'is', null)
    .$narrowType<{ published_at: NotNull }>()
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * A search box's text → an FTS5 query that cannot be a syntax error. Like web search: words are
 * all required (the last one also as a prefix), "quoted phrases" stay phrases, -word excludes.
 */
export function ftsQuery(q: string): string | null {
  const must: string[] = [];
  const not: string[] = [];
  const re = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
  for (const m of q.slice(0, 200).matchAll(re)) {
    const negative = (m[1] || m[3]) === '-';
    const words = (m[2] ?? m[4] ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu);
    if (!words) continue;
    const phrase = `"${words.join(' ')}"`;
    (negative ? not : must).push(phrase);
  }
  if (!must.length) return null;
  const last = must[must.length - 1];
  if (last !== undefined && !last.includes(' ') && last.length >= 5) must[must.length - 1] = `${last}*`;
  return must.slice(0, 12).join(' ') + not.slice(0, 6).map((n) => ` NOT ${n}`).join('');
}

/** Live posts matching the words in `q`, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL). */
export async function searchPosts(db: Db, dialect: Dialect, q: string, now: Date, opts: { limit: number; offset: number }): Promise<PostSummary[]> {
  const nowIso = now.toISOString();
  if (dialect === 'postgres') {
    // websearch_to_tsquery accepts any text ("phrases", -exclusions, or) without syntax errors.
    const words = q.slice(0, 200).trim();
    if (!/[\p{L}\p{N}]/u.test(words)) return [];
    const rows = await sql<SummaryRow>`
      select p.id, p.slug, p.title, p.standfirst, p.published_at, p.comment_count, p.author_id, u.display_name, p.featured_image_url, p.featured_image_alt
      from posts p left join users u on u.id = p.author_id, websearch_to_tsquery('english', ${words}) query
      where p.search @@ query and p.status in ('published', 'scheduled') and p.published_at <= ${nowIso} and p.canonical_url is null
      order by ts_rank(p.search, query) desc, p.published_at desc
      limit ${opts.limit} offset ${opts.offset}`.execute(db);
    return rows.rows.map(toSummary);
  }
  const match = ftsQuery(q);
  if (!match) return [];
  const rows = await sql<SummaryRow>`
    select p.id, p.slug, p.title, p.standfirst, p.published_at, p.comment_count, p.author_id, u.display_name, p.featured_image_url, p.featured_image_alt
    from posts_fts f join posts p on p.rowid = f.rowid left join users u on u.id = p.author_id
    where posts_fts match ${match} and p.status in ('published', 'scheduled') and p.published_at <= ${nowIso} and p.canonical_url is null
    order by bm25(posts_fts, 10.0, 4.0, 1.0), p.published_at desc
    limit ${opts.limit} offset ${opts.offset}`.execute(db);
  return rows.rows.map(toSummary);
}

/** Where an old address (an imported permalink, a renamed slug) now lives. */
export async function findRedirect(db: Db, fromPath: string): Promise<string | null> {
  const candidates = [...new Set([fromPath, fromPath.endsWith('/') ? fromPath.slice(0, -1) : fromPath + '/'])].filter(Boolean);
  const row = await db.selectFrom('redirects').select('to_path').where('from_path', 'in', candidates).executeTakeFirst();
  return row?.to_path ?? null;
}

/** Adds or replaces a redirect; a chain A→B, B→C is collapsed so that A goes straight to C. */
export async function putRedirect(db: Db, fromPath: string, toPath: string): Promise<void> {
  if (fromPath === toPath) return;
  await db.deleteFrom('redirects').where('from_path', '=', toPath).execute();
  await db.updateTable('redirects').set({ to_path: toPath }).where('to_path', '=', fromPath).execute();
  await db.insertInto('redirects').values({ from_path: fromPath, to_path: toPath }).onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: toPath })).execute();
}

export interface EmbeddedPostRow {
  id: string;
  slug: string;
  title: string;
  canonical_url: string | null;
  comment_count: number;
  discussion: string;
}

/** The discussion-only post behind an embedding page, by the page's canonical URL. */
export async function findPostByCanonicalUrl(db: Db, canonicalUrl: string): Promise<EmbeddedPostRow | undefined> {
  return db.selectFrom('posts').select(['id', 'slug', 'title', 'canonical_url', 'comment_count', 'discussion']).where('canonical_url', '=', canonicalUrl).executeTakeFirst();
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** A published, open, bodiless post for an embedding page; throws on a duplicate slug or URL. */
export async function insertEmbeddedPost(db: Db, p: { id: string; slug: string; title: string; canonicalUrl: string }, now: Date): Promise<EmbeddedPostRow> {
  const at = now.toISOString();
  await db
    .insertInto('posts')
    .values({
      id: p.id, slug: p.slug, title: p.title, standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: at, created_at: at, updated_at: at,
      version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: p.canonicalUrl, import_key: null,
    })
    .execute();
  return { id: p.id, slug: p.slug, title: p.title, canonical_url: p.canonicalUrl, comment_count: 0, discussion: 'open' };
}

/** The discussion settings of a post readers can see at `now`; undefined for drafts, future and missing posts. */
export async function findLivePostById(db: Db, id: string, now: Date): Promise<{ discussion: DiscussionState; discussion_closes_at: string | null } | undefined> {
  return db.selectFrom('posts').select(['discussion', 'discussion_closes_at']).where('id', '=', id).where('status', 'in', LIVE).where('published_at', '<=', now.toISOString()).executeTakeFirst();
}

/** The editors' list: every post, most recently changed first, by status; `limit` rows from the cursor on. */
export async function listEditorPosts(db: Db, opts: { status?: PostStatus; cursor?: string; limit: number }) {
  let query = db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.status', 'posts.published_at', 'posts.updated_at', 'posts.version', 'posts.comment_count', 'posts.discussion', 'users.display_name']);
  if (opts.status) query = query.where('posts.status', '=', opts.status);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, ['string', 'string']);
    if (!c) throw new DomainError('invalid', 'invalid_cursor', 'That page cursor is not valid.');
    const [at, id] = c as [string, string];
    query = query.where((eb) => eb.or([eb('posts.updated_at', '<', at), eb.and([eb('posts.updated_at', '=', at), eb('posts.id', '<', id)])]));
  }
  return query.orderBy('posts.updated_at', 'desc').orderBy('posts.id', 'desc').limit(opts.limit).execute();
}

/** A tag's slug and name, if any post carries it. */
export async function findTag(db: Db, tag: string) {
  return db.selectFrom('post_tags').select(['tag', 'name']).where('tag', '=', tag).limit(1).executeTakeFirst();
}

/** How many posts an author has published (scheduled ones whose time has come included). */
export async function countLivePostsBy(db: Db, authorId: string, now: Date) {
  return db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', authorId).where('status', 'in', ['published', 'scheduled']).where('published_at', '<=', now.toISOString()).executeTakeFirstOrThrow();
}

/** The tags of live posts, for the sitemap. */
export async function liveTags(db: Db, now: Date) {
  return db.selectFrom('post_tags').innerJoin('posts', 'posts.id', 'post_tags.post_id').select('post_tags.tag').distinct()
    .where('posts.status', 'in', ['published', 'scheduled']).where('posts.published_at', '<=', now.toISOString()).execute();
}

/** The authors of live posts, for the sitemap. */
export async function liveAuthors(db: Db, now: Date) {
  return db.selectFrom('posts').select('author_id').distinct().where('author_id', 'is not', null)
    .where('status', 'in', ['published', 'scheduled']).where('published_at', '<=', now.toISOString()).execute();
}

/* ---- Writing posts (publishing/posts.ts decides what; these only store it) ---- */

/** The id of the post with this slug. */
export async function postIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  return (await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
}

export async function insertPost(db: Db, row: PostsTable, tags: ReadonlyArray<{ tag: string; name: string }>): Promise<void> {
  await db.insertInto('posts').values(row).execute();
  if (tags.length) await db.insertInto('post_tags').values(tags.map((t) => ({ post_id: row.id, ...t }))).execute();
}

/** Applies the changes if the post is still at `version`; false when someone else saved it meanwhile. */
export async function updatePostAtVersion(db: Db, id: string, version: number, changes: Partial<PostsTable>): Promise<boolean> {
  const res = await db.updateTable('posts').set(changes).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function replacePostTags(db: Db, postId: string, tags: ReadonlyArray<{ tag: string; name: string }>): Promise<void> {
  await db.deleteFrom('post_tags').where('post_id', '=', postId).execute();
  if (tags.length) await db.insertInto('post_tags').values(tags.map((t) => ({ post_id: postId, ...t }))).execute();
}

export async function postHasComments(db: Db, postId: string): Promise<boolean> {
  return !!(await db.selectFrom('comments').select('id').where('post_id', '=', postId).limit(1).executeTakeFirst());
}

export async function deletePostAtVersion(db: Db, id: string, version: number): Promise<void> {
  await db.deleteFrom('posts').where('id', '=', id).where('version', '=', version).execute();
}

/** Scheduled posts whose time has come, at most `limit`. */
export async function duePosts(db: Db, now: Date, limit: number): Promise<Array<Pick<PostsTable, 'id' | 'slug' | 'published_at' | 'version'>>> {
  return db.selectFrom('posts').select(['id', 'slug', 'published_at', 'version']).where('status', '=', 'scheduled').where('published_at', '<=', now.toISOString()).limit(limit).execute();
}

/** Publishes a scheduled post; false when it is no longer scheduled (another node did it). */
export async function publishScheduled(db: Db, id: string): Promise<boolean> {
  const res = await db.updateTable('posts').set({ status: 'published' }).where('id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setCommentCount(db: Db, postId: string, count: number): Promise<void> {
  await db.updateTable('posts').set({ comment_count: count }).where('id', '=', postId).execute();
}

/** The posts editors touched last, any status, with their author's name. */
export async function recentlyEditedPosts(db: Db, limit: number) {
  return db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.status', 'posts.published_at', 'posts.updated_at', 'posts.comment_count', 'posts.discussion', 'users.display_name'])
    .orderBy('posts.updated_at', 'desc')
    .limit(limit)
    .execute();
}
