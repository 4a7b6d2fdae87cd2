/* The bridge between the comment services (services/comments/) and the automated moderation
   pipeline: loads the pipeline's input from the database, runs `moderate`, turns a rejection into
   a refusal with its code (a DomainError: 401/403 for the gate's codes, 429 for rate and repeats,
   else 422), and audits every automated hold or reject. */

import type { AppContext } from '../context';
import type { SessionUser } from '../plugins/session';
import type { PostsTable } from '../../store/schema';
import type { Db } from '../../store/users';
import { moderateOffThread } from '../../moderation/off-thread';
import { DEFAULT_MODERATION_SETTINGS } from '../../moderation/settings';
import type { ModerationInput, ModerationResult, ModerationSettings } from '../../moderation/types';
import { getSettingRemembered } from '../../store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../../domain/json';
import { audit } from '../../store/audit';
import { recentCommentBodies, recentCommentCounts } from '../../store/comments';
import { discussionOpen } from '../../domain/gate';
import { DAY, HOUR, MINUTE } from '../../domain/clock';
import { DomainError, type DomainErrorKind } from '../../domain/errors';

/** How long a node goes on using the moderation settings it read before it reads them again (its own changes show at once). */
const SETTINGS_MAX_AGE_MS = 1000;
/** The stored `moderation` setting: sections by name, each merged over its defaults when it is an object. */
const STORED_MODERATION = jsonReader(Type.Record(Type.String(), Type.Unknown()), 'setting moderation');

/** The site's moderation settings: the stored 'moderation' setting, section by section over the defaults. */
export async function moderationSettings(db: Db): Promise<ModerationSettings> {
  const remembered = await getSettingRemembered(db as never, 'moderation', STORED_MODERATION, SETTINGS_MAX_AGE_MS);
  // The same stored value (remembered) gives the same object: comments sent to the moderation worker
  // together carry it once.
  if (lastMerged && remembered === lastMerged.stored) return lastMerged.settings;
  const stored = remembered ?? {};
  const merged: Record<string, unknown> = {};
  for (const [section, defaults] of Object.entries(DEFAULT_MODERATION_SETTINGS)) {
    const given = stored[section];
    merged[section] = given && typeof given === 'object' && !Array.isArray(given) ? { ...(defaults as object), ...given } : defaults;
  }
  const settings = merged as unknown as ModerationSettings;
  lastMerged = { stored: remembered, settings };
  return settings;
}
let lastMerged: { stored: unknown; settings: ModerationSettings } | null = null;

/** How many recent comments of the author the input carries for repeat detection. */
const RECENT_BODIES = 20;

export interface ModerationSubject {
  user: SessionUser;
  post: Pick<PostsTable, 'id' | 'discussion' | 'discussion_closes_at'>;
  text: string;
  /** Set when an existing comment is edited: it is not counted as a new comment, nor compared with itself. */
  editing?: string;
}

/** Builds the pipeline's input from the database. */
export async function loadModerationInput(ctx: AppContext, s: ModerationSubject): Promise<ModerationInput> {
  const now = ctx.clock.now();
  const t = now.getTime();
  const since = (ms: number) => new Date(t - ms).toISOString();
  // The last hour's comment counts for the rate windows (counted by the database) and the last
  // day's latest bodies for repeats: a prolific author's whole day is not read on every comment.
  const minuteAgo = since(MINUTE);
  const tenMinutesAgo = since(10 * MINUTE);
  // The settings first (remembered, so rarely a query): what a phase that is off would read is not read.
  const settings = await moderationSettings(ctx.db);
  const [counts, bodies] = await Promise.all([
    s.editing || !settings.rateLimit.enabled ? null : recentCommentCounts(ctx.db, { authorId: s.user.id, postId: s.post.id, hourAgo: since(HOUR), tenMinutesAgo, minuteAgo }), // an edit is not a new comment for the rate limits
    settings.repeatPost.policy === 'off' ? [] : recentCommentBodies(ctx.db, s.user.id, since(DAY), RECENT_BODIES + 1),
  ]);
  return {
    text: s.text,
    now,
    user: {
      id: s.user.id,
      isSupporter: s.user.supporter.active,
      sanction: s.user.sanction.state,
      underReview: s.user.reviewState !== null,
      publishedCommentCount: s.user.publishedCommentCount, // kept on the user row (migration 006), not counted
      supporterSince: s.user.supporterSince,
    },
    post: { id: s.post.id, discussionOpen: discussionOpen({ discussion: s.post.discussion, discussionClosesAt: s.post.discussion_closes_at }, now) },
    recent: {
      userCommentsLastMinute: counts?.lastMinute ?? 0,
      userCommentsLastHour: counts?.lastHour ?? 0,
      userCommentsOnPostLast10Min: counts?.onPostLast10Min ?? 0,
      userRecentBodies: bodies.filter((r) => r.id !== s.editing).slice(0, RECENT_BODIES).map((r) => r.body),
    },
    settings,
  };
}

const GATE_CODES = new Set(['sign_in_required', 'supporters_only', 'banned', 'suspended', 'discussion_closed']);
const TOO_MANY = new Set(['rate_limited', 'repeat_post']);

/** The refusal of a rejected comment: forbidden (403) for the gate's codes, too many (429) for rate and repeats, else invalid (422: the author may edit and resubmit). */
export function refusalFor(result: ModerationResult): DomainError {
  const code = result.code ?? 'rejected';
  const kind: DomainErrorKind = GATE_CODES.has(code) ? (code === 'sign_in_required' ? 'unauthorized' : 'forbidden') : TOO_MANY.has(code) ? 'too_many' : 'invalid';
  const extra: Record<string, unknown> = { reasons: result.reasons.filter((r) => r.action === 'reject').map((r) => r.code) };
  if (result.phrases.length) extra.phrases = result.phrases;
  if (code === 'rate_limited') extra.retryAfterSeconds = 60;
  return new DomainError(kind, code, result.message || 'This comment cannot be published.', extra);
}

/** What is stored in comments.moderation: the automated decision, without the text. */
export function decisionRecord(result: ModerationResult, at: Date) {
  return { decision: result.decision, code: result.code, reasons: result.reasons, abusive: result.abusive, score: result.score, phrases: result.phrases, at: at.toISOString() };
}

export type Verdict = { ok: true; status: 'published' | 'pending'; result: ModerationResult } | { ok: false; error: DomainError; result: ModerationResult };

/** Runs the pipeline on a new or edited comment. A rejection is audited here (actor null); a hold is audited by the caller once the comment has an id. */
export async function moderateComment(ctx: AppContext, s: ModerationSubject): Promise<Verdict> {
  const input = await loadModerationInput(ctx, s);
  const result = await moderateOffThread(input);
  if (result.decision === 'reject') {
    await audit(
      ctx.db,
      {
        actorId: null,
        action: s.editing ? 'comment.edit_rejected' : 'comment.rejected',
        targetKind: s.editing ? 'comment' : 'user',
        targetId: s.editing ?? s.user.id,
        reason: result.code,
        after: { postId: s.post.id, userId: s.user.id, body: s.text, moderation: decisionRecord(result, input.now) },
      },
      input.now,
    );
    return { ok: false, error: refusalFor(result), result };
  }
  return { ok: true, status: result.decision === 'hold' ? 'pending' : 'published', result };
}

/** Audits an automated hold of a stored comment. */
export async function auditHold(db: Db, commentId: string, result: ModerationResult, now: Date, edit = false): Promise<void> {
  await audit(db as never, { actorId: null, action: edit ? 'comment.edit_held' : 'comment.held', targetKind: 'comment', targetId: commentId, reason: result.code ?? result.reasons.find((r) => r.action === 'hold')?.code ?? 'held', after: decisionRecord(result, now) }, now);
}
