import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, signedIn, Browser, type TestApp } from '../helpers/harness';
import { makePost, sanction } from '../helpers/discussion';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import type { WidgetState } from '../../src/widget/types';
import { isWidgetState } from '../../src/widget/guards';

/* The discussion as the server renders it on post pages and in the embed page: readable without
   JavaScript, with the state the widget hydrates from. */
describe('server-rendered discussion', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ env: { PARLEY_EMBED_ORIGINS: 'https://host.example' } });
  });
  afterAll(async () => t?.close());

  async function comment(postId: string, authorId: string, body: string, parent: { id: string; root_id: string | null; depth: number } | null = null, at = t.clock.now()) {
    return t.ctx.db.transaction().execute((trx) => insertComment(trx, { postId, parent, authorId, body, bodyHtml: renderCommentHtml(body), status: 'published', moderation: null }, at));
  }

  function stateOf(html: string): WidgetState {
    const m = /<script type="application\/json" id="parley-state">([\s\S]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const state: unknown = JSON.parse(m![1]!);
    // The widget refuses to boot on a state its guard does not accept.
    if (!isWidgetState(state)) throw new Error('the page state is not of the shape the widget checks');
    return state;
  }

  it('renders the thread, nested replies and the viewer\'s box into the page, with the state to hydrate', async () => {
    const post = await makePost(t.ctx.db, t.clock.now(), { title: 'Rendered' });
    const { browser, user } = await signedIn(t, { supporter: true, name: 'Sasha' });
    const root = await comment(post.id, user.id, 'Top **level**.');
    await comment(post.id, user.id, 'A reply.', root);
    await t.ctx.db.updateTable('posts').set({ comment_count: 2 }).where('id', '=', post.id).execute();
    const res = await browser.get(`/posts/${post.slug}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<p>Top <strong>level</strong>.</p>');
    expect(html).toMatch(/class="parley-replies"[^>]*>.*A reply\./s);
    expect(html).toContain('Join the discussion');
    expect(html).toContain('<script src="/assets/comments.js" defer>');
    const state = stateOf(html);
    expect(state.viewer?.displayName).toBe('Sasha');
    expect(state.comments[0]!.replies![0]!.author!.displayName).toBe('Sasha');
    expect(state.csrfToken).toBe((await browser.session()).csrfToken);
    // Bodies are in the HTML once, not repeated in the JSON.
    expect(state.bodiesInDom).toBe(true);
    expect(html.split('Top <strong>level</strong>').length).toBe(2);
    // No e-mail address leaks into the page state.
    expect(JSON.stringify(state)).not.toMatch(/@example\.org/);
  });

  it('keeps hostile names and bodies inert in both the HTML and the JSON state', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const { user } = await signedIn(t, { supporter: true, name: '</script><script>alert(1)</script>' });
    await comment(post.id, user.id, '<script>alert(2)</script> <img src=x onerror=alert(3)>');
    const html = (await new Browser(t).get(`/posts/${post.slug}`)).body;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(stateOf(html).comments[0]!.author!.displayName).toBe('</script><script>alert(1)</script>');
  });

  it('pages and sorts without JavaScript through ?sort= and ?cursor=, and ignores a bad cursor', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const { user } = await signedIn(t, { supporter: true });
    for (let i = 1; i <= 25; i++) await comment(post.id, user.id, `Comment number ${i}.`, null, new Date(t.clock.now().getTime() + i * 1000));
    const anon = new Browser(t);
    const first = await anon.get(`/posts/${post.slug}`);
    const s1 = stateOf(first.body);
    expect(s1.comments).toHaveLength(20);
    expect(s1.nextCursor).not.toBeNull();
    expect(first.body).toContain('Load more comments');
    const more = await anon.get(`/posts/${post.slug}?sort=oldest&cursor=${encodeURIComponent(s1.nextCursor!)}`);
    expect(stateOf(more.body).comments.map((c) => c.id)).toHaveLength(5);
    expect(more.body).toContain('Comment number 25.');
    const newest = stateOf((await anon.get(`/posts/${post.slug}?sort=newest`)).body);
    expect(newest.sort).toBe('newest');
    expect(newest.comments[0]!.id > newest.comments[1]!.id).toBe(true);
    const bad = await anon.get(`/posts/${post.slug}?cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(200);
    expect(stateOf(bad.body).comments).toHaveLength(20);
  });

  it('says how many replies of a long thread are still to load', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const { user } = await signedIn(t, { supporter: true });
    const root = await comment(post.id, user.id, 'A busy thread.');
    for (let i = 1; i <= 53; i++) await comment(post.id, user.id, `Reply ${i}.`, root, new Date(t.clock.now().getTime() + i * 1000));
    const html = (await new Browser(t).get(`/posts/${post.slug}`)).body;
    const state = stateOf(html);
    expect(state.comments[0]!.replies).toHaveLength(50);
    expect(state.comments[0]!.moreReplies).toEqual({ after: state.comments[0]!.replies![49]!.id, count: 3 });
    expect(html).toContain('3 more replies');
    expect(html).not.toContain('Reply 51.');
  });

  it('serves anonymous readers a shared render that follows every change of the thread at once', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const { user, browser } = await signedIn(t, { supporter: true, name: 'Cato' });
    await comment(post.id, user.id, 'Before.');
    const anon = new Browser(t);
    expect((await anon.get(`/posts/${post.slug}`)).body).toContain('Before.');
    const posted = await browser.post(`/api/posts/${post.slug}/comments`, { body: 'After, through the API.' });
    expect(posted.statusCode).toBe(201);
    const again = (await anon.get(`/posts/${post.slug}`)).body;
    expect(again).toContain('After, through the API.');
    expect(again).toContain('(2 comments)');
    // The signed-in author's page is their own: their box, not the anonymous call to action.
    expect((await browser.get(`/posts/${post.slug}`)).body).toContain('Join the discussion');
    expect(again).not.toContain('Join the discussion');
  });

  it('shows signed-in readers the shared page with only their own likes and their own held comment', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const writer = await signedIn(t, { supporter: true, name: 'Wren' });
    const liker = await signedIn(t, { supporter: true, name: 'Lior' });
    const other = await signedIn(t, { supporter: true, name: 'Otto' });
    const first = await comment(post.id, writer.user.id, 'Worth liking.');
    await comment(post.id, writer.user.id, 'Also here.');
    const held = await t.ctx.db.transaction().execute((trx) =>
      insertComment(trx, { postId: post.id, parent: null, authorId: writer.user.id, body: 'Waiting for a moderator.', bodyHtml: renderCommentHtml('Waiting for a moderator.'), status: 'pending', moderation: null }, t.clock.now()),
    );
    const page = async (b: Browser) => stateOf((await b.get(`/posts/${post.slug}`)).body);
    // Everyone reads the page once before the like, so each has a page kept from then.
    for (const b of [writer.browser, liker.browser, other.browser]) expect((await page(b)).comments.map((c) => c.id)).toContain(first.id);
    expect((await liker.browser.post(`/api/comments/${first.id}/like`, { liked: true })).statusCode).toBeLessThan(300);
    const liked = await page(liker.browser);
    expect(liked.comments.find((c) => c.id === first.id)?.liked).toBe(true);
    expect(liked.comments.find((c) => c.id === first.id)?.likes).toBe(1);
    expect(liked.comments.map((c) => c.id)).not.toContain(held.id);
    const others = await page(other.browser);
    expect(others.comments.find((c) => c.id === first.id)?.liked).toBeUndefined();
    expect(others.comments.find((c) => c.id === first.id)?.likes).toBe(1);
    expect(others.viewer?.displayName).toBe('Otto');
    expect(others.comments.map((c) => c.id)).not.toContain(held.id);
    // The author alone sees their held comment, with its text.
    const own = (await writer.browser.get(`/posts/${post.slug}`)).body;
    expect(own).toContain('Waiting for a moderator.');
    expect(stateOf(own).comments.find((c) => c.id === held.id)?.status).toBe('pending');
    expect((await other.browser.get(`/posts/${post.slug}`)).body).not.toContain('Waiting for a moderator.');
  });

  it('shows each viewer their call to action', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    expect((await new Browser(t).get(`/posts/${post.slug}`)).body).toContain('>Sign in</a> to join in with the discussion');
    const reader = await signedIn(t);
    const body = (await reader.browser.get(`/posts/${post.slug}`)).body;
    expect(body).toContain('To join in with the discussion please make a donation');
    expect(body).not.toContain('<textarea');
    const suspended = await signedIn(t, { supporter: true });
    await sanction(t.ctx.db, suspended.user.id, 'suspension', t.clock.now(), 48);
    const sBody = (await suspended.browser.get(`/posts/${post.slug}`)).body;
    expect(sBody).toContain('You are suspended from the discussion until');
    expect(sBody).not.toContain('<textarea');
  });

  it('serves the embed page with only the discussion, framable by the allowed sites', async () => {
    const post = await makePost(t.ctx.db, t.clock.now(), { title: 'Embeddable' });
    const res = await new Browser(t).get(`/embed/${post.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain('frame-ancestors');
    expect(res.headers['content-security-policy']).toContain('https://host.example');
    expect(res.body).not.toContain('class="masthead"');
    expect(stateOf(res.body).embed).toBe(true);
    expect((await new Browser(t).get('/embed/no-such-post')).statusCode).toBe(404);
    expect((await new Browser(t).get('/embed/..%2Fetc')).statusCode).toBe(404);
  });
});
