/* When a user was last mailed about a thread, so that they are mailed at most once per interval. */

import type { Db } from './users';

/** Claims the user's mail slot for a thread unless one was taken after `cutoff` (one statement, so two nodes cannot both claim it). */
export async function claimMailSlot(db: Db, userId: string, threadKey: string, now: string, cutoff: string): Promise<boolean> {
  const claimed = await db
    .insertInto('notification_log')
    .values({ user_id: userId, thread_key: threadKey, sent_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'thread_key']).doUpdateSet({ sent_at: now }).where('notification_log.sent_at', '<=', cutoff))
    .executeTakeFirst();
  return Number(claimed.numInsertedOrUpdatedRows ?? 0) > 0;
}
