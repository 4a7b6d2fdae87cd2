import { describe, expect, it } from 'vitest';
import { gate, discussionOpen, SUPPORT_CTA, type GateUser } from '../../src/domain/gate';
import { buildThreads, MAX_VISIBLE_DEPTH, type ThreadRow } from '../../src/domain/thread';
import { OPEN_ENDED } from '../../src/domain/supporter';

const now = new Date('2026-03-01T12:00:00.000Z');
const open = { discussion: 'open', discussionClosesAt: null };
const supporter: GateUser = { supporter: { until: OPEN_ENDED }, sanction: { state: 'none' }, emailConfirmed: true };

describe('gate', () => {
  it('lets anyone read, even a closed discussion', () => {
    expect(gate('read', null, { discussion: 'closed', discussionClosesAt: null }, now)).toEqual({ allowed: true });
  });

  it('gives each refusal its status and code, in the pipeline’s order', () => {
    for (const action of ['comment', 'like', 'flag'] as const) {
      expect(gate(action, null, open, now)).toMatchObject({ allowed: false, status: 401, code: 'sign_in_required' });
      expect(gate(action, { supporter: { until: null }, sanction: { state: 'none' }, emailConfirmed: true }, open, now)).toMatchObject({ status: 403, code: 'supporters_only', cta: SUPPORT_CTA });
      expect(gate(action, { supporter: { active: false }, sanction: { state: 'warned' }, emailConfirmed: true }, open, now)).toMatchObject({ code: 'supporters_only' });
      expect(gate(action, { ...supporter, sanction: { state: 'banned' }, emailConfirmed: true }, open, now)).toMatchObject({ status: 403, code: 'banned' });
      expect(gate(action, { ...supporter, sanction: { state: 'suspended', until: '2026-03-02T00:00:00.000Z' } }, open, now)).toMatchObject({ status: 403, code: 'suspended' });
      expect(gate(action, supporter, { discussion: 'closed', discussionClosesAt: null }, now)).toMatchObject({ status: 403, code: 'discussion_closed' });
      expect(gate(action, supporter, open, now)).toEqual({ allowed: true });
      expect(gate(action, { supporter: { active: true }, sanction: { state: 'warned' }, emailConfirmed: true }, open, now)).toEqual({ allowed: true });
    }
    // A banned non-supporter hears about the ban, not about donating.
    expect(gate('comment', { supporter: { until: null }, sanction: { state: 'banned' }, emailConfirmed: true }, open, now)).toMatchObject({ code: 'banned' });
  });

  it('lets an account whose address is not confirmed read but not comment, like or flag', () => {
    const unconfirmed: GateUser = { ...supporter, emailConfirmed: false };
    expect(gate('read', unconfirmed, open, now)).toEqual({ allowed: true });
    for (const action of ['comment', 'like', 'flag'] as const) {
      const g = gate(action, unconfirmed, open, now);
      expect(g).toMatchObject({ allowed: false, status: 403, code: 'email_unconfirmed' });
      expect(g.allowed ? '' : g.message).toMatch(/confirm your e-mail address/);
    }
    // A ban or a suspension is said first; a non-supporter hears about donating first.
    expect(gate('comment', { ...unconfirmed, sanction: { state: 'banned' } }, open, now)).toMatchObject({ code: 'banned' });
    expect(gate('comment', { ...unconfirmed, supporter: { until: null } }, open, now)).toMatchObject({ code: 'supporters_only' });
  });

  it('treats support that ended and a closing time that passed as over', () => {
    expect(gate('comment', { supporter: { until: '2026-03-01T11:59:59.999Z' }, sanction: { state: 'none' }, emailConfirmed: true }, open, now)).toMatchObject({ code: 'supporters_only' });
    expect(gate('comment', { supporter: { until: '2026-03-01T12:00:00.001Z' }, sanction: { state: 'none' }, emailConfirmed: true }, open, now)).toEqual({ allowed: true });
    expect(discussionOpen({ discussion: 'open', discussionClosesAt: '2026-03-01T12:00:00.000Z' }, now)).toBe(false);
    expect(discussionOpen({ discussion: 'open', discussionClosesAt: '2026-03-01T12:00:01.000Z' }, now)).toBe(true);
  });
});

let seq = 0;
function row(over: Partial<ThreadRow> & { depth: number }): ThreadRow {
  seq += 1;
  return {
    id: `c${String(seq).padStart(4, '0')}`,
    post_id: 'p',
    parent_id: null,
    root_id: null,
    author_id: `u${seq}`,
    body_html: `<p>${seq}</p>`,
    status: 'published',
    removed_reason: null,
    created_at: now.toISOString(),
    edited_at: null,
    like_count: 0,
    reply_count: 0,
    author_name: `User ${seq}`,
    author_supporter_until: OPEN_ENDED,
    ...over,
  };
}

describe('buildThreads', () => {
  it('nests to the deepest visible level and puts deeper replies beside their parent', () => {
    const root = row({ depth: 0 });
    const chain: ThreadRow[] = [];
    let parent = root;
    for (let d = 1; d <= MAX_VISIBLE_DEPTH + 3; d++) {
      parent = row({ depth: d, parent_id: parent.id, root_id: root.id });
      chain.push(parent);
    }
    const [top] = buildThreads([root], [...chain].reverse(), null, now);
    let level = top!;
    for (let d = 1; d < MAX_VISIBLE_DEPTH; d++) level = level.replies![0]!;
    expect(level.replies!.map((c) => c.id)).toEqual(chain.slice(MAX_VISIBLE_DEPTH - 1).map((c) => c.id));
    expect(level.replies!.map((c) => c.inReplyTo?.id ?? null)).toEqual([null, ...chain.slice(MAX_VISIBLE_DEPTH - 1, -1).map((c) => c.id)]);
  });

  it('shows pending comments to their author only, with their replies', () => {
    const root = row({ depth: 0 });
    const pending = row({ depth: 1, parent_id: root.id, root_id: root.id, status: 'pending', author_id: 'me' });
    // Removed after readers saw it (it has a reply): it stays as a placeholder.
    const removed = row({ depth: 1, parent_id: root.id, root_id: root.id, status: 'removed', removed_reason: 'abuse', was_published: 1 });
    const underRemoved = row({ depth: 2, parent_id: removed.id, root_id: root.id });
    const forOthers = buildThreads([root], [pending, removed, underRemoved], 'someone', now)[0]!;
    expect(forOthers.replies!.map((c) => c.id)).toEqual([removed.id]);
    expect(forOthers.replies![0]).toMatchObject({ status: 'removed', bodyHtml: '', removedReason: 'abuse' });
    expect(forOthers.replies![0]!.replies!.map((c) => c.id)).toEqual([underRemoved.id]);
    const forMe = buildThreads([root], [pending, removed, underRemoved], 'me', now)[0]!;
    expect(forMe.replies!.map((c) => [c.id, c.status])).toEqual([[pending.id, 'pending'], [removed.id, 'removed']]);
  });

  it('keeps a comment hidden pending review as a placeholder with its replies, and drops one never published', () => {
    const root = row({ depth: 0, status: 'pending', was_published: 1, author_id: 'sam' });
    const reply = row({ depth: 1, parent_id: root.id, root_id: root.id });
    const heldThenRemoved = row({ depth: 1, parent_id: root.id, root_id: root.id, status: 'removed', removed_reason: 'spam', was_published: 0, author_id: 'vic' });
    const [forOthers] = buildThreads([root], [reply, heldThenRemoved], null, now);
    expect(forOthers).toMatchObject({ status: 'pending', bodyHtml: '', author: null });
    expect(forOthers!.replies!.map((c) => c.id)).toEqual([reply.id]);
    const [forSam] = buildThreads([root], [reply, heldThenRemoved], 'sam', now);
    expect(forSam).toMatchObject({ status: 'pending', bodyHtml: root.body_html, author: { id: 'sam' } });
    // Its author still sees their own removed comment.
    expect(buildThreads([root], [reply, heldThenRemoved], 'vic', now)[0]!.replies!.map((c) => c.id)).toEqual([reply.id, heldThenRemoved.id]);
  });

  it('marks authors whose support ended as non-supporters', () => {
    const [c] = buildThreads([row({ depth: 0, author_supporter_until: '2026-01-01T00:00:00.000Z' })], [], null, now);
    expect(c!.author!.supporter).toBe(false);
  });
});
