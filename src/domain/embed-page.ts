import { decodeHTMLStrict as decodeEntities } from 'entities/decode';

/* What a host page says about its embedded discussion, read from its HTML: whether it carries
   Parley's loader at all, and the title it gives the discussion. A discussion is only created for a
   page that does, with the title the page itself declares, never one a caller made up. */

export interface EmbedPageFacts {
  carriesEmbed: boolean;
  title: string | null;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

export function cleanTitle(raw: string | undefined | null, maxLength = 300): string | null {
  if (raw == null) return null;
  // eslint-disable-next-line no-control-regex
  const t = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, maxLength).trim();
  return t || null;
}

/**
 * `loaderUrl` is Parley's own `/assets/embed.js`; script sources are resolved against the page's URL.
 * The title is the loader's `data-parley-title`, else `og:title`, else the page's `<title>`.
 */
export function readEmbedPage(html: string, pageUrl: string, loaderUrl: string): EmbedPageFacts {
  const loader = new URL(loaderUrl);
  let carriesEmbed = false;
  let declared: string | null = null;
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    const src = attrs.get('src');
    if (!src) continue;
    let resolved: URL;
    try {
      resolved = new URL(src, pageUrl);
    } catch {
      continue;
    }
    if (resolved.origin === loader.origin && resolved.pathname === loader.pathname) {
      carriesEmbed = true;
      declared = cleanTitle(attrs.get('data-parley-title'));
      break;
    }
  }
  let og: string | null = null;
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    if ((attrs.get('property') ?? attrs.get('name'))?.toLowerCase() === 'og:title') {
      og = cleanTitle(attrs.get('content'));
      break;
    }
  }
  const titleTag = /<title\b[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(html);
  const title = declared ?? og ?? cleanTitle(titleTag?.[1] !== undefined ? decodeEntities(titleTag[1]) : null);
  return { carriesEmbed, title };
}

/** The canonical form Parley keys embedded posts by: scheme, host, path and query; no fragment. */
export function canonicalize(raw: string): URL | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password) return null;
  u.hash = '';
  // A path that does not decode (a malformed percent-encoding) names no page.
  try {
    decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  return u;
}

/** A slug from the URL's path ("/2026/05/my-story.html" → "2026-05-my-story"), or "page" for the site root. */
export function slugFromUrl(u: URL): string {
  const path = decodeURIComponent(u.pathname).replace(/\.(html?|php|aspx?)$/i, '');
  const slug = path
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return slug || 'page';
}


/** True when the text holds a percent-escape that does not decode to UTF-8 ("%E0%A4%A"). */
export function hasMalformedPercentEncoding(raw: string): boolean {
  try {
    decodeURI(raw);
    return false;
  } catch {
    return true;
  }
}
