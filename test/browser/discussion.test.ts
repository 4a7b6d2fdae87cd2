import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePost, relaxRateLimits, sanction } from '../helpers/discussion';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import { newId } from '../../src/store/ids';

const run = requireChromium();
const PASSWORD = 'a long enough password';

describe.runIf(run)('the discussion widget in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  async function person(name: string, opts: { supporter?: boolean } = {}) {
    const email = `${name.toLowerCase().replace(/[^a-z]/g, '') || 'x'}-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const user = await createUser(server.ctx.db, { email, displayName: name, passwordHash: await hashPassword(PASSWORD), emailVerified: true }, new Date());
    if (opts.supporter) await server.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: new Date().toISOString() }).where('id', '=', user.id).execute();
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

  async function openPost(page: Page, slug: string) {
    await page.goto(`${base}/posts/${slug}`);
    // Hydrated: the widget's buttons come alive.
    await page.locator('.parley').waitFor();
    await page.waitForFunction(() => !document.querySelector('.parley-box button[type=submit][disabled]'));
  }

  /** A comment's own article (not its replies'). */
  const item = (page: Page, text: string): Locator => page.locator('li.parley-comment', { has: page.locator(':scope > article', { hasText: text }) }).last();
  const own = (li: Locator) => li.locator(':scope > article');
  /** Opens a comment's ⋯ menu and chooses one of its actions. */
  async function menuAction(li: Locator, name: string) {
    await own(li).getByRole('button', { name: 'More actions' }).click();
    await own(li).locator('.parley-menu').getByRole('button', { name, exact: true }).click();
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

  it('lets a supporter comment, reply, edit, like, flag and delete, and a second reader sees it live', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Councils are short of money' });
    const sam = await person('Sam Supporter', { supporter: true });
    const tess = await person('Tess Reader', { supporter: true });
    const a = await signedInPage(sam.email);
    const b = await signedInPage(tess.email);
    await openPost(a.page, post.slug);
    await openPost(b.page, post.slug);
    expect(await a.page.locator('.parley-empty').textContent()).toContain('No comments yet');
    await expect.poll(() => a.page.getByText('Formatting: **bold**').count()).toBe(1);

    // Sam comments; Tess sees it arrive without a reload.
    await a.page.getByLabel('Join the discussion').fill('The **Times** has the figures: _every_ council is short.');
    await a.page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => item(a.page, 'has the figures').count()).toBe(1);
    expect(await own(item(a.page, 'has the figures')).locator('.parley-body strong').textContent()).toBe('Times');
    expect(await a.page.getByLabel('Join the discussion').inputValue()).toBe('');
    await expect.poll(() => a.page.locator('.parley-status').textContent()).toContain('Your comment was posted');
    await expect.poll(() => item(b.page, 'has the figures').count(), { timeout: 5000 }).toBe(1);
    expect(await b.page.locator('.parley-count').textContent()).toContain('1 comment');

    // Tess replies; the reply nests under Sam's comment on both screens.
    await own(item(b.page, 'has the figures')).getByRole('button', { name: 'Reply' }).click();
    const replyBox = b.page.getByLabel('Reply to Sam Supporter');
    await expect.poll(() => replyBox.evaluate((el) => el === document.activeElement)).toBe(true);
    await replyBox.fill('Not every council: some have reserves.');
    await b.page.getByRole('button', { name: 'Post reply' }).click();
    await expect.poll(() => item(b.page, 'has the figures').locator('.parley-replies').textContent()).toContain('some have reserves');
    await expect.poll(() => item(a.page, 'has the figures').locator('.parley-replies').textContent(), { timeout: 5000 }).toContain('some have reserves');

    // Sam likes Tess's reply, then takes the like back.
    const like = own(item(a.page, 'some have reserves')).locator('button.parley-like');
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    expect(await like.textContent()).toContain('1');
    await expect.poll(() => own(item(b.page, 'some have reserves')).locator('.parley-likes').textContent(), { timeout: 5000 }).toContain('1 like');
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('false');
    expect(await like.textContent()).toContain('0');

    // Sam edits: a profane edit is refused with the server's reason next to the box, then corrected.
    await menuAction(item(a.page, 'has the figures'), 'Edit');
    const editBox = a.page.getByLabel('Edit your comment');
    expect(await editBox.inputValue()).toBe('The **Times** has the figures: _every_ council is short.');
    await editBox.fill('The Times has the fucking figures.');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    const error = a.page.locator('.parley-box [role=alert]');
    await expect.poll(() => error.textContent()).toContain('Profanity');
    expect(await error.textContent()).toMatch(/“fuck(ing)?”/);
    expect(await editBox.inputValue()).toBe('The Times has the fucking figures.');
    await a.page.screenshot({ path: artifactPath('discussion-edit-error.png'), fullPage: true });
    await editBox.fill('The Times has the figures: most councils are short.');
    await a.page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => own(item(a.page, 'most councils are short')).locator('.parley-meta').textContent()).toContain('edited');
    await expect.poll(() => item(b.page, 'most councils are short').count(), { timeout: 5000 }).toBe(1);
    expect(await a.page.getByLabel('Edit your comment').count()).toBe(0);

    // Sam flags Tess's reply through the dialog.
    await menuAction(item(a.page, 'some have reserves'), 'Flag');
    const dialog = a.page.getByRole('dialog', { name: 'Flag this comment' });
    await dialog.waitFor();
    await dialog.getByLabel('Off topic').check();
    await dialog.getByLabel('Note for the moderators (optional)').fill('Not about councils');
    const flagRequest = a.page.waitForRequest((r) => r.url().endsWith('/flag') && r.method() === 'POST');
    await dialog.getByRole('button', { name: 'Send to moderators' }).click();
    const sent = await flagRequest;
    expect(sent.postDataJSON()).toEqual({ reason: 'off_topic', note: 'Not about councils' });
    const flagRoute = server.app.hasRoute({ method: 'POST', url: '/api/comments/:id/flag' });
    if (flagRoute) {
      await expect.poll(() => dialog.isVisible()).toBe(false);
      await expect.poll(() => a.page.locator('.parley-status').textContent()).toContain('moderators will look');
      const flags = await server.ctx.db.selectFrom('flags').selectAll().execute();
      expect(flags.some((f) => f.reason === 'off_topic')).toBe(true);
    } else {
      // The flag route belongs to the moderation work; until it is merged the dialog shows the server's answer.
      await expect.poll(() => dialog.locator('[role=alert]').count()).toBe(1);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
    }

    // Sam deletes his comment: a placeholder stays, on both screens, with Tess's reply under it.
    await menuAction(item(a.page, 'most councils are short'), 'Delete');
    await a.page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect.poll(() => a.page.locator('.parley-removed').first().textContent()).toBe('This comment was removed (deleted by its author)');
    await expect.poll(() => b.page.locator('.parley-removed').count(), { timeout: 5000 }).toBe(1);
    expect(await b.page.locator('.parley-thread').textContent()).not.toContain('most councils are short');
    expect(await b.page.locator('.parley-thread').textContent()).toContain('some have reserves');
    await b.page.screenshot({ path: artifactPath('discussion-second-reader.png'), fullPage: true });
    // The browser logs the refused edit (422) and, before the flag route is merged, the 404.
    const expected = new RegExp(`status of (422${flagRoute ? '' : '|404'})`);
    expect(a.errors.filter((e) => !expected.test(e))).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('shows "N new comments" instead of inserting while the reader is typing, and holds a new supporter\'s link for review', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Trains' });
    const uma = await person('Uma', { supporter: true });
    const vic = await person('Vic', { supporter: true });
    const a = await signedInPage(uma.email);
    const b = await signedInPage(vic.email);
    await openPost(a.page, post.slug);
    await openPost(b.page, post.slug);
    await b.page.getByLabel('Join the discussion').fill('I am still writing this…');

    await a.page.getByLabel('Join the discussion').fill('The new timetable adds two trains an hour.');
    await a.page.getByRole('button', { name: 'Post comment' }).click();
    const button = b.page.getByRole('button', { name: '1 new comment' });
    await button.waitFor({ timeout: 5000 });
    expect(await b.page.locator('.parley-thread').count()).toBe(0);
    await button.click();
    await expect.poll(() => item(b.page, 'The new timetable adds').count()).toBe(1);
    await expect.poll(() => b.page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('The new timetable adds');
    expect(await b.page.getByLabel('Join the discussion').inputValue()).toBe('I am still writing this…');

    // A link in one of a new supporter's first comments is held: only its author sees it, marked.
    await a.page.getByLabel('Join the discussion').fill('More at https://example.org/trains');
    await a.page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => own(item(a.page, 'More at')).locator('.parley-pending').textContent()).toContain('Your comment is awaiting review');
    await b.page.reload();
    await b.page.locator('.parley').waitFor();
    expect(await b.page.locator('.parley-thread').textContent()).not.toContain('More at');
    expect(a.errors).toEqual([]);
  });

  it('shows a non-supporter the thread and the donation call to action, with no comment box; the API refuses them too', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Libraries' });
    const writer = await person('Wren', { supporter: true });
    await server.ctx.db.transaction().execute((trx) =>
      insertComment(trx, { postId: post.id, parent: null, authorId: writer.user.id, body: 'Libraries matter.', bodyHtml: renderCommentHtml('Libraries matter.'), status: 'published', moderation: null }, new Date()),
    );
    const nora = await person('Nora Nonsupporter');
    const { page, errors } = await signedInPage(nora.email);
    await page.goto(`${base}/posts/${post.slug}`);
    await page.locator('.parley').waitFor();
    expect(await item(page, 'Libraries matter').count()).toBe(1);
    const cta = page.getByRole('link', { name: 'To join in with the discussion please make a donation' });
    expect(await cta.getAttribute('href')).toBe('/support');
    expect(await page.locator('.parley textarea').count()).toBe(0);
    expect(await page.locator('.parley').getByRole('button', { name: 'Reply' }).count()).toBe(0);
    await page.screenshot({ path: artifactPath('discussion-non-supporter.png'), fullPage: true });

    const res = await page.evaluate(async (slug) => {
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const r = await fetch(`/api/posts/${slug}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-csrf': csrfToken }, body: JSON.stringify({ body: 'Let me in' }) });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    }, post.slug);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('supporters_only');
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);

    // A banned supporter is told why, and is not asked for money.
    const bo = await person('Bo Banned', { supporter: true });
    await sanction(server.ctx.db, bo.user.id, 'ban', new Date());
    const banned = await signedInPage(bo.email);
    await banned.page.goto(`${base}/posts/${post.slug}`);
    const notice = banned.page.locator('.parley-cta');
    expect(await notice.textContent()).toContain('You are banned from the discussion');
    expect(await notice.locator('a[href="/support"]').count()).toBe(0);
    expect(await banned.page.locator('.parley textarea').count()).toBe(0);

    // Anonymous readers are asked to sign in.
    const anon = await browser.newPage();
    await anon.goto(`${base}/posts/${post.slug}`);
    expect(await anon.locator('.parley-cta').getByRole('link', { name: 'Sign in' }).getAttribute('href')).toContain('/login?next=');
    await anon.close();
  });

  it('renders hostile comment bodies and names as inert text, server-rendered and live', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Hostile input' });
    const hostileName = '"><script>window.__pwned="name"</script>';
    const mallory = await person(hostileName, { supporter: true });
    const viewer = await person('Vera', { supporter: true });
    const bodies = [
      '<script>window.__pwned = "script"</script>',
      '<img src=x onerror="window.__pwned=\'img\'">',
      '<svg onload="window.__pwned=\'svg\'"><circle r=5 /></svg>',
      '[click me](javascript:window.__pwned=\'link\') and <a href="javascript:alert(1)">raw</a>',
      '<b>broken <i>markup <div onclick="alert(1)" style="position:fixed;inset:0">',
      '"><script>window.__pwned="quote"</script></textarea></script><script>alert(1)</script>',
      '<iframe src="javascript:alert(1)"></iframe><style>body{display:none}</style>',
    ];
    const { page, errors } = await signedInPage(viewer.email);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    // Half stored before the page loads (server-rendered), half arriving live over SSE.
    const now = new Date();
    for (const [i, body] of bodies.entries()) {
      if (i >= 4) break;
      await server.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: post.id, parent: null, authorId: mallory.user.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date(now.getTime() + i)),
      );
    }
    await openPost(page, post.slug);
    const attacker = await signedInPage(mallory.email);
    for (const body of bodies.slice(4)) {
      const status = await attacker.page.evaluate(
        async ({ slug, body }) => {
          const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const r = await fetch(`/api/posts/${slug}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-csrf': csrfToken }, body: JSON.stringify({ body }) });
          return r.status;
        },
        { slug: post.slug, body },
      );
      expect(status).toBe(201);
    }
    await expect.poll(() => page.locator('.parley-thread > li').count(), { timeout: 5000 }).toBe(bodies.length);
    const text = await page.locator('.parley-thread').innerText();
    for (const visible of ['<script>window.__pwned = "script"</script>', '<img src=x onerror=', '<svg onload=', 'javascript:window.__pwned', '<div onclick="alert(1)"', '</textarea></script>', '<iframe src="javascript:alert(1)">']) {
      expect(text).toContain(visible);
    }
    expect(await page.locator('.parley-thread').getByText(hostileName).count()).toBeGreaterThan(0);
    expect(await page.locator('.parley-thread script, .parley-thread img, .parley-thread svg, .parley-thread iframe, .parley-thread style, .parley-thread [onclick], .parley-thread [onerror]').count()).toBe(0);
    expect(await page.locator('.parley-thread a[href^="javascript:" i]').count()).toBe(0);
    await page.reload();
    await page.locator('.parley-thread').waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('.parley-thread > li').count()).toBe(bodies.length);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(await page.locator('body').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('discussion-hostile.png'), fullPage: true });
    expect(errors).toEqual([]);
    void newId;
  });

  it('loads more comments and re-sorts in place', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Many comments' });
    const writer = await person('Pat', { supporter: true });
    const start = Date.now();
    for (let i = 1; i <= 25; i++) {
      const body = `Numbered comment ${i}.`;
      await server.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: post.id, parent: null, authorId: writer.user.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date(start + i * 1000)),
      );
    }
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/posts/${post.slug}`);
    await page.getByRole('button', { name: 'Load more comments' }).waitFor();
    expect(await page.locator('.parley-thread > li').count()).toBe(20);
    await page.getByRole('button', { name: 'Load more comments' }).click();
    await expect.poll(() => page.locator('.parley-thread > li').count()).toBe(25);
    expect(await page.getByRole('button', { name: 'Load more comments' }).count()).toBe(0);
    expect(await page.locator('.parley-thread > li').last().textContent()).toContain('Numbered comment 25.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Numbered comment 21.');
    await page.locator('.parley-sort').getByRole('link', { name: 'Newest' }).click();
    await expect.poll(() => page.locator('.parley-thread > li').first().textContent()).toContain('Numbered comment 25.');
    expect(await page.locator('.parley-sort [aria-current]').textContent()).toBe('Newest');
    // Sorted in place (no navigation); the address keeps the sort for a reload or a shared link.
    expect(page.url()).toBe(`${base}/posts/${post.slug}?sort=newest`);

    // The bundle also renders into an empty mount on any Parley page, fetching what it needs.
    await page.goto(`${base}/login`);
    await page.evaluate((slug) => {
      const mount = document.createElement('div');
      mount.dataset.parleyMount = '';
      mount.dataset.parleyPost = slug;
      document.querySelector('main')!.append(mount);
      const script = document.createElement('script');
      script.src = '/assets/comments.js';
      document.body.append(script);
    }, post.slug);
    await expect.poll(() => page.locator('[data-parley-mount] .parley-thread > li').count()).toBe(20);
    expect(await page.locator('[data-parley-mount] .parley-count').textContent()).toContain('25 comments');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the rest of a long thread on request', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Busy thread' });
    const writer = await person('Quinn', { supporter: true });
    const start = Date.now();
    const add = (body: string, parent: { id: string; root_id: string | null; depth: number } | null, i: number) =>
      server.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: post.id, parent, authorId: writer.user.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date(start + i * 1000)),
      );
    const root = await add('The thread starts here.', null, 0);
    for (let i = 1; i <= 54; i++) await add(`Thread reply ${i}.`, root, i);
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/posts/${post.slug}`);
    const more = page.getByRole('button', { name: 'Show 4 more replies' });
    await more.waitFor();
    expect(await page.locator('.parley-replies > li').count()).toBe(50);
    await more.click();
    await expect.poll(() => page.locator('.parley-replies > li').count()).toBe(54);
    expect(await page.locator('.parley-replies > li').last().textContent()).toContain('Thread reply 54.');
    expect(await more.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Thread reply 51.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations on a post page with a discussion (axe)', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Accessible discussion' });
    const writer = await person('Ada', { supporter: true });
    let parent: { id: string; root_id: string | null; depth: number } | null = null;
    for (const [i, body] of ['A **first** comment.', '> quoted\n\nA reply.', 'A deeper reply.', 'Deeper still.', 'Deepest, shown with in reply to.'].entries()) {
      const row = await server.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: post.id, parent, authorId: writer.user.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date(Date.now() + i)),
      );
      parent = row;
    }
    const reader = await person('Reed', { supporter: true });
    const { page } = await signedInPage(reader.email);
    await openPost(page, post.slug);
    expect(await page.locator('.parley-meta', { hasText: 'in reply to' }).count()).toBe(1);
    const results = await new AxeBuilder({ page }).include('#comments').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    const whole = await new AxeBuilder({ page }).analyze();
    expect(whole.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // Readable on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: artifactPath('discussion-phone.png'), fullPage: true });
  });
});
