import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { settleBackground } from '../../src/server/background';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
  await relaxRateLimits(t.ctx.db);
});
afterAll(async () => t.close());

const mailsTo = async (to: string) => {
  await settleBackground(t.ctx);
  return t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();
};

describe('reply e-mails', () => {
  it('mails the parent’s author once per thread per hour, never for their own replies', async () => {
    const p = await makePost(t.ctx.db, t.clock.now(), { title: 'Rail fares' });
    const alice = await signedIn(t, { supporter: true, name: 'Alice' });
    const bob = await signedIn(t, { supporter: true, name: 'Bob' });
    const parent = (await alice.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Fares went up again.' })).json().comment.id;
    await alice.browser.post(`/api/posts/${p.slug}/comments`, { body: 'And I answer myself.', parentId: parent });
    expect(await mailsTo(alice.email)).toHaveLength(0);

    const reply = (await bob.browser.post(`/api/posts/${p.slug}/comments`, { body: 'They did, by **5%**.', parentId: parent })).json().comment.id;
    let mails = await mailsTo(alice.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Bob replied to your comment on “Rail fares”');
    expect(mails[0]!.text).toContain('They did, by 5%.');
    expect(mails[0]!.text).toContain(`http://parley.test/posts/${p.slug}#comment-${reply}`);
    expect(mails[0]!.text).toMatch(/http:\/\/parley\.test\/unsubscribe\?token=\S+/);

    await bob.browser.post(`/api/posts/${p.slug}/comments`, { body: 'And another thing.', parentId: parent });
    expect(await mailsTo(alice.email)).toHaveLength(1);
    t.clock.advance(61 * 60_000);
    await bob.browser.post(`/api/posts/${p.slug}/comments`, { body: 'An hour later.', parentId: parent });
    mails = await mailsTo(alice.email);
    expect(mails).toHaveLength(2);
  });

  it('does not mail about held replies, nor authors who opted out', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const carol = await signedIn(t, { supporter: true, name: 'Carol' });
    const dan = await signedIn(t, { supporter: true, name: 'Dan' });
    const parent = (await carol.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Opinion.' })).json().comment.id;
    const held = await dan.browser.post(`/api/posts/${p.slug}/comments`, { body: 'See https://example.org/source', parentId: parent });
    expect(held.statusCode).toBe(202);
    expect(await mailsTo(carol.email)).toHaveLength(0);
    expect((await carol.browser.patch('/api/account', { notifyReplies: false })).statusCode).toBe(200);
    expect((await dan.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Disagree.', parentId: parent })).statusCode).toBe(201);
    expect(await mailsTo(carol.email)).toHaveLength(0);
  });

  it('mails about a held reply once a moderator approves it', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const gina = await signedIn(t, { supporter: true, name: 'Gina' });
    const hal = await signedIn(t, { supporter: true, name: 'Hal' });
    const mod = await signedIn(t, { roles: ['moderator'] });
    const parent = (await gina.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Where are the figures?' })).json().comment.id;
    const held = await hal.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Here: https://example.org/figures', parentId: parent });
    expect(held.statusCode).toBe(202);
    expect(await mailsTo(gina.email)).toHaveLength(0);
    expect((await mod.browser.post(`/api/mod/comments/${held.json().comment.id}/approve`, {})).statusCode).toBe(200);
    const mails = await mailsTo(gina.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Hal replied to your comment/);
  });

  it('unsubscribes from the mail’s link without signing in', async () => {
    const p = await makePost(t.ctx.db, t.clock.now());
    const erin = await signedIn(t, { supporter: true, name: 'Erin' });
    const fred = await signedIn(t, { supporter: true, name: 'Fred' });
    const parent = (await erin.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Question?' })).json().comment.id;
    await fred.browser.post(`/api/posts/${p.slug}/comments`, { body: 'Answer.', parentId: parent });
    const [mail] = await mailsTo(erin.email);
    const link = mail!.text.match(/http:\/\/parley\.test(\/unsubscribe\?token=\S+)/)![1]!;

    const stranger = new Browser(t, '10.66.0.1');
    const page = await stranger.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop e-mails about replies?');
    expect(page.body).toContain('<form method="post"');
    const notify = async () => (await t.ctx.db.selectFrom('users').select('notify_replies').where('id', '=', erin.user.id).executeTakeFirstOrThrow()).notify_replies;
    expect(await notify()).toBe(1); // looking at the page changes nothing (mail scanners follow links)

    const done = await t.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You are unsubscribed');
    expect(await notify()).toBe(0);
    expect((await stranger.get(link)).body).toContain('already off');

    const forged = link.replace(/token=([^.]+)\.(\S+)/, (_m, id) => `token=${id}.${'A'.repeat(43)}`);
    const bad = await t.app.inject({ method: 'POST', url: forged });
    expect(bad.statusCode).toBe(400);
    const other = Buffer.from(fred.user.id).toString('base64url');
    const swapped = link.replace(/token=[^.]+\./, `token=${other}.`);
    expect((await t.app.inject({ method: 'POST', url: swapped })).statusCode).toBe(400);
    expect((await t.ctx.db.selectFrom('users').select('notify_replies').where('id', '=', fred.user.id).executeTakeFirstOrThrow()).notify_replies).toBe(1);
  });
});
