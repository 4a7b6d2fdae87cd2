import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePerson, makePost, relaxRateLimits } from '../helpers/discussion';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import { flagComment } from '../../src/server/services/comments/flag';
import { removeComment } from '../../src/server/services/comments/remove';
import type { Role } from '../../src/domain/roles';

/* What a reader, a supporter and a moderator notice on the site's own pages: the account menu and
   signing out, threads that stay whole around hidden comments, closed discussions, the comment box. */
const run = requireChromium();
const PASSWORD = 'a long enough password';

describe.runIf(run)('the site as people use it, in Chromium', () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  const person = (name: string, opts: { supporter?: boolean; roles?: Role[] } = {}) => makePerson(server.ctx.db, name, PASSWORD, opts);

  async function newPage(width = 1000): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    return { page, errors: watchErrors(page) };
  }

  async function signedInPage(email: string, width = 1000): Promise<{ page: Page; errors: string[] }> {
    const p = await newPage(width);
    await signInThroughForm(p.page, base, email, PASSWORD);
    return p;
  }

  async function openPost(page: Page, slug: string, query = '') {
    await page.goto(`${base}/posts/${slug}${query}`);
    await page.locator('.parley').waitFor();
    await page.waitForFunction(() => !!(window as unknown as { __parleyHydrated?: boolean }).__parleyHydrated || !document.querySelector('.parley-box button[type=submit][disabled]'));
  }

  async function comment(postId: string, authorId: string, body: string, parent: { id: string; root_id: string | null; depth: number } | null = null, status: 'published' | 'pending' = 'published') {
    return server.ctx.db.transaction().execute((trx) => insertComment(trx, { postId, parent, authorId, body, bodyHtml: renderCommentHtml(body), status, moderation: null }, new Date()));
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

  it('gives a signed-in person an account menu with the areas of their roles, and signs them out back to the same page', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Menus and exits' });
    const mo = await person('Morgan Moderator', { roles: ['moderator'] });
    const { page, errors } = await signedInPage(mo.email);
    await page.goto(`${base}/posts/${post.slug}`);
    const menu = page.locator('header .account-menu');
    expect(await menu.locator('summary .avatar').textContent()).toBe('MM');
    expect(await menu.locator('summary').textContent()).toContain('Morgan Moderator');
    await menu.locator('summary').click();
    const links = await menu.getByRole('link').allTextContents();
    expect(links).toEqual(['Account', 'Moderation']);
    await page.screenshot({ path: artifactPath('account-menu.png') });

    // Sign out is a real POST; the person lands on the page they were reading, signed out.
    const request = page.waitForRequest((r) => r.url() === `${base}/logout`);
    await Promise.all([page.waitForURL(`${base}/posts/${post.slug}`), menu.getByRole('button', { name: 'Sign out' }).click()]);
    expect((await request).method()).toBe('POST');
    expect(await page.locator('header .account-menu').count()).toBe(0);
    expect(await page.locator('header').getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/posts/${post.slug}`)}`);
    const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: unknown });
    expect(session.user).toBeNull();
    expect(errors).toEqual([]);

    // An admin's menu has every area; a plain reader's only the account.
    const ad = await person('Ada Admin', { roles: ['admin'] });
    const admin = await signedInPage(ad.email);
    await admin.page.locator('header .account-menu summary').click();
    expect(await admin.page.locator('header .account-menu').getByRole('link').allTextContents()).toEqual(['Account', 'Moderation', 'Posts', 'Admin']);
    const re = await person('Rex Reader');
    const reader = await signedInPage(re.email, 390);
    await reader.page.locator('header .account-menu summary').click();
    expect(await reader.page.locator('header .account-menu').getByRole('link').allTextContents()).toEqual(['Account']);
    expect(await reader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('keeps a thread whole when flags hide a comment: a placeholder with its published replies, live and after a reload, with counts that agree', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Bins collected fortnightly' });
    const sam = await person('Sam Starter', { supporter: true });
    const tess = await person('Tess Replier', { supporter: true });
    const root = await comment(post.id, sam.user.id, 'Fortnightly bins are a disgrace.');
    await comment(post.id, tess.user.id, 'They work fine on our street.', root);
    await comment(post.id, tess.user.id, 'Second thread, untouched.');
    const { page, errors } = await newPage();
    await openPost(page, post.slug);
    expect(await page.locator('.parley-count').textContent()).toContain('3 comments');

    // Three readers flag Sam's comment: it is hidden for review while the page is open.
    for (const name of ['Flagger One', 'Flagger Two', 'Flagger Three']) {
      const f = await person(name, { supporter: true });
      await flagComment(server.ctx, { id: f.user.id }, root.id, 'abuse', null);
    }
    const hidden = item(page, 'awaiting moderation');
    await expect.poll(() => hidden.count(), { timeout: 5000 }).toBe(1);
    const check = async () => {
      expect(await own(hidden).textContent()).toBe('This comment is awaiting moderation');
      expect(await own(hidden).getByRole('button').count()).toBe(0);
      expect(await page.locator('.parley-thread').textContent()).not.toContain('a disgrace');
      expect(await page.locator('.parley-thread').textContent()).not.toContain('Sam Starter');
      expect(await hidden.locator('.parley-replies').textContent()).toContain('They work fine on our street.');
      expect(await page.locator('.parley-count').textContent()).toContain('2 comments');
      expect(await page.getByText(/more repl/).count()).toBe(0);
    };
    await expect.poll(() => page.locator('.parley-count').textContent()).toContain('2 comments');
    await check();

    // After a reload, for anonymous and signed-in readers alike.
    await openPost(page, post.slug);
    await check();
    const reader = await signedInPage((await person('Rita Reader', { supporter: true })).email);
    await openPost(reader.page, post.slug);
    expect(await own(item(reader.page, 'awaiting moderation')).textContent()).toBe('This comment is awaiting moderation');
    expect(await item(reader.page, 'awaiting moderation').locator('.parley-replies').textContent()).toContain('They work fine');

    // The API agrees: the placeholder has neither body nor author; the reply is there; the total counts what is shown.
    const api = await page.evaluate(async (slug) => (await (await fetch(`/api/posts/${slug}/comments`)).json()) as { total: number; comments: Array<{ status: string; bodyHtml: string; author: unknown; replies: Array<{ bodyHtml: string }> }> }, post.slug);
    expect(api.total).toBe(2);
    expect(api.comments[0]).toMatchObject({ status: 'pending', bodyHtml: '', author: null });
    expect(api.comments[0]!.replies.map((r) => r.bodyHtml.trim())).toEqual(['<p>They work fine on our street.</p>']);

    // Sam still sees his own comment, marked as awaiting review.
    const author = await signedInPage(sam.email);
    await openPost(author.page, post.slug);
    expect(await own(item(author.page, 'a disgrace')).locator('.parley-pending').textContent()).toContain('awaiting review');
    expect(errors).toEqual([]);
  });

  it('leaves no public trace of a comment that was held and then removed', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Held, then removed' });
    const vic = await person('Vic Heldback', { supporter: true });
    const held = await comment(post.id, vic.user.id, 'Buy cheap watches at example.org', null, 'pending');
    await comment(post.id, vic.user.id, 'A published comment stays.');
    const mod = await person('Mona Mod', { roles: ['moderator'] });
    await removeComment(server.ctx, { id: mod.user.id, roles: ['moderator'] }, held.id, { reason: 'spam', strike: false });
    const { page } = await newPage();
    await openPost(page, post.slug);
    expect(await page.locator('.parley-thread > li').count()).toBe(1);
    expect(await page.locator('.parley-thread').textContent()).not.toContain('removed');
    const api = await page.evaluate(async (slug) => (await (await fetch(`/api/posts/${slug}/comments`)).json()) as { comments: unknown[] }, post.slug);
    expect(api.comments).toHaveLength(1);
  });

  it('tells every reader of a closed discussion that it is closed, before any call to sign in or donate', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Closed for comment', discussion: 'closed' });
    const { page } = await newPage();
    await openPost(page, post.slug);
    const cta = page.locator('.parley-cta');
    expect(await cta.textContent()).toBe('The discussion on this post is closed.');
    expect(await cta.getByRole('link').count()).toBe(0);
    const nonSupporter = await signedInPage((await person('Nick Nonsupporter')).email);
    await openPost(nonSupporter.page, post.slug);
    expect(await nonSupporter.page.locator('.parley-cta').textContent()).toBe('The discussion on this post is closed.');
  });

  it('sends a comment with Ctrl+Enter, keeps focus on what was posted, and keeps the chosen sort in the address', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Keyboard people' });
    const kim = await person('Kim Keys', { supporter: true });
    const earlier = await comment(post.id, (await person('Earl Early', { supporter: true })).user.id, 'An earlier comment.');
    void earlier;
    const { page, errors } = await signedInPage(kim.email);
    await openPost(page, post.slug);
    const box = page.getByLabel('Join the discussion');
    await box.fill('Typed and sent with Ctrl+Enter.');
    await box.press('Control+Enter');
    await expect.poll(() => item(page, 'Typed and sent with Ctrl+Enter').count()).toBe(1);
    expect(await box.inputValue()).toBe('');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName)).toMatch(/^comment-/);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Typed and sent with Ctrl+Enter');

    // A reply, too: focus lands on the new reply, not on the page.
    await own(item(page, 'An earlier comment')).getByRole('button', { name: 'Reply' }).click();
    const reply = page.getByLabel('Reply to Earl Early');
    await reply.fill('A keyboard reply.');
    await reply.press('Control+Enter');
    // the parent comment holds the reply's text too, so wait for focus on the reply itself
    await expect
      .poll(() => page.evaluate(() => (document.activeElement?.closest('.parley-replies') ? (document.activeElement.textContent ?? '') : '')))
      .toContain('A keyboard reply.');

    // The sort is kept in the address: a reload shows the same order.
    await page.locator('.parley-sort').getByRole('link', { name: 'Newest' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/posts/${post.slug}?sort=newest`);
    await page.reload();
    await page.locator('.parley').waitFor();
    expect(await page.locator('.parley-sort [aria-current]').textContent()).toBe('Newest');
    expect(await page.locator('.parley-thread > li').first().textContent()).toContain('Typed and sent with Ctrl+Enter');
    await page.locator('.parley-sort').getByRole('link', { name: 'Oldest' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/posts/${post.slug}`);
    expect(errors).toEqual([]);
  });

  it('lets a moderator remove a published comment from the thread itself, with a reason, a note to the author and no strike', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Moderated in place' });
    const rude = await person('Ronan Rude', { supporter: true });
    const bad = await comment(post.id, rude.user.id, 'Everyone here is an idiot.');
    await comment(post.id, (await person('Polly Polite', { supporter: true })).user.id, 'Good piece.');
    const mo = await person('Moira Mod', { roles: ['moderator'] });
    const mod = await signedInPage(mo.email);
    const reader = await newPage();
    await openPost(mod.page, post.slug);
    await openPost(reader.page, post.slug);
    // Only moderators get the action, and not on their own comments.
    await reader.page.locator('.parley-thread').waitFor();
    expect(await reader.page.getByRole('button', { name: 'More actions' }).count()).toBe(0);
    await menuAction(item(mod.page, 'an idiot'), 'Remove…');
    const dialog = mod.page.getByRole('dialog', { name: "Remove Ronan Rude's comment" });
    await dialog.waitFor();
    await dialog.getByLabel('Abuse').check();
    expect(await dialog.getByLabel('Count a strike against the author').isChecked()).toBe(true);
    await dialog.getByLabel('Count a strike against the author').uncheck();
    await dialog.getByLabel('Note to the author (optional, sent with the notice)').fill('Argue with the point, not the people.');
    await mod.page.screenshot({ path: artifactPath('moderate-in-stream.png') });
    await dialog.getByRole('button', { name: 'Remove comment' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => own(item(mod.page, 'This comment was removed')).textContent()).toBe('This comment was removed (abuse)');
    expect(await mod.page.locator('.parley-count').textContent()).toContain('1 comment');
    await expect.poll(() => mod.page.evaluate(() => document.activeElement?.id)).toBe(`comment-${bad.id}`);
    // Every reader sees it go, live.
    await expect.poll(() => reader.page.locator('.parley-thread').textContent(), { timeout: 5000 }).not.toContain('an idiot');
    expect(await reader.page.locator('.parley-count').textContent()).toContain('1 comment');

    const row = await server.ctx.db.selectFrom('comments').select(['status', 'removed_reason']).where('id', '=', bad.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'removed', removed_reason: 'abuse' });
    expect(await server.ctx.db.selectFrom('strikes').select('id').where('comment_id', '=', bad.id).execute()).toEqual([]);
    const mail = await server.ctx.db.selectFrom('mail_outbox').select('text').where('to_address', '=', rude.email).executeTakeFirstOrThrow();
    expect(mail.text).toContain("The moderator's note: Argue with the point, not the people.");
    // The statement of reasons shows the note too.
    const author = await signedInPage(rude.email);
    await author.page.goto(`${base}/account/moderation`);
    expect(await author.page.locator(`#comment-${bad.id}`).textContent()).toContain('Argue with the point, not the people.');
    expect(mod.errors).toEqual([]);
  });

  it('lets a moderator act on the recent comments of an account, and the workspace dialog takes a note and "no strike"', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Account history' });
    const tro = await person('Troy Troll', { supporter: true });
    const first = await comment(post.id, tro.user.id, 'Spam spam spam.');
    const held = await comment(post.id, tro.user.id, 'You are all sheep.', null, 'pending');
    const mo = await person('Max Mod', { roles: ['moderator'] });
    const { page, errors } = await signedInPage(mo.email);
    await page.goto(`${base}/admin/moderation/users/${tro.user.id}`);
    const row = page.locator('tr', { hasText: 'Spam spam spam.' });
    await row.getByLabel('Reason for removing').selectOption('spam');
    await row.getByLabel('strike').uncheck();
    await row.getByLabel('Note to the author (optional)').fill('Please keep to the topic.');
    await Promise.all([page.waitForLoadState('load'), row.getByRole('button', { name: 'Remove' }).click()]);
    await expect.poll(() => page.locator('tr', { hasText: 'Spam spam spam.' }).textContent()).toContain('removed (spam)');
    expect(await page.locator('tr', { hasText: 'Spam spam spam.' }).getByRole('button', { name: 'Restore' }).count()).toBe(1);
    expect(await server.ctx.db.selectFrom('strikes').select('id').where('comment_id', '=', first.id).execute()).toEqual([]);

    // The workspace's remove dialog: a note for the author and no strike, though abuse normally gives one.
    await page.goto(`${base}/admin/moderation`);
    const items = page.locator('[data-testid=mod-item]');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    await page.locator(`[data-id="${held.id}"]`).getByRole('button', { name: /^Remove/ }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Remove for…' });
    await dialog.getByLabel('Note to the author (optional, sent with the notice)').fill('Name-calling 12 times.');
    await dialog.getByLabel('No strike (whatever the reason)').check();
    await dialog.getByRole('button', { name: /Abuse/ }).click();
    await expect.poll(async () => (await server.ctx.db.selectFrom('comments').select('status').where('id', '=', held.id).executeTakeFirstOrThrow()).status).toBe('removed');
    expect(await server.ctx.db.selectFrom('strikes').select('id').where('comment_id', '=', held.id).execute()).toEqual([]);
    const mails = await server.ctx.db.selectFrom('mail_outbox').select('text').where('to_address', '=', tro.email).execute();
    expect(mails.some((m) => m.text.includes("The moderator's note: Name-calling 12 times."))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('writes the audit log as sentences with the people and the comment linked, and the JSON behind a toggle', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Audited' });
    const victor = await person('Victor Vile', { supporter: true });
    const bad = await comment(post.id, victor.user.id, 'You are all fools and I hope you suffer.');
    const morgan = await person('Morgan Auditor', { roles: ['moderator'] });
    await removeComment(server.ctx, { id: morgan.user.id, roles: ['moderator'] }, bad.id, { reason: 'abuse', note: 'Not here.' });
    const { page, errors } = await signedInPage(morgan.email);
    await page.goto(`${base}/admin/audit?target=${bad.id}`);
    const sentence = page.locator('.audit-sentence').first();
    expect(await sentence.textContent()).toBe('Morgan Auditor removed Victor Vile’s comment “You are all fools and I hope you suffer.” for abuse (with a strike).');
    expect(await sentence.getByRole('link', { name: 'Morgan Auditor' }).getAttribute('href')).toBe(`/admin/moderation/users/${morgan.user.id}`);
    expect(await sentence.getByRole('link', { name: 'Victor Vile' }).getAttribute('href')).toBe(`/admin/moderation/users/${victor.user.id}`);
    expect(await sentence.getByRole('link', { name: /You are all fools/ }).getAttribute('href')).toBe(`/posts/${post.slug}#comment-${bad.id}`);
    expect(await page.locator('table.audit').textContent()).toMatch(/\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC/);
    const json = page.locator('.audit-details pre').first();
    expect(await json.isVisible()).toBe(false);
    await page.locator('.audit-details summary').first().click();
    expect(await json.isVisible()).toBe(true);
    expect(JSON.parse((await json.textContent())!)).toMatchObject({ targetId: bad.id, after: { note: 'Not here.', removedReason: 'abuse' } });
    // The strike and the ladder's step follow as sentences of their own about Victor.
    await page.goto(`${base}/admin/audit?target=${victor.user.id}`);
    expect(await page.locator('.audit-sentence').allTextContents()).toContain('Morgan Auditor gave Victor Vile a strike for abuse.');
    expect(errors).toEqual([]);
  });

  it('brings a magic link back to the page the reader was on, and shows a used link as a styled page', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Magic return' });
    const mia = await person('Mia Magic');
    const { page, errors } = await newPage();
    await page.goto(`${base}/posts/${post.slug}`);
    await Promise.all([page.waitForURL(/\/login\?next=/), page.locator('header').getByRole('link', { name: 'Sign in' }).click()]);
    await page.fill('#magic-email', mia.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('on its way');
    const mail = await server.ctx.db.selectFrom('mail_outbox').select('text').where('to_address', '=', mia.email).executeTakeFirstOrThrow();
    const link = /http:\/\/\S+\/auth\/magic\?\S+/.exec(mail.text)![0];
    // The link asks before it signs in (a link someone else sent cannot sign this browser in quietly).
    await page.goto(link);
    await Promise.all([page.waitForURL(`${base}/posts/${post.slug}`), page.getByRole('button', { name: 'Sign in as Mia Magic' }).click()]);
    expect(page.url()).toBe(`${base}/posts/${post.slug}`);
    expect(await page.locator('header .account-menu summary').textContent()).toContain('Mia Magic');
    // Used again: a page of the site, styled, with the way back.
    const again = await page.goto(link);
    expect(again?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('This sign-in link has expired');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Georgia');
    expect(await page.getByRole('link', { name: 'Ask for a new link or sign in' }).getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/posts/${post.slug}`)}`);
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
  });

  it('offers a banned person one appeal, against the ban, in plain words', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Appeals' });
    const bo = await person('Bo Banned', { supporter: true });
    const mod = await person('Mae Mod', { roles: ['moderator'] });
    const actor = { id: mod.user.id, roles: ['moderator'] };
    const { suspendUser, banUser } = await import('../../src/moderation/actions');
    const c = await comment(post.id, bo.user.id, 'Something that will be removed.');
    await removeComment(server.ctx, actor, c.id, { reason: 'abuse' });
    await suspendUser(server.ctx, actor, bo.user.id, { hours: 24, reason: 'Threats' });
    await suspendUser(server.ctx, actor, bo.user.id, { hours: 72, reason: 'More threats' });
    await banUser(server.ctx, actor, bo.user.id, { reason: 'Threats again' });
    const { page } = await signedInPage(bo.email);
    await page.goto(`${base}/account/moderation`);
    expect(await page.locator('form[data-api="/api/appeals"]').count()).toBe(1);
    expect(await page.locator('form[data-api="/api/appeals"]').locator('xpath=ancestor::article').locator('h3').textContent()).toContain('Permanent ban');
    expect(await page.locator('main').textContent()).not.toMatch(/POST \/api|\{sanctionId/);
  });

  it('fits /admin/supporters on a phone, with the chart labels inside the chart', async () => {
    const ad = await person('Ava Admin', { roles: ['admin'] });
    await person('Maximilian Longname-Supporter', { supporter: true });
    const { page } = await signedInPage(ad.email, 390);
    await page.goto(`${base}/admin/supporters`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Every label of every chart lies within its SVG's drawing area.
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('svg text')].filter((t) => {
        const svg = (t as SVGTextElement).ownerSVGElement!.getBoundingClientRect();
        const r = t.getBoundingClientRect();
        return r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5;
      }).map((t) => t.textContent),
    );
    expect(clipped).toEqual([]);
    await page.screenshot({ path: artifactPath('admin-supporters-phone.png'), fullPage: true });
  });

  it('shows the stream quietly: initials avatars, no supporter badge on every comment, "Commenting as", a character count, own comments marked', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Quiet stream' });
    const nina = await person('Nina Novak', { supporter: true });
    await comment(post.id, (await person('Omar Other', { supporter: true })).user.id, 'Someone else wrote this.');
    await comment(post.id, nina.user.id, 'Nina wrote this.');
    const { page, errors } = await signedInPage(nina.email);
    await openPost(page, post.slug);
    expect(await page.locator('.parley-as').textContent()).toBe('Commenting as Nina Novak');
    expect(await own(item(page, 'Someone else wrote')).locator('.parley-avatar').textContent()).toBe('OO');
    expect(await page.locator('.parley-thread').textContent()).not.toMatch(/supporter/i);
    expect(await item(page, 'Nina wrote this').getAttribute('class')).toContain('is-own');
    expect(await item(page, 'Someone else wrote').getAttribute('class')).not.toContain('is-own');
    await page.getByLabel('Join the discussion').fill('Twelve chars');
    expect(await page.locator('#parley-new-comment-help .parley-counter').textContent()).toBe('12 / 10,000');
    expect(errors).toEqual([]);
  });

  it('refuses a sign-out posted from another site', async () => {
    const re = await person('Sid Signedin');
    const { page } = await signedInPage(re.email);
    const res = await page.evaluate(async () => {
      const r = await fetch('/logout', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=forged&next=/', redirect: 'manual' });
      return { status: r.status, body: r.status === 403 ? ((await r.json()) as { error: { code: string } }) : null };
    });
    expect(res).toEqual({ status: 403, body: { error: expect.objectContaining({ code: 'csrf' }) } });
    const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: { displayName: string } | null });
    expect(session.user?.displayName).toBe('Sid Signedin');
  });
});
