/* The ladder of consequences: strikes from removals for profanity or abuse lead, step by step, to a
   warning, suspensions and a permanent ban. Pure: the caller passes the user's strikes and the time;
   the site's policy (a setting) can change the steps and how long a strike counts. */

import { DAY, HOUR } from './clock';
import type { SanctionKind } from './sanctions';

export type LadderStepKind = SanctionKind;

export interface LadderStep {
  kind: LadderStepKind;
  /** Length of a suspension; ignored for warnings and bans (a ban is permanent). */
  hours?: number;
}

export interface LadderPolicy {
  /** How long a strike counts towards the ladder. */
  strikeTtlDays: number;
  /** steps[n] applies at the (n+1)th live strike; strikes beyond the last step repeat the last step. */
  steps: LadderStep[];
}

export const DEFAULT_LADDER: LadderPolicy = {
  strikeTtlDays: 180,
  steps: [{ kind: 'warning' }, { kind: 'suspension', hours: 24 }, { kind: 'suspension', hours: 24 * 7 }, { kind: 'ban' }],
};

/** Reasons whose removal records a strike unless the moderator waives it. */
export const STRIKE_REASONS = new Set(['profanity', 'abuse']);

export interface StrikeLike {
  created_at: string;
  expires_at: string;
}

export interface LadderSanction {
  kind: LadderStepKind;
  /** 1-based position on the ladder (the number of live strikes, capped at the number of steps). */
  step: number;
  /** null for warnings and bans. */
  endsAt: string | null;
  liveStrikes: number;
}

/** A policy from a stored setting, falling back to the default for anything missing or malformed. */
export function ladderPolicy(stored: unknown): LadderPolicy {
  if (!stored || typeof stored !== 'object') return DEFAULT_LADDER;
  const s = stored as Partial<LadderPolicy>;
  const ttl = typeof s.strikeTtlDays === 'number' && s.strikeTtlDays > 0 ? s.strikeTtlDays : DEFAULT_LADDER.strikeTtlDays;
  const steps = Array.isArray(s.steps)
    ? s.steps.filter(
        (x): x is LadderStep =>
          !!x && (x.kind === 'warning' || x.kind === 'ban' || (x.kind === 'suspension' && typeof x.hours === 'number' && x.hours > 0)),
      )
    : [];
  return { strikeTtlDays: ttl, steps: steps.length ? steps : DEFAULT_LADDER.steps };
}

/** When a strike made at `at` stops counting. */
export function strikeExpiry(policy: LadderPolicy, at: Date): Date {
  return new Date(at.getTime() + policy.strikeTtlDays * DAY);
}

export function liveStrikes<T extends StrikeLike>(strikes: readonly T[], now: Date): T[] {
  const t = now.toISOString();
  return strikes.filter((s) => s.created_at <= t && s.expires_at > t);
}

/** The sanction for a user whose live strikes (including the one just recorded) are `strikes`; null with no live strike. */
export function sanctionForStrikes(policy: LadderPolicy, strikes: readonly StrikeLike[], now: Date): LadderSanction | null {
  const count = liveStrikes(strikes, now).length;
  if (count === 0) return null;
  const index = Math.min(count, policy.steps.length) - 1;
  const step = policy.steps[index];
  if (!step) return null; // a ladder without steps gives no sanction
  return {
    kind: step.kind,
    step: index + 1,
    endsAt: step.kind === 'suspension' ? new Date(now.getTime() + (step.hours ?? 24) * HOUR).toISOString() : null,
    liveStrikes: count,
  };
}

/** "a 24-hour suspension", "a 7-day suspension", "a permanent ban", "a warning". */
export function describeStep(step: LadderStep): string {
  if (step.kind === 'warning') return 'a warning';
  if (step.kind === 'ban') return 'a permanent ban';
  const hours = step.hours ?? 24;
  return hours % 24 === 0 && hours >= 48 ? `a ${hours / 24}-day suspension` : `a ${hours}-hour suspension`;
}

/** What the next strike would bring, in words, for the notice sent with each step. */
export function whatHappensNext(policy: LadderPolicy, current: LadderSanction): string {
  if (current.kind === 'ban') return 'This ban is permanent: you can no longer take part in the discussion. You may appeal it once.';
  const next = policy.steps[Math.min(current.step, policy.steps.length - 1)];
  if (!next) return `Strikes count for ${policy.strikeTtlDays} days.`;
  return `Strikes count for ${policy.strikeTtlDays} days. Another removal for profanity or abuse in that time will lead to ${describeStep(next)}.`;
}
