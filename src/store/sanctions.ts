/* Sanctions, the strikes that lead to them, the identities a ban records, and appeals against them. */

import type { Selectable } from 'kysely';
import type { AppealsTable, BanIdentitiesTable, SanctionsTable, StrikesTable } from './schema';
import type { Db } from './users';
import type { AppealStatus } from '../domain/sanctions';

export type Sanction = Selectable<SanctionsTable>;
export type Strike = Selectable<StrikesTable>;
export type Appeal = Selectable<AppealsTable>;
export type IdentityHash = Pick<BanIdentitiesTable, 'kind' | 'value_hash'>;

/** A user's unlifted bans, optionally only those with the given reason, oldest first. */
export async function unliftedBans(db: Db, userId: string, reason?: string): Promise<Array<Pick<Sanction, 'id' | 'reason'>>> {
  let q = db.selectFrom('sanctions').select(['id', 'reason']).where('user_id', '=', userId).where('kind', '=', 'ban').where('lifted_at', 'is', null);
  if (reason !== undefined) q = q.where('reason', '=', reason);
  return q.orderBy('id').execute();
}

export async function findSanction(db: Db, id: string): Promise<Sanction | undefined> {
  return db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest sanction given for a comment. */
export async function latestSanctionFor(db: Db, commentId: string): Promise<Sanction | undefined> {
  return db.selectFrom('sanctions').selectAll().where('comment_id', '=', commentId).orderBy('id', 'desc').executeTakeFirst();
}

/** A user's sanctions, newest first. */
export async function sanctionsOf(db: Db, userId: string, limit?: number): Promise<Sanction[]> {
  const q = db.selectFrom('sanctions').selectAll().where('user_id', '=', userId).orderBy('id', 'desc');
  return (limit === undefined ? q : q.limit(limit)).execute();
}

export async function insertSanction(db: Db, row: Sanction): Promise<void> {
  await db.insertInto('sanctions').values(row).execute();
}

export async function liftSanctions(db: Db, ids: string[], lift: { at: string; by: string | null; reason: string }): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('sanctions').set({ lifted_at: lift.at, lifted_by: lift.by, lift_reason: lift.reason }).where('id', 'in', ids).execute();
}

/* ---- Strikes ---- */

export async function insertStrike(db: Db, row: Strike): Promise<void> {
  await db.insertInto('strikes').values(row).execute();
}

export async function findStrike(db: Db, id: string): Promise<Strike | undefined> {
  return db.selectFrom('strikes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The latest strike given for a comment. */
export async function latestStrikeFor(db: Db, commentId: string): Promise<Strike | undefined> {
  return db.selectFrom('strikes').selectAll().where('comment_id', '=', commentId).orderBy('id', 'desc').executeTakeFirst();
}

/** The strikes of a user that still count at `now`. */
export async function liveStrikes(db: Db, userId: string, now: string): Promise<Array<Pick<Strike, 'created_at' | 'expires_at'>>> {
  return db.selectFrom('strikes').select(['created_at', 'expires_at']).where('user_id', '=', userId).where('expires_at', '>', now).execute();
}

/** Ends a strike at `now` (the record stays). */
export async function expireStrike(db: Db, id: string, now: string): Promise<void> {
  await db.updateTable('strikes').set({ expires_at: now }).where('id', '=', id).execute();
}

/** Ends at `now` the live strikes given for a comment (to its author, when `userId` is given). */
export async function expireStrikesFor(db: Db, commentId: string, now: string, userId?: string): Promise<void> {
  let q = db.updateTable('strikes').set({ expires_at: now }).where('comment_id', '=', commentId);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  await q.where('expires_at', '>', now).execute();
}

/* ---- Ban identities ---- */

export async function identitiesOfSanction(db: Db, sanctionId: string): Promise<IdentityHash[]> {
  return db.selectFrom('ban_identities').select(['kind', 'value_hash']).where('sanction_id', '=', sanctionId).execute();
}

export async function insertBanIdentity(db: Db, row: Selectable<BanIdentitiesTable>): Promise<void> {
  await db.insertInto('ban_identities').values(row).execute();
}

/** Live bans (started by `at`) that recorded one of these identities. */
export async function bansMatching(db: Db, hashes: IdentityHash[], at: string): Promise<Array<{ kind: string; user_id: string; sanction_id: string }>> {
  if (!hashes.length) return [];
  return db
    .selectFrom('ban_identities')
    .innerJoin('sanctions', 'sanctions.id', 'ban_identities.sanction_id')
    .select(['ban_identities.kind', 'ban_identities.user_id', 'sanctions.id as sanction_id'])
    .where('sanctions.kind', '=', 'ban')
    .where('sanctions.lifted_at', 'is', null)
    .where('sanctions.starts_at', '<=', at)
    .where((eb) => eb.or(hashes.map((h) => eb.and([eb('ban_identities.kind', '=', h.kind), eb('ban_identities.value_hash', '=', h.value_hash)]))))
    .execute();
}

/** The payment identities of a user's donations, which a ban records too. */
export async function donationIdentities(db: Db, userId: string): Promise<Array<{ stripe_customer_id: string | null; card_fingerprint: string | null }>> {
  return db.selectFrom('donations').select(['stripe_customer_id', 'card_fingerprint']).where('user_id', '=', userId).execute();
}

/* ---- Appeals ---- */

export async function insertAppeal(db: Db, row: Appeal): Promise<void> {
  await db.insertInto('appeals').values(row).execute();
}

export async function findAppeal(db: Db, id: string): Promise<Appeal | undefined> {
  return db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function appealOfSanction(db: Db, sanctionId: string): Promise<Appeal | undefined> {
  return db.selectFrom('appeals').selectAll().where('sanction_id', '=', sanctionId).executeTakeFirst();
}

/** A user's appeals, newest first. */
export async function appealsOf(db: Db, userId: string, limit?: number): Promise<Appeal[]> {
  const q = db.selectFrom('appeals').selectAll().where('user_id', '=', userId).orderBy('id', 'desc');
  return (limit === undefined ? q : q.limit(limit)).execute();
}

/** Records the decision on an open appeal; false when someone decided it meanwhile. */
export async function decideOpenAppeal(db: Db, id: string, d: { status: AppealStatus; at: string; by: string | null; reason: string }): Promise<boolean> {
  const res = await db.updateTable('appeals').set({ status: d.status, decided_at: d.at, decided_by: d.by, decision_reason: d.reason }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
