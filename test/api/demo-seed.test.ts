import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../helpers/harness';
import { seedDemoIfEmpty } from '../../src/demo/seed';
import { listQueue } from '../../src/moderation/queue';
import { replay } from '../../src/moderation/dry-run';
import { recentForReplay } from '../../src/server/services/moderation-replay';
import { moderationSettings } from '../../src/server/services/comment-moderation';
import { statementFor } from '../../src/server/services/statement';
import { dashboardData } from '../../src/web/moderation';
import { getSanction } from '../../src/store/users';

let t: TestApp;
const printed: string[] = [];
beforeAll(async () => {
  t = await makeApp();
  expect(await seedDemoIfEmpty(t.ctx, (line) => printed.push(line))).toBe(true);
});
afterAll(async () => t.close());

const userId = async (email: string) => (await t.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

describe('the demo site', () => {
  it('prints every demo account once and seeds nothing on a second start', async () => {
    for (const key of ['admin', 'moderator', 'dan', 'sam', 'reader']) expect(printed.some((l) => l.trimStart().startsWith(key + ' '))).toBe(true);
    expect(await seedDemoIfEmpty(t.ctx, () => {})).toBe(false);
  });

  it('has comments held by the automated checks waiting in the queue, with their reasons, scores and phrases', async () => {
    const { items } = await listQueue(t.ctx, { kind: 'pending' });
    const held = new Map(items.map((i) => [(i as { body: string }).body, i as { automated: { reasons: Array<{ code: string }>; score: number; phrases: Array<{ kind: string; text: string }> } | null; author: { displayName: string } | null; parent: unknown }]));
    expect(held.size).toBe(3);
    const { abuse } = await moderationSettings(t.ctx.db);

    const insult = held.get('Tom, that is rubbish as usual. Typical.')!;
    expect(insult.automated!.reasons.map((r) => r.code)).toEqual(['abuse']);
    expect(insult.automated!.score).toBeGreaterThanOrEqual(abuse.holdThreshold);
    expect(insult.automated!.score).toBeLessThan(abuse.rejectThreshold);
    expect(insult.automated!.phrases.map((p) => p.text)).toContain('rubbish');
    expect(insult.parent).not.toBeNull(); // shown in context: the reply to Tom

    const rule = held.get('Shut up and read the survey before commenting.')!;
    expect(rule.automated!.phrases).toEqual([expect.objectContaining({ kind: 'insult', text: 'Shut up' })]);

    const link = [...held.entries()].find(([body]) => body.includes('https://www.cipfa.org/'))![1];
    expect(link.automated!.reasons.map((r) => r.code)).toEqual(['new_supporter_links']);
    expect(link.automated!.phrases).toEqual([expect.objectContaining({ kind: 'link', text: 'https://www.cipfa.org/' })]);
    expect(link.author!.displayName).toBe('Sam Okafor');

    const holds = await t.ctx.db.selectFrom('audit_log').select('reason').where('action', '=', 'comment.held').execute();
    expect(holds.map((h) => h.reason).sort()).toEqual(['abuse', 'abuse', 'new_supporter_links', 'new_supporter_links']); // Sam's first link was approved
  });

  it('has a reply flagged by two supporters in the flagged queue', async () => {
    const { items } = await listQueue(t.ctx, { kind: 'flagged' });
    expect(items).toHaveLength(1);
    const flagged = items[0] as { body: string; status: string; flags: { count: number; reasons: Record<string, number> } };
    expect([flagged.body, flagged.status, flagged.flags.count, flagged.flags.reasons]).toEqual(['People like you are the reason nothing ever gets fixed around here.', 'published', 2, { abuse: 2 }]);
  });

  it('records the refused attempts in the audit log with their text, as the comment route does', async () => {
    const rejected = await t.ctx.db.selectFrom('audit_log').select(['reason', 'after', 'actor_id']).where('action', '=', 'comment.rejected').orderBy('id').execute();
    expect(rejected.map((r) => r.reason)).toEqual(['abuse', 'profanity', 'abuse']);
    expect(rejected.every((r) => r.actor_id === null)).toBe(true);
    expect(JSON.parse(rejected[0]!.after!).body).toBe('You are a pathetic idiot if you believe this, James.');
  });

  it('shows a comment hidden by flags and removed by the moderator, with a warning strike and a statement of reasons to its author', async () => {
    const { items } = await listQueue(t.ctx, { kind: 'removed' });
    expect(items).toHaveLength(1);
    const removed = items[0] as { id: string; body: string; removedReason: string };
    expect([removed.body, removed.removedReason]).toEqual(['Nobody asked, Maria. Honestly, nobody ever does.', 'abuse']);

    const moderator = await userId('moderator@parley.localhost');
    const dan = await userId('dan@parley.localhost');
    const actions = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'target_id']).where('action', 'in', ['comment.hidden_by_flags', 'comment.removed', 'strike.recorded', 'sanction.warning']).orderBy('id').execute();
    expect(actions).toEqual([
      { action: 'comment.hidden_by_flags', actor_id: null, target_id: removed.id },
      { action: 'comment.removed', actor_id: moderator, target_id: removed.id },
      { action: 'strike.recorded', actor_id: moderator, target_id: dan },
      { action: 'sanction.warning', actor_id: null, target_id: dan },
    ]);
    expect((await getSanction(t.ctx.db, dan, t.clock.now())).state).toBe('warned');

    const statement = await statementFor(t.ctx, removed.id);
    expect([statement.decision, statement.reason, statement.decidedBy.role]).toEqual(['removed', 'abuse', 'moderator']);
    const mail = await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'text']).where('to_address', '=', 'dan@parley.localhost').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Your comment was removed: a warning');
    expect(mail[0]!.text).toContain('/account/moderation#comment-' + removed.id);
  });

  it('gives the settings dry run something to count: a lower hold threshold holds more of the last 7 days', async () => {
    const current = await moderationSettings(t.ctx.db);
    const items = await recentForReplay(t.ctx, 7);
    const lower = replay(items, current, { ...current, abuse: { ...current.abuse, holdThreshold: 0.1 } });
    expect(lower.current.reject).toBe(3); // the refused attempts, replayed from the audit log
    expect(lower.current.hold).toBe(2);
    expect(lower.proposed.hold).toBeGreaterThan(lower.current.hold);
    expect(lower.changes.map((c) => [c.excerpt, c.outcome])).toContainEqual(['Nobody asked, Maria. Honestly, nobody ever does.', 'removed']);
  });

  it('spreads the moderation over several days on the dashboard', async () => {
    const d = await dashboardData(t.ctx);
    const total = (k: string) => d.series[k]!.reduce((a, b) => a + b, 0);
    expect([total('held'), total('rejected'), total('removed')]).toEqual([3, 3, 1]);
    const busyDays = d.days.filter((_, i) => d.series.held![i]! + d.series.rejected![i]! + d.series.removed![i]! > 0);
    expect(busyDays.length).toBeGreaterThanOrEqual(3);
    expect(d.overallMedianReviewHours).not.toBeNull(); // from holds to the moderator's decisions
    expect(d.reasons.map((r) => r.label)).toEqual(expect.arrayContaining(['rejected: abuse', 'rejected: profanity', 'held: abuse', 'removed: abuse', 'hidden: community flags']));
  });
});
