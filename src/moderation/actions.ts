/* Human moderation decisions on accounts and what the comment decisions share: suspend, ban
   (recording the identities that make it stick), unban, lift, waive a strike; the sanction a removal's
   strike leads to and the notices. Each decision is one transaction with its audit entry; mail and
   events follow once it is committed. Approving and removing a comment are comment services
   (server/services/comments/). */

import type { AppContext } from '../server/context';
import type { CommentsTable, SanctionsTable, UsersTable } from '../store/schema';
import type { Db } from '../store/users';
import { accountIdentities, findUserById, getRoles, getSanction, lockUser, setReviewState } from '../store/users';
import { findComment } from '../store/comments';
import { findPostTitle } from '../store/posts';
import {
  donationIdentities,
  expireStrike,
  expireStrikesFor,
  findStrike,
  identitiesOfSanction,
  insertBanIdentity,
  insertSanction as storeSanction,
  insertStrike,
  liftSanctions,
  liveStrikes,
  unliftedBans,
  type IdentityHash,
} from '../store/sanctions';
import { audit } from '../store/audit';
import { newId } from '../store/ids';
import { formatDateTime } from '../domain/dates';
import { DomainError, notFoundError } from '../domain/errors';
import { identityHash, identityValues, lookupValues, type IdentityValues } from '../domain/identity';
import { HOUR } from '../domain/clock';
import { can } from '../domain/roles';
import type { SanctionKind } from '../domain/sanctions';
import { describeStep, sanctionForStrikes, strikeExpiry, type LadderSanction } from '../domain/ladder';
import { moderationPolicy, type ModerationPolicy } from './policy';
import { forgetCounts } from './counts-cache';

/** Bus channel the moderation workspace listens to (GET /api/mod/events). */
export const MOD_CHANNEL = 'mod';

export const REMOVAL_REASONS = ['profanity', 'abuse', 'spam', 'off_topic', 'other'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

export const REASON_LABEL: Record<string, string> = {
  profanity: 'profanity',
  abuse: 'abuse',
  spam: 'spam',
  off_topic: 'being off topic',
  other: 'breaking the discussion rules',
};

/** Who decided: a signed-in moderator or admin, or Parley itself (actor id null). */
export interface Actor {
  id: string | null;
  roles: readonly string[];
}

export const SYSTEM: Actor = { id: null, roles: [] };

export function actorRole(actor: Actor): string {
  if (!actor.id) return 'automated';
  return actor.roles.includes('admin') ? 'admin' : 'moderator';
}

export interface ApiSanction {
  id: string;
  userId: string;
  kind: string;
  startsAt: string;
  endsAt: string | null;
  reason: string;
  commentId: string | null;
  automatic: boolean;
  createdAt: string;
  liftedAt: string | null;
  liftReason: string | null;
}

export function toApiSanction(s: SanctionsTable): ApiSanction {
  return {
    id: s.id,
    userId: s.user_id,
    kind: s.kind,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    reason: s.reason,
    commentId: s.comment_id,
    automatic: s.created_by === null,
    createdAt: s.created_at,
    liftedAt: s.lifted_at,
    liftReason: s.lift_reason,
  };
}

/** Tells open moderation workspaces that something changed (queues refetch their counts and items),
    and drops this node's remembered counts so that its next page header counts afresh. */
export async function notifyModerators(ctx: AppContext, type: string, data: Record<string, unknown>): Promise<void> {
  forgetCounts(ctx);
  await ctx.bus.publish(MOD_CHANNEL, { type, data }).catch((err: unknown) => ctx.log.warn({ err }, 'mod event not published'));
}

export async function loadComment(db: Db, id: string): Promise<CommentsTable> {
  const row = await findComment(db, id);
  if (!row) throw notFoundError('That comment');
  return row;
}

/** What a removal's strike led to: the strike, and the sanction of the ladder step it reached (if any). */
export interface StrikeOutcome {
  strike: { id: string; expiresAt: string };
  applied: { sanction: SanctionsTable; ladder: LadderSanction } | null;
}

/**
 * Records a strike against the author of a removed comment and climbs the ladder: the sanction its
 * step gives (warning, suspension, ban with its identities), audited. Call inside the removal's
 * transaction.
 */
export async function strikeForRemoval(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  comment: Pick<CommentsTable, 'id' | 'post_id'> & { author_id: string },
  reason: string,
  ladder: ModerationPolicy['ladder'],
  now: Date,
): Promise<StrikeOutcome> {
  const authorId = comment.author_id;
  // Row lock on the author: removals of two of their comments at once climb the ladder one step each.
  await lockUser(trx, authorId);
  const s = { id: newId(now.getTime()), user_id: authorId, comment_id: comment.id, reason, created_at: now.toISOString(), expires_at: strikeExpiry(ladder, now).toISOString(), created_by: actor.id };
  await insertStrike(trx, s);
  const strike = { id: s.id, expiresAt: s.expires_at };
  await audit(trx, { actorId: actor.id, action: 'strike.recorded', targetKind: 'user', targetId: authorId, reason, after: { strikeId: s.id, commentId: comment.id, expiresAt: s.expires_at } }, now);
  const strikes = await liveStrikes(trx, authorId, now.toISOString());
  const step = sanctionForStrikes(ladder, strikes, now);
  if (!step) return { strike, applied: null };
  const before = await sanctionState(trx, authorId, now);
  if (before.state === 'banned') return { strike, applied: null }; // nothing further up the ladder
  const post = await findPostTitle(trx, comment.post_id);
  const why = `Comment removed for ${REASON_LABEL[reason] ?? reason} on “${post?.title ?? 'a post'}” (strike ${step.liveStrikes}: ${describeStep({ kind: step.kind, hours: step.endsAt ? (new Date(step.endsAt).getTime() - now.getTime()) / HOUR : undefined })})`;
  const sanction = await insertSanction(trx, { userId: authorId, kind: step.kind, endsAt: step.endsAt, reason: why, commentId: comment.id, createdBy: null }, now);
  await audit(trx, { actorId: null, action: `sanction.${step.kind}`, targetKind: 'user', targetId: authorId, reason: why, before, after: { sanctionId: sanction.id, kind: step.kind, endsAt: step.endsAt, ladderStep: step.step, liveStrikes: step.liveStrikes, triggeredBy: actor.id } }, now);
  if (step.kind === 'ban') await recordBanIdentities(ctx, trx, authorId, sanction.id, now);
  return { strike, applied: { sanction, ladder: step } };
}

export async function sanctionState(db: Db, userId: string, now: Date) {
  const c = await getSanction(db, userId, now);
  return { state: c.state, until: c.until, reason: c.reason };
}

export async function insertSanction(
  trx: Db,
  s: { userId: string; kind: SanctionKind; endsAt: string | null; reason: string; commentId: string | null; createdBy: string | null },
  now: Date,
): Promise<SanctionsTable> {
  const row: SanctionsTable = {
    id: newId(now.getTime()),
    user_id: s.userId,
    kind: s.kind,
    starts_at: now.toISOString(),
    ends_at: s.endsAt,
    reason: s.reason,
    comment_id: s.commentId,
    created_by: s.createdBy,
    created_at: now.toISOString(),
    lifted_at: null,
    lifted_by: null,
    lift_reason: null,
  };
  await storeSanction(trx, row);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Suspend, ban, unban, lift

async function targetUser(ctx: AppContext, actor: Actor, userId: string): Promise<UsersTable> {
  const user = await findUserById(ctx.db, userId);
  if (!user || user.deleted_at) throw notFoundError('That user');
  if (user.id === actor.id) throw new DomainError('invalid', 'self_sanction', 'You cannot sanction yourself.');
  const theirs = await getRoles(ctx.db, userId);
  // Staff are not sanctioned by their peers: only an admin may act on a moderator, nobody on an admin.
  if (theirs.includes('admin') || (theirs.includes('moderator') && !actor.roles.includes('admin'))) {
    throw new DomainError('forbidden', 'forbidden', 'Your role does not allow sanctioning this account.');
  }
  return user;
}

export async function suspendUser(ctx: AppContext, actor: Actor, userId: string, opts: { hours: number; reason: string; commentId?: string | null }): Promise<ApiSanction> {
  const now = ctx.clock.now();
  const user = await targetUser(ctx, actor, userId);
  const endsAt = new Date(now.getTime() + opts.hours * HOUR).toISOString();
  const sanction = await ctx.db.transaction().execute(async (trx) => {
    const before = await sanctionState(trx, user.id, now);
    if (before.state === 'banned') throw new DomainError('conflict', 'already_banned', 'This account is banned; a suspension would change nothing.');
    const s = await insertSanction(trx, { userId: user.id, kind: 'suspension', endsAt, reason: opts.reason, commentId: opts.commentId ?? null, createdBy: actor.id }, now);
    await audit(trx, { actorId: actor.id, action: 'sanction.suspension', targetKind: 'user', targetId: user.id, reason: opts.reason, before, after: { sanctionId: s.id, kind: 'suspension', endsAt, hours: opts.hours } }, now);
    return s;
  });
  const comment = opts.commentId ? await loadComment(ctx.db, opts.commentId).catch(() => null) : null;
  await sendSanctionNotice(ctx, user, sanction, comment, 'A moderator may suspend an account directly for severe breaches such as threats. Further breaches can lead to a permanent ban.');
  await notifyModerators(ctx, 'user.sanctioned', { userId: user.id, kind: 'suspension' });
  return toApiSanction(sanction);
}

export async function banUser(ctx: AppContext, actor: Actor, userId: string, opts: { reason: string; commentId?: string | null }): Promise<ApiSanction> {
  const now = ctx.clock.now();
  const user = await targetUser(ctx, actor, userId);
  const sanction = await ctx.db.transaction().execute(async (trx) => {
    const before = await sanctionState(trx, user.id, now);
    if (before.state === 'banned') throw new DomainError('conflict', 'already_banned', 'This account is already banned.');
    const s = await insertSanction(trx, { userId: user.id, kind: 'ban', endsAt: null, reason: opts.reason, commentId: opts.commentId ?? null, createdBy: actor.id }, now);
    const identities = await recordBanIdentities(ctx, trx, user.id, s.id, now);
    await audit(trx, { actorId: actor.id, action: 'sanction.ban', targetKind: 'user', targetId: user.id, reason: opts.reason, before, after: { sanctionId: s.id, kind: 'ban', identities } }, now);
    return s;
  });
  const comment = opts.commentId ? await loadComment(ctx.db, opts.commentId).catch(() => null) : null;
  await sendSanctionNotice(ctx, user, sanction, comment, 'This ban is permanent: it also applies to new accounts and new donations from you. You may appeal it once.');
  await notifyModerators(ctx, 'user.sanctioned', { userId: user.id, kind: 'ban' });
  return toApiSanction(sanction);
}

/** Whether this actor may lift permanent bans: admins always; moderators when the site allows it. */
export async function mayUnban(ctx: AppContext, actor: Actor): Promise<boolean> {
  if (can(actor.roles, 'unban')) return true;
  return can(actor.roles, 'moderate') && (await moderationPolicy(ctx.db)).moderatorsMayUnban;
}

/** Lifts every live ban of a user (and their review state); 409 when there is none. */
export async function unbanUser(ctx: AppContext, actor: Actor, userId: string, reason: string): Promise<void> {
  if (!(await mayUnban(ctx, actor))) throw new DomainError('forbidden', 'forbidden', 'Only admins can lift a permanent ban on this site.');
  const now = ctx.clock.now();
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFoundError('That user');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await sanctionState(trx, user.id, now);
    const bans = await unliftedBans(trx, user.id);
    if (!bans.length) throw new DomainError('conflict', 'not_banned', 'This account is not banned.');
    await liftSanctions(trx, bans.map((b) => b.id), { at: now.toISOString(), by: actor.id, reason });
    await setReviewState(trx, user.id, null, null);
    await audit(trx, { actorId: actor.id, action: 'sanction.unban', targetKind: 'user', targetId: user.id, reason, before, after: await sanctionState(trx, user.id, now) }, now);
  });
  await ctx.mailer.send({
    to: user.email,
    subject: 'Your ban has been lifted',
    text: `Hello ${user.display_name},\n\nThe moderators have lifted the ban on your account.\n\nReason: ${reason}\n\nYou can take part in the discussion again while you are a supporter.\n`,
  });
  await notifyModerators(ctx, 'user.unbanned', { userId: user.id });
}

/** Lifts one sanction (an appeal allowed, or a moderator reversed it). Lifting a ban needs the unban permission. */
export async function liftSanction(ctx: AppContext, trx: Db, actor: Actor, sanction: SanctionsTable, reason: string, now: Date): Promise<void> {
  if (sanction.lifted_at) return;
  await liftSanctions(trx, [sanction.id], { at: now.toISOString(), by: actor.id, reason });
  // The strike that led to it no longer counts either.
  if (sanction.comment_id) await expireStrikesFor(trx, sanction.comment_id, now.toISOString(), sanction.user_id);
  if (sanction.kind === 'ban') await setReviewState(trx, sanction.user_id, null, null);
  await audit(trx, { actorId: actor.id, action: 'sanction.lifted', targetKind: 'user', targetId: sanction.user_id, reason, before: { sanctionId: sanction.id, kind: sanction.kind, endsAt: sanction.ends_at }, after: { liftedAt: now.toISOString() } }, now);
}

/** Waives a strike: it stops counting towards the ladder from now (the record stays). */
export async function waiveStrike(ctx: AppContext, actor: Actor, strikeId: string, reason: string): Promise<void> {
  const now = ctx.clock.now();
  const strike = await findStrike(ctx.db, strikeId);
  if (!strike) throw notFoundError('That strike');
  if (strike.expires_at <= now.toISOString()) throw new DomainError('conflict', 'strike_expired', 'That strike no longer counts.');
  await ctx.db.transaction().execute(async (trx) => {
    await expireStrike(trx, strike.id, now.toISOString());
    await audit(trx, { actorId: actor.id, action: 'strike.waived', targetKind: 'user', targetId: strike.user_id, reason, before: { strikeId: strike.id, expiresAt: strike.expires_at }, after: { expiresAt: now.toISOString() } }, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Ban identities

export type { IdentityValues };

export function identityHashes(secret: string, v: IdentityValues): IdentityHash[] {
  return identityValues(v).map(({ kind, value }) => ({ kind, value_hash: identityHash(secret, kind, value) }));
}

/** The hashes a ban lookup tries (see lookupValues). */
export function lookupHashes(secret: string, v: IdentityValues): IdentityHash[] {
  return lookupValues(v).map(({ kind, value }) => ({ kind, value_hash: identityHash(secret, kind, value) }));
}

/** Records the normalised e-mail, the SSO subject and every payment identity of the user's donations under a ban. */
export async function recordBanIdentities(ctx: AppContext, trx: Db, userId: string, sanctionId: string, now: Date): Promise<string[]> {
  const user = await accountIdentities(trx, userId);
  if (!user) throw new Error(`no user ${userId} to ban`);
  const donations = await donationIdentities(trx, userId);
  const hashes = identityHashes(ctx.secret, { emailNormalized: user.email_normalized, ssoSubject: user.sso_subject });
  for (const d of donations) hashes.push(...identityHashes(ctx.secret, { stripeCustomerId: d.stripe_customer_id, cardFingerprint: d.card_fingerprint }));
  return addIdentities(trx, userId, sanctionId, hashes, now);
}

export async function addIdentities(trx: Db, userId: string, sanctionId: string, hashes: IdentityHash[], now: Date): Promise<string[]> {
  const existing = await identitiesOfSanction(trx, sanctionId);
  const seen = new Set(existing.map((e) => `${e.kind}:${e.value_hash}`));
  const kinds: string[] = [];
  for (const h of hashes) {
    const key = `${h.kind}:${h.value_hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kinds.push(h.kind);
    await insertBanIdentity(trx, { id: newId(now.getTime()), kind: h.kind, value_hash: h.value_hash, user_id: userId, sanction_id: sanctionId, created_at: now.toISOString() });
  }
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Notices

function excerpt(body: string, max = 280): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function sanctionSentence(s: SanctionsTable): string {
  if (s.kind === 'warning') return 'This is a formal warning. You can keep commenting.';
  if (s.kind === 'ban') return 'Your account is now permanently banned from the discussion.';
  return s.ends_at ? `Your account is suspended from commenting until ${formatDateTime(s.ends_at)}.` : 'Your account is suspended from commenting.';
}

function subjectFor(s: SanctionsTable | null): string {
  if (!s) return 'Your comment was removed';
  if (s.kind === 'warning') return 'Your comment was removed: a warning';
  if (s.kind === 'ban') return 'You have been banned from the discussion';
  return 'Your account is suspended from commenting';
}

export async function sendRemovalNotice(ctx: AppContext, comment: CommentsTable, reason: string, step: { sanction: SanctionsTable; next: string } | null, strike: boolean, note: string | null): Promise<void> {
  const user = comment.author_id ? await findUserById(ctx.db, comment.author_id) : undefined;
  if (!user || user.deleted_at) return;
  const post = await findPostTitle(ctx.db, comment.post_id);
  const lines = [
    `Hello ${user.display_name},`,
    '',
    `A moderator removed your comment on “${post?.title ?? 'a post'}” for ${REASON_LABEL[reason] ?? reason}:`,
    '',
    `> ${excerpt(comment.body)}`,
    '',
  ];
  if (note?.trim()) lines.push(`The moderator's note: ${note.trim()}`, '');
  if (strike) lines.push('Removals for profanity or abuse count as a strike.');
  if (step) lines.push(sanctionSentence(step.sanction), '', `What happens next: ${step.next}`);
  lines.push(
    '',
    `The statement of reasons for this decision: ${ctx.config.publicUrl}/account/moderation#comment-${comment.id}`,
    step && step.sanction.kind !== 'warning' ? `You can appeal once, from the same page.` : 'If you think this was a mistake, reply from that page.',
  );
  await ctx.mailer.send({ to: user.email, subject: subjectFor(step?.sanction ?? null), text: lines.join('\n') + '\n' });
}

async function sendSanctionNotice(ctx: AppContext, user: UsersTable, sanction: SanctionsTable, comment: CommentsTable | null, next: string): Promise<void> {
  const lines = [`Hello ${user.display_name},`, '', sanctionSentence(sanction), '', `Reason: ${sanction.reason}`];
  if (comment) lines.push('', `The comment concerned:`, `> ${excerpt(comment.body)}`);
  lines.push('', `What happens next: ${next}`, '', `You can appeal once: ${ctx.config.publicUrl}/account/moderation`);
  await ctx.mailer.send({ to: user.email, subject: subjectFor(sanction), text: lines.join('\n') + '\n' });
}
