import type { CommentsTable, Database } from './schema';
import { DomainError } from '../domain/errors';
import { reusableQuery, reusableWrite } from './reusable';
import type { Db } from './users';
import { decodeCursor, encodeCursor } from './cursor';
import { newId } from './ids';
import { afterCommit } from './after-commit';
import { buildThreads, MAX_VISIBLE_DEPTH, cursorShape, cursorValues, shapeComment, type ThreadComment, type ThreadRow, type ThreadSort } from '../domain/thread';
import { sql, type Kysely } from 'kysely';

/** Replies loaded with each top-level comment of a page; the rest come from loadReplies. */
export const REPLIES_PER_THREAD = 50;

/** The comment as docs/API.md shows it: the shaped thread comment, plus `liked` for a signed-in reader. */
export interface ApiComment extends ThreadComment {
  replies?: ApiComment[];
  /** For a signed-in reader: true on the comments they like. */
  liked?: boolean;
}

export interface AuthorInfo {
  id: string;
  displayName: string;
  supporter: boolean;
}

/** Deleted comments show as removed placeholders, with no body, like removed ones. `author` is null
    for a deleted account. */
export function toApiComment(row: CommentsTable, author: AuthorInfo | null): ApiComment {
  const hidden = row.status === 'removed' || row.status === 'deleted';
  return {
    id: row.id,
    postId: row.post_id,
    parentId: row.parent_id,
    author: row.status === 'deleted' ? null : author,
    bodyHtml: hidden ? '' : row.body_html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    status: hidden ? 'removed' : (row.status as 'published' | 'pending'),
    removedReason: row.status === 'deleted' ? 'deleted_by_author' : row.removed_reason,
    likes: row.like_count,
  };
}

/** Counts on posts and threads only include published comments. */
const counts = (status: string) => (status === 'published' ? 1 : 0);

/**
 * Moves a comment to another status and keeps the counters right: the post's comment_count and the
 * reply_count of its top-level comment (whole thread) and of its parent (direct replies).
 * A comment that is or becomes published is marked as once seen by readers (its placeholder keeps
 * its place in the thread). Run it inside the transaction that changes anything else about the comment.
 */
export async function changeCommentStatus(
  trx: Db,
  comment: Pick<CommentsTable, 'id' | 'post_id' | 'parent_id' | 'root_id' | 'status'>,
  to: CommentsTable['status'],
  removedReason: string | null = null,
): Promise<void> {
  await trx
    .updateTable('comments')
    .set({ status: to, removed_reason: to === 'removed' ? removedReason : null, ...(to === 'published' || comment.status === 'published' ? { was_published: 1 } : {}) })
    .where('id', '=', comment.id)
    .execute();
  await adjustCounts(trx, comment, counts(to) - counts(comment.status));
  await bumpThreadVersion(trx, comment.post_id);
}

/**
 * Marks a post's discussion as changed, so that cached pages of it (on every node) are rebuilt.
 * Everything here that changes what a thread shows calls it; so must any other code that changes
 * comments without going through these functions. This process's listeners hear of it once the
 * transaction commits (store/after-commit.ts).
 */
export async function bumpThreadVersion(trx: Db, postId: string): Promise<void> {
  await bumpThreadVersionQuery(trx, postId);
  afterCommit(trx, () => threadChanged(postId));
}
const bumpThreadVersionQuery = reusableWrite((db, postId: string) => db.updateTable('posts').set((eb) => ({ thread_version: eb('thread_version', '+', 1) })).where('id', '=', postId));

function threadChanged(postId: string): void {
  for (const listener of threadChangeListeners) listener(postId);
}

const threadChangeListeners = new Set<(postId: string) => void>();
/** Calls `listener` with the post id whenever this process has committed a change to a thread; returns the unsubscribe function. */
export function onThreadChange(listener: (postId: string) => void): () => void {
  threadChangeListeners.add(listener);
  return () => threadChangeListeners.delete(listener);
}

/** Adds `delta` published comments to the post and thread counters of `comment`. */
export async function adjustCounts(trx: Db, comment: Pick<CommentsTable, 'post_id' | 'parent_id' | 'root_id'>, delta: number): Promise<void> {
  if (delta === 0) return;
  await trx.updateTable('posts').set((eb) => ({ comment_count: eb('comment_count', '+', delta) })).where('id', '=', comment.post_id).execute();
  await adjustReplyCounts(trx, comment, delta);
}

/** Adds `delta` to the reply counts of the comment's thread and parent. */
async function adjustReplyCounts(trx: Db, comment: Pick<CommentsTable, 'parent_id' | 'root_id'>, delta: number): Promise<void> {
  if (comment.root_id) await addReplies(trx, comment.root_id, delta);
  if (comment.parent_id && comment.parent_id !== comment.root_id) await addReplies(trx, comment.parent_id, delta);
}
const addReplies = reusableWrite((db, id: string, delta: number) => db.updateTable('comments').set((eb) => ({ reply_count: eb('reply_count', '+', delta) })).where('id', '=', id));

/** Bus channel of a post's live events: comment.created, comment.updated, comment.removed with an ApiComment as data. */
export const postChannel = (postId: string) => `post:${postId}`;

/* ---- Reading threads ---- */

/** A comments query joined with the author's name and supporter status: the columns ThreadRow needs (plus body and moderation). */
function threadQuery(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.post_id',
      'comments.parent_id',
      'comments.root_id',
      'comments.depth',
      'comments.author_id',
      'comments.body_html',
      'comments.status',
      'comments.removed_reason',
      'comments.created_at',
      'comments.edited_at',
      'comments.like_count',
      'comments.reply_count',
      'comments.was_published',
      'users.display_name as author_name',
      'users.supporter_until as author_supporter_until',
      'users.deleted_at as author_deleted_at',
      // The highest staff role for the badge: admin < editor < moderator sorts the same way.
      (eb) =>
        eb
          .selectFrom('user_roles')
          .select((e) => e.fn.min('user_roles.role').as('role'))
          .whereRef('user_roles.user_id', '=', 'comments.author_id')
          .where('user_roles.role', 'in', ['admin', 'editor', 'moderator'])
          .as('author_staff'),
    ]);
}

export interface ThreadPageOptions {
  postId: string;
  sort: ThreadSort;
  cursor?: string;
  limit: number;
  viewerId: string | null;
  now: Date;
}

/**
 * One page of a post's discussion: ONE query for the page of top-level comments (keyset on the
 * comments_post_depth_id / comments_post_depth_likes indexes) and ONE for all their replies
 * (comments_root_id), both joined with their authors.
 */
export async function loadThreadPage(db: Db, o: ThreadPageOptions): Promise<{ comments: ApiComment[]; nextCursor: string | null }> {
  let q = threadQuery(db).where('comments.post_id', '=', o.postId).where('comments.depth', '=', 0);
  q = q.where((eb) => eb.or([eb('comments.status', '=', 'published'), eb('comments.was_published', '=', 1), ...(o.viewerId ? [eb('comments.author_id', '=', o.viewerId)] : [])]));
  if (o.cursor) {
    const c = decodeCursor(o.cursor, cursorShape(o.sort));
    if (!c) throw new DomainError('invalid', 'invalid_cursor', 'That page cursor is not valid.');
    if (o.sort === 'oldest') q = q.where('comments.id', '>', c[0] as string);
    else if (o.sort === 'newest') q = q.where('comments.id', '<', c[0] as string);
    else {
      const [likes, id] = c as [number, string];
      q = q.where((eb) => eb.or([eb('comments.like_count', '<', likes), eb.and([eb('comments.like_count', '=', likes), eb('comments.id', '<', id)])]));
    }
  }
  if (o.sort === 'oldest') q = q.orderBy('comments.id', 'asc');
  else if (o.sort === 'newest') q = q.orderBy('comments.id', 'desc');
  else q = q.orderBy('comments.like_count', 'desc').orderBy('comments.id', 'desc');
  const rows = (await q.limit(o.limit + 1).execute()) as ThreadRow[];
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > o.limit && last ? encodeCursor(cursorValues(o.sort, last)) : null;
  if (page.length === 0) return { comments: [], nextCursor: null };

  // The first REPLIES_PER_THREAD replies of each thread (in the order written, so every parent comes
  // with its replies); replyCount tells the reader how many more GET /api/comments/:id/replies has.
  let rq = threadQuery(db)
    .select(sql<number>`row_number() over (partition by comments.root_id order by comments.id)`.as('rn'))
    .where(
      'comments.root_id',
      'in',
      page.map((r) => r.id),
    );
  // The same visibility as visibleTo (domain/thread.ts), in SQL.
  rq = rq.where((eb) => eb.or([eb('comments.status', '=', 'published'), eb('comments.was_published', '=', 1), ...(o.viewerId ? [eb('comments.author_id', '=', o.viewerId)] : [])]));
  const replies = (await db.selectFrom(rq.as('r')).selectAll().where('r.rn', '<=', REPLIES_PER_THREAD).orderBy('r.id').execute()) as ThreadRow[];
  return { comments: buildThreads(page, replies, o.viewerId, o.now), nextCursor };
}

/**
 * More replies of one thread (after the first REPLIES_PER_THREAD shown with the page), in the order
 * written, flat: each with its parentId, and inReplyTo when its parent sits deeper than the visible
 * nesting. `after` is the id of the last reply the reader has.
 */
export async function loadReplies(db: Db, o: { rootId: string; after?: string; limit: number; viewerId: string | null; now: Date }): Promise<{ replies: ApiComment[]; nextCursor: string | null }> {
  let q = threadQuery(db).where('comments.root_id', '=', o.rootId);
  q = q.where((eb) => eb.or([eb('comments.status', '=', 'published'), eb('comments.was_published', '=', 1), ...(o.viewerId ? [eb('comments.author_id', '=', o.viewerId)] : [])]));
  if (o.after) q = q.where('comments.id', '>', o.after);
  const rows = (await q.orderBy('comments.id').limit(o.limit + 1).execute()) as ThreadRow[];
  const page = rows.slice(0, o.limit);
  const parentIds = [...new Set(page.map((r) => r.parent_id).filter((id): id is string => id !== null))];
  const parents = parentIds.length ? ((await threadQuery(db).where('comments.id', 'in', parentIds).execute()) as ThreadRow[]) : [];
  const byId = new Map(parents.map((p) => [p.id, p]));
  const replies = page.map((r) => {
    const c: ApiComment = { ...shapeComment(r, o.now, o.viewerId), replies: [], replyCount: r.reply_count };
    const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
    if (parent && r.depth > MAX_VISIBLE_DEPTH) c.inReplyTo = { id: parent.id, displayName: shapeComment(parent, o.now, o.viewerId).author?.displayName ?? null };
    return c;
  });
  const last = page[page.length - 1];
  return { replies, nextCursor: rows.length > o.limit && last ? last.id : null };
}

/** What a replies listing needs of its top-level comment and post, or undefined. */
export async function findThreadRoot(db: Db, id: string) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.depth', 'comments.status', 'comments.author_id', 'comments.was_published', 'posts.status as post_status', 'posts.published_at'])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

const replyParentQuery = reusableQuery((db, id: string) => db.selectFrom('comments').select(['id', 'post_id', 'root_id', 'depth', 'status']).where('id', '=', id));

/** What a new reply needs of the comment it answers (its post, thread, depth and status), or undefined. */
export async function findReplyParent(db: Kysely<Database>, id: string): Promise<Pick<CommentsTable, 'id' | 'post_id' | 'root_id' | 'depth' | 'status'> | undefined> {
  return (await replyParentQuery(db, id))[0];
}

/** Whether `userId` has a held comment in the post's discussion (which only they see): one index lookup. */
export async function hasHeldComment(db: Db, postId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('author_id', '=', userId).where('status', '=', 'pending').where('post_id', '=', postId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether `userId` has a comment in the post's discussion that they see differently from everyone
 * else: one held for review (only they read it), or one never published and then removed or deleted
 * (only they see its placeholder). Otherwise their page is everyone's page. Index lookups only
 * (comments_author_status_post).
 */
export async function hasOwnUnpublished(db: Db, postId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('comments')
    .select('id')
    .where('author_id', '=', userId)
    .where('post_id', '=', postId)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', 'in', ['removed', 'deleted']), eb('was_published', '=', 0)])]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ids of the comments (and nested replies) with at least one like: the only ones a reader can have liked. */
export function likeableIds(comments: ApiComment[]): string[] {
  const ids: string[] = [];
  const walk = (cs: ApiComment[]) => {
    for (const c of cs) {
      if (c.likes > 0) ids.push(c.id);
      if (c.replies) walk(c.replies);
    }
  };
  walk(comments);
  return ids;
}

/** Which of `ids` `userId` likes: one query. */
export async function likedAmong(db: Db, userId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('likes').select('comment_id').where('user_id', '=', userId).where('comment_id', 'in', ids).execute();
  return rows.map((r) => r.comment_id);
}

/**
 * A serialized page of comments with `liked: true` on the comments `liked` names, spliced into the
 * shared page's bytes rather than by building and serializing the page again. Every comment object
 * opens with its id (toApiComment and shapeComment put it first), and ids are unique and made of
 * [0-9a-z], so `{"id":"<id>",` marks exactly that comment. `offsets` remembers where each marker
 * ends in `body`, for the next reader of the same page. The result is written into a buffer from
 * `alloc` (given the length it needs) and is `body` itself when none of `liked` is on the page.
 */
export function markLikedInBody(body: Buffer, liked: readonly string[], offsets: Map<string, number>, alloc: (length: number) => Buffer = Buffer.allocUnsafe): Buffer {
  const at: number[] = [];
  for (const id of liked) {
    let end = offsets.get(id);
    if (end === undefined) {
      const marker = `{"id":"${id}",`;
      const i = body.indexOf(marker);
      end = i < 0 ? -1 : i + marker.length;
      offsets.set(id, end);
    }
    if (end >= 0) at.push(end);
  }
  if (!at.length) return body;
  at.sort((a, b) => a - b);
  const length = body.length + at.length * LIKED.length;
  const out = alloc(length).subarray(0, length);
  let from = 0;
  let to = 0;
  for (const end of at) {
    to += body.copy(out, to, from, end);
    to += LIKED.copy(out, to);
    from = end;
  }
  body.copy(out, to, from);
  return out;
}
const LIKED = Buffer.from('"liked":true,');

/** Sets `liked: true` on the comments (and nested replies) `viewerId` likes: one query for all of them. */
export async function markLiked(db: Db, viewerId: string, comments: ApiComment[]): Promise<void> {
  const all: ApiComment[] = [];
  const walk = (cs: ApiComment[]) => {
    for (const c of cs) {
      all.push(c);
      if (c.replies) walk(c.replies);
    }
  };
  walk(comments);
  const ids = all.filter((c) => c.likes > 0).map((c) => c.id);
  if (!ids.length) return;
  const rows = await db.selectFrom('likes').select('comment_id').where('user_id', '=', viewerId).where('comment_id', 'in', ids).execute();
  const liked = new Set(rows.map((r) => r.comment_id));
  for (const c of all) if (liked.has(c.id)) c.liked = true;
}

export type CommentRow = ThreadRow & { body: string; moderation: string | null; flag_weight: number };

/** One comment with its author, or undefined. */
export async function findCommentRow(db: Db, id: string): Promise<CommentRow | undefined> {
  return (await threadQuery(db).select(['comments.body', 'comments.moderation', 'comments.flag_weight']).where('comments.id', '=', id).executeTakeFirst()) as CommentRow | undefined;
}

/** One comment in the API shape (without replies) as `viewerId` sees it (null: every reader), freshly read. */
export async function loadApiComment(db: Db, id: string, now: Date, viewerId: string | null = null): Promise<ApiComment | undefined> {
  const row = await findCommentRow(db, id);
  return row ? shapeComment(row, now, viewerId) : undefined;
}

/* ---- One comment's row, for moderation ---- */

export async function findComment(db: Db, id: string): Promise<CommentsTable | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The author of a comment with their mail settings (none for an anonymous or imported comment). */
export async function commentAuthorContact(db: Db, id: string) {
  return db
    .selectFrom('comments')
    .innerJoin('users', 'users.id', 'comments.author_id')
    .select(['comments.author_id', 'users.email', 'users.display_name', 'users.notify_replies', 'users.deleted_at'])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

/** The ids of an author's comments held or removed, newest first. */
export async function heldOrRemovedOf(db: Db, authorId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('comments').select('id').where('author_id', '=', authorId).where('status', 'in', ['removed', 'pending']).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Comments written since `since` (not deleted, not imported), newest first, for a settings dry run. */
export async function commentsSince(db: Db, since: string, limit: number): Promise<Array<Pick<CommentsTable, 'id' | 'body' | 'status'>>> {
  return db.selectFrom('comments').select(['id', 'body', 'status']).where('created_at', '>=', since).where('status', '!=', 'deleted').where('import_key', 'is', null).orderBy('id', 'desc').limit(limit).execute();
}

/** Takes the comment's row lock if it still has `status` (a no-op write); false when its status changed meanwhile. */
export async function claimCommentInStatus(trx: Db, id: string, status: CommentsTable['status']): Promise<boolean> {
  const claimed = await trx.updateTable('comments').set({ status }).where('id', '=', id).where('status', '=', status).executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Sets the comment's status to `to` if it is still `from`; false when it changed meanwhile. Counters are left to changeCommentStatus. */
export async function swapCommentStatus(trx: Db, id: string, from: CommentsTable['status'], to: CommentsTable['status']): Promise<boolean> {
  const claimed = await trx.updateTable('comments').set({ status: to }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** Takes the comment's row lock for the rest of the transaction (a no-op write). */
export async function lockComment(trx: Db, id: string): Promise<void> {
  await trx.updateTable('comments').set((eb) => ({ flag_weight: eb.ref('flag_weight') })).where('id', '=', id).execute();
}

export async function setFlagWeight(trx: Db, id: string, weight: number): Promise<void> {
  await trx.updateTable('comments').set({ flag_weight: weight }).where('id', '=', id).execute();
}

/* ---- An author's recent comments, for the moderation pipeline's rate and repeat checks ---- */

/** How many of the author's comments the rate checks counted: in the last hour, the last minute, and on one post in the last ten minutes. */
export interface RecentCommentCounts {
  lastHour: number;
  lastMinute: number;
  onPostLast10Min: number;
}

const recentCountsQuery = reusableQuery((db, authorId: string, hourAgo: string, minuteAgo: string, postId: string, tenMinutesAgo: string) =>
  db
    .selectFrom('comments')
    .select((eb) => [
      eb.fn.countAll<number>().as('hour'),
      sql<number>`count(*) filter (where ${eb.ref('created_at')} > ${minuteAgo})`.as('minute'),
      sql<number>`count(*) filter (where ${eb.ref('post_id')} = ${postId} and ${eb.ref('created_at')} > ${tenMinutesAgo})`.as('on_post'),
    ])
    .where('author_id', '=', authorId)
    .where('created_at', '>', hourAgo),
);

/** The author's comment counts for the rate checks, counted by the database (one index range, no rows read out). */
export async function recentCommentCounts(db: Kysely<Database>, a: { authorId: string; postId: string; hourAgo: string; tenMinutesAgo: string; minuteAgo: string }): Promise<RecentCommentCounts> {
  const row = (await recentCountsQuery(db, a.authorId, a.hourAgo, a.minuteAgo, a.postId, a.tenMinutesAgo))[0];
  return { lastHour: Number(row?.hour ?? 0), lastMinute: Number(row?.minute ?? 0), onPostLast10Min: Number(row?.on_post ?? 0) };
}

const recentBodiesQuery = reusableQuery((db, authorId: string, since: string, limit: number) =>
  db.selectFrom('comments').select(['id', 'body']).where('author_id', '=', authorId).where('created_at', '>', since).orderBy('created_at', 'desc').limit(limit),
);

/** The bodies of the author's latest `limit` comments since `since` (ISO), newest first. */
export async function recentCommentBodies(db: Kysely<Database>, authorId: string, since: string, limit: number): Promise<Array<{ id: string; body: string }>> {
  return recentBodiesQuery(db, authorId, since, limit);
}

/* ---- Writing ---- */

export interface NewComment {
  postId: string;
  parent: Pick<CommentsTable, 'id' | 'root_id' | 'depth'> | null;
  authorId: string;
  body: string;
  bodyHtml: string;
  status: 'published' | 'pending';
  moderation: unknown;
}

// Every column of the table (a new one is a type error here until it is added).
const COLUMN_SET: Record<keyof CommentsTable, true> = {
  id: true, post_id: true, parent_id: true, root_id: true, depth: true, author_id: true, body: true, body_html: true, status: true,
  removed_reason: true, created_at: true, edited_at: true, like_count: true, reply_count: true, flag_weight: true, moderation: true,
  import_key: true, was_published: true,
};
const COMMENT_COLUMNS = Object.keys(COLUMN_SET) as Array<keyof CommentsTable>;
/** The comment insert, compiled once: Kysely's build of an 18-column insert cost more than SQLite's run of it. */const insertCommentQuery = reusableWrite((db, ...values: unknown[]) => db.insertInto('comments').values(Object.fromEntries(COMMENT_COLUMNS.map((k, i) => [k, values[i]])) as unknown as CommentsTable));
const countPublished = reusableWrite((db, postId: string) =>
  db.updateTable('posts').set((eb) => ({ comment_count: eb('comment_count', '+', 1), thread_version: eb('thread_version', '+', 1) })).where('id', '=', postId),
);

/** Inserts a comment and, when it is published, counts it on the post and its thread. Call inside a transaction. */
export async function insertComment(trx: Db, c: NewComment, now: Date): Promise<CommentsTable> {
  const row: CommentsTable = {
    id: newId(now.getTime()),
    post_id: c.postId,
    parent_id: c.parent?.id ?? null,
    root_id: c.parent ? (c.parent.root_id ?? c.parent.id) : null,
    depth: c.parent ? c.parent.depth + 1 : 0,
    author_id: c.authorId,
    body: c.body,
    body_html: c.bodyHtml,
    status: c.status,
    removed_reason: null,
    created_at: now.toISOString(),
    edited_at: null,
    like_count: 0,
    reply_count: 0,
    flag_weight: 0,
    moderation: JSON.stringify(c.moderation),
    import_key: null,
    was_published: c.status === 'published' ? 1 : 0,
  };
  await insertCommentQuery(trx, ...COMMENT_COLUMNS.map((k) => row[k]));
  if (c.status === 'published') {
    // The post's count and its thread version in one statement.
    await countPublished(trx, c.postId);
    await adjustReplyCounts(trx, row, 1);
    afterCommit(trx, () => threadChanged(c.postId));
  } else await bumpThreadVersion(trx, c.postId);
  return row;
}

/** Replaces a comment's body, keeping the previous version in comment_edits. Call inside a transaction. */
export async function editCommentBody(
  trx: Db,
  comment: Pick<CommentsTable, 'id' | 'post_id' | 'parent_id' | 'root_id' | 'status'> & { body: string },
  next: { body: string; bodyHtml: string; status: 'published' | 'pending'; moderation: unknown },
  now: Date,
): Promise<void> {
  await trx.insertInto('comment_edits').values({ id: newId(now.getTime()), comment_id: comment.id, body: comment.body, edited_at: now.toISOString() }).execute();
  await trx
    .updateTable('comments')
    .set({ body: next.body, body_html: next.bodyHtml, edited_at: now.toISOString(), moderation: JSON.stringify(next.moderation) })
    .where('id', '=', comment.id)
    .execute();
  if (next.status !== comment.status) await changeCommentStatus(trx, comment, next.status);
  else await bumpThreadVersion(trx, comment.post_id);
}

/**
 * The comments of an account being deleted become "deleted" placeholders through changeCommentStatus,
 * so the post and thread counters and the cached pages follow; removed ones stay as they are.
 * Returns the ids of the ones readers could see until now. Call inside the deleting transaction.
 */
export async function deleteAuthorComments(trx: Db, authorId: string): Promise<string[]> {
  const rows = await trx.selectFrom('comments').select(['id', 'post_id', 'parent_id', 'root_id', 'status']).where('author_id', '=', authorId).where('status', 'in', ['published', 'pending']).execute();
  for (const row of rows) await changeCommentStatus(trx, row, 'deleted');
  await trx.updateTable('comments').set({ body: '', body_html: '' }).where('author_id', '=', authorId).where('status', '=', 'deleted').execute();
  return rows.filter((r) => r.status === 'published').map((r) => r.id);
}

/** Adds or removes one user's like; idempotent. Returns the comment's like count afterwards. Call inside a transaction. */
export async function setLike(trx: Db, commentId: string, userId: string, liked: boolean, now: Date): Promise<number> {
  const before = await trx.selectFrom('comments').select(['like_count', 'post_id']).where('id', '=', commentId).executeTakeFirstOrThrow();
  if (liked) {
    const res = await trx
      .insertInto('likes')
      .values({ comment_id: commentId, user_id: userId, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) {
      await trx.updateTable('comments').set((eb) => ({ like_count: eb('like_count', '+', 1) })).where('id', '=', commentId).execute();
    }
  } else {
    const res = await trx.deleteFrom('likes').where('comment_id', '=', commentId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(res.numDeletedRows) > 0) {
      await trx.updateTable('comments').set((eb) => ({ like_count: eb('like_count', '-', 1) })).where('id', '=', commentId).execute();
    }
  }
  const row = await trx.selectFrom('comments').select('like_count').where('id', '=', commentId).executeTakeFirstOrThrow();
  if (row.like_count !== before.like_count) await bumpThreadVersion(trx, before.post_id);
  return row.like_count;
}
