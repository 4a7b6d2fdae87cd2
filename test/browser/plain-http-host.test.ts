import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, requireChromium, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';

/* Parley served over plain HTTP on a LAN host name (not localhost, which browsers treat as secure):
   the pages must load styled and scripted, so nothing may upgrade their subresources to https. */

const run = requireChromium();

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe.runIf(run)('Parley over plain HTTP on a LAN host name, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    const port = await freePort();
    base = `http://parley.lan:${port}`;
    server = await startLiveServer({ env: { PARLEY_PORT: String(port), PARLEY_PUBLIC_URL: base } });
    server.ctx.config.publicUrl = base;
    browser = await launchChromium(['--host-resolver-rules=MAP parley.lan 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('shows the pages styled, runs their scripts and signs a reader in', async () => {
    await createUser(server.ctx.db, { email: 'lan@example.org', displayName: 'Lan Reader', passwordHash: await hashPassword('a long password') }, new Date());
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/login`);
    // The stylesheet applied: the body has the site's typeface, not the browser's default.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Georgia');
    await page.fill('#email', 'lan@example.org');
    await page.fill('#password', 'a long password');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    expect(await page.locator('header nav').textContent()).toContain('Lan Reader');
    // Chromium notes that it ignores Cross-Origin-Opener-Policy over plain HTTP; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('Cross-Origin-Opener-Policy header has been ignored'))).toEqual([]);
  });
});
