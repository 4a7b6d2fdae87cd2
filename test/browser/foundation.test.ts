import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';

const run = requireChromium();

describe.runIf(run)('the demo site in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer({ seedDemo: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('shows the home page with posts and signs a reader in through the form', async () => {
    await createUser(server.ctx.db, { email: 'reader@example.org', displayName: 'Rhea', passwordHash: await hashPassword('a long password') }, new Date());
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(server.ctx.config.publicUrl + '/');
    expect(await page.locator('.post-list li').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: artifactPath('home.png'), fullPage: true });
    await page.click('text=Sign in');
    await page.fill('#email', 'reader@example.org');
    await page.fill('#password', 'wrong password');
    await page.click('form[data-api="/api/auth/login"] button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('do not match');
    await page.fill('#password', 'a long password');
    await Promise.all([page.waitForURL(server.ctx.config.publicUrl + '/'), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    expect(await page.locator('header nav').textContent()).toContain('Rhea');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });
});
