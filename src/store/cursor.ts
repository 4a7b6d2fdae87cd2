/* Opaque cursors for keyset pagination: the sort key of the last row seen, base64url-encoded JSON. */

export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The decoded values, or null for a cursor that was tampered with or is of the wrong shape. */
export function decodeCursor(cursor: string | undefined, shape: Array<'string' | 'number'>): Array<string | number> | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(values) || values.length !== shape.length) return null;
    return values.every((v, i) => typeof v === shape[i]) ? (values as Array<string | number>) : null;
  } catch {
    return null;
  }
}
