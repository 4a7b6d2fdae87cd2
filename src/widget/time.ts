/* Relative times ("5 minutes ago") from an ISO string and a reference time; older ones, and exact
   times, in the one date format (src/domain/dates.ts). Deterministic, so the server's HTML and the
   browser's first render agree. */
import { formatDateTime, formatDay } from '../domain/dates';

const UNITS: Array<[number, string]> = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [30, 'day'],
];

export const absoluteTime = formatDateTime;

export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  let n = Math.max(0, Math.floor((now - then) / 1000));
  if (n < 45) return 'just now';
  for (const [size, unit] of UNITS) {
    if (n < size) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    n = Math.floor(n / size);
  }
  return formatDay(iso);
}
