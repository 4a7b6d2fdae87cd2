/* Appeals: one per sanction, by the sanctioned user; moderators uphold or lift it, and the user is told why. */

import { DomainError, notFoundError } from '../domain/errors';
import type { AppContext } from '../server/context';
import type { AppealsTable } from '../store/schema';
import { audit } from '../store/audit';
import { newId } from '../store/ids';
import { findUserById } from '../store/users';
import { decideOpenAppeal, findAppeal, findSanction, insertAppeal } from '../store/sanctions';
import { liftSanction, mayUnban, notifyModerators, type Actor } from './actions';
import { LINKED_REASON } from './ban-evasion';

export interface ApiAppeal {
  id: string;
  sanctionId: string;
  userId: string;
  body: string;
  status: string;
  createdAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
}

export function toApiAppeal(a: AppealsTable): ApiAppeal {
  return { id: a.id, sanctionId: a.sanction_id, userId: a.user_id, body: a.body, status: a.status, createdAt: a.created_at, decidedAt: a.decided_at, decisionReason: a.decision_reason };
}

export async function fileAppeal(ctx: AppContext, user: { id: string }, sanctionId: string, body: string): Promise<ApiAppeal> {
  const now = ctx.clock.now();
  const text = body.trim();
  if (!text) throw new DomainError('invalid', 'empty', 'Please say why the decision should be reconsidered.');
  const sanction = await findSanction(ctx.db, sanctionId);
  if (!sanction || sanction.user_id !== user.id) throw notFoundError('That sanction');
  if (sanction.lifted_at) throw new DomainError('conflict', 'sanction_lifted', 'This sanction has already been lifted.');
  if (sanction.kind === 'suspension' && sanction.ends_at && sanction.ends_at <= now.toISOString()) throw new DomainError('conflict', 'sanction_over', 'This suspension is already over.');
  const row: AppealsTable = { id: newId(now.getTime()), sanction_id: sanction.id, user_id: user.id, body: text, status: 'open', created_at: now.toISOString(), decided_at: null, decided_by: null, decision_reason: null };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertAppeal(trx, row);
      await audit(trx, { actorId: user.id, action: 'appeal.filed', targetKind: 'sanction', targetId: sanction.id, after: { appealId: row.id } }, now);
    });
  } catch (err) {
    if (/unique|duplicate/i.test(String(err))) throw new DomainError('conflict', 'already_appealed', 'You have already appealed this decision; each sanction can be appealed once.');
    throw err;
  }
  await notifyModerators(ctx, 'appeal.filed', { appealId: row.id });
  return toApiAppeal(row);
}

export async function decideAppeal(ctx: AppContext, actor: Actor, appealId: string, decision: 'upheld' | 'lifted', reason: string): Promise<ApiAppeal> {
  const now = ctx.clock.now();
  const appeal = await findAppeal(ctx.db, appealId);
  if (!appeal) throw notFoundError('That appeal');
  if (appeal.status !== 'open') throw new DomainError('conflict', 'already_decided', 'This appeal has already been decided.');
  const sanction = await findSanction(ctx.db, appeal.sanction_id);
  if (!sanction) throw new Error(`appeal ${appeal.id} without its sanction`);
  // A ban by association is the review queue's business, which moderators decide; a real ban needs the unban permission.
  const byAssociation = sanction.created_by === null && sanction.reason === LINKED_REASON;
  if (decision === 'lifted' && sanction.kind === 'ban' && !byAssociation && !(await mayUnban(ctx, actor))) {
    throw new DomainError('forbidden', 'forbidden', 'Only admins can lift a permanent ban on this site.');
  }
  await ctx.db.transaction().execute(async (trx) => {
    const decided = await decideOpenAppeal(trx, appeal.id, { status: decision, at: now.toISOString(), by: actor.id, reason });
    if (!decided) throw new DomainError('conflict', 'already_decided', 'This appeal has already been decided.');
    if (decision === 'lifted') await liftSanction(ctx, trx, actor, sanction, `Appeal allowed: ${reason}`, now);
    await audit(trx, { actorId: actor.id, action: `appeal.${decision}`, targetKind: 'sanction', targetId: sanction.id, reason, before: { status: 'open' }, after: { status: decision, appealId: appeal.id } }, now);
  });
  const user = await findUserById(ctx.db, appeal.user_id);
  if (user) {
    const what = sanction.kind === 'ban' ? 'ban' : sanction.kind === 'suspension' ? 'suspension' : 'warning';
    await ctx.mailer.send({
      to: user.email,
      subject: decision === 'lifted' ? `Your appeal was successful: the ${what} is lifted` : `Your appeal was not successful`,
      text:
        `Hello ${user.display_name},\n\nA moderator has decided your appeal against the ${what} (“${sanction.reason}”).\n\n` +
        (decision === 'lifted' ? `Decision: lifted. The ${what} no longer applies and its strike no longer counts.\n` : `Decision: upheld. The ${what} stays in place.\n`) +
        `\nReason: ${reason}\n\nEach sanction can be appealed once, so this decision is final.\n`,
    });
  }
  await notifyModerators(ctx, 'item.resolved', { appealId: appeal.id, action: decision });
  return toApiAppeal({ ...appeal, status: decision, decided_at: now.toISOString(), decided_by: actor.id, decision_reason: reason });
}
