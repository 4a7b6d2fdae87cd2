/* Steps a moderator's decision on a comment shares (approve, remove): claiming the comment in the
   status it was read with, and settling its open flags. Run inside the decision's transaction. */

import type { CommentsTable } from '../../../store/schema';
import type { Db } from '../../../store/users';
import { setFlagReliability } from '../../../store/users';
import { changeCommentStatus, claimCommentInStatus, setFlagWeight } from '../../../store/comments';
import { openFlagsWithFlaggers, resolveFlag } from '../../../store/flags';
import { lowerReliability, raiseReliability } from '../../../domain/flags';
import { DomainError } from '../../../domain/errors';

/** Moves a comment from the status it was read with; a conflict when someone else changed it meanwhile. */
export async function moveComment(trx: Db, row: CommentsTable, to: CommentsTable['status'], removedReason: string | null = null): Promise<void> {
  if (!(await claimCommentInStatus(trx, row.id, row.status))) throw new DomainError('conflict', 'conflict', 'Someone else has just moderated this comment. Reload to see its state.');
  await changeCommentStatus(trx, row, to, removedReason);
}

/** Resolves the comment's open flags (upheld or rejected), moving each flagger's reliability; returns how many. */
export async function resolveFlags(trx: Db, commentId: string, resolution: 'upheld' | 'rejected'): Promise<number> {
  const flags = await openFlagsWithFlaggers(trx, commentId);
  for (const f of flags) {
    const next = resolution === 'upheld' ? raiseReliability(f.flag_reliability) : lowerReliability(f.flag_reliability);
    await setFlagReliability(trx, f.user_id, next);
    await resolveFlag(trx, f.id, resolution);
  }
  if (flags.length) await setFlagWeight(trx, commentId, 0);
  return flags.length;
}

/** The audit entry's "before" of a comment. */
export function snapshot(row: CommentsTable) {
  return { status: row.status, removedReason: row.removed_reason, flagWeight: row.flag_weight };
}
