import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { newId } from '../../src/store/ids';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml, renderPostHtml } from '../../src/domain/markup';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { notifyModerators } from '../../src/moderation/actions';
import { approveComment } from '../../src/server/services/comments/approve';

const run = requireChromium();

/** Serious and critical accessibility problems on the page, by rule id. */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page } as never).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

describe.runIf(run)('the moderation workspace in Chromium', () => {
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

  it('a moderator clears a queue of 20 held comments by keyboard only, and new ones arrive live', async () => {
    const db = server.ctx.db;
    const now = new Date();
    await createUser(db, { email: 'mod@example.org', displayName: 'Morgan', passwordHash: await hashPassword('a long password'), roles: ['moderator'], emailVerified: true }, now);
    const author = await createUser(db, { email: 'author@example.org', displayName: 'Arthur', passwordHash: null, emailVerified: true }, now);
    await db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: now.toISOString() }).where('id', '=', author.id).execute();
    const postId = newId();
    await db
      .insertInto('posts')
      .values({ id: postId, slug: 'busy-evening', title: 'A busy evening', standfirst: '', body_md: 'x', body_html: renderPostHtml('x'), author_id: null, status: 'published', published_at: now.toISOString(), created_at: now.toISOString(), updated_at: now.toISOString(), version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null })
      .execute();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const body = `Comment ${i}: you absolute clown, read the article <script>alert(1)</script>`;
      const start = body.indexOf('clown');
      const row = await db.transaction().execute((trx) =>
        insertComment(
          trx,
          { postId, parent: null, authorId: author.id, body, bodyHtml: renderCommentHtml(body), status: 'pending', moderation: { decision: 'hold', reasons: [{ phase: 'abuse', code: 'abuse', message: 'Looks like an insult', action: 'hold' }], score: 0.71, phrases: [{ text: 'clown', start, end: start + 5, kind: 'insult' }] } },
          new Date(now.getTime() + i),
        ),
      );
      ids.push(row.id);
    }

    const page = await (await browser.newContext()).newPage();
    const errors = watchErrors(page);
    const base = server.ctx.config.publicUrl;
    await signInThroughForm(page, base, 'mod@example.org', 'a long password');
    await page.goto(`${base}/admin/moderation`);
    const items = page.locator('[data-testid=mod-item]');
    await expect.poll(() => items.count()).toBe(20);
    expect(await page.locator('[data-count=pending]').textContent()).toBe('20');
    // The triggering phrase is highlighted, and the hostile markup is shown as text.
    expect(await items.first().locator('mark').textContent()).toBe('clown');
    expect(await items.first().locator('.mod-body').textContent()).toContain('<script>');

    // Help, then j/k move the selection.
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('[role=dialog][aria-label="Keyboard shortcuts"]').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('.mod-item.selected').getAttribute('data-id')).toBe(ids[2]);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect.poll(() => page.locator('.mod-item.selected').getAttribute('data-id')).toBe(ids[0]);
    await page.screenshot({ path: artifactPath('moderation-queue.png'), fullPage: false });
    expect(await axeProblems(page)).toEqual([]);

    // Every fourth is removed for abuse (r, then 2); the rest approved (a).
    for (let i = 0; i < 20; i++) {
      const before = 20 - i;
      if (i % 4 === 3) {
        await page.keyboard.press('r');
        await expect.poll(() => page.locator('.mod-reason-list').isVisible()).toBe(true);
        await page.keyboard.press('2');
      } else {
        await page.keyboard.press('a');
      }
      await expect.poll(() => items.count()).toBe(before - 1);
    }
    await expect.poll(() => page.locator('.mod-empty').isVisible()).toBe(true);
    // the item leaves at once; the count follows when the last decision's answer arrives
    await expect.poll(() => page.locator('[data-count=pending]').textContent()).toBe('0');

    const rows = await db.selectFrom('comments').select(['id', 'status', 'removed_reason']).where('post_id', '=', postId).orderBy('id').execute();
    expect(rows.filter((r) => r.status === 'published')).toHaveLength(15);
    expect(rows.filter((r) => r.status === 'removed').map((r) => r.id)).toEqual(ids.filter((_, i) => i % 4 === 3));
    const log = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', 'in', ids).where('action', 'in', ['comment.approved', 'comment.removed']).execute();
    expect(log).toHaveLength(20);
    expect(log.every((e) => e.actor_id !== null)).toBe(true);
    const post = await db.selectFrom('posts').select('comment_count').where('id', '=', postId).executeTakeFirstOrThrow();
    expect(post.comment_count).toBe(15);
    // The author's five removals for abuse walked the ladder to a ban.
    const sanctions = await db.selectFrom('sanctions').select('kind').where('user_id', '=', author.id).orderBy('id').execute();
    expect(sanctions.map((s) => s.kind)).toEqual(['warning', 'suspension', 'suspension', 'ban']);

    // A new held comment appears without reloading.
    const late = await db.transaction().execute((trx) =>
      insertComment(trx, { postId, parent: null, authorId: author.id, body: 'A late arrival', bodyHtml: renderCommentHtml('A late arrival'), status: 'pending', moderation: null }, new Date()),
    );
    await notifyModerators(server.ctx, 'item.held', { commentId: late.id, postId });
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-count=pending]').textContent()).toBe('1');
    await page.screenshot({ path: artifactPath('moderation-live.png') });

    // Bulk: select both waiting items with x, approve them with one key.
    const another = await db.transaction().execute((trx) =>
      insertComment(trx, { postId, parent: null, authorId: author.id, body: 'Another late one', bodyHtml: renderCommentHtml('Another late one'), status: 'pending', moderation: null }, new Date()),
    );
    await notifyModerators(server.ctx, 'item.held', { commentId: another.id, postId });
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    // Another moderator approves the first one elsewhere: it leaves this list.
    const other = await db.selectFrom('users').select('id').where('email', '=', 'mod@example.org').executeTakeFirstOrThrow();
    await approveComment(server.ctx, { id: other.id, roles: ['moderator'] }, late.id, null);
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(1);
    const third = await db.transaction().execute((trx) =>
      insertComment(trx, { postId, parent: null, authorId: author.id, body: 'A third late one', bodyHtml: renderCommentHtml('A third late one'), status: 'pending', moderation: null }, new Date()),
    );
    await notifyModerators(server.ctx, 'item.held', { commentId: third.id, postId });
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await expect.poll(() => page.locator('.mod-item input[type=checkbox]:checked').count()).toBe(2);
    await page.keyboard.press('a');
    await expect.poll(() => items.count()).toBe(0);
    const bulk = await db.selectFrom('comments').select('status').where('id', 'in', [third.id, another.id]).execute();
    expect(bulk.map((r) => r.status)).toEqual(['published', 'published']);
    expect(errors).toEqual([]);
  }, 120_000);

  it('draws the dashboard and the audit log for moderators only', async () => {
    const page = await (await browser.newContext()).newPage();
    const base = server.ctx.config.publicUrl;
    await signInThroughForm(page, base, 'mod@example.org', 'a long password');
    await page.goto(`${base}/admin/moderation/dashboard`);
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.mod-stats').textContent()).toMatch(/5\s*removed/);
    await page.screenshot({ path: artifactPath('moderation-dashboard.png'), fullPage: true });
    expect(await axeProblems(page)).toEqual([]);
    await page.goto(`${base}/admin/audit?action=comment.removed`);
    expect(await page.locator('table.audit tbody tr').count()).toBe(5);
    const csv = await page.request.get(`${base}/admin/audit.csv?action=comment.removed`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('"comment.removed"');

    // The author's page: banned by the ladder; a moderator may waive a strike but not lift the ban.
    const author = await server.ctx.db.selectFrom('users').select('id').where('email', '=', 'author@example.org').executeTakeFirstOrThrow();
    await page.goto(`${base}/admin/moderation/users/${author.id}`);
    expect(await page.locator('.notice').first().textContent()).toContain('banned');
    expect(await page.locator('main').textContent()).toContain('Only admins can lift');
    const live = page.locator('text=counts until');
    const before = await live.count();
    expect(before).toBe(5);
    const errors = watchErrors(page);
    await page.locator('input[aria-label="Why waive this strike"]').first().fill('Quoted another reader');
    await Promise.all([page.waitForEvent('load'), page.locator('form.inline-form button').first().click()]);
    await expect.poll(() => live.count()).toBe(before - 1);
    const waived = await server.ctx.db.selectFrom('audit_log').select(['actor_id', 'reason']).where('action', '=', 'strike.waived').execute();
    expect(waived).toEqual([expect.objectContaining({ reason: 'Quoted another reader' })]);
    expect(errors).toEqual([]);
  }, 90_000);
});
