/* Opaque cursors for keyset pagination: the sort key of the last row seen, base64url-encoded JSON. */

const INT4 = 2 ** 31;

export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The decoded values, or null for a cursor that was tampered with or is of the wrong shape. */
export function decodeCursor(cursor: string | undefined, shape: Array<'string' | 'number'>): Array<string | number> | null {
  if (!cursor) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== shape.length) return null;
    // Numeric sort keys are int4 columns (like counts): 1e999 or 9e15 would fail in the database, not here.
    const fits = (v: unknown, i: number): v is string | number => typeof v === shape[i] && (typeof v !== 'number' || (Number.isInteger(v) && v >= -INT4 && v < INT4));
    return values.every(fits) ? values : null;
  } catch {
    return null;
  }
}
