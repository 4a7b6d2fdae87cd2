/* Whether a user is a supporter now, from the cached end of their support. */

/** Stored as the end of open-ended support (an admin grant without an end date). */
export const OPEN_ENDED = '9999-12-31T23:59:59.999Z';

export interface SupporterStatus {
  active: boolean;
  until: string | null;
}

export function supporterStatus(supporterUntil: string | null, now: Date): SupporterStatus {
  if (!supporterUntil || supporterUntil <= now.toISOString()) {
    return { active: false, until: supporterUntil && supporterUntil !== OPEN_ENDED ? supporterUntil : null };
  }
  return { active: true, until: supporterUntil === OPEN_ENDED ? null : supporterUntil };
}
