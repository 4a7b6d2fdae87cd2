import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { makePost } from '../helpers/discussion';
import { newId } from '../../src/store/ids';
import { renderCommentHtml } from '../../src/domain/markup';

const run = requireChromium();

describe.runIf(run)('the moderation settings page in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('dry-runs a changed threshold against the comments in the database', async () => {
    const db = server.ctx.db;
    const now = new Date();
    await createUser(db, { email: 'admin@example.org', displayName: 'Ada Admin', passwordHash: await hashPassword('a long password'), roles: ['admin'] }, now);
    const post = await makePost(db, now);
    // each names someone: a comment that speaks of no one is judged aimed at a thing, which publishes at any threshold
    const texts = ['The figures in the minister\'s report look sound.', 'I disagree with the minister on this one.', 'Good piece by the reporter, thanks for the link.'];
    for (const body of texts) {
      await db.insertInto('comments').values({ id: newId(), post_id: post.id, parent_id: null, root_id: null, depth: 0, author_id: null, body, body_html: renderCommentHtml(body), status: 'published', removed_reason: null, created_at: now.toISOString(), edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: null }).execute();
    }
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await signInThroughForm(page, server.ctx.config.publicUrl, 'admin@example.org', 'a long password');
    await page.goto(`${server.ctx.config.publicUrl}/admin/moderation/settings`);
    await page.fill('#f-abuse-holdThreshold', '0');
    await page.click('#dry-run');
    const table = page.locator('#dry-run-table');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toContain('3 comments of the last 30 days; 3 would be decided differently');
    const proposed = await table.locator('tr').nth(2).locator('td').allTextContents();
    expect(proposed).toEqual(['0', '3', '0']);
    await page.screenshot({ path: artifactPath('moderation-settings-dry-run.png'), fullPage: true });
    expect(await db.selectFrom('settings').select('value').where('key', '=', 'moderation').executeTakeFirst()).toBeUndefined();
    await page.click('#save');
    await expect.poll(() => page.locator('#settings-status').textContent()).toContain('Saved');
    const stored = JSON.parse((await db.selectFrom('settings').select('value').where('key', '=', 'moderation').executeTakeFirstOrThrow()).value);
    expect(stored.abuse.holdThreshold).toBe(0);
    expect(errors).toEqual([]);
  });
});
