/* The importers' reads and writes (WordPress, Disqus): rows found by import key, in chunks, and
   multi-row inserts, each chunk small enough for SQLite's bound-value limit. */

import type { Database } from './schema';
import type { Db } from './users';

/** SQLite allows 32766 bound values per statement; stay well below for every table. */
export async function insertChunked<T extends keyof Database>(db: Db, table: T, rows: Array<Record<string, unknown>>, perChunk = 300): Promise<void> {
  for (let i = 0; i < rows.length; i += perChunk) {
    await db.insertInto(table).values(rows.slice(i, i + perChunk) as never).execute();
  }
}

async function selectInChunks<R>(keys: string[], run: (chunk: string[]) => Promise<R[]>, perChunk = 500): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < keys.length; i += perChunk) out.push(...(await run(keys.slice(i, i + perChunk))));
  return out;
}

/** Import key → user id, for the imported people already stored. */
export async function usersByImportKey(db: Db, keys: string[]): Promise<Map<string, string>> {
  const rows = await selectInChunks(keys, (chunk) => db.selectFrom('users').select(['id', 'import_key']).where('import_key', 'in', chunk).execute());
  return new Map(rows.flatMap((r) => (r.import_key === null ? [] : [[r.import_key, r.id] as const])));
}

/** Import key → post, for the imported posts already stored. */
export async function postsByImportKey(db: Db, keys: string[]): Promise<Map<string, { id: string; slug: string }>> {
  const rows = await selectInChunks(keys, (chunk) => db.selectFrom('posts').select(['id', 'import_key', 'slug']).where('import_key', 'in', chunk).execute());
  return new Map(rows.flatMap((r) => (r.import_key === null ? [] : [[r.import_key, { id: r.id, slug: r.slug }] as const])));
}

/** Which of these comment import keys are stored already. */
export async function storedCommentKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const rows = await selectInChunks(keys, (chunk) => db.selectFrom('comments').select('import_key').where('import_key', 'in', chunk).execute());
  return new Set(rows.flatMap((r) => (r.import_key === null ? [] : [r.import_key])));
}

/** Which of these redirect paths are stored already. */
export async function storedRedirects(db: Db, paths: string[]): Promise<Set<string>> {
  const rows = await selectInChunks(paths, (chunk) => db.selectFrom('redirects').select('from_path').where('from_path', 'in', chunk).execute());
  return new Set(rows.map((r) => r.from_path));
}

/** The imported comments of a post whose import key starts with `prefix`: import key → id and parent. */
export async function importedCommentsOf(db: Db, postId: string, prefix?: string): Promise<Map<string, { id: string; parent_id: string | null }>> {
  const q = db.selectFrom('comments').select(['id', 'import_key', 'parent_id']).where('post_id', '=', postId);
  const rows = await (prefix === undefined ? q.where('import_key', 'is not', null) : q.where('import_key', 'like', `${prefix}%`)).execute();
  return new Map(rows.flatMap((r) => (r.import_key === null ? [] : [[r.import_key, { id: r.id, parent_id: r.parent_id }] as const])));
}

export async function setCommentParent(db: Db, commentId: string, parentId: string | null): Promise<void> {
  await db.updateTable('comments').set({ parent_id: parentId }).where('id', '=', commentId).execute();
}

/** The thread shape of every comment of a post. */
export async function threadShapes(db: Db, postId: string) {
  return db.selectFrom('comments').select(['id', 'parent_id', 'root_id', 'depth', 'status', 'reply_count']).where('post_id', '=', postId).execute();
}

export async function saveThreadShape(db: Db, r: { id: string; parent_id: string | null; root_id: string | null; depth: number; reply_count: number }): Promise<void> {
  await db.updateTable('comments').set({ parent_id: r.parent_id, root_id: r.root_id, depth: r.depth, reply_count: r.reply_count }).where('id', '=', r.id).execute();
}

/** Sets the featured image of an imported post that has none yet. */
export async function fillFeaturedImage(db: Db, importKey: string, url: string, alt: string | null): Promise<void> {
  await db.updateTable('posts').set({ featured_image_url: url, featured_image_alt: alt }).where('import_key', '=', importKey).where('featured_image_url', 'is', null).execute();
}

/** The post imported from any WordPress site with this WordPress id. */
export async function postIdByWordPressId(db: Db, wpId: string): Promise<string | undefined> {
  return (await db.selectFrom('posts').select('id').where('import_key', 'like', `wp:%:post:${wpId}`).executeTakeFirst())?.id;
}
