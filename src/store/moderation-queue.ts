/* What the moderation queues and a moderator's view of an account read. Every read here is a keyset
   page on an index or a lookup by ids: on a million comments a count or a walk of a status's range
   blocks the server (better-sqlite3 is synchronous), so counts come from counters kept by triggers
   (comment_counts, users.comment_count) or from small sets (open flags, open appeals). */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from './schema';
import { idFloor } from './ids';
import type { CommentStatus } from '../domain/comment-status';
import { isFlagReason } from '../domain/flags';

type Db = Kysely<Database>;

export type QueueCommentKind = 'pending' | 'hidden' | 'flagged' | 'removed';

export interface QueueCommentQuery {
  kind: QueueCommentKind;
  /** the id after which the page starts (before which, for "removed", newest first) */
  after: string | null;
  limit: number;
  /** a post's slug or id */
  post?: string;
  /** a reason code: the removal reason, an automated reason, or a flag's reason */
  reason?: string;
  /** With a filter, how many of the status's comments one page looks at, at most (FILTER_WINDOW). */
  window?: number;
}

/**
 * A filtered page of held or removed comments looks at this many of them at most, in queue order: a
 * post or reason that few match would otherwise walk every held comment (tens of thousands, over
 * 100 ms with the server held). A page may then hold fewer matches than asked, or none, with the
 * cursor of the next stretch.
 */
export const FILTER_WINDOW = 1_000;

/** The automated verdict's JSON holds the code as a quoted string; LIKE's wildcards in it are escaped. */
function likePattern(s: string): string {
  return `%"${s.replace(/"/g, '').replace(/[\\%_]/g, '\\$&')}"%`;
}

/**
 * One page of a comment queue (`limit` + 1 rows, so the caller knows whether there is a next page),
 * and, when a filtered page stopped at the end of its window, the last id it looked at (the next
 * page starts after it).
 */
export async function queueCommentRows(db: Db, o: QueueCommentQuery) {
  const newestFirst = o.kind === 'removed';
  let windowEnd: string | null = null;
  const columns = ['posts.slug as post_slug', 'posts.title as post_title'] as const;
  let q;
  if (o.kind === 'hidden' || o.kind === 'flagged') {
    // Few comments have open flags: the page walks the open flags in comment order (flags_open is
    // (resolution, comment_id)) and looks each comment up by id, never walking a status's range.
    // CROSS JOIN keeps that order on SQLite (its left side is the outer loop); elsewhere it is an inner join.
    // (GROUP BY with ORDER BY, not DISTINCT: SQLite then knows the rows come in order and stops at the page's end.)
    let open = db.selectFrom('flags').select('flags.comment_id').where('flags.resolution', 'is', null).groupBy('flags.comment_id').orderBy('flags.comment_id');
    if (o.after) open = open.where('flags.comment_id', '>', o.after);
    q = db
      .selectFrom(open.as('f'))
      .crossJoin('comments')
      .innerJoin('posts', 'posts.id', 'comments.post_id')
      .selectAll('comments')
      .select(columns)
      .whereRef('comments.id', '=', 'f.comment_id')
      .where('comments.status', '=', o.kind === 'hidden' ? 'pending' : 'published')
      .orderBy('f.comment_id');
  } else {
    const openFlag = () => db.selectFrom('flags').select('flags.id').whereRef('flags.comment_id', '=', sql.ref('comments.id') as never).where('flags.resolution', 'is', null);
    q = db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id').selectAll('comments').select(columns);
    const status = o.kind === 'pending' ? 'pending' : 'removed';
    q = o.kind === 'pending' ? q.where('comments.status', '=', 'pending').where((eb) => eb.not(eb.exists(openFlag()))) : q.where('comments.status', '=', 'removed');
    if (o.after) q = q.where('comments.id', newestFirst ? '<' : '>', o.after);
    if (o.post || o.reason) {
      // The window's last id, found in the status's range of comments_status_id (the index alone).
      let end = db.selectFrom('comments').select('id').where('status', '=', status);
      if (o.after) end = end.where('id', newestFirst ? '<' : '>', o.after);
      const row = await end.orderBy('id', newestFirst ? 'desc' : 'asc').limit(1).offset((o.window ?? FILTER_WINDOW) - 1).executeTakeFirst();
      if (row) {
        windowEnd = row.id;
        q = q.where('comments.id', newestFirst ? '>=' : '<=', row.id);
      }
    }
    q = q.orderBy('comments.id', newestFirst ? 'desc' : 'asc');
  }
  if (o.post) {
    const post = o.post;
    q = q.where('comments.post_id', 'in', db.selectFrom('posts').select('posts.id').where((eb) => eb.or([eb('posts.slug', '=', post), eb('posts.id', '=', post)])));
  }
  if (o.reason) {
    const r = o.reason;
    q = q.where((eb) =>
      eb.or([
        eb('comments.removed_reason', '=', r),
        sql<SqlBool>`${sql.ref('comments.moderation')} like ${likePattern(r)} escape '\\'`,
        // Only a flag reason can be a flag's reason: other reasons (a pipeline phase's code) match no flag.
        ...(isFlagReason(r) ? [eb.exists(db.selectFrom('flags').select('flags.id').whereRef('flags.comment_id', '=', sql.ref('comments.id') as never).where('flags.reason', '=', r))] : []),
      ]),
    );
  }
  return { rows: await q.limit(o.limit + 1).execute(), windowEnd };
}

/** The comments these queue items reply to, with their authors' names. */
export async function queueParents(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('comments').leftJoin('users', 'users.id', 'comments.author_id').select(['comments.id', 'comments.body_html', 'comments.status', 'users.display_name']).where('comments.id', 'in', ids).execute();
}

/** Every flag on these comments (open and resolved). */
export async function flagsOnComments(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('flags').select(['comment_id', 'reason', 'note', 'weight', 'resolution']).where('comment_id', 'in', ids).execute();
}

/** What a moderator sees of these accounts at a glance: the user rows, their live strikes counted, their unlifted sanctions. */
export async function authorHistoryRows(db: Db, ids: string[], nowIso: string) {
  if (!ids.length) return { users: [], strikes: [], sanctions: [] };
  const [users, strikes, sanctions] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name', 'supporter_until', 'supporter_since', 'created_at', 'review_state', 'comment_count', 'removed_comment_count']).where('id', 'in', ids).execute(),
    db.selectFrom('strikes').select(['user_id', (eb) => eb.fn.countAll<number>().as('n')]).where('user_id', 'in', ids).where('expires_at', '>', nowIso).groupBy('user_id').execute(),
    db.selectFrom('sanctions').selectAll().where('user_id', 'in', ids).where('lifted_at', 'is', null).execute(),
  ]);
  return { users, strikes, sanctions };
}

/** One page of the accounts in a review state (`limit` + 1 rows). */
export async function reviewRows(db: Db, state: string, after: string | null, limit: number) {
  let q = db.selectFrom('users').select(['id', 'review_note']).where('review_state', '=', state);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit + 1).execute();
}

/** One page of the open appeals (`limit` + 1 rows). */
export async function openAppealRows(db: Db, after: string | null, limit: number) {
  let q = db.selectFrom('appeals').selectAll().where('status', '=', 'open');
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit + 1).execute();
}

export async function sanctionsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('sanctions').selectAll().where('id', 'in', ids).execute();
}

/** The text and removal reason of these comments (what an appeal is about). */
export async function commentTexts(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('comments').select(['id', 'body', 'removed_reason']).where('id', 'in', ids).execute();
}

export interface QueueCountRow {
  pending: number;
  hidden: number;
  flagged: number;
  removed: number;
  review: number;
  appeals: number;
}

/**
 * The queue counts in one statement of scalar subqueries. Held comments may be many: their number
 * is kept in comment_counts (migration 006). Open flags are few: the comments they flag are counted
 * by walking the open flags (flags_open) and looking each comment up by id, never by status (the
 * held comments alone are tens of thousands). Removals of the last week are counted in
 * their range of the audit log's action index. `pending` is every held comment, hidden ones included.
 */
export async function queueCountRow(db: Db, o: { since: string; reviewState: string }): Promise<QueueCountRow> {
  const count = sql<number>`count(*)`.as('n');
  const withOpenFlags = (status: CommentStatus) =>
    db
      .selectFrom(db.selectFrom('flags').select('flags.comment_id').distinct().where('flags.resolution', 'is', null).as('f'))
      .select(count)
      .where((eb) => eb.exists(eb.selectFrom('comments').select('comments.id').whereRef('comments.id', '=', 'f.comment_id').where('comments.status', '=', status)));
  const r = await db
    .selectNoFrom([
      db.selectFrom('comment_counts').select('n').where('status', '=', 'pending').as('pending'),
      withOpenFlags('pending').as('hidden'),
      withOpenFlags('published').as('flagged'),
      // Audit ids are made from the entry's time: the week is a range of audit_log_action (action, id).
      db.selectFrom('audit_log').select(count).where('action', '=', 'comment.removed').where('id', '>=', idFloor(Date.parse(o.since))).where('at', '>=', o.since).as('removed'),
      db.selectFrom('users').select(count).where('review_state', '=', o.reviewState).as('review'),
      db.selectFrom('appeals').select(count).where('status', '=', 'open').as('appeals'),
    ])
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a bigint string.
  const n = (v: unknown) => Number(v ?? 0);
  return { pending: n(r.pending), hidden: n(r.hidden), flagged: n(r.flagged), removed: n(r.removed), review: n(r.review), appeals: n(r.appeals) };
}

/** Everything a moderator's view of one account reads, or undefined when there is no such account. */
export async function userDetailRows(db: Db, userId: string) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const [roles, strikes, sanctions, comments, donations] = await Promise.all([
    db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute(),
    db.selectFrom('strikes').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute(),
    db.selectFrom('sanctions').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute(),
    latestCommentsBy(db, userId, 50),
    db.selectFrom('donations').select(['id', 'kind', 'amount', 'currency', 'status', 'created_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').limit(50).execute(),
  ]);
  return { user, roles, strikes, sanctions, comments, donations };
}

/**
 * An author's latest comments, newest first. Read in the order of comments_author_created (ids are
 * made from the creation time, so it is the id order too, ties broken by id): ordering by id alone
 * made the database read and sort every comment of the author, thousands for a regular.
 */
export async function latestCommentsBy(db: Db, authorId: string, limit: number) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .select(['comments.id', 'comments.status', 'comments.removed_reason', 'comments.body', 'comments.created_at', 'posts.slug', 'posts.title'])
    .where('comments.author_id', '=', authorId)
    .orderBy('comments.created_at', 'desc')
    .orderBy('comments.id', 'desc')
    .limit(limit)
    .execute();
}
