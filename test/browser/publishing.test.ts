import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { ManualClock, HOUR } from '../../src/domain/clock';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';

const run = requireChromium();

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** "YYYY-MM-DDTHH:MM" in UTC, as a datetime-local input in a UTC browser wants it. */
const localInput = (d: Date) => d.toISOString().slice(0, 16);

describe.runIf(run)('publishing in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  const clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
  beforeAll(async () => {
    server = await startLiveServer({ clock });
    browser = await launchChromium();
    await createUser(server.ctx.db, { email: 'editor@example.org', displayName: 'Eleanor Hart', passwordHash: await hashPassword('an editor password'), roles: ['editor'], emailVerified: true }, clock.now());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('an editor writes a post with sources, schedules it, and it appears on the home page at its time', async () => {
    const base = server.ctx.config.publicUrl;
    const context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInThroughForm(page, base, 'editor@example.org', 'an editor password');
    await page.goto(`${base}/admin/posts`);
    await page.click('text=New post');
    await page.waitForURL(`${base}/admin/posts/new`);

    await page.fill('#title', 'Water bills to rise by a fifth');
    await page.fill('#standfirst', 'Regulators approve the biggest increase in a decade.');
    await page.fill('#body', 'Households will pay *more* from April.\n\n## Why\n\nInvestment in sewers.');
    await expect.poll(() => page.locator('#preview').innerHTML()).toContain('<em>more</em>');
    expect(await page.locator('#preview h2').textContent()).toBe('Why');

    await page.click('#add-source');
    let row = page.locator('[data-source-row]').nth(0);
    await row.locator('[name=outlet]').fill('The Times');
    await row.locator('[name=source-title]').fill('Water bills set to soar');
    await row.locator('[name=url]').fill('https://www.thetimes.example/water-bills');
    await row.locator('[name=phrase]').fill('has more.');
    await page.click('#add-source');
    row = page.locator('[data-source-row]').nth(1);
    await row.locator('[name=outlet]').fill('Financial Times');
    await row.locator('[name=source-title]').fill('Inside the water industry’s debt');
    await row.locator('[name=url]').fill('https://ft.example/water-debt');
    await row.locator('[name=phrase]').fill('Worth reading in full.');
    await page.click('#add-source');
    await page.locator('[data-source-row]').nth(2).locator('[data-remove-source]').click();
    expect(await page.locator('[data-source-row]').count()).toBe(2);
    await page.fill('#tags', 'Water, Bills');

    await page.check('input[name=status][value=scheduled]');
    await page.fill('#publish-at', localInput(new Date(clock.now().getTime() + HOUR)));
    await page.screenshot({ path: artifactPath('editor.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/posts\/[0-9a-z]+\?saved=1$/), page.click('#save')]);
    expect(await page.locator('[data-status]').textContent()).toContain('Saved');
    expect(await page.locator('#sources [data-source-row]').count()).toBe(2);
    const editorViolations = await seriousViolations(page);

    const reader = await browser.newPage();
    await reader.goto(`${base}/`);
    expect(await reader.locator('body').textContent()).not.toContain('Water bills to rise by a fifth');

    clock.advance(HOUR + 60_000);
    await reader.goto(`${base}/`);
    await reader.click('text=Water bills to rise by a fifth');
    await reader.waitForURL(`${base}/posts/water-bills-to-rise-by-a-fifth`);
    expect(await reader.locator('.sources').textContent()).toContain('The Times has more.');
    expect(await reader.locator('.sources').textContent()).toContain('Worth reading in full: Inside the water industry’s debt (Financial Times).');
    const jsonLd = JSON.parse((await reader.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(jsonLd['@type']).toBe('NewsArticle');
    expect(jsonLd.citation).toHaveLength(2);

    // The editor's list now shows it as published; the editor closes its discussion.
    await page.goto(`${base}/admin/posts`);
    expect(await page.locator('table').textContent()).toContain('Published');
    await page.click('text=Water bills to rise by a fifth');
    await page.check('input[name=discussion][value=closed]');
    await page.click('#save');
    await expect.poll(() => page.locator('[data-status]').textContent()).toContain('version 2');
    await reader.reload();
    expect(await reader.locator('article').textContent()).toContain('The discussion of this post is closed.');

    // A second editor tab with the old version cannot overwrite silently.
    const stale = await context.newPage();
    await stale.goto(page.url());
    await page.fill('#standfirst', 'Updated standfirst.');
    await page.click('#save');
    await expect.poll(() => page.locator('[data-status]').textContent()).toContain('version 3');
    await stale.fill('#title', 'A stale title');
    await stale.click('#save');
    await expect.poll(() => stale.locator('[data-error]').textContent()).toContain('Someone else saved this post');
    const stored = await server.ctx.db.selectFrom('posts').select(['title', 'standfirst']).where('slug', '=', 'water-bills-to-rise-by-a-fifth').executeTakeFirstOrThrow();
    expect(stored).toEqual({ title: 'Water bills to rise by a fifth', standfirst: 'Updated standfirst.' });

    expect(editorViolations).toEqual([]);
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await context.close();
    await reader.close();
  }, 120_000);

  it('home and post pages pass axe with no serious or critical violations, on a phone too', async () => {
    const base = server.ctx.config.publicUrl;
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${base}/posts/water-bills-to-rise-by-a-fifth`);
      expect(await seriousViolations(page)).toEqual([]);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: artifactPath(`post-${viewport.width}.png`), fullPage: true });
      await page.goto(`${base}/search?q=water`);
      expect(await page.locator('.post-list').textContent()).toContain('Water bills');
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
