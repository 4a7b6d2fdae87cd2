import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';

const METRICS_TOKEN = 'scraper-token-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await makeApp({ env: { PARLEY_METRICS_TOKEN: METRICS_TOKEN } });
});
afterAll(async () => t.close());

describe('operations', () => {
  it('answers /healthz when the database answers', async () => {
    const res = await new Browser(t).get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, status: 'ok' });
  });

  it('exposes Prometheus metrics with request timings by route', async () => {
    const b = new Browser(t);
    await b.get('/api/posts');
    const res = await b.get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/parley_http_request_duration_seconds_count\{method="GET",route="\/api\/posts",status="200"\} 1/);
    expect(res.body).toMatch(/parley_process_resident_memory_bytes/);
  });

  it('shows metrics only to a scraper with the token, and not at all without one configured', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const res = await new Browser(t).get('/metrics', authorization ? { authorization } : {});
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
      expect(res.body).not.toContain('parley_');
    }
    const off = await makeApp();
    try {
      const res = await new Browser(off).get('/metrics');
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('parley_');
    } finally {
      await off.close();
    }
  });

  it('sends security headers on pages', async () => {
    const res = await new Browser(t).get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // HSTS only over https: the harness's public URL is http (see security-headers.test.ts).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the admin page', () => {
  it('shows staff the areas their role opens, with the figures that need attention', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const page = await admin.browser.get('/admin');
    expect(page.statusCode).toBe(200);
    for (const href of ['/admin/moderation', '/admin/posts', '/admin/supporters', '/admin/outbox', '/admin/moderation/settings']) expect(page.body).toContain(`href="${href}"`);
    expect(page.body).toMatch(/0 held, 0 appeals/);
    const editor = await signedIn(t, { roles: ['editor'] });
    const editorPage = await editor.browser.get('/admin');
    expect(editorPage.body).toContain('href="/admin/posts"');
    expect(editorPage.body).not.toContain('href="/admin/supporters"');
    const reader = await signedIn(t);
    expect((await reader.browser.get('/admin')).statusCode).toBe(403);
  });
});
