import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePerson, makePost, relaxRateLimits } from '../helpers/discussion';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import type { Role } from '../../src/domain/roles';

/* The comment stream as a reader meets it: the quiet action row with its ⋯ menu, new and own
   comments marked, folding long sub-threads, and the new-comment pill clear of the author lines. */
const run = requireChromium();
const PASSWORD = 'a long enough password';

describe.runIf(run)('the comment stream in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  const person = (name: string, opts: { supporter?: boolean; roles?: Role[] } = {}) => makePerson(server.ctx.db, name, PASSWORD, opts);

  async function signedInPage(email: string, width = 1000, height = 900): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInThroughForm(page, base, email, PASSWORD);
    return { page, errors };
  }

  async function openPost(page: Page, slug: string) {
    await page.goto(`${base}/posts/${slug}`);
    await page.locator('.parley').waitFor();
    await page.waitForFunction(() => !document.querySelector('.parley-box button[type=submit][disabled]'));
  }

  async function comment(postId: string, authorId: string, body: string, parent: { id: string; root_id: string | null; depth: number } | null = null) {
    return server.ctx.db.transaction().execute((trx) => insertComment(trx, { postId, parent, authorId, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date()));
  }

  /** Posts through the API from a signed-in page, as another reader's browser would (so it goes out live). */
  async function postAs(page: Page, slug: string, body: string, parentId?: string): Promise<string> {
    return page.evaluate(
      async ({ slug, body, parentId }) => {
        const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
        const res = await fetch(`/api/posts/${slug}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-parley-csrf': s.csrfToken },
          body: JSON.stringify(parentId ? { body, parentId } : { body }),
        });
        return ((await res.json()) as { comment: { id: string } }).comment.id;
      },
      { slug, body, parentId },
    );
  }

  const item = (page: Page, text: string): Locator => page.locator('li.parley-comment', { has: page.locator(':scope > article', { hasText: text }) }).last();
  const own = (li: Locator) => li.locator(':scope > article');
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

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

  it('gives each comment a quiet row, ♥ 3 · Reply · ⋯, whose menu holds Flag, Edit, Delete and the moderator\'s Remove, by keyboard too', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Quiet rows' });
    const omar = await person('Omar Other', { supporter: true });
    const nina = await person('Nina Novak', { supporter: true });
    const theirs = await comment(post.id, omar.user.id, 'Omar says the buses are late.');
    await server.ctx.db.updateTable('comments').set({ like_count: 3 }).where('id', '=', theirs.id).execute();
    const mine = await comment(post.id, nina.user.id, 'Nina says they are on time.');
    const { page, errors } = await signedInPage(nina.email);
    await openPost(page, post.slug);

    // Someone else's comment: ♥ 3 · Reply · ⋯, and nothing else until the ⋯ is opened.
    const li = item(page, 'Omar says');
    expect(await own(li).locator('.parley-actions').textContent()).toBe('♥ 3·Reply·⋯');
    expect(await own(li).getByRole('button', { name: 'Flag' }).count()).toBe(0);
    const more = own(li).getByRole('button', { name: 'More actions' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');

    // By keyboard: Enter opens the menu on its first action, Escape closes it and focus returns to the ⋯.
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const menu = own(li).locator('.parley-menu');
    expect(await menu.getByRole('button').allTextContents()).toEqual(['Flag']);
    expect(await more.getAttribute('aria-controls')).toBe(await menu.getAttribute('id'));
    await expect.poll(() => focusedText(page)).toBe('Flag');
    await page.screenshot({ path: artifactPath('comment-menu.png') });
    await page.keyboard.press('Escape');
    expect(await menu.count()).toBe(0);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => focusedId(page)).toBe(`parley-more-${theirs.id}`);

    // Flag from the menu: the dialog opens, and cancelling it comes back to the ⋯.
    await more.click();
    await menu.getByRole('button', { name: 'Flag' }).click();
    const dialog = page.getByRole('dialog', { name: 'Flag this comment' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focusedId(page)).toBe(`parley-more-${theirs.id}`);

    // Her own comment: Edit and Delete, arrow keys move between them, a click elsewhere closes the menu.
    const mineLi = item(page, 'Nina says');
    expect(await own(mineLi).locator('.parley-actions').textContent()).toBe('Reply·⋯');
    await own(mineLi).getByRole('button', { name: 'More actions' }).click();
    const mineMenu = own(mineLi).locator('.parley-menu');
    expect(await mineMenu.getByRole('button').allTextContents()).toEqual(['Edit', 'Delete']);
    await expect.poll(() => focusedText(page)).toBe('Edit');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('Delete');
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).toBe('Edit');
    await page.locator('#parley-heading').click();
    await expect.poll(() => mineMenu.count()).toBe(0);
    // Edit, then Cancel: focus comes back to the ⋯ that opened it.
    await own(mineLi).getByRole('button', { name: 'More actions' }).click();
    await mineMenu.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Edit your comment').press('Escape');
    await expect.poll(() => focusedId(page)).toBe(`parley-more-${mine.id}`);

    // A moderator's menu adds the in-stream removal.
    const mo = await person('Mona Mod', { roles: ['moderator'], supporter: true });
    const mod = await signedInPage(mo.email);
    await openPost(mod.page, post.slug);
    await own(item(mod.page, 'Omar says')).getByRole('button', { name: 'More actions' }).click();
    expect(await own(item(mod.page, 'Omar says')).locator('.parley-menu').getByRole('button').allTextContents()).toEqual(['Flag', 'Remove…']);
    expect(errors).toEqual([]);
    expect(mod.errors).toEqual([]);
  });

  it('keeps the menu of the most deeply nested reply on a small phone\'s screen (320 px)', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Deep threads' });
    const a = await person('Abe Deep', { supporter: true });
    const b = await person('Bea Deeper', { supporter: true });
    let parent = await comment(post.id, a.user.id, 'Level zero.');
    for (let i = 1; i <= 3; i++) parent = await comment(post.id, i % 2 ? b.user.id : a.user.id, `Level ${i}, where the thread is indented.`, parent);
    const { page, errors } = await signedInPage(a.email, 320, 640);
    await openPost(page, post.slug);
    const deepest = own(item(page, 'Level 3'));
    await deepest.getByRole('button', { name: 'More actions' }).click();
    const menu = deepest.locator('.parley-menu');
    await menu.waitFor();
    const box = (await menu.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: artifactPath('comment-menu-phone.png') });
    expect(errors).toEqual([]);
  });

  it('marks comments that arrived live since the page loaded, and the reader\'s own, each with words and a tint the host can theme', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Fresh and own' });
    const omar = await person('Olga Older', { supporter: true });
    const nina = await person('Nell Nolan', { supporter: true });
    await comment(post.id, omar.user.id, 'Written before the page loaded.');
    const { page, errors } = await signedInPage(nina.email);
    await openPost(page, post.slug);
    const writer = await signedInPage(omar.email);
    await postAs(writer.page, post.slug, 'Written while Nell was reading.');
    await expect.poll(() => item(page, 'while Nell was reading').count(), { timeout: 5000 }).toBe(1);
    await page.getByLabel('Join the discussion').fill('Nell writes her own.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => item(page, 'Nell writes her own').count()).toBe(1);

    const fresh = item(page, 'while Nell was reading');
    const old = item(page, 'before the page loaded');
    const mine = item(page, 'Nell writes her own');
    expect(await fresh.getAttribute('class')).toContain('is-new');
    expect(await own(fresh).locator('.parley-meta').textContent()).toContain('New');
    expect(await old.getAttribute('class')).not.toContain('is-new');
    expect(await own(old).locator('.parley-meta').textContent()).not.toContain('New');
    expect(await mine.getAttribute('class')).not.toContain('is-new');
    expect(await own(mine).locator('.parley-meta').textContent()).toContain('(you)');
    const bg = (li: Locator) => own(li).evaluate((a) => getComputedStyle(a).backgroundColor);
    const [freshBg, oldBg, mineBg] = [await bg(fresh), await bg(old), await bg(mine)];
    expect(freshBg).not.toBe(oldBg);
    expect(mineBg).not.toBe(oldBg);
    expect(mineBg).not.toBe(freshBg);
    await page.screenshot({ path: artifactPath('comment-new-and-own.png'), fullPage: true });
    // A reload shows the same comments, none of them new any more.
    await openPost(page, post.slug);
    expect(await page.locator('li.parley-comment.is-new').count()).toBe(0);

    // In the embed the host's --parley-new-highlight and --parley-own-highlight colour them.
    await page.goto(`${base}/embed/${post.slug}?new-highlight=%23123456&own-highlight=%23654321`);
    await page.waitForFunction(() => !document.querySelector('.parley-box button[type=submit][disabled]'));
    await postAs(writer.page, post.slug, 'Another while the embed was open.');
    await expect.poll(() => item(page, 'Another while the embed').getAttribute('class'), { timeout: 5000 }).toContain('is-new');
    expect(await bg(item(page, 'Another while the embed'))).toBe('rgb(18, 52, 86)');
    expect(await bg(item(page, 'Nell writes her own'))).toBe('rgb(101, 67, 33)');
    expect(errors).toEqual([]);
  });

  it('folds a sub-thread to "▸ N replies" and keeps it folded while live replies arrive', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Folding' });
    const a = await person('Ann Author', { supporter: true });
    const b = await person('Ben Replier', { supporter: true });
    const root = await comment(post.id, a.user.id, 'The root of a long thread.');
    const r1 = await comment(post.id, b.user.id, 'Opening reply.', root);
    await comment(post.id, a.user.id, 'An answer to the opener.', r1);
    await comment(post.id, b.user.id, 'Second reply.', root);
    await comment(post.id, b.user.id, 'Another thread, left open.');
    const reader = await signedInPage(b.email);
    const { page, errors } = reader;
    await openPost(page, post.slug);

    const rootLi = item(page, 'The root of a long thread');
    const toggle = rootLi.locator(':scope > .parley-toggle');
    expect(await toggle.textContent()).toBe('▾ Hide replies');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await toggle.getAttribute('aria-controls')).toBe(`parley-replies-${root.id}`);
    await toggle.click();
    expect(await toggle.textContent()).toBe('▸ 3 replies');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator(`#parley-replies-${root.id}`).isVisible()).toBe(false);
    expect(await page.getByText('Opening reply.').isVisible()).toBe(false);
    expect(await page.getByText('Another thread, left open.').isVisible()).toBe(true);
    await expect.poll(() => focusedText(page)).toContain('3 replies');

    // A reply arrives live: the thread stays folded and counts it.
    const writer = await signedInPage(a.email);
    await postAs(writer.page, post.slug, 'A live reply into the folded thread.', root.id);
    await expect.poll(() => toggle.textContent(), { timeout: 5000 }).toBe('▸ 4 replies');
    expect(await page.getByText('A live reply into the folded thread.').isVisible()).toBe(false);
    await page.screenshot({ path: artifactPath('comment-folded.png'), fullPage: true });

    // Unfolding shows all four, the live one among them.
    await toggle.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText('A live reply into the folded thread.').isVisible()).toBe(true);
    expect(await page.locator(`#parley-replies-${root.id} li.parley-comment`).count()).toBe(4);

    // The nested sub-thread folds on its own.
    const r1Toggle = item(page, 'Opening reply.').locator(':scope > .parley-toggle');
    await r1Toggle.click();
    expect(await r1Toggle.textContent()).toBe('▸ 1 reply');
    expect(await page.getByText('An answer to the opener.').isVisible()).toBe(false);
    expect(await page.getByText('Second reply.').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps the "N new comments" pill off the author line of the comment the reader is at, on a desktop and a phone', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'A busy discussion' });
    const a = await person('Pia Poster', { supporter: true });
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) ids.push((await comment(post.id, a.user.id, `Comment number ${i + 1}.\n\nA second paragraph to give it some height.`)).id);
    const writer = await signedInPage(a.email);
    for (const width of [1280, 390]) {
      const { page, errors } = await signedInPage((await person(`Reader ${width}`, { supporter: true })).email, width, 800);
      await openPost(page, post.slug);
      // The reader follows a link to comment 8, mid-thread.
      await page.locator(`#comment-${ids[7]} .parley-meta a[href="#comment-${ids[7]}"]`).click();
      await postAs(writer.page, post.slug, `A new one while the ${width} reader reads.`);
      const pill = page.locator('.parley-new');
      await expect.poll(() => pill.isVisible(), { timeout: 5000 }).toBe(true);
      const pillBox = (await pill.boundingBox())!;
      expect(pillBox.y).toBeGreaterThanOrEqual(0);
      const meta = (await page.locator(`#comment-${ids[7]} > article > .parley-meta`).boundingBox())!;
      expect(meta.y).toBeGreaterThanOrEqual(pillBox.y + pillBox.height);
      await page.screenshot({ path: artifactPath(`new-pill-${width}.png`) });
      // Showing them moves to the first new comment, its author line clear of everything above it.
      await pill.click();
      const fresh = page.locator('li.parley-comment', { hasText: `while the ${width} reader reads` });
      await expect.poll(() => fresh.evaluate((el) => el === document.activeElement)).toBe(true);
      expect((await fresh.locator('.parley-meta').boundingBox())!.y).toBeGreaterThanOrEqual(0);
      expect(errors).toEqual([]);
    }
  });
});
