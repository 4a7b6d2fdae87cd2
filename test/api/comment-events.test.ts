import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { onThreadChange, postChannel, type ApiComment } from '../../src/store/comments';
import type { BusEvent } from '../../src/realtime/bus';

/* A comment's live events and this node's thread-change notices follow its change only once that
   change is committed: a change that rolls back tells no reader and no cache anything. */
describe('comment events and rolled-back changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
    await relaxRateLimits(t.ctx.db);
  });
  afterAll(async () => t?.close());

  /** Watches one post: the live events on its channel and this process's thread-change notices for it. */
  function watch(postId: string) {
    const events: BusEvent[] = [];
    const changes: string[] = [];
    const stopBus = t.ctx.bus.subscribe(postChannel(postId), (e) => events.push(e));
    const stopThread = onThreadChange((id) => {
      if (id === postId) changes.push(id);
    });
    return { events, changes, stop: () => (stopBus(), stopThread()) };
  }

  /** Makes the next audit entry with `action` fail, so that the transaction writing it rolls back. */
  async function failAudit(action: string): Promise<() => Promise<void>> {
    await sql.raw(`create trigger fail_audit after insert on audit_log when new.action = '${action}' begin select raise(abort, 'audit refused'); end`).execute(t.ctx.db);
    return async () => void (await sql`drop trigger fail_audit`.execute(t.ctx.db));
  }

  const status = async (id: string) => (await t.ctx.db.selectFrom('comments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('an author deletion that rolls back publishes nothing and leaves the comment in place', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const author = await signedIn(t, { supporter: true });
    const created = await author.browser.post(`/api/posts/${p.slug}/comments`, { body: 'A point about the figures.' });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json().comment as ApiComment;
    const w = watch(p.id);
    const restore = await failAudit('comment.deleted');
    try {
      const res = await author.browser.delete(`/api/comments/${c.id}`);
      expect(res.statusCode).toBe(500);
    } finally {
      await restore();
      w.stop();
    }
    expect(await status(c.id)).toBe('published');
    expect(w.events).toEqual([]);
    expect(w.changes).toEqual([]);
    const page = (await author.browser.get(`/api/posts/${p.slug}/comments`)).json() as { comments: ApiComment[]; total: number };
    expect(page.total).toBe(1);
    expect(page.comments.map((x) => x.status)).toEqual(['published']);
  });

  it('a moderator removal that rolls back publishes nothing; the same removal then publishes once', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const author = await signedIn(t, { supporter: true });
    const mod = await signedIn(t, { roles: ['moderator'] });
    const c = (await author.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Another point about the figures.' })).json().comment as ApiComment;
    const w = watch(p.id);
    const restore = await failAudit('comment.removed');
    try {
      const res = await mod.browser.post(`/api/mod/comments/${c.id}/remove`, { reason: 'spam', strike: false });
      expect(res.statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect(await status(c.id)).toBe('published');
    expect(w.events).toEqual([]);
    expect(w.changes).toEqual([]);
    const res = await mod.browser.post(`/api/mod/comments/${c.id}/remove`, { reason: 'spam', strike: false });
    w.stop();
    expect(res.statusCode, res.body).toBe(200);
    expect(w.events.map((e) => [e.type, (e.data as ApiComment).id, (e.data as ApiComment).status])).toEqual([['comment.removed', c.id, 'removed']]);
    expect(w.changes.length).toBeGreaterThan(0);
  });
});
