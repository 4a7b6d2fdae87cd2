import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost } from '../helpers/discussion';

/* The security headers each kind of page gets. They are computed once at start-up, so these are the
   whole contract: the values below are what browsers see. */

const CSP = (ancestors: string, https: boolean) =>
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self' https://checkout.stripe.com https://billing.stripe.com;" +
  `frame-ancestors ${ancestors};img-src 'self' https: data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';` +
  `${https ? 'upgrade-insecure-requests;' : ''}connect-src 'self'`;

const COMMON = {
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function securityHeaders(headers: Record<string, unknown>) {
  const names = ['content-security-policy', 'cross-origin-resource-policy', 'strict-transport-security', 'x-frame-options', ...Object.keys(COMMON)];
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]]));
}

for (const scheme of ['https', 'http'] as const) {
  describe(`security headers per page kind, public URL over ${scheme}`, () => {
    const https = scheme === 'https';
    let t: TestApp;
    let slug: string;
    beforeAll(async () => {
      t = await makeApp({ env: { PARLEY_PUBLIC_URL: `${scheme}://parley.test`, PARLEY_EMBED_ORIGINS: 'https://host.example,https://other.example' } });
      slug = (await makePost(t.ctx.db, t.clock.now(), { title: 'Framed' })).slug;
    });
    afterAll(async () => t.close());

    const expected = (ancestors: string, resource = 'same-origin') => ({
      'content-security-policy': CSP(ancestors, https),
      'cross-origin-resource-policy': resource,
      ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
      ...COMMON,
    });

    it('lets only the embed page be framed by the embedding sites', async () => {
      const res = await new Browser(t).get(`/embed/${slug}`);
      expect(res.statusCode).toBe(200);
      expect(securityHeaders(res.headers)).toEqual(expected("'self' https://host.example https://other.example"));
    });

    it('keeps the other pages, the API and errors frameable by Parley alone', async () => {
      const { browser } = await signedIn(t);
      for (const url of ['/', `/posts/${slug}`, '/login', '/account', '/api/posts', '/api/session', '/no-such-page', '/assets/site.css']) {
        const res = await browser.get(url);
        expect(res.statusCode, url).toBeLessThan(500);
        expect(securityHeaders(res.headers), url).toEqual(expected("'self'"));
      }
    });

    it('never lets admin pages be framed, not even by Parley', async () => {
      const admin = await signedIn(t, { roles: ['admin'] });
      for (const url of ['/admin', '/admin/users', '/admin/moderation', '/admin/posts', '/admin/supporters', '/admin/outbox', '/admin/moderation/settings']) {
        const res = await admin.browser.get(url);
        expect(res.statusCode, url).toBe(200);
        expect(securityHeaders(res.headers), url).toEqual(expected("'none'"));
      }
      // Signed out, the redirect to sign in is not frameable either.
      expect(securityHeaders((await new Browser(t).get('/admin')).headers)).toEqual(expected("'none'"));
    });

    it('lets other sites load the embed loader', async () => {
      const res = await new Browser(t).get('/assets/embed.js');
      expect(securityHeaders(res.headers)).toEqual(expected("'self'", 'cross-origin'));
    });

    it('sends them on refusals too: a malformed address, a CSRF refusal', async () => {
      const bad = await new Browser(t).get('/api/posts/%E0%A4%A/comments');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({ error: { code: 'bad_url', message: expect.any(String) } });
      expect(securityHeaders(bad.headers)).toEqual(expected("'self'"));
      const { browser } = await signedIn(t);
      browser.csrf = null;
      const csrf = await browser.post('/api/auth/logout', {}, { origin: 'https://evil.example' });
      expect(csrf.statusCode).toBe(403);
      expect(securityHeaders(csrf.headers)).toEqual(expected("'self'"));
    });
  });
}
