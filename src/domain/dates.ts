/* One way of writing dates, on every page and in e-mails: "2 December 2026", and on staff pages
   "2 December 2026, 14:05 UTC" where the time matters. One formatter per process: building one
   costs more than a row. */
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDateTime(iso: string): string {
  const parts = DATE_TIME.formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${get('hour')}:${get('minute')} UTC`;
}

export function formatDate(iso: string): string {
  return DAY.format(new Date(iso));
}
