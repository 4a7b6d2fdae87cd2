import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium, requireChromium, signInThroughForm, startLiveServer, watchErrors, type LiveServer } from '../helpers/browser';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import { SignJWT } from 'jose';

const run = requireChromium();
const SSO_SECRET = 'a host site shared secret of enough length';

/* The embed on another site: a host page served by a tiny node:http server on another origin
   (http://localhost:PORT, while Parley is http://127.0.0.1:PORT — another site as far as the browser
   is concerned) includes /assets/embed.js. */
describe.runIf(run)('the discussion embedded on another site', () => {
  let server: LiveServer;
  let browser: Browser;
  let host: http.Server;
  let hostOrigin: string;
  /** The same host server by IP: another origin of the same site as Parley (like news.example and talk.news.example). */
  let sameSiteOrigin: string;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    host = http.createServer((req, res) => {
      if (req.url === '/favicon.ico') return void res.writeHead(204).end();
      const html = pages.get(req.url ?? '');
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html ?? 'not found');
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    hostOrigin = `http://localhost:${(host.address() as { port: number }).port}`;
    sameSiteOrigin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
    server = await startLiveServer({ env: { PARLEY_EMBED_ORIGINS: `${hostOrigin},${sameSiteOrigin}`, PARLEY_SSO_SECRET: SSO_SECRET } });
    await relaxRateLimits(server.ctx.db);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    await new Promise((r) => host?.close(r));
  });

  const hostPage = (title: string, attrs: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="margin:0;font-family:sans-serif"><header style="height:300px;background:#eee"><h1>${title}</h1></header>
<article><p>The host site's own story.</p></article>
<script src="${server.ctx.config.publicUrl}/assets/embed.js" ${attrs} async></script>
<footer id="after" style="height:200px">Host footer</footer></body></html>`;

  async function frameHeight(page: Page): Promise<number> {
    return page.locator('iframe[title=Discussion]').evaluate((f) => f.getBoundingClientRect().height);
  }

  it('renders the discussion in an iframe that sizes itself to its content and grows with live comments', async () => {
    const now = new Date();
    const post = await makePost(server.ctx.db, now, { title: 'Embedded story' });
    const email = `sup-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const writer = await createUser(server.ctx.db, { email, displayName: 'Edith Embed', passwordHash: await hashPassword('a long password'), emailVerified: true }, now);
    await server.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED }).where('id', '=', writer.id).execute();
    for (let i = 0; i < 3; i++) {
      const body = `Embedded comment number ${i + 1}.\n\nWith a second paragraph.`;
      await server.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: post.id, parent: null, authorId: writer.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date(now.getTime() + i)),
      );
    }
    pages.set('/story.html', hostPage('Host story', `data-parley-post="${post.slug}"`));

    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const errors = watchErrors(page);
    await page.goto(`${hostOrigin}/story.html`);
    const frame = page.frameLocator('iframe[title=Discussion]');
    await frame.locator('.parley-thread').waitFor();
    expect(await frame.locator('.parley-thread > li').count()).toBe(3);
    expect(await frame.locator('.parley-thread').textContent()).toContain('Embedded comment number 2');
    // The iframe comes right after the script, before the host's footer.
    expect(await page.evaluate(() => document.querySelector('.parley-embed')!.nextElementSibling?.id)).toBe('after');

    // Sized to its content (no inner scrollbar, no big gap).
    const contentHeight = () => frame.locator('html').evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
    await expect.poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight())), { timeout: 5000 }).toBeLessThanOrEqual(2);
    const before = await frameHeight(page);
    expect(before).toBeGreaterThan(300);

    // Links that leave the discussion open in the host's window, not inside the frame.
    expect(await frame.getByRole('link', { name: 'Sign in' }).getAttribute('target')).toBe('_top');

    // A message pretending to come from Parley, sent by the host page itself, is ignored.
    await page.evaluate(() => window.postMessage({ type: 'parley:height', height: 20 }, '*'));
    await page.waitForTimeout(200);
    expect(await frameHeight(page)).toBe(before);

    // A comment posted on Parley arrives live in the frame, and the frame grows to show it.
    const poster = await browser.newPage();
    await signInThroughForm(poster, server.ctx.config.publicUrl, email, 'a long password');
    await poster.goto(`${server.ctx.config.publicUrl}/posts/${post.slug}`);
    await poster.waitForFunction(() => !document.querySelector('.parley-box button[type=submit][disabled]'));
    await poster.getByLabel('Join the discussion').fill('A fourth comment, long enough to need room.\n\nAnd another paragraph.\n\nAnd a third one.');
    await poster.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => frame.locator('.parley-thread > li').count(), { timeout: 5000 }).toBe(4);
    await expect.poll(() => frameHeight(page), { timeout: 5000 }).toBeGreaterThan(before + 40);
    await expect.poll(async () => Math.abs((await frameHeight(page)) - (await contentHeight())), { timeout: 5000 }).toBeLessThanOrEqual(2);
    await page.screenshot({ path: artifactPath('discussion-embed.png'), fullPage: true });
    await poster.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('creates the discussion on first embed for an allowed site, from the page URL and title', async () => {
    const url = `${hostOrigin}/stories/a-new-thing`;
    pages.set('/stories/a-new-thing', hostPage('A new thing', `data-parley-url="${url}" data-parley-title="A new thing happened"`));
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    const frame = page.frameLocator('iframe[title=Discussion]');
    await frame.locator('.parley-count').waitFor();
    expect(await frame.locator('.parley-count').textContent()).toContain('0 comments');
    const row = await server.ctx.db.selectFrom('posts').select(['slug', 'title']).where('canonical_url', '=', url).executeTakeFirst();
    expect(row?.title).toBe('A new thing happened');
    expect(await page.locator('iframe[title=Discussion]').getAttribute('src')).toContain(`/embed/${row!.slug}`);
    // A second view finds the same discussion rather than making another.
    await page.reload();
    await frame.locator('.parley-count').waitFor();
    expect((await server.ctx.db.selectFrom('posts').select('id').where('canonical_url', '=', url).execute()).length).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('brings a reader who signs in from the embed back to the host page, and links an embed-created discussion to its article', async () => {
    const url = `${sameSiteOrigin}/stories/sign-in-here`;
    pages.set('/stories/sign-in-here', hostPage('Sign in here', `data-parley-url="${url}" data-parley-title="Sign in here"`));
    const email = `reader-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const reader = await createUser(server.ctx.db, { email, displayName: 'Rosa Reader', passwordHash: await hashPassword('a long password'), emailVerified: true }, new Date());
    await server.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED }).where('id', '=', reader.id).execute();
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(url);
    const frame = page.frameLocator('iframe[title=Discussion]');
    const signIn = frame.locator('.parley-cta').getByRole('link', { name: 'Sign in' });
    await expect.poll(() => signIn.getAttribute('href'), { timeout: 5000 }).toContain(`next=${encodeURIComponent(url)}`);
    await Promise.all([page.waitForURL(/\/login\?/), signIn.click()]);
    await page.fill('#email', email);
    await page.fill('#password', 'a long password');
    await Promise.all([page.waitForURL(url), page.click('form[data-api="/api/auth/login"] button[type=submit]')]);
    // Back on the host's article, signed in (Parley is same-site with this host): the comment box is there.
    await frame.getByLabel('Join the discussion').waitFor({ timeout: 10_000 });

    // Parley's own page of that discussion sends readers to the host's article.
    const row = await server.ctx.db.selectFrom('posts').select('slug').where('canonical_url', '=', url).executeTakeFirstOrThrow();
    await page.goto(`${server.ctx.config.publicUrl}/posts/${row.slug}`);
    expect(await page.getByRole('link', { name: 'Read the article and the discussion there' }).getAttribute('href')).toBe(url);
    // Another site's address is never a place to come back to.
    await page.goto(`${server.ctx.config.publicUrl}/login?next=${encodeURIComponent('https://evil.example/')}`);
    expect(await page.locator('form[data-api="/api/auth/login"]').getAttribute('data-next')).toBe('/');
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await page.close();
  });

  it('signs a member of the host site in with the SSO token given to the loader, so they can comment in the frame', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Members only story' });
    const token = await new SignJWT({ email: 'member@host.example', name: 'Hana Host', supporter: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('host-user-42')
      .setJti(`jti-${Math.random().toString(36).slice(2)}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    pages.set('/members.html', hostPage('Members', `data-parley-post="${post.slug}" data-parley-sso="${token}"`));
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${sameSiteOrigin}/members.html`);
    const frame = page.frameLocator('iframe[title=Discussion]');
    const box = frame.getByLabel('Join the discussion');
    await box.waitFor({ timeout: 10_000 });
    // The token travelled in the fragment, and is gone from the frame's address once used.
    expect(await page.locator('iframe[title=Discussion]').getAttribute('src')).toMatch(/#(?:.*&)?sso=/);
    await expect.poll(() => page.frames().find((f) => f.url().includes('/embed/'))?.url()).not.toContain('sso=');
    await frame.locator('.parley-box button[type=submit]:not([disabled])').waitFor();
    await box.fill('Hello from the host site.');
    await frame.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => frame.locator('.parley-thread').textContent()).toContain('Hello from the host site.');
    const row = await server.ctx.db.selectFrom('comments').innerJoin('users', 'users.id', 'comments.author_id').select(['users.display_name', 'users.sso_subject']).where('comments.post_id', '=', post.id).executeTakeFirst();
    expect(row).toEqual({ display_name: 'Hana Host', sso_subject: 'host-user-42' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says who is signed in inside the frame after SSO, and signs them out there, back to a sign-in that returns to the host page', async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Signed in where' });
    const token = await new SignJWT({ email: 'nina@host.example', name: 'Nina Host', supporter: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('host-user-77')
      .setJti(`jti-${Math.random().toString(36).slice(2)}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    pages.set('/signed-in.html', hostPage('Signed in', `data-parley-post="${post.slug}" data-parley-sso="${token}"`));
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${sameSiteOrigin}/signed-in.html`);
    const frame = page.frameLocator('iframe[title=Discussion]');
    const line = frame.locator('.parley-signed-in');
    await frame.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 10_000 });
    expect(await line.textContent()).toBe('Signed in as Nina Host · Sign out');
    await page.locator('iframe[title=Discussion]').screenshot({ path: artifactPath('embed-signed-in.png') });

    await frame.getByRole('button', { name: 'Sign out' }).click();
    const signIn = frame.locator('.parley-cta').getByRole('link', { name: 'Sign in' });
    await signIn.waitFor({ timeout: 10_000 });
    expect(await line.count()).toBe(0);
    // Signing in again comes back to the host page, not to Parley's page of the post.
    await expect.poll(() => signIn.getAttribute('href')).toContain(`next=${encodeURIComponent(`${sameSiteOrigin}/signed-in.html`)}`);
    const embedFrame = page.frames().find((f) => f.url().includes('/embed/'))!;
    const session = await embedFrame.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: unknown });
    expect(session.user).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens a moderator's remove dialog beside the comment in a frame taller than the screen, and removes it there", async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Long embedded thread' });
    const writer = await createUser(server.ctx.db, { email: `long-${Math.random().toString(36).slice(2, 7)}@example.org`, displayName: 'Lena Long', passwordHash: await hashPassword('a long password'), emailVerified: true }, new Date());
    let lastId = '';
    for (let i = 1; i <= 12; i++) {
      const body = `Embedded thread comment ${i}.\n\nWith a second paragraph to make it taller.`;
      lastId = (await server.ctx.db.transaction().execute((trx) => insertComment(trx, { postId: post.id, parent: null, authorId: writer.id, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, new Date()))).id;
    }
    const email = `mod-${Math.random().toString(36).slice(2, 7)}@example.org`;
    const mod = await createUser(server.ctx.db, { email, displayName: 'Moe Moderator', passwordHash: await hashPassword('a long password'), emailVerified: true }, new Date());
    await server.ctx.db.insertInto('user_roles').values({ user_id: mod.id, role: 'moderator' }).execute();
    pages.set('/long-thread.html', hostPage('Long thread', `data-parley-post="${post.slug}"`));
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Signed in on Parley, which is same-site with this host, so the frame is signed in too.
    await signInThroughForm(page, server.ctx.config.publicUrl, email, 'a long password');
    await page.goto(`${sameSiteOrigin}/long-thread.html`);
    const frame = page.frameLocator('iframe[title=Discussion]');
    const last = frame.locator(`#comment-${lastId}`);
    await last.getByRole('button', { name: 'More actions' }).click();
    await last.locator('.parley-menu').getByRole('button', { name: 'Remove…' }).click();
    const dialog = frame.getByRole('dialog', { name: "Remove Lena Long's comment" });
    await dialog.waitFor();
    // The dialog opens where the reader is looking, beside the comment, whole on the screen; the
    // host page does not jump to the middle of a tall frame.
    const height = await page.evaluate(() => window.innerHeight);
    const box = (await dialog.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(height);
    const comment = (await last.boundingBox())!;
    expect(comment.y + comment.height).toBeGreaterThan(0);
    expect(comment.y).toBeLessThan(height);
    await page.screenshot({ path: artifactPath('embed-moderate.png') });
    await dialog.getByLabel('Spam').check();
    await dialog.getByRole('button', { name: 'Remove comment' }).click();
    await expect.poll(() => last.textContent()).toContain('This comment was removed (spam)');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("grows the frame to show a comment's ⋯ menu whole, even under the last comment", async () => {
    const post = await makePost(server.ctx.db, new Date(), { title: 'Menus in frames' });
    const other = await createUser(server.ctx.db, { email: `other-${Math.random().toString(36).slice(2, 7)}@example.org`, displayName: 'Olive Other', passwordHash: await hashPassword('a long password'), emailVerified: true }, new Date());
    await server.ctx.db.transaction().execute((trx) => insertComment(trx, { postId: post.id, parent: null, authorId: other.id, body: 'The only comment, at the bottom of the frame.', bodyHtml: renderCommentHtml('The only comment, at the bottom of the frame.'), status: 'published', moderation: null }, new Date()));
    const token = await new SignJWT({ email: 'menu@host.example', name: 'Mo Menu', supporter: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('host-user-91')
      .setJti(`jti-${Math.random().toString(36).slice(2)}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SSO_SECRET));
    pages.set('/menus.html', hostPage('Menus', `data-parley-post="${post.slug}" data-parley-sso="${token}"`));
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(`${sameSiteOrigin}/menus.html`);
    const frame = page.frameLocator('iframe[title=Discussion]');
    const more = frame.getByRole('button', { name: 'More actions' });
    await more.waitFor({ timeout: 10_000 });
    await more.click();
    const menu = frame.locator('.parley-menu');
    await menu.waitFor();
    await expect.poll(async () => {
      const m = (await menu.boundingBox())!;
      const f = (await page.locator('iframe[title=Discussion]').boundingBox())!;
      return m.y + m.height <= f.y + f.height;
    }).toBe(true);
    await page.screenshot({ path: artifactPath('embed-menu.png'), fullPage: true });
    // Closed again, the frame goes back to the discussion's own height.
    const before = await frameHeight(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => frameHeight(page)).toBeLessThan(before);
    expect(errors).toEqual([]);
    await page.close();
  });
});
