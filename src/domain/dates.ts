/* The one way Parley writes a date, on every page, in the widget, the workspace and messages:
   "2 December 2026", with the time where it matters ("2 December 2026, 14:05 UTC"). Written by hand
   rather than with Intl so the server's HTML and the browser's first render agree to the letter,
   and a row costs no formatter. Charts use the short forms of the same ("2 Dec", "Dec 2026"). */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2 December 2026" */
export function formatDay(iso: string): string {
  const d = parts(iso);
  return d ? `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : iso;
}

/** "2 December 2026, 14:05 UTC" */
export function formatDateTime(iso: string): string {
  const d = parts(iso);
  if (!d) return iso;
  return `${formatDay(iso)}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
}

const monthName = (d: Date): string => MONTHS[d.getUTCMonth()] ?? '';

/** A chart's day label: "2 Dec" */
export function formatShortDay(iso: string): string {
  const d = parts(iso);
  return d ? `${d.getUTCDate()} ${monthName(d).slice(0, 3)}` : iso;
}

/** A month ("2026-12" or any ISO time in it): "December 2026", or "Dec" for a chart's axis. */
export function formatMonth(iso: string, short = false): string {
  const d = parts(iso.length === 7 ? `${iso}-01T00:00:00Z` : iso);
  if (!d) return iso;
  return short ? monthName(d).slice(0, 3) : `${monthName(d)} ${d.getUTCFullYear()}`;
}
