/* Where a page may send a person after signing in: somewhere on Parley itself, or back to a page of a
   site that embeds the discussion. */

/**
 * `next` resolved against the site's origin, as a path (with query and fragment) when it stays on
 * that origin, else "/". Resolving as a browser would is what catches "/\evil.example", tabs and
 * other spellings that a prefix check lets through.
 */
export function safeNext(next: unknown, siteOrigin: string, embedOrigins: readonly string[] = []): string {
  if (typeof next !== 'string' || next === '') return '/';
  let u: URL;
  try {
    u = new URL(next, siteOrigin);
  } catch {
    return '/';
  }
  if (embedOrigins.includes(u.origin) && (u.protocol === 'https:' || u.protocol === 'http:')) return u.href;
  if (u.origin !== siteOrigin) return '/';
  const path = u.pathname + u.search + u.hash;
  // "//host" would be read as another site again when it is put back into a page.
  return path.startsWith('//') ? '/' : path;
}
