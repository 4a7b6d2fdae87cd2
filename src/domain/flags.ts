/* Community flags: how much one user's flag weighs, and how that changes with moderators' verdicts. Pure. */

export const FLAG_REASONS = ['abuse', 'profanity', 'spam', 'off_topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

const KNOWN_REASONS: ReadonlySet<string> = new Set(FLAG_REASONS);

export function isFlagReason(s: string): s is FlagReason {
  return KNOWN_REASONS.has(s);
}

/** A moderator's verdict on a flag: upheld when the comment is removed, rejected when it is approved. */
export type FlagResolution = 'upheld' | 'rejected';

/** Summed flag weight from distinct users that hides a comment pending review. */
export const DEFAULT_FLAG_THRESHOLD = 3;

/** Reliability never drops to zero: a user who was wrong a few times can still be heard. */
export const MIN_RELIABILITY = 0.1;

/** A flag a moderator rejected (the comment was approved): the flagger's next flags count for less. */
export function lowerReliability(r: number): number {
  return Math.max(MIN_RELIABILITY, Math.round(r * 0.7 * 1000) / 1000);
}

/** A flag a moderator upheld (the comment was removed): the flagger's weight recovers towards 1. */
export function raiseReliability(r: number): number {
  return Math.min(1, Math.round((r + (1 - r) * 0.5) * 1000) / 1000);
}

export function reachesThreshold(totalWeight: number, threshold: number): boolean {
  // Rounding: three flags of 1/3 each must reach a threshold of 1.
  return totalWeight + 1e-9 >= threshold;
}
