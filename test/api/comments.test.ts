import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits, sanction } from '../helpers/discussion';
import { setSetting } from '../../src/store/settings';
import { insertComment, REPLIES_PER_THREAD, type ApiComment } from '../../src/store/comments';

type Dialect = 'sqlite' | 'postgres';
const dialects: Dialect[] = ['sqlite', ...(requireService('PostgreSQL', PG_BASE_URL !== null) ? (['postgres'] as const) : [])];

describe.each(dialects)('comments API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: dialect });
    await relaxRateLimits(t.ctx.db);
  });
  afterAll(async () => t?.close());

  const post = (slug: string, b: Browser, body: string, parentId?: string) => b.post(`/api/posts/${slug}/comments`, parentId ? { body, parentId } : { body });
  const list = async (b: Browser, slug: string, qs = '') => {
    const res = await b.get(`/api/posts/${slug}/comments${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { comments: ApiComment[]; nextCursor: string | null; total: number };
  };
  const count = async (table: 'comments' | 'likes' | 'comment_edits') => Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  describe('comments under a post readers cannot see', () => {
    it('cannot be liked, unliked or flagged once the post is back to draft or scheduled for later', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const author = await signedIn(t, { supporter: true });
      const reader = await signedIn(t, { supporter: true });
      const c = (await post(p.slug, author.browser, 'Written while the post was public')).json().comment as ApiComment;
      expect((await reader.browser.post(`/api/comments/${c.id}/like`)).statusCode).toBe(200);
      const state = async () => ({
        likes: (await t.ctx.db.selectFrom('comments').select('like_count').where('id', '=', c.id).executeTakeFirstOrThrow()).like_count,
        likeRows: await count('likes'),
        flags: Number((await t.ctx.db.selectFrom('flags').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
      });
      for (const change of [{ status: 'draft' as const }, { status: 'scheduled' as const, published_at: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }]) {
        await t.ctx.db.updateTable('posts').set(change).where('id', '=', p.id).execute();
        const before = await state();
        const third = await signedIn(t, { supporter: true });
        for (const [who, method, url, body] of [
          [third, 'POST', `/api/comments/${c.id}/like`, undefined],
          [reader, 'DELETE', `/api/comments/${c.id}/like`, undefined],
          [third, 'POST', `/api/comments/${c.id}/flag`, { reason: 'spam' }],
          [reader, 'POST', `/api/comments/${c.id}/flag`, { reason: 'abuse' }],
        ] as const) {
          const res = await who.browser.request(method, url, body ?? {});
          expect(res.statusCode, `${change.status} ${method} ${url}`).toBe(404);
          expect(res.json().error.code).toBe('not_found');
        }
        expect(await state()).toEqual(before);
      }
    });
  });

  describe('the gate', () => {
    it('refuses anonymous readers with 401 sign_in_required, and lets them read', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const anon = new Browser(t);
      const before = await count('comments');
      const res = await post(p.slug, anon, 'Hello');
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('sign_in_required');
      expect(await count('comments')).toBe(before);
      expect((await list(anon, p.slug)).comments).toEqual([]);
    });

    it('refuses a signed-in reader who is not a supporter with supporters_only and the call to action', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t);
      const res = await post(p.slug, browser, 'Can I join?');
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'supporters_only', cta: { text: 'To join in with the discussion please make a donation', url: '/support' } });
      expect((await list(browser, p.slug)).total).toBe(0);
    });

    it('refuses suspended and banned supporters, and closed discussions', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const suspended = await signedIn(t, { supporter: true });
      await sanction(t.ctx.db, suspended.user.id, 'suspension', t.clock.now());
      const banned = await signedIn(t, { supporter: true });
      await sanction(t.ctx.db, banned.user.id, 'ban', t.clock.now());
      let res = await post(p.slug, suspended.browser, 'Hello');
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'suspended']);
      res = await post(p.slug, banned.browser, 'Hello');
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'banned']);

      const { browser } = await signedIn(t, { supporter: true });
      const closed = await makePost(t.ctx.db, t.clock.now(), { discussion: 'closed' });
      res = await post(closed.slug, browser, 'Hello');
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'discussion_closed']);
      const closing = await makePost(t.ctx.db, t.clock.now(), { closesAt: new Date(t.clock.now().getTime() + 60_000).toISOString() });
      expect((await post(closing.slug, browser, 'Just in time')).statusCode).toBe(201);
      t.clock.advance(61_000);
      res = await post(closing.slug, browser, 'Too late');
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'discussion_closed']);
      expect((await list(browser, closing.slug)).total).toBe(1);
    });

    it('lets a supporter whose support has ended read but not write', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser, user } = await signedIn(t);
      await t.ctx.db.updateTable('users').set({ supporter_until: new Date(t.clock.now().getTime() - 1000).toISOString() }).where('id', '=', user.id).execute();
      const res = await post(p.slug, browser, 'Still here?');
      expect(res.json().error.code).toBe('supporters_only');
    });
  });

  describe('writing and reading', () => {
    it('publishes a supporter’s comment with 201 in the API shape and counts it', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser, user } = await signedIn(t, { supporter: true, name: 'Ada' });
      const res = await post(p.slug, browser, 'A **fine** point, _well_ made.\n\n> quoted');
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json().comment as ApiComment;
      expect(c).toMatchObject({ postId: p.id, parentId: null, author: { id: user.id, displayName: 'Ada', supporter: true }, status: 'published', editedAt: null, removedReason: null, likes: 0 });
      expect(c.bodyHtml).toContain('<strong>fine</strong>');
      expect(c.bodyHtml).toContain('<em>well</em>');
      expect(c.bodyHtml).toContain('<blockquote>');
      const anon = await list(new Browser(t), p.slug);
      expect(anon.total).toBe(1);
      expect(anon.comments.map((x) => x.id)).toEqual([c.id]);
      expect(anon.comments[0]).toMatchObject({ replies: [], replyCount: 0 });
      const listed = (await new Browser(t).get('/api/posts')).json().posts.find((x: { id: string }) => x.id === p.id);
      expect(listed.commentCount).toBe(1);
    });

    it('stores hostile HTML as written and renders it inert', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t, { supporter: true });
      const hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) <svg onload=alert(4)><a href="javascript:alert(5)">x</a> <iframe src="//evil"></iframe> <b unclosed';
      const res = await post(p.slug, browser, hostile);
      expect(res.statusCode, res.body).toBe(201);
      const html = res.json().comment.bodyHtml as string;
      expect(html).not.toMatch(/<(script|img|svg|iframe|a href="javascript)/i);
      expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      const stored = await t.ctx.db.selectFrom('comments').select(['body', 'body_html']).where('id', '=', res.json().comment.id).executeTakeFirstOrThrow();
      expect(stored.body).toBe(hostile);
      expect(stored.body_html).toBe(html);
    });

    it('renders links as nofollow user content', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t, { supporter: true });
      // Links in a new supporter's first comments are held; publish a few first.
      for (const body of ['First of mine', 'Second of mine', 'Third of mine']) expect((await post(p.slug, browser, body)).statusCode).toBe(201);
      const res = await post(p.slug, browser, 'See [the report](https://example.org/report)');
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().comment.bodyHtml).toContain('<a href="https://example.org/report" rel="nofollow ugc noopener"');
    });

    it('nests replies to depth 3 and shows deeper ones beside their parent with inReplyTo', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const a = await signedIn(t, { supporter: true, name: 'Alice' });
      const b = await signedIn(t, { supporter: true, name: 'Bob' });
      const ids: string[] = [];
      for (let depth = 0; depth <= 5; depth++) {
        const who = depth % 2 === 0 ? a : b;
        const res = await post(p.slug, who.browser, `Level ${depth}`, ids[depth - 1]);
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().comment.parentId).toBe(ids[depth - 1] ?? null);
        ids.push(res.json().comment.id);
      }
      const { comments, total } = await list(new Browser(t), p.slug);
      expect(total).toBe(6);
      expect(comments).toHaveLength(1);
      const [top] = comments;
      expect(top!.replyCount).toBe(5);
      const d1 = top!.replies![0]!;
      const d2 = d1.replies![0]!;
      expect([top!.id, d1.id, d2.id]).toEqual(ids.slice(0, 3));
      // Depth 3 is the deepest visible level: 3, 4 and 5 are all shown there, in order.
      expect(d2.replies!.map((c) => c.id)).toEqual(ids.slice(3));
      expect(d2.replies![0]!.inReplyTo).toBeUndefined();
      expect(d2.replies![1]!.inReplyTo).toEqual({ id: ids[3], displayName: 'Bob' });
      expect(d2.replies![2]!.inReplyTo).toEqual({ id: ids[4], displayName: 'Alice' });
      expect(d2.replies!.every((c) => c.replies!.length === 0)).toBe(true);
    });

    it('sorts by oldest, newest and top, and pages with cursors', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const author = await signedIn(t, { supporter: true });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        t.clock.advance(1000);
        ids.push((await post(p.slug, author.browser, `Comment number ${i}`)).json().comment.id);
      }
      // Likes: comment 2 gets 3, comment 5 gets 2, comment 0 gets 1.
      const fans = await Promise.all([0, 1, 2].map(() => signedIn(t, { supporter: true })));
      for (const [idx, n] of [[2, 3], [5, 2], [0, 1]] as const) {
        for (let k = 0; k < n; k++) expect((await fans[k]!.browser.post(`/api/comments/${ids[idx]}/like`)).json()).toHaveProperty('likes');
      }
      const anon = new Browser(t);
      const all = async (sort: string) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page = await list(anon, p.slug, `?sort=${sort}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          expect(page.comments.length).toBeLessThanOrEqual(3);
          expect(page.total).toBe(7);
          seen.push(...page.comments.map((c) => c.id));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        return seen;
      };
      expect(await all('oldest')).toEqual(ids);
      expect(await all('newest')).toEqual([...ids].reverse());
      const top = await all('top');
      expect(top.slice(0, 3)).toEqual([ids[2], ids[5], ids[0]]);
      expect(new Set(top).size).toBe(7);
      expect(top.slice(3)).toEqual([ids[6], ids[4], ids[3], ids[1]]); // ties: newest first
      expect((await anon.get(`/api/posts/${p.slug}/comments`)).json().comments.map((c: ApiComment) => c.id)).toEqual(ids); // default: oldest

      for (const qs of ['?cursor=not-a-cursor', `?sort=top&cursor=${Buffer.from('["x"]').toString('base64url')}`]) {
        const bad = await anon.get(`/api/posts/${p.slug}/comments${qs}`);
        expect(bad.statusCode).toBe(422);
        expect(bad.json().error.code).toBe('invalid_cursor');
      }
      for (const qs of ['?sort=best', '?limit=0', '?limit=500']) {
        const bad = await anon.get(`/api/posts/${p.slug}/comments${qs}`);
        expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'invalid_input']);
      }
    });
  });

  describe('long threads and freshness', () => {
    it('loads the first replies of each thread with the page and the rest from /api/comments/:id/replies', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { user } = await signedIn(t, { supporter: true });
      const now = t.clock.now();
      const ids = await t.ctx.db.transaction().execute(async (trx) => {
        const root = await insertComment(trx, { postId: p.id, parent: null, authorId: user.id, body: 'Root', bodyHtml: '<p>Root</p>', status: 'published', moderation: null }, now);
        const out: string[] = [];
        let parent: { id: string; root_id: string | null; depth: number } = root;
        for (let i = 0; i < REPLIES_PER_THREAD + 5; i++) {
          const r = await insertComment(trx, { postId: p.id, parent: i % 2 ? parent : root, authorId: user.id, body: `R${i}`, bodyHtml: `<p>R${i}</p>`, status: 'published', moderation: null }, new Date(now.getTime() + i + 1));
          if (i % 2 === 0) parent = r;
          out.push(r.id);
        }
        return { root: root.id, replies: out };
      });
      const anon = new Browser(t);
      const [top] = (await list(anon, p.slug)).comments;
      expect(top!.replyCount).toBe(REPLIES_PER_THREAD + 5);
      const shown: string[] = [];
      const walk = (cs: ApiComment[]) => cs.forEach((c) => (shown.push(c.id), walk(c.replies ?? [])));
      walk(top!.replies!);
      expect(shown.sort()).toEqual(ids.replies.slice(0, REPLIES_PER_THREAD).sort());
      const more = await anon.get(`/api/comments/${ids.root}/replies?after=${ids.replies[REPLIES_PER_THREAD - 1]}&limit=3`);
      expect(more.statusCode, more.body).toBe(200);
      expect(more.json().replies.map((c: ApiComment) => c.id)).toEqual(ids.replies.slice(REPLIES_PER_THREAD, REPLIES_PER_THREAD + 3));
      const rest = await anon.get(`/api/comments/${ids.root}/replies?after=${more.json().nextCursor}`);
      expect(rest.json()).toMatchObject({ nextCursor: null });
      expect(rest.json().replies.map((c: ApiComment) => c.id)).toEqual(ids.replies.slice(REPLIES_PER_THREAD + 3));
      const notTop = await anon.get(`/api/comments/${ids.replies[0]}/replies`);
      expect([notTop.statusCode, notTop.json().error.code]).toEqual([422, 'not_top_level']);
    });

    it('shows anonymous readers every change at once, though their pages are cached', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const a = await signedIn(t, { supporter: true });
      const b = await signedIn(t, { supporter: true });
      const anon = new Browser(t);
      expect((await list(anon, p.slug)).comments).toEqual([]);
      const id = (await post(p.slug, a.browser, 'Fresh')).json().comment.id;
      expect((await list(anon, p.slug)).comments.map((c) => c.id)).toEqual([id]);
      await b.browser.post(`/api/comments/${id}/like`);
      expect((await list(anon, p.slug)).comments[0]!.likes).toBe(1);
      await a.browser.patch(`/api/comments/${id}`, { body: 'Fresher' });
      expect((await list(anon, p.slug)).comments[0]!.bodyHtml).toBe('<p>Fresher</p>');
      await a.browser.delete(`/api/comments/${id}`);
      const after = await list(anon, p.slug);
      expect([after.total, after.comments[0]!.status]).toEqual([0, 'removed']);
    });

    it('makes a changed page once for the readers who ask for it together, each of them seeing the change', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const a = await signedIn(t, { supporter: true });
      const readers = Array.from({ length: 8 }, () => new Browser(t));
      await list(readers[0]!, p.slug);
      const id = (await post(p.slug, a.browser, 'Fresh for everyone')).json().comment.id;
      const executor = t.ctx.db.getExecutor();
      const spy = vi.spyOn(executor, 'executeQuery');
      try {
        const pages = await Promise.all(readers.map((r) => list(r, p.slug)));
        for (const page of pages) expect(page.comments.map((c) => c.id)).toEqual([id]);
        // The page's replies are read with a window function, once per page made.
        expect(spy.mock.calls.filter(([q]) => q.sql.includes('row_number()')).length).toBe(1);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('the moderation pipeline', () => {
    it('holds a new supporter’s comment with links (202), visible only to its author, and audits the hold', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser, user } = await signedIn(t, { supporter: true });
      const res = await post(p.slug, browser, 'Read this: https://example.org/a');
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().comment.status).toBe('pending');
      expect(typeof res.json().message).toBe('string');
      const id = res.json().comment.id;
      expect((await list(browser, p.slug)).comments.map((c) => c.id)).toEqual([id]);
      const other = await signedIn(t, { supporter: true });
      expect((await list(other.browser, p.slug)).comments).toEqual([]);
      expect((await list(new Browser(t), p.slug)).total).toBe(0);
      expect((await other.browser.post(`/api/comments/${id}/like`)).statusCode).toBe(404);
      const entry = await t.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', id).executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor_id: null, action: 'comment.held' });
      const stored = await t.ctx.db.selectFrom('comments').select('moderation').where('id', '=', id).executeTakeFirstOrThrow();
      expect(JSON.parse(stored.moderation!)).toMatchObject({ decision: 'hold' });
      void user;
    });

    it('rejects empty, too long and profane comments with 422, stores nothing and audits the decision', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser, user } = await signedIn(t, { supporter: true });
      const before = await count('comments');
      for (const [body, code] of [['   ', 'empty'], ['x'.repeat(6000), 'too_long'], ['You are a fucking idiot', 'profanity']] as const) {
        const res = await post(p.slug, browser, body);
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().error.code).toBe(code);
      }
      expect(await count('comments')).toBe(before);
      const audits = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'comment.rejected').where('target_id', '=', user.id).execute();
      expect(audits.map((a) => a.reason).sort()).toEqual(['empty', 'profanity', 'too_long']);
      expect(audits.every((a) => a.actor_id === null)).toBe(true);
    });

    it('answers repeats and floods with 429', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t, { supporter: true });
      expect((await post(p.slug, browser, 'The same thing twice')).statusCode).toBe(201);
      const again = await post(p.slug, browser, 'the same thing, twice!');
      expect([again.statusCode, again.json().error.code]).toEqual([429, 'repeat_post']);

      await setSetting(t.ctx.db, 'moderation', {});
      try {
        const flood = await signedIn(t, { supporter: true });
        const codes: number[] = [];
        for (let i = 0; i < 4; i++) codes.push((await post(p.slug, flood.browser, `Different comment ${i}`)).statusCode);
        expect(codes).toEqual([201, 201, 201, 429]);
        t.clock.advance(61_000);
        expect((await post(p.slug, flood.browser, 'After a minute')).statusCode).toBe(201);
      } finally {
        await relaxRateLimits(t.ctx.db);
      }
    });
  });

  describe('editing', () => {
    it('edits within the window through the pipeline, keeps the history, then closes', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t, { supporter: true });
      const id = (await post(p.slug, browser, 'Frist!')).json().comment.id;
      t.clock.advance(5 * 60_000);
      const res = await browser.patch(`/api/comments/${id}`, { body: 'First, *corrected*.' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().comment).toMatchObject({ id, editedAt: t.clock.now().toISOString() });
      expect(res.json().comment.bodyHtml).toContain('<em>corrected</em>');
      const bad = await browser.patch(`/api/comments/${id}`, { body: 'Actually you are all fucking idiots' });
      expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'profanity']);
      const edits = await t.ctx.db.selectFrom('comment_edits').selectAll().where('comment_id', '=', id).execute();
      expect(edits.map((e) => e.body)).toEqual(['Frist!']);
      expect((await t.ctx.db.selectFrom('comments').select('body').where('id', '=', id).executeTakeFirstOrThrow()).body).toBe('First, *corrected*.');

      const stranger = await signedIn(t, { supporter: true });
      const notMine = await stranger.browser.patch(`/api/comments/${id}`, { body: 'Mine now' });
      expect([notMine.statusCode, notMine.json().error.code]).toEqual([403, 'not_author']);

      t.clock.advance(5 * 60_000 + 1000);
      const late = await browser.patch(`/api/comments/${id}`, { body: 'Too late' });
      expect([late.statusCode, late.json().error.code]).toEqual([403, 'edit_window_closed']);
      expect((await list(browser, p.slug)).comments[0]!.bodyHtml).toContain('corrected');
    });

    it('honours a configured edit window', async () => {
      const other = await makeApp({ db: 'sqlite', env: { PARLEY_EDIT_WINDOW_MINUTES: '1' } });
      try {
        await relaxRateLimits(other.ctx.db);
        const p = await makePost(other.ctx.db, other.clock.now());
        const { browser } = await signedIn(other, { supporter: true });
        const id = (await browser.post(`/api/posts/${p.slug}/comments`, { body: 'One' })).json().comment.id;
        other.clock.advance(61_000);
        expect((await browser.patch(`/api/comments/${id}`, { body: 'Two' })).json().error.code).toBe('edit_window_closed');
      } finally {
        await other.close();
      }
    });
  });

  describe('deleting', () => {
    it('lets authors delete their own comment, leaving a placeholder that keeps the replies', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const a = await signedIn(t, { supporter: true });
      const b = await signedIn(t, { supporter: true });
      const parent = (await post(p.slug, a.browser, 'Parent')).json().comment.id;
      const child = (await post(p.slug, b.browser, 'Child', parent)).json().comment.id;
      const no = await b.browser.delete(`/api/comments/${parent}`);
      expect([no.statusCode, no.json().error.code]).toEqual([403, 'not_author']);
      expect((await a.browser.delete(`/api/comments/${parent}`)).statusCode).toBe(204);
      expect((await a.browser.delete(`/api/comments/${parent}`)).statusCode).toBe(204);
      const page = await list(new Browser(t), p.slug);
      expect(page.total).toBe(1);
      expect(page.comments[0]).toMatchObject({ id: parent, status: 'removed', bodyHtml: '', author: null, removedReason: 'deleted_by_author' });
      expect(page.comments[0]!.replies!.map((c) => c.id)).toEqual([child]);
      const reply = await post(p.slug, b.browser, 'Reply to the deleted one', parent);
      expect([reply.statusCode, reply.json().error.code]).toEqual([422, 'parent_removed']);
      const edit = await a.browser.patch(`/api/comments/${parent}`, { body: 'Back' });
      expect([edit.statusCode, edit.json().error.code]).toEqual([403, 'comment_removed']);
      expect((await t.ctx.db.selectFrom('comments').select('body').where('id', '=', parent).executeTakeFirstOrThrow()).body).toBe('Parent'); // kept, not hard-deleted
    });
  });

  describe('likes', () => {
    it('counts one like per supporter, idempotently, and refuses others', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const author = await signedIn(t, { supporter: true });
      const id = (await post(p.slug, author.browser, 'Like me')).json().comment.id;
      const fan = await signedIn(t, { supporter: true });
      const like = () => fan.browser.post(`/api/comments/${id}/like`);
      expect((await like()).json()).toEqual({ likes: 1 });
      expect((await like()).json()).toEqual({ likes: 1 });
      expect((await fan.browser.delete(`/api/comments/${id}/like`)).json()).toEqual({ likes: 0 });
      expect((await fan.browser.delete(`/api/comments/${id}/like`)).json()).toEqual({ likes: 0 });
      expect((await like()).json()).toEqual({ likes: 1 });

      const anon = await new Browser(t).post(`/api/comments/${id}/like`);
      expect([anon.statusCode, anon.json().error.code]).toEqual([401, 'sign_in_required']);
      const reader = await signedIn(t);
      const res = await reader.browser.post(`/api/comments/${id}/like`);
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'supporters_only']);
      expect(res.json().error.cta.url).toBe('/support');
      const own = await author.browser.post(`/api/comments/${id}/like`);
      expect([own.statusCode, own.json().error.code]).toEqual([403, 'own_comment']);
      expect((await list(new Browser(t), p.slug)).comments[0]!.likes).toBe(1);
      expect((await list(fan.browser, p.slug)).comments[0]!.liked).toBe(true);
      expect((await list(reader.browser, p.slug)).comments[0]!.liked).toBeUndefined();
      expect((await list(new Browser(t), p.slug)).comments[0]!.liked).toBeUndefined();
    });
  });

  describe('bad requests', () => {
    it('answers unknown posts and comments with 404 and malformed ids with 422', async () => {
      const p = await makePost(t.ctx.db, t.clock.now());
      const other = await makePost(t.ctx.db, t.clock.now());
      const { browser } = await signedIn(t, { supporter: true });
      const id = (await post(other.slug, browser, 'Elsewhere')).json().comment.id;
      const cases: Array<[Promise<{ statusCode: number; json(): { error: { code: string } } }>, number, string]> = [
        [browser.get('/api/posts/no-such-post/comments'), 404, 'not_found'],
        [post('no-such-post', browser, 'Hello'), 404, 'not_found'],
        [browser.get('/api/posts/no-such-post/events'), 404, 'not_found'],
        [browser.patch('/api/comments/01jzzzzzzzzzzzzzzzzzzzzzzz', { body: 'x' }), 404, 'not_found'],
        [browser.delete('/api/comments/01jzzzzzzzzzzzzzzzzzzzzzzz'), 404, 'not_found'],
        [browser.post('/api/comments/01jzzzzzzzzzzzzzzzzzzzzzzz/like'), 404, 'not_found'],
        [post(p.slug, browser, 'Reply across posts', id), 404, 'not_found'],
        [browser.patch('/api/comments/..%2Fetc', { body: 'x' }), 422, 'invalid_input'],
        [browser.post('/api/comments/%3Cscript%3E/like'), 422, 'invalid_input'],
        [post(p.slug, browser, 'x', 'NOT-AN-ID'), 422, 'invalid_input'],
        [browser.post(`/api/posts/${p.slug}/comments`, { body: { html: '<b>' } }), 422, 'invalid_input'],
        [browser.post(`/api/posts/${p.slug}/comments`, {}), 422, 'invalid_input'],
      ];
      for (const [pending, status, code] of cases) {
        const res = await pending;
        expect([res.statusCode, (res.json() as { error?: { code: string } }).error?.code], JSON.stringify(res.json())).toEqual([status, code]);
      }
      expect((await list(browser, p.slug)).total).toBe(0);
    });
  });
});
