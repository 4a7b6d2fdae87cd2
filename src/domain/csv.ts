/* CSV exports (the audit log, the supporters list) are opened in spreadsheets, which run a cell
   starting with = + - @ (or a tab or carriage return before one) as a formula: such a cell gets a
   leading apostrophe, so it reads as text. */

/**
 * One CSV cell. Strings stay as they are, objects become JSON, null and undefined an empty cell.
 * `quote: 'always'` quotes every cell; otherwise only a cell with a quote, comma or line break.
 */
export function csvCell(value: unknown, quote: 'always' | 'when-needed' = 'when-needed'): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return quote === 'always' || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
