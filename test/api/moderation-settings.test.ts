import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { moderationSettings } from '../../src/server/services/comment-moderation';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
  await relaxRateLimits(t.ctx.db);
});
afterAll(async () => t.close());

describe('moderation settings with a dry run', () => {
  it('is for admins only', async () => {
    const reader = await signedIn(t, { supporter: true });
    const moderator = await signedIn(t, { roles: ['moderator'] });
    for (const b of [reader.browser, moderator.browser]) {
      expect((await b.get('/api/admin/moderation/settings')).statusCode).toBe(403);
      expect((await b.post('/api/admin/moderation/dry-run', { settings: {} })).statusCode).toBe(403);
      expect((await b.put('/api/admin/moderation/settings', { settings: {} })).statusCode).toBe(403);
      expect((await b.get('/admin/moderation/settings')).statusCode).toBe(403);
    }
  });

  it('replays recent comments under changed settings, saves nothing until asked, then applies them', async () => {
    const post = await makePost(t.ctx.db, t.clock.now());
    const writer = await signedIn(t, { supporter: true });
    // each names someone: with no evidence, the model's verdict on a comment that speaks of no one is aimed at a
    // thing, which publishes at any threshold
    const texts = ['The librarian says the figures look right to me.', 'Bananas are the real story behind the minister\'s trade deal.', 'The rail minister let fares go up again this spring.', 'I doubt the councillors will publish the bananas report.'];
    for (const body of texts) expect((await writer.browser.post(`/api/posts/${post.slug}/comments`, { body })).statusCode).toBe(201);
    const admin = await signedIn(t, { roles: ['admin'] });
    const before = await moderationSettings(t.ctx.db);

    const dry = await admin.browser.post('/api/admin/moderation/dry-run', { settings: { ...before, wordLists: { ...before.wordLists, watched: ['bananas'] } }, days: 7 });
    expect(dry.statusCode, dry.body).toBe(200);
    const r = dry.json();
    expect(r.total).toBeGreaterThanOrEqual(4);
    expect(r.proposed.hold - r.current.hold).toBe(2);
    expect(r.changedCount).toBe(2);
    expect(r.changes.map((c: { excerpt: string }) => c.excerpt).sort()).toEqual([texts[1], texts[3]].sort());
    expect(await moderationSettings(t.ctx.db)).toEqual(before); // a dry run stores nothing

    // A stricter abuse threshold is counted the same way, from the same stored comments.
    const strict = await admin.browser.post('/api/admin/moderation/dry-run', { settings: { ...before, abuse: { ...before.abuse, holdThreshold: 0, rejectThreshold: 1 } } });
    expect(strict.json().proposed.hold).toBeGreaterThanOrEqual(4);

    const bad = await admin.browser.post('/api/admin/moderation/dry-run', { settings: { abuse: { holdThreshold: 2 } } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'invalid_settings']);
    expect(bad.json().error.message).toContain('abuse.holdThreshold');

    const saved = await admin.browser.put('/api/admin/moderation/settings', { settings: { ...before, wordLists: { ...before.wordLists, watched: ['bananas'] } }, reason: 'fruit spam' });
    expect(saved.statusCode, saved.body).toBe(200);
    const entry = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'moderation.settings_changed').executeTakeFirstOrThrow();
    expect([entry.actor_id, entry.reason]).toEqual([admin.user.id, 'fruit spam']);
    const held = await writer.browser.post(`/api/posts/${post.slug}/comments`, { body: 'More bananas news from the port.' });
    expect(held.statusCode).toBe(202);
  });
});
