import type { Db } from './users';
import { decodeCursor, encodeCursor } from './cursor';
import { HttpError } from '../server/http-error';

export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  commentCount: number;
  authorName: string | null;
}

/** Published posts, newest first, with keyset pagination on (published_at, id). */
export async function listPublishedPosts(db: Db, opts: { cursor?: string; limit: number; now: Date; tag?: string; authorId?: string }) {
  let q = db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'posts.slug', 'posts.title', 'posts.standfirst', 'posts.published_at', 'posts.comment_count', 'users.display_name'])
    .where('posts.status', '=', 'published')
    .where('posts.published_at', '<=', opts.now.toISOString());
  if (opts.tag) q = q.where('posts.id', 'in', db.selectFrom('post_tags').select('post_id').where('tag', '=', opts.tag));
  if (opts.authorId) q = q.where('posts.author_id', '=', opts.authorId);
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, ['string', 'string']);
    if (!c) throw new HttpError(422, 'invalid_cursor', 'That page cursor is not valid.');
    const [at, id] = c as [string, string];
    q = q.where((eb) => eb.or([eb('posts.published_at', '<', at), eb.and([eb('posts.published_at', '=', at), eb('posts.id', '<', id)])]));
  }
  const rows = await q.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  const posts: PostSummary[] = page.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    standfirst: r.standfirst,
    publishedAt: r.published_at!,
    commentCount: r.comment_count,
    authorName: r.display_name,
  }));
  return { posts, nextCursor: rows.length > opts.limit && last ? encodeCursor([last.published_at!, last.id]) : null };
}

/** A post visible to the public: published and not scheduled for later. */
export async function findPublishedPost(db: Db, slug: string, now: Date) {
  return db
    .selectFrom('posts')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .where('published_at', '<=', now.toISOString())
    .executeTakeFirst();
}
