/* The sanction a user is under right now, derived from their sanction records. */

export type SanctionState = 'none' | 'warned' | 'suspended' | 'banned';

export const SANCTION_KINDS = ['warning', 'suspension', 'ban'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

/** An appeal is open until a moderator upholds the sanction or lifts it. */
export const APPEAL_STATUSES = ['open', 'upheld', 'lifted'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export interface SanctionRecord {
  id: string;
  kind: SanctionKind;
  starts_at: string;
  ends_at: string | null;
  reason: string;
  created_at: string;
  lifted_at: string | null;
}

export interface CurrentSanction {
  state: SanctionState;
  until: string | null;
  reason: string | null;
  sanctionId: string | null;
}

export const NO_SANCTION: CurrentSanction = { state: 'none', until: null, reason: null, sanctionId: null };

/** A warning shows for this long after it was given. */
export const WARNING_SHOWN_MS = 30 * 24 * 3600 * 1000;

export function currentSanction(records: readonly SanctionRecord[], now: Date): CurrentSanction {
  const t = now.toISOString();
  const live = records.filter((r) => !r.lifted_at && r.starts_at <= t);
  const ban = live.find((r) => r.kind === 'ban' && (r.ends_at === null || r.ends_at > t));
  if (ban) return { state: 'banned', until: null, reason: ban.reason, sanctionId: ban.id };
  const suspensions = live
    .flatMap((r) => (r.kind === 'suspension' && r.ends_at !== null && r.ends_at > t ? [{ ...r, ends_at: r.ends_at }] : []))
    .sort((a, b) => (a.ends_at < b.ends_at ? 1 : -1));
  const s = suspensions[0];
  if (s) return { state: 'suspended', until: s.ends_at, reason: s.reason, sanctionId: s.id };
  const warnings = live
    .filter((r) => r.kind === 'warning' && new Date(r.created_at).getTime() + WARNING_SHOWN_MS > now.getTime())
    .sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
  const w = warnings[0];
  if (w) return { state: 'warned', until: null, reason: w.reason, sanctionId: w.id };
  return NO_SANCTION;
}
