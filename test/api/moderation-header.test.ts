import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { makePost, storeComment } from '../helpers/moderation';
import { MINUTE } from '../../src/domain/clock';
import { HEADER_COUNTS_TTL_MS } from '../../src/moderation/queue';

/* The site header's "Moderation" link tells moderators how many items wait for review. */
const KINDS: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (requireService('PostgreSQL', !!PG_BASE_URL)) KINDS.push('postgres');

/** The header's moderation link as the eye sees it (the number in the badge) and as a screen reader says it. */
function header(html: string): { link: boolean; badge: string | null; name: string | null } {
  const m = /<header class="masthead">([\s\S]*?)<\/header>/.exec(html);
  expect(m).not.toBeNull();
  const a = /<a href="\/admin\/moderation"([^>]*)>([\s\S]*?)<\/a>/.exec(m![1]!);
  if (!a) return { link: false, badge: null, name: null };
  const label = /aria-label="([^"]*)"/.exec(a[1]!)?.[1];
  const badge = /<span class="nav-count">([^<]*)<\/span>/.exec(a[2]!)?.[1] ?? null;
  return { link: true, badge, name: label ?? a[2]!.replace(/<[^>]+>/g, '').trim() };
}

for (const kind of KINDS) describe(`the moderation count in the site header on ${kind}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: kind });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts held and flagged comments for moderators and admins, and follows their decisions', async () => {
    const post = await makePost(t);
    const mod = await signedIn(t, { roles: ['moderator'] });
    const admin = await signedIn(t, { roles: ['admin'] });
    const seen = async (b: Browser, url = '/') => header((await b.get(url)).body);

    // Nothing waiting: the plain link.
    expect(await seen(mod.browser)).toEqual({ link: true, badge: null, name: 'Moderation' });

    // A new supporter's comment with a link is held for review.
    const newcomer = await signedIn(t, { supporter: true });
    const held = await newcomer.browser.post(`/api/posts/${post.slug}/comments`, { body: 'Read this: https://example.org/a' });
    expect(held.statusCode, held.body).toBe(202);
    expect(await seen(mod.browser)).toEqual({ link: true, badge: '1', name: 'Moderation, 1 item waiting for review' });

    // A published comment flagged by a reader joins the flagged queue.
    const author = await signedIn(t, { supporter: true });
    const published = await storeComment(t, { postId: post.id, authorId: author.user.id, body: 'A strong opinion' });
    const flagger = await signedIn(t, { supporter: true });
    expect((await flagger.browser.post(`/api/comments/${published.id}/flag`, { reason: 'abuse' })).statusCode).toBe(202);
    for (const b of [mod.browser, admin.browser]) {
      expect(await seen(b, `/posts/${post.slug}`)).toEqual({ link: true, badge: '2', name: 'Moderation, 2 items waiting for review' });
    }

    // Approving the held comment takes it off at once, on this node.
    const approved = await mod.browser.post(`/api/mod/comments/${held.json().comment.id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await seen(mod.browser)).badge).toBe('1');

    // A hold this node was not told about (another node's) shows once the remembered count is old enough.
    await storeComment(t, { postId: post.id, authorId: author.user.id, body: 'Held elsewhere', status: 'pending' });
    expect((await seen(mod.browser)).badge).toBe('1');
    t.clock.advance(HEADER_COUNTS_TTL_MS);
    expect((await seen(mod.browser)).badge).toBe('2');

    // The workspace counts afresh, and its header agrees with it.
    const workspace = await mod.browser.get('/admin/moderation');
    expect(workspace.body).toContain('Waiting: 1 held, 1 flagged');
    expect(header(workspace.body).badge).toBe('2');
  });

  it('readers, supporters, editors and anonymous visitors get no count', async () => {
    const post = await makePost(t);
    const author = await signedIn(t, { supporter: true });
    await storeComment(t, { postId: post.id, authorId: author.user.id, body: 'Waiting', status: 'pending' });
    t.clock.advance(MINUTE);
    const mod = await signedIn(t, { roles: ['moderator'] });
    expect(header((await mod.browser.get('/')).body).badge).not.toBeNull();
    const others = [
      new Browser(t, '10.9.9.9'),
      (await signedIn(t)).browser,
      author.browser,
      (await signedIn(t, { roles: ['editor'] })).browser,
    ];
    for (const b of others) {
      for (const url of ['/', `/posts/${post.slug}`]) {
        const res = await b.get(url);
        expect(header(res.body), url).toEqual({ link: false, badge: null, name: null });
        expect(res.body, url).not.toContain('waiting for review');
      }
    }
  });
});
