import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { getSetting } from '../store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';
import { ladderPolicy, type LadderPolicy } from '../domain/ladder';
import { DEFAULT_FLAG_THRESHOLD } from '../domain/flags';

/* The moderation policy a site can change (settings table, JSON values):
   - moderation.ladder: {strikeTtlDays, steps: [{kind: warning|suspension|ban, hours?}]}
   - moderation.flagThreshold: summed flag weight that hides a comment pending review (default 3)
   - moderation.moderatorsMayUnban: whether moderators (not only admins) may lift permanent bans (default false) */

export interface ModerationPolicy {
  ladder: LadderPolicy;
  flagThreshold: number;
  moderatorsMayUnban: boolean;
}

export const SETTING_LADDER = 'moderation.ladder';
export const SETTING_FLAG_THRESHOLD = 'moderation.flagThreshold';
export const SETTING_MODERATORS_MAY_UNBAN = 'moderation.moderatorsMayUnban';

/** Each policy setting is checked field by field below, falling back to the default. */
const ANY_VALUE = jsonReader(Type.Unknown(), 'moderation policy setting');

export async function moderationPolicy(db: Kysely<Database>): Promise<ModerationPolicy> {
  const [ladder, threshold, mayUnban] = await Promise.all([
    getSetting(db, SETTING_LADDER, ANY_VALUE),
    getSetting(db, SETTING_FLAG_THRESHOLD, ANY_VALUE),
    getSetting(db, SETTING_MODERATORS_MAY_UNBAN, ANY_VALUE),
  ]);
  return {
    ladder: ladderPolicy(ladder),
    flagThreshold: typeof threshold === 'number' && threshold > 0 ? threshold : DEFAULT_FLAG_THRESHOLD,
    moderatorsMayUnban: mayUnban === true,
  };
}
