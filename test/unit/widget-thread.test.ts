import { describe, expect, it } from 'vitest';
import { appendPage, findComment, insertComment, replaceComment } from '../../src/widget/thread';
import { relativeTime } from '../../src/widget/time';
import { removedText, standing } from '../../src/widget/components';
import type { Viewer, WComment, WidgetPost } from '../../src/widget/types';

let n = 0;
function c(parentId: string | null = null, extra: Partial<WComment> = {}): WComment {
  n += 1;
  return { id: `c${String(n).padStart(4, '0')}`, postId: 'p', parentId, author: { id: `u${n}`, displayName: `Reader ${n}`, supporter: true }, bodyHtml: `<p>${n}</p>`, createdAt: '2026-03-01T10:00:00.000Z', editedAt: null, status: 'published', removedReason: null, likes: 0, replies: [], ...extra };
}

describe('live thread updates', () => {
  it('puts new top-level comments first when sorted newest, last when every page is loaded, and nowhere on a partial oldest-first list', () => {
    const a = c();
    const b = c();
    expect(insertComment([a], b, 'newest', false)!.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(insertComment([a], b, 'oldest', true)!.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(insertComment([a], b, 'oldest', false)).toBeNull();
  });

  it('nests replies to depth 3, then shows deeper replies beside their parent with "in reply to"', () => {
    const root = c();
    let list = [root];
    const chain = [root];
    for (let depth = 1; depth <= 3; depth++) {
      const r = c(chain[depth - 1]!.id);
      list = insertComment(list, r, 'oldest', true)!;
      chain.push(r);
    }
    expect(list[0]!.replies![0]!.replies![0]!.replies![0]!.id).toBe(chain[3]!.id);
    const deep = c(chain[3]!.id);
    list = insertComment(list, deep, 'oldest', true)!;
    const level2 = list[0]!.replies![0]!.replies![0]!;
    expect(level2.replies!.map((x) => x.id)).toEqual([chain[3]!.id, deep.id]);
    expect(findComment(list, deep.id)!.inReplyTo).toEqual({ id: chain[3]!.id, displayName: chain[3]!.author!.displayName });
    // A reply to a comment that is not loaded has no place yet.
    expect(insertComment(list, c('c9999'), 'oldest', true)).toBeNull();
  });

  it('replaces a comment in place, keeping its replies, and never duplicates on a further page', () => {
    const root = c();
    const reply = c(root.id);
    const list = insertComment([root], reply, 'oldest', true)!;
    const removed = replaceComment(list, { ...root, status: 'removed', bodyHtml: '', removedReason: 'abuse', replies: undefined });
    expect(removed[0]!.status).toBe('removed');
    expect(removed[0]!.replies!.map((x) => x.id)).toEqual([reply.id]);
    expect(list[0]!.status).toBe('published'); // inputs are not mutated
    const other = c();
    expect(appendPage(list, [root, other]).map((x) => x.id)).toEqual([root.id, other.id]);
  });
});

describe('widget text', () => {
  it('gives relative times', () => {
    const t = Date.parse('2026-03-01T10:00:00Z');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 10_000)).toBe('just now');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 60_000)).toBe('1 minute ago');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 5 * 60_000)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 3 * 3600_000)).toBe('3 hours ago');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 2 * 86_400_000)).toBe('2 days ago');
    expect(relativeTime('2026-03-01T10:00:00Z', t + 90 * 86_400_000)).toBe('1 March 2026');
  });

  it('names the reason of a removed comment', () => {
    expect(removedText('off_topic')).toBe('This comment was removed (off topic)');
    expect(removedText('deleted_by_author')).toBe('This comment was removed (deleted by its author)');
  });

  it('decides the box or call to action with the gate', () => {
    const post: WidgetPost = { id: 'p', slug: 's', title: 't', discussion: 'open', discussionClosesAt: null, commentCount: 0 };
    const now = Date.parse('2026-03-01T10:00:00Z');
    const v = (over: Partial<Viewer>): Viewer => ({ id: 'u', displayName: 'U', roles: ['reader'], supporter: { active: true, until: null }, sanction: { state: 'none', until: null, reason: null }, emailConfirmed: true, ...over });
    expect(standing(null, post, now).kind).toBe('sign_in');
    expect(standing(v({}), post, now).kind).toBe('write');
    expect(standing(v({ supporter: { active: false, until: null } }), post, now).kind).toBe('donate');
    expect(standing(v({ supporter: { active: false, until: null }, sanction: { state: 'banned', until: null, reason: 'abuse' } }), post, now)).toEqual({ kind: 'banned', reason: 'abuse' });
    expect(standing(v({ sanction: { state: 'suspended', until: '2026-03-02T00:00:00Z', reason: 'profanity' } }), post, now).kind).toBe('suspended');
    expect(standing(v({}), { ...post, discussion: 'closed' }, now).kind).toBe('closed');
    expect(standing(v({ emailConfirmed: false }), post, now).kind).toBe('confirm_email');
  });
});
