/* /admin/users in real Chromium: an admin finds a reader, makes them a moderator from the page and sees
   it; unticking their own admin role as the only admin shows the API's refusal in place. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';

const run = requireChromium();

describe.runIf(run)('admin users page in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  const password = 'a long password';
  let admin: { id: string };
  let reader: { id: string };

  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchChromium();
    admin = await createUser(server.ctx.db, { email: 'admin@example.org', displayName: 'Ada Admin', passwordHash: await hashPassword(password), roles: ['admin'] }, new Date());
    reader = await createUser(server.ctx.db, { email: 'rhea@example.org', displayName: 'Rhea Reader', passwordHash: null }, new Date());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('an admin makes a reader a moderator from the page and sees it', async () => {
    const base = server.ctx.config.publicUrl;
    const p = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    const errors = watchErrors(p);
    await signInThroughForm(p, base, 'admin@example.org', password);
    await p.goto(`${base}/admin`);
    await Promise.all([p.waitForURL(`${base}/admin/users`), p.click('a[href="/admin/users"]')]);
    await p.fill('#q', 'RHEA');
    await Promise.all([p.waitForURL(/q=RHEA/), p.click('main form[role=search] button')]);
    const row = p.locator(`tr[data-user="${reader.id}"]`);
    expect(await p.locator('tr[data-user]').count()).toBe(1);
    expect(await row.locator('[data-roles]').textContent()).toBe('Reader');

    await row.getByRole('checkbox', { name: 'Moderator' }).check();
    await row.getByPlaceholder('Reason').fill('joins the moderation team');
    await Promise.all([p.waitForEvent('load'), row.getByRole('button', { name: 'Save' }).click()]);
    expect(p.url()).toBe(`${base}/admin/users?q=RHEA`);
    expect(await row.locator('[data-roles]').textContent()).toBe('Moderator');
    expect(await row.getByRole('checkbox', { name: 'Moderator' }).isChecked()).toBe(true);
    await p.screenshot({ path: artifactPath('admin-users.png'), fullPage: true });
    const axe = await new AxeBuilder({ page: p }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The only admin unticking their own admin role: the refusal shows in the row, nothing changes.
    await p.goto(`${base}/admin/users?q=ada`);
    const own = p.locator(`tr[data-user="${admin.id}"]`);
    await own.getByRole('checkbox', { name: 'Admin' }).uncheck();
    await own.getByPlaceholder('Reason').fill('stepping down');
    await own.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => own.locator('[data-error]').textContent()).toBe('Ada Admin is the only admin: make someone else an admin first.');
    await p.screenshot({ path: artifactPath('admin-users-last-admin.png'), fullPage: true });
    expect((await server.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', admin.id).execute()).map((r) => r.role).sort()).toEqual(['admin', 'reader']);
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  });
});
