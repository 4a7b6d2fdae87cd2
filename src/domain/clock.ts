/** Time as Parley sees it; tests swap in a clock they can move. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The last instant that still has a four-digit year: stored times are fixed-width ISO strings. */
export const LATEST_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Seconds since the epoch as a stored time, or null when no stored time can be that (Infinity, 1e15, before 1970). */
export function isoFromUnixSeconds(seconds: number): string | null {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  const ms = seconds * 1000;
  return ms >= 0 && ms <= LATEST_TIME_MS ? new Date(ms).toISOString() : null;
}

/** A date string as a stored time, or null when it does not parse or falls outside the stored range. */
export function isoFromDateString(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 && ms <= LATEST_TIME_MS ? new Date(ms).toISOString() : null;
}
