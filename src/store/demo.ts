/* The demo seed's writes: a few days of a site's life written as rows, with the times and counters
   it would have had (the services would stamp them with today). Only src/demo/ uses these. */

import type { CommentsTable, PostsTable, SupporterGrantsTable } from './schema';
import type { Db } from './users';

export async function hasAnyUser(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').limit(1).executeTakeFirst());
}

/** A supporter since `since` until `until`, through a grant. */
export async function seedSupporter(db: Db, grant: Omit<SupporterGrantsTable, 'kind'>, since: string, until: string): Promise<void> {
  await db.insertInto('supporter_grants').values(grant).execute();
  await db.updateTable('users').set({ supporter_until: until, supporter_since: since }).where('id', '=', grant.user_id).execute();
}

export async function seedPost(db: Db, row: PostsTable, tags: ReadonlyArray<{ tag: string; name: string }>): Promise<void> {
  await db.insertInto('posts').values(row).execute();
  if (tags.length) await db.insertInto('post_tags').values(tags.map((t) => ({ post_id: row.id, ...t }))).execute();
}

export async function seedComment(db: Db, row: CommentsTable): Promise<void> {
  await db.insertInto('comments').values(row).execute();
}

/** Likes by these users, and the comment's like and reply counts. */
export async function seedCommentCounts(db: Db, commentId: string, likers: string[], createdAt: string, replyCount: number): Promise<void> {
  if (likers.length) await db.insertInto('likes').values(likers.map((user_id) => ({ comment_id: commentId, user_id, created_at: createdAt }))).execute();
  await db.updateTable('comments').set({ like_count: likers.length, reply_count: replyCount }).where('id', '=', commentId).execute();
}

/** A demo post by slug, with what the gate needs. */
export async function demoPost(db: Db, slug: string): Promise<Pick<PostsTable, 'id' | 'discussion' | 'discussion_closes_at'>> {
  return db.selectFrom('posts').select(['id', 'discussion', 'discussion_closes_at']).where('slug', '=', slug).executeTakeFirstOrThrow();
}

/** A user's first comment on a post (the one a demo reply answers). */
export async function firstCommentBy(db: Db, postId: string, authorId: string): Promise<Pick<CommentsTable, 'id' | 'root_id' | 'depth'>> {
  return db.selectFrom('comments').select(['id', 'root_id', 'depth']).where('post_id', '=', postId).where('author_id', '=', authorId).orderBy('id').executeTakeFirstOrThrow();
}
