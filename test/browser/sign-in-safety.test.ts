import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, startLiveServer, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/routes/auth';

/* What a person sees around signing in when someone else prepared the link they open. */

const run = requireChromium();

describe.runIf(run)('signing in from links others prepared, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer();
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
});
