/* Security headers, built once at start-up from the configuration: rebuilding them per request
   costs a noticeable share of a cached read, and they depend on nothing but the kind of page. */

export type PageKind = 'page' | 'embed' | 'admin' | 'embedLoader';

export interface SecurityHeaderSets {
  page: Record<string, string>;
  embed: Record<string, string>;
  admin: Record<string, string>;
  embedLoader: Record<string, string>;
}

/** Which header set a request path gets: only /embed/* may be framed by the embedding sites; admin pages never. */
export function pageKind(url: string): PageKind {
  if (url.startsWith('/embed/')) return 'embed';
  if (url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?')) return 'admin';
  if (url === '/assets/embed.js' || url.startsWith('/assets/embed.js?')) return 'embedLoader';
  return 'page';
}

export function buildSecurityHeaders(opts: { publicUrl: string; embedOrigins: string[] }): SecurityHeaderSets {
  // Over plain HTTP (a LAN host name, a dev box) upgrading subresources or pinning HTTPS would break every page.
  const https = opts.publicUrl.startsWith('https:');
  const csp = (frameAncestors: string) =>
    [
      "default-src 'self'",
      "base-uri 'self'",
      "font-src 'self' https: data:",
      "form-action 'self' https://checkout.stripe.com https://billing.stripe.com",
      `frame-ancestors ${frameAncestors}`,
      "img-src 'self' https: data:",
      "object-src 'none'",
      "script-src 'self'",
      "script-src-attr 'none'",
      "style-src 'self' 'unsafe-inline'",
      ...(https ? ['upgrade-insecure-requests'] : []),
      "connect-src 'self'",
    ].join(';');
  const common = (frameAncestors: string, resourcePolicy: 'same-origin' | 'cross-origin'): Record<string, string> => ({
    'content-security-policy': csp(frameAncestors),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': resourcePolicy,
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
  const embedAncestors = ["'self'", ...opts.embedOrigins.map((o) => new URL(o).origin)].join(' ');
  return {
    page: common("'self'", 'same-origin'),
    embed: common(embedAncestors, 'same-origin'),
    admin: common("'none'", 'same-origin'),
    // The loader is included by the embedding sites' pages, so it may be read cross-origin.
    embedLoader: common("'self'", 'cross-origin'),
  };
}
