import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, startLiveServer, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { makePost } from '../helpers/discussion';
import { SignJWT } from 'jose';

/* What a person sees around signing in when someone else prepared the link they open. */

const run = requireChromium();
const SSO_SECRET = 'a host site shared secret of enough length';

describe.runIf(run)('signing in from links others prepared, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer({ env: { PARLEY_SSO_SECRET: SSO_SECRET, PARLEY_EMBED_ORIGINS: 'http://localhost:9' } });
    // evil.example resolves to this machine too, so that landing there would be a real page, not a DNS error.
    browser = await launchChromium(['--host-resolver-rules=MAP evil.example 127.0.0.1']);
    await createUser(server.ctx.db, { email: 'victim@example.org', displayName: 'Vic', passwordHash: await hashPassword('a long password') }, new Date());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('stays on Parley after signing in from /login?next=/%5Cevil.example/x', async () => {
    const base = server.ctx.config.publicUrl;
    const page = await browser.newPage();
    await page.goto(`${base}/login?next=/%5Cevil.example/x`);
    await page.fill('#email', 'victim@example.org');
    await page.fill('#password', 'a long password');
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    expect(new URL(page.url()).origin).toBe(base);
    expect(await page.locator('header nav').textContent()).toContain('Vic');
    await page.close();
  });

  it('ignores an SSO token in the fragment of an embed page opened in a tab, as a link from an attacker would be', async () => {
    const base = server.ctx.config.publicUrl;
    const post = await makePost(server.ctx.db, new Date(), { title: 'Opened in a tab' });
    const token = await new SignJWT({ email: 'mallory@host.example', name: 'Mallory', supporter: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('host-mallory')
      .setJti(`jti-${Date.now()}`)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    const page = await (await browser.newContext()).newPage();
    const ssoCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/sso')) ssoCalls.push(r.url());
    });
    await page.goto(`${base}/embed/${post.slug}#sso=${encodeURIComponent(token)}`);
    await page.locator('.parley-count').waitFor();
    await page.waitForTimeout(1000);
    // The token left the address bar, and nobody was signed in.
    expect(new URL(page.url()).hash).toBe('');
    expect(ssoCalls).toEqual([]);
    const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: unknown });
    expect(session.user).toBeNull();
    expect(await server.ctx.db.selectFrom('users').select('id').where('sso_subject', '=', 'host-mallory').executeTakeFirst()).toBeUndefined();
  });
});
