import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import type { Role } from '../../src/domain/roles';

const run = requireChromium();
const PASSWORD = 'a long enough password';

describe.runIf(run)('identities in the widget, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  async function person(name: string, opts: { roles?: Role[]; confirmed: boolean }) {
    const email = `${name.toLowerCase().replace(/[^a-z]/g, '')}-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const user = await createUser(server.ctx.db, { email, displayName: name, passwordHash: await hashPassword(PASSWORD), roles: opts.roles ?? [], emailVerified: opts.confirmed }, new Date());
    await server.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: new Date().toISOString() }).where('id', '=', user.id).execute();
    return { user, email };
  }

  async function signedInPage(email: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInThroughForm(page, base, email, PASSWORD);
    return { page, errors };
  }

  beforeAll(async () => {
    server = await startLiveServer();
    base = server.ctx.config.publicUrl;
    await relaxRateLimits(server.ctx.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.cleanup();
  });

  it('asks a supporter whose address is not confirmed to confirm it, resends the link, and opens the box once it is opened', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Water bills are rising' });
    const una = await person('Una Unconfirmed', { confirmed: false });
    const { page, errors } = await signedInPage(una.email);
    await page.goto(`${base}/posts/${post.slug}`);
    const cta = page.locator('.parley-cta');
    await expect.poll(() => cta.textContent()).toContain('Please confirm your e-mail address to join in with the discussion');
    expect(await page.getByLabel('Join the discussion').count()).toBe(0);
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await expect.poll(() => page.locator('.parley-status').textContent()).toContain('We sent you a new link');
    await page.screenshot({ path: artifactPath('identity-confirm-email.png') });

    const mail = await server.ctx.db.selectFrom('mail_outbox').select('text').where('to_address', '=', una.email).where('subject', '=', 'Confirm your e-mail address').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const link = mail.text.split(/\s+/).find((w) => w.includes('/account/confirm?token='))!;
    await page.goto(link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Address confirmed');
    await page.goto(`${base}/posts/${post.slug}`);
    await page.getByLabel('Join the discussion').fill('Now I can join in.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.locator('li.parley-comment', { hasText: 'Now I can join in.' }).count()).toBe(1);
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it('shows a staff badge beside the names of real staff only', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Bus franchising' });
    const staff = await person('Ada Lovelace', { roles: ['moderator'], confirmed: true });
    const reader = await person('Rhea Reader', { confirmed: true });
    for (const [who, text] of [[staff, 'Please keep it civil.'], [reader, 'Fair point about the buses.']] as const) {
      const { page } = await signedInPage(who.email);
      await page.goto(`${base}/posts/${post.slug}`);
      await page.getByLabel('Join the discussion').fill(text);
      await page.getByRole('button', { name: 'Post comment' }).click();
      await expect.poll(() => page.locator('li.parley-comment', { hasText: text }).count()).toBe(1);
    }
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/posts/${post.slug}`);
    const byStaff = page.locator('li.parley-comment', { hasText: 'Please keep it civil.' });
    const byReader = page.locator('li.parley-comment', { hasText: 'Fair point about the buses.' });
    await expect.poll(() => byStaff.locator('.parley-staff').isVisible()).toBe(true);
    expect(await byStaff.locator('.parley-staff').textContent()).toBe('Staff · moderator');
    expect(await byReader.locator('.parley-staff').count()).toBe(0);
    await page.screenshot({ path: artifactPath('identity-staff-badge.png') });
  });
});
