/* The moderation queues and what moderators see of each item: the comment in context, the automated
   verdict with its phrases, the flags, and the author's history at a glance. */

import { DomainError } from '../domain/errors';
import { auditSubjects, banLinks } from '../store/audit';
import { authorHistoryRows, commentTexts, type QueueCommentKind, flagsOnComments, openAppealRows, queueCommentRows, queueCountRow, queueParents, reviewRows, sanctionsByIds, userDetailRows } from '../store/moderation-queue';
import type { AppContext } from '../server/context';
import type { CommentsTable } from '../store/schema';
import { decodeCursor, encodeCursor } from '../store/cursor';
import { currentSanction } from '../domain/sanctions';
import { supporterStatus } from '../domain/supporter';
import { DAY } from '../domain/clock';
import { toApiSanction } from './actions';
import { REVIEW_BAN_EVASION } from './ban-evasion';
import { toApiAppeal } from './appeals';
import { rememberedCounts, rememberedPage } from './counts-cache';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';

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

/** The stored verdict is an object; its fields are read one by one below. */
const STORED_VERDICT = jsonReader(Type.Record(Type.String(), Type.Unknown()), 'stored verdict');

export function parseVerdict(json: string | null): AutomatedVerdict | null {
  if (!json) return null;
  const v = STORED_VERDICT.tryParse(json);
  if (!v) return null;
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
  const { users, strikes, sanctions } = await authorHistoryRows(ctx.db, ids, now.toISOString());
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
  /** How many comments a filtered page looks at, at most (the store's FILTER_WINDOW unless set). */
  window?: number;
}

/* Keyset paging by id, shared by every queue: the page size, the id after which a page starts, and
   the page with the cursor of the next one (one extra row is fetched to know whether there is one). */
const pageSize = (opts: QueueOptions) => Math.min(Math.max(opts.limit ?? 50, 1), 200);

function cursorId(opts: QueueOptions): string | null {
  if (!opts.cursor) return null;
  const c = decodeCursor(opts.cursor, ['string']);
  if (!c) throw new DomainError('invalid', 'invalid_cursor', 'That page cursor is not valid.');
  return c[0] as string;
}

function paged<T extends { id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

async function commentQueue(ctx: AppContext, opts: QueueOptions & { kind: QueueCommentKind }) {
  const limit = pageSize(opts);
  const { rows, windowEnd } = await queueCommentRows(ctx.db, { kind: opts.kind, after: cursorId(opts), limit, post: opts.post, reason: opts.reason, window: opts.window });
  const { page, nextCursor: afterPage } = paged(rows, limit);
  // A filtered page that reached the end of its window goes on after the window (store: FILTER_WINDOW).
  const nextCursor = afterPage ?? (windowEnd ? encodeCursor([windowEnd]) : null);
  const parentIds = [...new Set(page.map((r) => r.parent_id).filter((x): x is string => !!x))];
  const [parents, flags, authors] = await Promise.all([
    queueParents(ctx.db, parentIds),
    flagsOnComments(ctx.db, page.map((r) => r.id)),
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
  const rows = await reviewRows(ctx.db, REVIEW_BAN_EVASION, cursorId(opts), limit);
  const { page, nextCursor } = paged(rows, limit);
  const authors = await authorHistories(ctx, page.map((r) => r.id));
  const linked = await linkedAccounts(ctx, page.map((r) => r.id));
  const items = page.map((r) => ({ kind: 'user' as const, id: r.id, note: r.review_note, user: authors.get(r.id) ?? null, linked: linked.get(r.id) ?? null }));
  return { items, nextCursor };
}

async function appealsQueue(ctx: AppContext, opts: QueueOptions) {
  const limit = pageSize(opts);
  const rows = await openAppealRows(ctx.db, cursorId(opts), limit);
  const { page, nextCursor } = paged(rows, limit);
  const sanctionIds = page.map((a) => a.sanction_id);
  const [sanctions, authors] = await Promise.all([
    sanctionsByIds(ctx.db, sanctionIds),
    authorHistories(ctx, [...new Set(page.map((a) => a.user_id))]),
  ]);
  const commentIds = sanctions.map((s) => s.comment_id).filter((x): x is string => !!x);
  const comments = await commentTexts(ctx.db, commentIds);
  // Every appeal is of a sanction (appeals.sanction_id references it); one not found is left out rather than shown half.
  const items = page.flatMap((a) => {
    const s = sanctions.find((x) => x.id === a.sanction_id);
    if (!s) return [];
    const c = comments.find((x) => x.id === s.comment_id);
    return [{ kind: 'appeal' as const, id: a.id, appeal: toApiAppeal(a), sanction: toApiSanction(s), comment: c ? { id: c.id, body: c.body, removedReason: c.removed_reason } : null, user: authors.get(a.user_id) ?? null }];
  });
  return { items, nextCursor };
}

/** How old a queue page may be when a moderator asks for it again; this node's own changes forget it at once. */
export const QUEUE_PAGE_TTL_MS = 1_000;

/** One page of a queue, as this node read it within QUEUE_PAGE_TTL_MS. */
export function listQueue(ctx: AppContext, opts: QueueOptions) {
  const key = JSON.stringify([opts.kind, opts.cursor ?? null, opts.limit ?? null, opts.post ?? null, opts.reason ?? null, opts.window ?? null]);
  return rememberedPage(ctx, key, QUEUE_PAGE_TTL_MS, () => readQueue(ctx, opts));
}

async function readQueue(ctx: AppContext, opts: QueueOptions) {
  if (opts.kind === 'review') return reviewQueue(ctx, opts);
  if (opts.kind === 'appeals') return appealsQueue(ctx, opts);
  return commentQueue(ctx, { ...opts, kind: opts.kind });
}

export type QueueCounts = Record<QueueKind, number>;

/** Read now: counts for the workspace navigation; "removed" counts removals of the last 7 days. One
    statement of scalar subqueries, so a count costs one round trip (and one pooled connection). */
async function readQueueCounts(ctx: AppContext): Promise<QueueCounts> {
  const since = new Date(ctx.clock.now().getTime() - 7 * DAY).toISOString();
  const r = await queueCountRow(ctx.db, { since, reviewState: REVIEW_BAN_EVASION });
  return { ...r, pending: r.pending - r.hidden };
}

/** Queues a moderator still has to look at (not "removed", which is history). */
const WAITING: readonly QueueKind[] = ['pending', 'hidden', 'flagged', 'review', 'appeals'];

/** How old the counts in the site header may be. */
export const HEADER_COUNTS_TTL_MS = 5_000;
/** How old the counts beside a queue may be: each read looks up every comment with an open flag,
    which moderators paging through the queues would otherwise repeat for every page. */
export const QUEUE_COUNTS_TTL_MS = 1_000;

/** The queue counts as this node read them at most `maxAgeMs` ago (0: read now). This node's own
    changes to a queue forget them at once (notifyModerators); other nodes' show within the age. */
export function queueCounts(ctx: AppContext, maxAgeMs = QUEUE_COUNTS_TTL_MS): Promise<QueueCounts> {
  return rememberedCounts(ctx, maxAgeMs, () => readQueueCounts(ctx));
}

/** Items waiting for a moderator, for the site header: cheap enough to ask on every page a moderator opens. */
export async function waitingForReview(ctx: AppContext): Promise<number> {
  const counts = await queueCounts(ctx, HEADER_COUNTS_TTL_MS);
  return WAITING.reduce((sum, kind) => sum + counts[kind], 0);
}

/** A moderator's view of one account. */
export async function userDetail(ctx: AppContext, userId: string) {
  const [rows, history] = await Promise.all([userDetailRows(ctx.db, userId), authorHistories(ctx, [userId])]);
  if (!rows) throw new DomainError('not_found', 'not_found', 'That user was not found.');
  const { user, roles, strikes, sanctions, comments, donations } = rows;
  const now = ctx.clock.now();
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
