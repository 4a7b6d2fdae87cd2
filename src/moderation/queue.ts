/* The moderation queues and what moderators see of each item: the comment in context, the automated
   verdict with its phrases, the flags, and the author's history at a glance. */

import { sql } from 'kysely';
import { auditSubjects, banLinks } from '../store/audit';
import type { AppContext } from '../server/context';
import type { CommentsTable } from '../store/schema';
import { decodeCursor, encodeCursor } from '../store/cursor';
import { HttpError } from '../server/http-error';
import { currentSanction } from '../domain/sanctions';
import { supporterStatus } from '../domain/supporter';
import { DAY } from '../domain/clock';
import { toApiSanction } from './actions';
import { REVIEW_BAN_EVASION } from './ban-evasion';
import { toApiAppeal } from './appeals';
import { rememberedCounts } from './counts-cache';

export const QUEUE_KINDS = ['pending', 'hidden', 'flagged', 'removed', 'review', 'appeals'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** What the automated pipeline stored on the comment, read defensively (older rows, other versions). */
export interface AutomatedVerdict {
  decision: string | null;
  reasons: Array<{ code: string; message: string; phase: string | null }>;
  score: number | null;
  /** `why`: one line for people ("held: “vermin” (a dehumanising comparison) aimed at a group (Roma)") */
  phrases: Array<{ start: number; end: number; kind: string | null; text: string | null; why: string | null }>;
}

export function parseVerdict(json: string | null): AutomatedVerdict | null {
  if (!json) return null;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const reasons = Array.isArray(v.reasons)
    ? v.reasons.map((r) =>
        typeof r === 'string'
          ? { code: r, message: r, phase: null }
          : { code: String((r as { code?: unknown }).code ?? ''), message: String((r as { message?: unknown }).message ?? ''), phase: (r as { phase?: string }).phase ?? null },
      )
    : [];
  const phrases = Array.isArray(v.phrases)
    ? v.phrases
        .filter((p): p is { start: number; end: number } => !!p && typeof (p as { start?: unknown }).start === 'number' && typeof (p as { end?: unknown }).end === 'number')
        .map((p) => ({ start: p.start, end: p.end, kind: (p as { kind?: string }).kind ?? null, text: (p as { text?: string }).text ?? null, why: (p as { why?: string }).why ?? null }))
    : [];
  return { decision: typeof v.decision === 'string' ? v.decision : null, reasons, score: typeof v.score === 'number' ? v.score : null, phrases };
}

export interface AuthorHistory {
  id: string;
  displayName: string;
  supporter: boolean;
  supporterSince: string | null;
  createdAt: string;
  comments: number;
  removals: number;
  liveStrikes: number;
  sanction: { state: string; until: string | null; reason: string | null };
  reviewState: string | null;
}

export async function authorHistories(ctx: AppContext, ids: string[]): Promise<Map<string, AuthorHistory>> {
  const out = new Map<string, AuthorHistory>();
  if (!ids.length) return out;
  const now = ctx.clock.now();
  // The comment counts are kept on the user row (migration 006): counting them read every comment of each author.
  const [users, strikes, sanctions] = await Promise.all([
    ctx.db
      .selectFrom('users')
      .select(['id', 'display_name', 'supporter_until', 'supporter_since', 'created_at', 'review_state', 'comment_count', 'removed_comment_count'])
      .where('id', 'in', ids)
      .execute(),
    ctx.db.selectFrom('strikes').select(['user_id', (eb) => eb.fn.countAll<number>().as('n')]).where('user_id', 'in', ids).where('expires_at', '>', now.toISOString()).groupBy('user_id').execute(),
    ctx.db.selectFrom('sanctions').selectAll().where('user_id', 'in', ids).where('lifted_at', 'is', null).execute(),
  ]);
  for (const u of users) {
    const s = currentSanction(sanctions.filter((x) => x.user_id === u.id), now);
    out.set(u.id, {
      id: u.id,
      displayName: u.display_name,
      supporter: supporterStatus(u.supporter_until, now).active,
      supporterSince: u.supporter_since,
      createdAt: u.created_at,
      comments: u.comment_count,
      removals: u.removed_comment_count,
      liveStrikes: Number(strikes.find((x) => x.user_id === u.id)?.n ?? 0),
      sanction: { state: s.state, until: s.until, reason: s.reason },
      reviewState: u.review_state,
    });
  }
  return out;
}

export interface QueueOptions {
  kind: QueueKind;
  cursor?: string;
  limit?: number;
  post?: string;
  reason?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const openFlag = (db: AppContext['db']) => db.selectFrom('flags').select('flags.id').whereRef('flags.comment_id', '=', sql.ref('comments.id') as any).where('flags.resolution', 'is', null);

function likePattern(s: string): string {
  return `%"${s.replace(/[\\%_"]/g, '')}"%`;
}

/* Keyset paging by id, shared by every queue: the page size, the id after which a page starts, and
   the page with the cursor of the next one (one extra row is fetched to know whether there is one). */
const pageSize = (opts: QueueOptions) => Math.min(Math.max(opts.limit ?? 50, 1), 200);

function cursorId(opts: QueueOptions): string | null {
  if (!opts.cursor) return null;
  const c = decodeCursor(opts.cursor, ['string']);
  if (!c) throw new HttpError(422, 'invalid_cursor', 'That page cursor is not valid.');
  return c[0] as string;
}

function paged<T extends { id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

async function commentQueue(ctx: AppContext, opts: QueueOptions) {
  const limit = pageSize(opts);
  const newestFirst = opts.kind === 'removed';
  let q = ctx.db
    .selectFrom('comments')
    .innerJoin('posts', 'posts.id', 'comments.post_id')
    .selectAll('comments')
    .select(['posts.slug as post_slug', 'posts.title as post_title']);
  if (opts.kind === 'pending') q = q.where('comments.status', '=', 'pending').where((eb) => eb.not(eb.exists(openFlag(ctx.db))));
  else if (opts.kind === 'hidden') q = q.where('comments.status', '=', 'pending').where((eb) => eb.exists(openFlag(ctx.db)));
  // Flagged comments are few among the published ones: found through the open flags (flags_open), never by walking the published comments.
  else if (opts.kind === 'flagged') q = q.where('comments.id', 'in', ctx.db.selectFrom('flags').select('flags.comment_id').where('flags.resolution', 'is', null)).where('comments.status', '=', 'published');
  else q = q.where('comments.status', '=', 'removed');
  if (opts.post) q = q.where((eb) => eb.or([eb('posts.slug', '=', opts.post!), eb('posts.id', '=', opts.post!)]));
  if (opts.reason) {
    const r = opts.reason;
    q = q.where((eb) =>
      eb.or([
        eb('comments.removed_reason', '=', r),
        eb('comments.moderation', 'like', likePattern(r)),
        eb.exists(ctx.db.selectFrom('flags').select('flags.id').whereRef('flags.comment_id', '=', sql.ref('comments.id') as never).where('flags.reason', '=', r)),
      ]),
    );
  }
  const after = cursorId(opts);
  if (after) q = q.where('comments.id', newestFirst ? '<' : '>', after);
  const rows = await q.orderBy('comments.id', newestFirst ? 'desc' : 'asc').limit(limit + 1).execute();
  const { page, nextCursor } = paged(rows, limit);
  const ids = page.map((r) => r.id);
  const parentIds = [...new Set(page.map((r) => r.parent_id).filter((x): x is string => !!x))];
  const [parents, flags, authors] = await Promise.all([
    parentIds.length
      ? ctx.db.selectFrom('comments').leftJoin('users', 'users.id', 'comments.author_id').select(['comments.id', 'comments.body_html', 'comments.status', 'users.display_name']).where('comments.id', 'in', parentIds).execute()
      : Promise.resolve([]),
    ids.length ? ctx.db.selectFrom('flags').select(['comment_id', 'reason', 'note', 'weight', 'resolution']).where('comment_id', 'in', ids).execute() : Promise.resolve([]),
    authorHistories(ctx, [...new Set(page.map((r) => r.author_id).filter((x): x is string => !!x))]),
  ]);
  const items = page.map((r) => {
    const mine = flags.filter((f) => f.comment_id === r.id && (opts.kind === 'removed' || f.resolution === null));
    const parent = parents.find((p) => p.id === r.parent_id);
    return {
      kind: 'comment' as const,
      id: r.id,
      status: r.status,
      body: r.body,
      bodyHtml: r.body_html,
      createdAt: r.created_at,
      editedAt: r.edited_at,
      removedReason: r.removed_reason,
      post: { id: r.post_id, slug: r.post_slug, title: r.post_title },
      parent: parent ? { id: parent.id, authorName: parent.display_name, bodyHtml: parent.status === 'published' ? parent.body_html : '', status: parent.status } : null,
      automated: parseVerdict(r.moderation),
      flags: {
        count: mine.length,
        weight: Math.round(mine.reduce((a, f) => a + f.weight, 0) * 100) / 100,
        reasons: mine.reduce<Record<string, number>>((acc, f) => ({ ...acc, [f.reason]: (acc[f.reason] ?? 0) + 1 }), {}),
        notes: mine.map((f) => f.note).filter((n): n is string => !!n).slice(0, 5),
      },
      author: r.author_id ? (authors.get(r.author_id) ?? null) : null,
    };
  });
  return { items, nextCursor };
}

/** The banned account each of these accounts was linked to (from the audit entry of the ban by association), by name. */
async function linkedAccounts(ctx: AppContext, userIds: string[]): Promise<Map<string, { id: string; displayName: string | null }>> {
  if (!userIds.length) return new Map();
  const link = await banLinks(ctx.db, userIds);
  const subjects = await auditSubjects(ctx.db, { users: [...link.values()], comments: [] });
  return new Map([...link].map(([user, other]) => [user, { id: other, displayName: subjects.users.get(other) ?? null }]));
}

async function reviewQueue(ctx: AppContext, opts: QueueOptions) {
  const limit = pageSize(opts);
  let q = ctx.db.selectFrom('users').select(['id', 'review_note']).where('review_state', '=', REVIEW_BAN_EVASION);
  const after = cursorId(opts);
  if (after) q = q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit + 1).execute();
  const { page, nextCursor } = paged(rows, limit);
  const authors = await authorHistories(ctx, page.map((r) => r.id));
  const linked = await linkedAccounts(ctx, page.map((r) => r.id));
  const items = page.map((r) => ({ kind: 'user' as const, id: r.id, note: r.review_note, user: authors.get(r.id) ?? null, linked: linked.get(r.id) ?? null }));
  return { items, nextCursor };
}

async function appealsQueue(ctx: AppContext, opts: QueueOptions) {
  const limit = pageSize(opts);
  let q = ctx.db.selectFrom('appeals').selectAll().where('status', '=', 'open');
  const after = cursorId(opts);
  if (after) q = q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit + 1).execute();
  const { page, nextCursor } = paged(rows, limit);
  const sanctionIds = page.map((a) => a.sanction_id);
  const [sanctions, authors] = await Promise.all([
    sanctionIds.length ? ctx.db.selectFrom('sanctions').selectAll().where('id', 'in', sanctionIds).execute() : Promise.resolve([]),
    authorHistories(ctx, [...new Set(page.map((a) => a.user_id))]),
  ]);
  const commentIds = sanctions.map((s) => s.comment_id).filter((x): x is string => !!x);
  const comments = commentIds.length ? await ctx.db.selectFrom('comments').select(['id', 'body', 'removed_reason']).where('id', 'in', commentIds).execute() : [];
  const items = page.map((a) => {
    const s = sanctions.find((x) => x.id === a.sanction_id)!;
    const c = comments.find((x) => x.id === s.comment_id);
    return { kind: 'appeal' as const, id: a.id, appeal: toApiAppeal(a), sanction: toApiSanction(s), comment: c ? { id: c.id, body: c.body, removedReason: c.removed_reason } : null, user: authors.get(a.user_id) ?? null };
  });
  return { items, nextCursor };
}

export async function listQueue(ctx: AppContext, opts: QueueOptions) {
  if (opts.kind === 'review') return reviewQueue(ctx, opts);
  if (opts.kind === 'appeals') return appealsQueue(ctx, opts);
  return commentQueue(ctx, opts);
}

export type QueueCounts = Record<QueueKind, number>;

/** Read now: counts for the workspace navigation; "removed" counts removals of the last 7 days. One
    statement of scalar subqueries, so a count costs one round trip (and one pooled connection). */
async function readQueueCounts(ctx: AppContext): Promise<QueueCounts> {
  const weekAgo = new Date(ctx.clock.now().getTime() - 7 * DAY).toISOString();
  const count = sql<number>`count(*)`.as('n');
  // Held comments may be many: their number is kept in comment_counts (migration 006). Open flags
  // are few: the comments they flag are found through them (flags_open), never by status.
  const withOpenFlags = (status: string) =>
    ctx.db
      .selectFrom('comments')
      .select(count)
      .where('comments.status', '=', status)
      .where('comments.id', 'in', ctx.db.selectFrom('flags').select('flags.comment_id').where('flags.resolution', 'is', null));
  const r = await ctx.db
    .selectNoFrom([
      ctx.db.selectFrom('comment_counts').select('n').where('status', '=', 'pending').as('all_pending'),
      withOpenFlags('pending').as('hidden'),
      withOpenFlags('published').as('flagged'),
      ctx.db.selectFrom('audit_log').select(count).where('action', '=', 'comment.removed').where('at', '>=', weekAgo).as('removed'),
      ctx.db.selectFrom('users').select(count).where('review_state', '=', REVIEW_BAN_EVASION).as('review'),
      ctx.db.selectFrom('appeals').select(count).where('status', '=', 'open').as('appeals'),
    ])
    .executeTakeFirstOrThrow();
  // PostgreSQL returns count(*) as a bigint string.
  const n = (v: unknown) => Number(v ?? 0);
  const hidden = n(r.hidden);
  return { pending: n(r.all_pending) - hidden, hidden, flagged: n(r.flagged), removed: n(r.removed), review: n(r.review), appeals: n(r.appeals) };
}

/** Queues a moderator still has to look at (not "removed", which is history). */
const WAITING: readonly QueueKind[] = ['pending', 'hidden', 'flagged', 'review', 'appeals'];

/** How old the counts in the site header may be. */
export const HEADER_COUNTS_TTL_MS = 5_000;

/** The queue counts read now, or with `maxAgeMs` as this node read them at most that long ago. */
export function queueCounts(ctx: AppContext, maxAgeMs = 0): Promise<QueueCounts> {
  return rememberedCounts(ctx, maxAgeMs, () => readQueueCounts(ctx));
}

/** Items waiting for a moderator, for the site header: cheap enough to ask on every page a moderator opens. */
export async function waitingForReview(ctx: AppContext): Promise<number> {
  const counts = await queueCounts(ctx, HEADER_COUNTS_TTL_MS);
  return WAITING.reduce((sum, kind) => sum + counts[kind], 0);
}

/** A moderator's view of one account. */
export async function userDetail(ctx: AppContext, userId: string) {
  const user = await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new HttpError(404, 'not_found', 'That user was not found.');
  const now = ctx.clock.now();
  const [roles, strikes, sanctions, comments, donations, history] = await Promise.all([
    ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute(),
    ctx.db.selectFrom('strikes').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute(),
    ctx.db.selectFrom('sanctions').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute(),
    ctx.db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id').select(['comments.id', 'comments.status', 'comments.removed_reason', 'comments.body', 'comments.created_at', 'posts.slug', 'posts.title']).where('comments.author_id', '=', userId).orderBy('comments.id', 'desc').limit(50).execute(),
    ctx.db.selectFrom('donations').select(['id', 'kind', 'amount', 'currency', 'status', 'created_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').limit(50).execute(),
    authorHistories(ctx, [userId]),
  ]);
  const s = currentSanction(sanctions.filter((x) => !x.lifted_at), now);
  return {
    user: {
      id: user.id,
      displayName: user.display_name,
      roles: roles.map((r) => r.role).sort(),
      supporter: supporterStatus(user.supporter_until, now),
      supporterSince: user.supporter_since,
      sanction: { state: s.state, until: s.until, reason: s.reason },
      createdAt: user.created_at,
      reviewState: user.review_state,
      reviewNote: user.review_note,
      flagReliability: user.flag_reliability,
      deleted: !!user.deleted_at,
    },
    history: history.get(userId) ?? null,
    strikes: strikes.map((x) => ({ id: x.id, commentId: x.comment_id, reason: x.reason, createdAt: x.created_at, expiresAt: x.expires_at, live: x.expires_at > now.toISOString() })),
    sanctions: sanctions.map(toApiSanction),
    comments: comments.map((c) => ({ id: c.id, status: c.status, removedReason: c.removed_reason, body: c.body, createdAt: c.created_at, post: { slug: c.slug, title: c.title } })),
    donations: donations.map((d) => ({ id: d.id, kind: d.kind, amount: d.amount, currency: d.currency, status: d.status, createdAt: d.created_at })),
  };
}

export type QueueCommentRow = CommentsTable & { post_slug: string; post_title: string };

/** The evidence lines of a verdict, once each, in the order of the text: what a moderator and the author read. */
export function evidenceLines(v: Pick<AutomatedVerdict, 'phrases'> | null): string[] {
  return [...new Set((v?.phrases ?? []).map((p) => p.why).filter((w): w is string => !!w))];
}
