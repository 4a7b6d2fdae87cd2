import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, confirmMailedAddress, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { auditActions, mailsTo, makePost, storeComment } from '../helpers/moderation';
import { DAY, HOUR, MINUTE } from '../../src/domain/clock';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { checkBanEvasion } from '../../src/moderation/ban-evasion';
import { listQueue } from '../../src/moderation/queue';
import { setSetting } from '../../src/store/settings';
import { newId } from '../../src/store/ids';

const KINDS: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (requireService('PostgreSQL', !!PG_BASE_URL)) KINDS.push('postgres');

for (const kind of KINDS) describe(`moderation on ${kind}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: kind });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function comment(b: Browser, slug: string, body: string) {
    t.clock.advance(2 * MINUTE); // stay clear of the per-minute rate limit
    return b.post(`/api/posts/${slug}/comments`, { body });
  }

  async function makeSupporter(userId: string) {
    await t.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: t.clock.now().toISOString() }).where('id', '=', userId).execute();
  }

  describe('the ladder over HTTP', () => {
    it('four removals for profanity: warning, 24-hour suspension, 7-day suspension, permanent ban; expiry restores commenting', async () => {
      const post = await makePost(t, 'ladder-post', 'Ladder post');
      const mod = await signedIn(t, { roles: ['moderator'], name: 'Mo' });
      const sup = await signedIn(t, { supporter: true, name: 'Sam' });

      const removeNext = async (n: number) => {
        const res = await comment(sup.browser, post.slug, `My opinion number ${n} on this piece, quite strongly put.`);
        expect(res.statusCode, res.body).toBe(201);
        const id = res.json().comment.id as string;
        const removed = await mod.browser.post(`/api/mod/comments/${id}/remove`, { reason: 'profanity', note: 'swearing at another reader' });
        expect(removed.statusCode, removed.body).toBe(200);
        expect(removed.json().comment.status).toBe('removed');
        expect(removed.json().comment.bodyHtml).toBe('');
        return { id, sanction: removed.json().sanction };
      };
      const session = async () => (await sup.browser.get('/api/session')).json().user;

      // 1st strike: a warning; commenting still works.
      const first = await removeNext(1);
      expect(first.sanction.kind).toBe('warning');
      expect((await session()).sanction.state).toBe('warned');
      let mails = await mailsTo(t, sup.email);
      expect(mails.at(-1)!.subject).toMatch(/warning/i);
      expect(mails.at(-1)!.text).toContain('My opinion number 1');
      expect(mails.at(-1)!.text).toMatch(/24-hour suspension/);

      // 2nd strike: 24 hours.
      const second = await removeNext(2);
      expect(second.sanction.kind).toBe('suspension');
      expect(new Date(second.sanction.endsAt).getTime() - t.clock.now().getTime()).toBe(24 * HOUR);
      let refused = await comment(sup.browser, post.slug, 'Can I still post while suspended?');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('suspended');
      expect(refused.json().error.message).toMatch(/profanity/);
      const s2 = await session();
      expect(s2.sanction.state).toBe('suspended');
      expect(s2.sanction.reason).toMatch(/profanity/);
      mails = await mailsTo(t, sup.email);
      expect(mails.at(-1)!.text).toMatch(/7-day suspension/);

      // The suspension ends: commenting is back.
      t.clock.advance(24 * HOUR + MINUTE);
      expect((await session()).sanction.state).not.toBe('suspended');

      // 3rd strike: 7 days.
      const third = await removeNext(3);
      expect(third.sanction.kind).toBe('suspension');
      expect(new Date(third.sanction.endsAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);
      refused = await comment(sup.browser, post.slug, 'And now, a week later?');
      expect(refused.json().error.code).toBe('suspended');
      t.clock.advance(7 * DAY + MINUTE);

      // 4th strike: a permanent ban.
      const fourth = await removeNext(4);
      expect(fourth.sanction.kind).toBe('ban');
      refused = await comment(sup.browser, post.slug, 'Banned, but trying anyway.');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('banned');
      expect((await session()).sanction).toMatchObject({ state: 'banned', until: null });
      mails = await mailsTo(t, sup.email);
      expect(mails.at(-1)!.subject).toMatch(/banned/i);
      t.clock.advance(20 * DAY);
      expect((await comment(sup.browser, post.slug, 'Weeks later?')).json().error.code).toBe('banned');

      // The ban recorded the identities that make it stick.
      const identities = await t.ctx.db.selectFrom('ban_identities').select('kind').where('user_id', '=', sup.user.id).execute();
      expect(identities.map((i) => i.kind)).toContain('email');

      // Every step is in the audit log with actor and reason.
      const log = await auditActions(t, sup.user.id);
      expect(log.filter((e) => e.action === 'strike.recorded')).toHaveLength(4);
      expect(log.filter((e) => e.action.startsWith('sanction.')).map((e) => e.action)).toEqual(['sanction.warning', 'sanction.suspension', 'sanction.suspension', 'sanction.ban']);
      const removal = (await auditActions(t, fourth.id)).find((e) => e.action === 'comment.removed')!;
      expect(removal.actor_id).toBe(mod.user.id);
      expect(removal.reason).toBe('profanity');
      expect(JSON.parse(removal.before!).status).toBe('published');

      // The statement of reasons is the author's to read; not another reader's.
      const st = await sup.browser.get(`/api/comments/${fourth.id}/statement`);
      expect(st.statusCode).toBe(200);
      expect(st.json().statement).toMatchObject({ decision: 'removed', reason: 'profanity', decidedBy: { role: 'moderator' }, strike: { recorded: true } });
      expect(st.json().statement.appeal.possible).toBe(true);
      const other = await signedIn(t, { supporter: true });
      expect((await other.browser.get(`/api/comments/${fourth.id}/statement`)).statusCode).toBe(404);

      // One appeal per sanction, decided by an admin (lifting a ban needs the unban permission).
      const ap = await sup.browser.post('/api/appeals', { sanctionId: fourth.sanction.id, body: 'I was quoting someone else.' });
      expect(ap.statusCode, ap.body).toBe(201);
      expect((await sup.browser.post('/api/appeals', { sanctionId: fourth.sanction.id, body: 'Again.' })).json().error.code).toBe('already_appealed');
      const queue = (await mod.browser.get('/api/mod/queue?kind=appeals')).json();
      expect(queue.items.map((i: { id: string }) => i.id)).toContain(ap.json().appeal.id);
      const modLift = await mod.browser.post(`/api/mod/appeals/${ap.json().appeal.id}/decide`, { decision: 'lifted', reason: 'Quoted' });
      expect(modLift.statusCode).toBe(403);
      const admin = await signedIn(t, { roles: ['admin'] });
      const lifted = await admin.browser.post(`/api/mod/appeals/${ap.json().appeal.id}/decide`, { decision: 'lifted', reason: 'It was a quotation.' });
      expect(lifted.statusCode, lifted.body).toBe(200);
      expect((await session()).sanction.state).not.toBe('banned');
      expect((await mailsTo(t, sup.email)).at(-1)!.subject).toMatch(/appeal was successful/);
      expect((await comment(sup.browser, post.slug, 'Thank you for reconsidering.')).statusCode).toBe(201);
    });

    it('a waived strike gives no sanction, and a moderator may suspend directly', async () => {
      const post = await makePost(t);
      const mod = await signedIn(t, { roles: ['moderator'] });
      const sup = await signedIn(t, { supporter: true });
      const c = await comment(sup.browser, post.slug, 'A perfectly reasonable remark that will be removed anyway.');
      const r = await mod.browser.post(`/api/mod/comments/${c.json().comment.id}/remove`, { reason: 'abuse', strike: false });
      expect(r.json()).toMatchObject({ strike: null, sanction: null });
      const off = await mod.browser.post(`/api/mod/comments/${(await comment(sup.browser, post.slug, 'Something off topic entirely.')).json().comment.id}/remove`, { reason: 'off_topic' });
      expect(off.json().strike).toBeNull();
      const s = await mod.browser.post(`/api/mod/users/${sup.user.id}/suspend`, { hours: 48, reason: 'Threatened another reader' });
      expect(s.statusCode).toBe(200);
      expect(s.json().sanction.kind).toBe('suspension');
      expect((await comment(sup.browser, post.slug, 'Let me back in')).json().error.code).toBe('suspended');
      expect((await mailsTo(t, sup.email)).at(-1)!.text).toContain('Threatened another reader');
      expect((await mod.browser.post(`/api/mod/users/${sup.user.id}/suspend`, { hours: 0, reason: 'x' })).statusCode).toBe(422);
    });
  });

  describe('bans that stick', () => {
    it('a new account with a +tag variant of a banned address cannot comment', async () => {
      const post = await makePost(t);
      const admin = await signedIn(t, { roles: ['admin'] });
      const mod = await signedIn(t, { roles: ['moderator'] });
      const reg = new Browser(t, '10.7.0.1');
      const r = await reg.post('/api/auth/register', { email: 'name@gmail.com', password: 'a long password', displayName: 'Name' });
      expect(r.statusCode).toBe(201);
      const bannedId = r.json().user.id as string;
      await makeSupporter(bannedId);
      expect((await mod.browser.post(`/api/mod/users/${bannedId}/ban`, { reason: 'Threats' })).statusCode).toBe(200);

      // While the banned account exists, the variant is the same mailbox: refused outright.
      const again = await new Browser(t, '10.7.0.2').post('/api/auth/register', { email: 'Name+x@gmail.com', password: 'a long password', displayName: 'New me' });
      expect(again.statusCode).toBe(409);

      // After deleting the banned account, the variant registers but is banned by association.
      expect((await reg.delete('/api/account', { password: 'a long password' })).statusCode).toBeLessThan(300);
      const evader = new Browser(t, '10.7.0.3');
      const created = await evader.post('/api/auth/register', { email: 'Name+x@gmail.com', password: 'a long password', displayName: 'New me' });
      expect(created.statusCode, created.body).toBe(201);
      await confirmMailedAddress(t, 'name+x@gmail.com');
      const evaderId = created.json().user.id as string;
      expect(created.json().user.sanction).toMatchObject({ state: 'banned', reason: 'linked to a banned account' });
      await makeSupporter(evaderId);
      const refused = await evader.post(`/api/posts/${post.slug}/comments`, { body: 'Hello again, everyone.' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('banned');

      // It waits in the review queue; clearing it lifts the ban.
      const review = (await mod.browser.get('/api/mod/queue?kind=review')).json();
      expect(review.items.map((i: { id: string }) => i.id)).toContain(evaderId);
      expect(review.counts.review).toBeGreaterThanOrEqual(1);
      // It names the account it is linked to (deleted here), for the workspace to link rather than print an id.
      expect(review.items.find((i: { id: string }) => i.id === evaderId).linked).toEqual({ id: bannedId, displayName: null });
      const cleared = await mod.browser.post(`/api/mod/users/${evaderId}/review`, { decision: 'clear', reason: 'A different person sharing the family mailbox' });
      expect(cleared.statusCode).toBe(200);
      expect((await evader.post(`/api/posts/${post.slug}/comments`, { body: 'Thank you for checking.' })).statusCode).toBe(201);
      const log = await auditActions(t, evaderId);
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['user.banned_by_association', 'review.cleared']));
      void admin;
    });

    it('donating again with a banned card fingerprint does not restore commenting', async () => {
      const post = await makePost(t);
      const mod = await signedIn(t, { roles: ['moderator'] });
      const banned = await signedIn(t, { supporter: true });
      const at = t.clock.now().toISOString();
      await t.ctx.db
        .insertInto('donations')
        .values({ id: newId(), user_id: banned.user.id, provider: 'stripe', kind: 'one_off', amount: 500, currency: 'gbp', status: 'paid', created_at: at, stripe_event_id: null, stripe_checkout_session_id: null, stripe_customer_id: 'cus_banned', stripe_payment_intent_id: null, stripe_charge_id: null, stripe_subscription_id: null, stripe_invoice_id: null, card_fingerprint: 'fp_banned_card' })
        .execute();
      const ban = await mod.browser.post(`/api/mod/users/${banned.user.id}/ban`, { reason: 'Repeated abuse' });
      expect(ban.statusCode).toBe(200);
      const kinds = (await t.ctx.db.selectFrom('ban_identities').select('kind').where('user_id', '=', banned.user.id).execute()).map((k) => k.kind).sort();
      expect(kinds).toEqual(['card_fingerprint', 'email', 'stripe_customer']);

      const fresh = await signedIn(t, { supporter: true });
      expect((await comment(fresh.browser, post.slug, 'First comment from the new account.')).statusCode).toBe(201);
      const unrelated = await checkBanEvasion(t.ctx, fresh.user.id, { stripeCustomerId: 'cus_other', cardFingerprint: 'fp_other' });
      expect(unrelated.matched).toBe(false);
      const result = await checkBanEvasion(t.ctx, fresh.user.id, { stripeCustomerId: 'cus_new', cardFingerprint: 'fp_banned_card' });
      expect(result).toMatchObject({ matched: true, linkedUserId: banned.user.id, kinds: ['card_fingerprint'] });
      const refused = await comment(fresh.browser, post.slug, 'Second comment from the new account.');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('banned');
      // Confirming keeps it banned, and its own identities now count too.
      expect((await mod.browser.post(`/api/mod/users/${fresh.user.id}/review`, { decision: 'confirm', reason: 'Same card as the banned account' })).statusCode).toBe(200);
      expect((await comment(fresh.browser, post.slug, 'Third try.')).json().error.code).toBe('banned');
      const third = await signedIn(t, { supporter: true });
      expect((await checkBanEvasion(t.ctx, third.user.id, { stripeCustomerId: 'cus_new' })).matched).toBe(true);
    });
  });

  describe('appeals against a ban by association', () => {
    it('the user is told, may appeal, and a moderator may lift it', async () => {
      const post = await makePost(t);
      const mod = await signedIn(t, { roles: ['moderator'] });
      const banned = await signedIn(t, { supporter: true });
      await t.ctx.db
        .insertInto('donations')
        .values({ id: newId(), user_id: banned.user.id, provider: 'stripe', kind: 'one_off', amount: 500, currency: 'gbp', status: 'paid', created_at: t.clock.now().toISOString(), stripe_event_id: null, stripe_checkout_session_id: null, stripe_customer_id: 'cus_family', stripe_payment_intent_id: null, stripe_charge_id: null, stripe_subscription_id: null, stripe_invoice_id: null, card_fingerprint: null })
        .execute();
      await mod.browser.post(`/api/mod/users/${banned.user.id}/ban`, { reason: 'Threats' });
      const sibling = await signedIn(t, { supporter: true });
      expect((await checkBanEvasion(t.ctx, sibling.user.id, { stripeCustomerId: 'cus_family' })).matched).toBe(true);
      expect((await mailsTo(t, sibling.email)).at(-1)!.subject).toMatch(/waiting for a moderator/);
      const sanction = (await sibling.browser.get('/api/account/moderation')).json().sanctions[0];
      expect(sanction).toMatchObject({ kind: 'ban', reason: 'linked to a banned account' });
      const ap = await sibling.browser.post('/api/appeals', { sanctionId: sanction.id, body: 'We share a family card; I am his sister.' });
      expect(ap.statusCode).toBe(201);
      const lifted = await mod.browser.post(`/api/mod/appeals/${ap.json().appeal.id}/decide`, { decision: 'lifted', reason: 'A different person' });
      expect(lifted.statusCode, lifted.body).toBe(200);
      expect((await comment(sibling.browser, post.slug, 'Glad to be here.')).statusCode).toBe(201);
      const row = await t.ctx.db.selectFrom('users').select('review_state').where('id', '=', sibling.user.id).executeTakeFirstOrThrow();
      expect(row.review_state).toBeNull();
    });
  });

  describe('community flags', () => {
    it('three distinct supporters hide a comment; approval restores it and lowers the flaggers’ reliability', async () => {
      const post = await makePost(t);
      const author = await signedIn(t, { supporter: true });
      const mod = await signedIn(t, { roles: ['moderator'] });
      const c = await comment(author.browser, post.slug, 'An unpopular but civil opinion about the article.');
      const id = c.json().comment.id as string;
      const flaggers = [await signedIn(t, { supporter: true }), await signedIn(t, { supporter: true }), await signedIn(t, { supporter: true })];

      const reader = await signedIn(t);
      const notSupporter = await reader.browser.post(`/api/comments/${id}/flag`, { reason: 'abuse' });
      expect(notSupporter.statusCode).toBe(403);
      expect(notSupporter.json().error.code).toBe('supporters_only');
      expect((await new Browser(t, '10.8.0.1').post(`/api/comments/${id}/flag`, { reason: 'abuse' })).statusCode).toBe(401);
      expect((await author.browser.post(`/api/comments/${id}/flag`, { reason: 'abuse' })).statusCode).toBe(422);
      expect((await flaggers[0]!.browser.post(`/api/comments/${id}/flag`, { reason: 'rude' })).statusCode).toBe(422);

      expect((await flaggers[0]!.browser.post(`/api/comments/${id}/flag`, { reason: 'abuse', note: 'insulting' })).statusCode).toBe(202);
      const dup = await flaggers[0]!.browser.post(`/api/comments/${id}/flag`, { reason: 'abuse' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('already_flagged');
      expect((await flaggers[1]!.browser.post(`/api/comments/${id}/flag`, { reason: 'abuse' })).json().hidden).toBe(false);
      let flagged = (await mod.browser.get('/api/mod/queue?kind=flagged')).json();
      expect(flagged.items.find((i: { id: string }) => i.id === id).flags.count).toBe(2);

      const thread = async () => (await new Browser(t, '10.8.0.2').get(`/api/posts/${post.slug}/comments`)).json();
      expect(JSON.stringify(await thread())).toContain(id);
      const third = await flaggers[2]!.browser.post(`/api/comments/${id}/flag`, { reason: 'profanity' });
      expect(third.statusCode).toBe(202);
      expect(third.json().hidden).toBe(true);
      const hiddenThread = await thread();
      expect(hiddenThread.comments.find((x: { id: string }) => x.id === id)?.bodyHtml ?? '').toBe('');
      expect(hiddenThread.total).toBe(0);

      // Editing does not let the author bring it back before a moderator decides.
      const edited = await author.browser.patch(`/api/comments/${id}`, { body: 'An unpopular but civil opinion about the article, reworded.' });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().comment.status).toBe('pending');
      expect((await thread()).total).toBe(0);

      const hidden = (await mod.browser.get('/api/mod/queue?kind=hidden')).json();
      expect(hidden.items.map((i: { id: string }) => i.id)).toContain(id);
      flagged = (await mod.browser.get('/api/mod/queue?kind=flagged')).json();
      expect(flagged.items.map((i: { id: string }) => i.id)).not.toContain(id);

      const ok = await mod.browser.post(`/api/mod/comments/${id}/approve`, { note: 'Civil disagreement' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().comment.status).toBe('published');
      const restored = await thread();
      expect(restored.comments.find((x: { id: string }) => x.id === id).bodyHtml).toContain('unpopular');
      expect(restored.total).toBe(1);
      for (const f of flaggers) {
        const u = await t.ctx.db.selectFrom('users').select('flag_reliability').where('id', '=', f.user.id).executeTakeFirstOrThrow();
        expect(u.flag_reliability).toBeLessThan(1);
      }
      const log = (await auditActions(t, id)).map((e) => e.action);
      expect(log).toEqual(['comment.flagged', 'comment.flagged', 'comment.flagged', 'comment.hidden_by_flags', 'comment.edit_held', 'comment.approved']);

      // Their next flags weigh less: three of them no longer hide a comment.
      const c2 = await comment(author.browser, post.slug, 'Another civil opinion, also unpopular.');
      for (const f of flaggers) expect((await f.browser.post(`/api/comments/${c2.json().comment.id}/flag`, { reason: 'abuse' })).json().hidden).toBe(false);
    });

    it('an upheld removal raises reliability, and the threshold is a setting', async () => {
      await setSetting(t.ctx.db, 'moderation.flagThreshold', 1);
      try {
        const post = await makePost(t);
        const author = await signedIn(t, { supporter: true });
        const mod = await signedIn(t, { roles: ['moderator'] });
        const flagger = await signedIn(t, { supporter: true });
        await t.ctx.db.updateTable('users').set({ flag_reliability: 0.5 }).where('id', '=', flagger.user.id).execute();
        const a = await comment(author.browser, post.slug, 'Interesting numbers in this report.');
        const fa = await flagger.browser.post(`/api/comments/${a.json().comment.id}/flag`, { reason: 'spam' });
        expect(fa.json().hidden, fa.body).toBe(false);
        const b = await comment(author.browser, post.slug, 'The second table looks off to me.');
        const second = await signedIn(t, { supporter: true });
        await flagger.browser.post(`/api/comments/${b.json().comment.id}/flag`, { reason: 'spam' });
        expect((await second.browser.post(`/api/comments/${b.json().comment.id}/flag`, { reason: 'spam' })).json().hidden).toBe(true);
        expect((await mod.browser.post(`/api/mod/comments/${b.json().comment.id}/remove`, { reason: 'spam' })).statusCode).toBe(200);
        const u = await t.ctx.db.selectFrom('users').select('flag_reliability').where('id', '=', flagger.user.id).executeTakeFirstOrThrow();
        expect(u.flag_reliability).toBeGreaterThan(0.5);
      } finally {
        await setSetting(t.ctx.db, 'moderation.flagThreshold', 3);
      }
    });
  });

  describe('roles', () => {
    it('readers get 403 on every /api/mod route; moderators cannot unban or grant roles', async () => {
      const reader = await signedIn(t, { supporter: true });
      const victim = await signedIn(t, { supporter: true });
      const post = await makePost(t);
      const row = await storeComment(t, { postId: post.id, authorId: victim.user.id, body: 'hello' });
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/api/mod/queue?kind=pending'],
        ['GET', '/api/mod/counts'],
        ['GET', '/api/mod/audit'],
        ['GET', `/api/mod/users/${victim.user.id}`],
        ['GET', '/api/mod/events'],
        ['POST', `/api/mod/comments/${row.id}/approve`, {}],
        ['POST', `/api/mod/comments/${row.id}/remove`, { reason: 'spam' }],
        ['POST', `/api/mod/users/${victim.user.id}/suspend`, { hours: 1, reason: 'x' }],
        ['POST', `/api/mod/users/${victim.user.id}/ban`, { reason: 'x' }],
        ['POST', `/api/mod/users/${victim.user.id}/unban`, { reason: 'x' }],
        ['POST', '/api/mod/bulk', { ids: [row.id], action: 'approve' }],
      ];
      for (const [method, url, body] of routes) {
        const res = await reader.browser.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
      const anon = await new Browser(t, '10.8.1.1').get('/api/mod/queue');
      expect(anon.statusCode).toBe(401);
      expect((await t.ctx.db.selectFrom('comments').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('published');

      const mod = await signedIn(t, { roles: ['moderator'] });
      expect((await mod.browser.post(`/api/mod/users/${victim.user.id}/ban`, { reason: 'Threats of violence' })).statusCode).toBe(200);
      const unban = await mod.browser.post(`/api/mod/users/${victim.user.id}/unban`, { reason: 'Mistake' });
      expect(unban.statusCode).toBe(403);
      expect((await mod.browser.put(`/api/admin/users/${reader.user.id}/roles`, { roles: ['moderator'] })).statusCode).toBe(403);
      // A moderator cannot sanction a peer or an admin.
      const peer = await signedIn(t, { roles: ['moderator'] });
      expect((await mod.browser.post(`/api/mod/users/${peer.user.id}/ban`, { reason: 'x' })).statusCode).toBe(403);

      // The site can let moderators unban.
      await setSetting(t.ctx.db, 'moderation.moderatorsMayUnban', true);
      try {
        const ok = await mod.browser.post(`/api/mod/users/${victim.user.id}/unban`, { reason: 'The threat was a quotation' });
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json().user.sanction.state).toBe('none');
      } finally {
        await setSetting(t.ctx.db, 'moderation.moderatorsMayUnban', false);
      }
      const log = await auditActions(t, victim.user.id);
      const unbanEntry = log.find((e) => e.action === 'sanction.unban')!;
      expect(unbanEntry).toMatchObject({ actor_id: mod.user.id, reason: 'The threat was a quotation' });
      expect(JSON.parse(unbanEntry.before!).state).toBe('banned');
      expect(JSON.parse(unbanEntry.after!).state).toBe('none');
    });
  });

  describe('live events, statements, appeals and races', () => {
    it('publishes comment.removed to open threads and tells moderators', async () => {
      const post = await makePost(t);
      const mod = await signedIn(t, { roles: ['moderator'] });
      const sup = await signedIn(t, { supporter: true });
      const c = await comment(sup.browser, post.slug, 'A remark that a moderator will take down.');
      const id = c.json().comment.id as string;
      const postEvents: Array<{ type: string; data: { id: string; bodyHtml: string; status: string; removedReason: string | null } }> = [];
      const modEvents: string[] = [];
      const off1 = t.ctx.bus.subscribe(`post:${post.id}`, (e) => postEvents.push(e as never));
      const off2 = t.ctx.bus.subscribe('mod', (e) => modEvents.push(e.type));
      try {
        await mod.browser.post(`/api/mod/comments/${id}/remove`, { reason: 'spam' });
        await expect.poll(() => postEvents.length).toBeGreaterThan(0);
        expect(postEvents[0]).toMatchObject({ type: 'comment.removed', data: { id, bodyHtml: '', status: 'removed', removedReason: 'spam' } });
        expect(modEvents).toContain('item.resolved');
        const restored = await mod.browser.post(`/api/mod/comments/${id}/approve`, { note: 'Not spam after all' });
        expect(restored.statusCode).toBe(200);
        await expect.poll(() => postEvents.length).toBe(2);
        expect(postEvents[1]!.type).toBe('comment.updated');
        expect(postEvents[1]!.data.bodyHtml).toContain('take down');
      } finally {
        off1();
        off2();
      }
    });

    it('explains a held comment to its author, and an upheld appeal against a suspension is mailed', async () => {
      const post = await makePost(t);
      const mod = await signedIn(t, { roles: ['moderator'] });
      const sup = await signedIn(t, { supporter: true });
      const held = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'Held by the checks', status: 'pending', moderation: { decision: 'hold', reasons: [{ phase: 'abuse', code: 'abuse', message: 'This may be abusive', action: 'hold' }], score: 0.66, phrases: [] } });
      const st = (await sup.browser.get(`/api/comments/${held.id}/statement`)).json().statement;
      expect(st).toMatchObject({ decision: 'held_for_review', decidedBy: { role: 'automated' }, automated: { score: 0.66 } });
      expect(st.automated.reasons[0].message).toBe('This may be abusive');

      const s = (await mod.browser.post(`/api/mod/users/${sup.user.id}/suspend`, { hours: 72, reason: 'Harassing another reader' })).json().sanction;
      const ap = await sup.browser.post('/api/appeals', { sanctionId: s.id, body: 'It was a misunderstanding.' });
      expect(ap.statusCode).toBe(201);
      const stranger = await signedIn(t, { supporter: true });
      expect((await stranger.browser.post('/api/appeals', { sanctionId: s.id, body: 'Me too' })).statusCode).toBe(404);
      const page = await sup.browser.get('/account/moderation');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Harassing another reader');
      expect(page.body).toContain('waiting for a moderator');
      const d = await mod.browser.post(`/api/mod/appeals/${ap.json().appeal.id}/decide`, { decision: 'upheld', reason: 'The messages were clearly targeted.' });
      expect(d.statusCode).toBe(200);
      expect((await mod.browser.post(`/api/mod/appeals/${ap.json().appeal.id}/decide`, { decision: 'lifted', reason: 'again' })).json().error.code).toBe('already_decided');
      const mail = (await mailsTo(t, sup.email)).at(-1)!;
      expect(mail.subject).toMatch(/not successful/);
      expect(mail.text).toContain('The messages were clearly targeted.');
      expect((await sup.browser.get('/api/session')).json().user.sanction.state).toBe('suspended');
    });

    it('two moderators removing the same comment at once give one removal and one strike', async () => {
      const post = await makePost(t);
      const a = await signedIn(t, { roles: ['moderator'] });
      const b = await signedIn(t, { roles: ['moderator'] });
      const sup = await signedIn(t, { supporter: true });
      const row = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'Contested' });
      const results = await Promise.all([a.browser.post(`/api/mod/comments/${row.id}/remove`, { reason: 'abuse' }), b.browser.post(`/api/mod/comments/${row.id}/remove`, { reason: 'abuse' })]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const strikes = await t.ctx.db.selectFrom('strikes').select('id').where('user_id', '=', sup.user.id).execute();
      expect(strikes).toHaveLength(1);
      const p = await t.ctx.db.selectFrom('posts').select('comment_count').where('id', '=', post.id).executeTakeFirstOrThrow();
      expect(p.comment_count).toBe(0);
    });

    it('concurrent flags and concurrent removals of one author\'s comments are counted exactly', async () => {
      const post = await makePost(t);
      const sup = await signedIn(t, { supporter: true });
      const row = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'Flag me all at once' });
      const flaggers = await Promise.all([1, 2, 3, 4].map(() => signedIn(t, { supporter: true })));
      const flagged = await Promise.all(flaggers.map((f) => f.browser.post(`/api/comments/${row.id}/flag`, { reason: 'abuse' })));
      expect(flagged.filter((r) => r.statusCode === 202 && r.json().hidden)).toHaveLength(1);
      expect((await t.ctx.db.selectFrom('comments').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('pending');

      const mods = await Promise.all([1, 2].map(() => signedIn(t, { roles: ['moderator'] })));
      const c1 = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'one' });
      const c2 = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'two' });
      const res = await Promise.all([mods[0]!.browser.post(`/api/mod/comments/${c1.id}/remove`, { reason: 'abuse' }), mods[1]!.browser.post(`/api/mod/comments/${c2.id}/remove`, { reason: 'abuse' })]);
      expect(res.map((r) => r.statusCode)).toEqual([200, 200]);
      const kinds = (await t.ctx.db.selectFrom('sanctions').select('kind').where('user_id', '=', sup.user.id).orderBy('id').execute()).map((s) => s.kind);
      expect(kinds).toEqual(['warning', 'suspension']);
    });

    it('moderation pages are for moderators; the CSV export defuses formulas', async () => {
      const reader = await signedIn(t, { supporter: true });
      for (const url of ['/admin/moderation', '/admin/moderation/dashboard', '/admin/audit', '/admin/audit.csv']) {
        expect((await reader.browser.get(url)).statusCode, url).toBe(403);
        const anon = await new Browser(t, '10.8.9.9').get(url);
        expect(anon.statusCode, url).toBe(302);
      }
      const mod = await signedIn(t, { roles: ['moderator'] });
      const post = await makePost(t);
      const row = await storeComment(t, { postId: post.id, authorId: reader.user.id, body: 'whatever' });
      await mod.browser.post(`/api/mod/comments/${row.id}/remove`, { reason: 'other', strike: false });
      await mod.browser.post(`/api/mod/users/${reader.user.id}/suspend`, { hours: 1, reason: '=HYPERLINK("http://evil")' });
      const formula = await mod.browser.get(`/admin/audit.csv?target=${reader.user.id}&action=sanction.suspension`);
      expect(formula.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
      const dash = await mod.browser.get('/admin/moderation/dashboard');
      expect(dash.statusCode).toBe(200);
      expect(dash.body).toContain('<svg');
      const csv = await mod.browser.get(`/admin/audit.csv?target=${row.id}`);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('comment.removed');
      expect(lines[1]).not.toMatch(/(^|,)"=/);
      const page = await mod.browser.get(`/admin/audit?target=${row.id}`);
      expect(page.body).toContain('comment.removed');
      expect(page.body).not.toContain('<script>');
    });

    it('refuses bad input with 4xx and changes nothing', async () => {
      const mod = await signedIn(t, { roles: ['moderator'] });
      const post = await makePost(t);
      const sup = await signedIn(t, { supporter: true });
      const row = await storeComment(t, { postId: post.id, authorId: sup.user.id, body: 'Fine' });
      for (const body of [{}, { reason: 'rudeness' }, { reason: 'abuse', strike: 'yes' }, { reason: 'abuse', note: 'x'.repeat(5000) }]) {
        const r = await mod.browser.post(`/api/mod/comments/${row.id}/remove`, body);
        expect(r.statusCode, JSON.stringify(body)).toBe(422);
      }
      expect((await mod.browser.post('/api/mod/comments/nope/remove', { reason: 'abuse' })).statusCode).toBe(404);
      expect((await mod.browser.post(`/api/mod/users/${mod.user.id}/ban`, { reason: 'self' })).statusCode).toBe(422);
      expect((await mod.browser.post('/api/mod/users/nobody/ban', { reason: 'x' })).statusCode).toBe(404);
      expect((await mod.browser.post('/api/mod/appeals/nope/decide', { decision: 'maybe', reason: 'x' })).statusCode).toBe(422);
      expect((await t.ctx.db.selectFrom('comments').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('published');
    });
  });

  describe('queues, audit and bulk actions', () => {
    it('filters held comments by an automated reason with an underscore, a stretch of the queue at a time', async () => {
      const post = await makePost(t, 'window-post', 'Window post');
      const author = await signedIn(t, { supporter: true });
      const mod = await signedIn(t, { roles: ['moderator'] });
      const verdict = (code: string) => ({ decision: 'hold', reasons: [{ code, message: code, phase: 'user-status', action: 'hold' }], score: 0, phrases: [] });
      const wanted: string[] = [];
      for (let i = 0; i < 10; i++) {
        const row = await storeComment(t, { postId: post.id, authorId: author.user.id, body: `Held ${i}`, status: 'pending', moderation: verdict(i % 4 === 3 ? 'window_test' : 'windowxtest') });
        if (i % 4 === 3) wanted.push(row.id);
      }
      const all = (await mod.browser.get('/api/mod/queue?kind=pending&reason=window_test')).json();
      expect(all.items.map((i: { id: string }) => i.id)).toEqual(wanted);
      // A page looks at `window` held comments at most, then hands on the cursor after them.
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listQueue(t.ctx, { kind: 'pending', post: 'window-post', reason: 'window_test', window: 3, cursor });
        pages.push(page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && pages.length < 20);
      expect(pages.flat()).toEqual(wanted);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      expect(pages.some((p) => p.length === 0)).toBe(true);
    });

    it('lists held comments with context, filters, pages, bulk-approves and browses the audit log', async () => {
      const post = await makePost(t, 'queue-post', 'Queue post');
      const other = await makePost(t, 'other-post', 'Other post');
      const mod = await signedIn(t, { roles: ['moderator'] });
      const author = await signedIn(t, { supporter: true, name: 'Held Author' });
      const parent = await storeComment(t, { postId: post.id, authorId: author.user.id, body: 'The parent comment' });
      const moderation = { decision: 'hold', reasons: [{ phase: 'abuse', code: 'abuse', message: 'looks abusive', action: 'hold' }], score: 0.82, phrases: [{ text: 'idiot', start: 8, end: 13, kind: 'insult' }] };
      const held = [];
      for (let i = 0; i < 5; i++) held.push(await storeComment(t, { postId: post.id, authorId: author.user.id, body: `You are idiot number ${i}`, status: 'pending', moderation, parent: { id: parent.id, root_id: null, depth: 0 } }));
      await storeComment(t, { postId: other.id, authorId: author.user.id, body: 'Held elsewhere', status: 'pending', moderation: { decision: 'hold', reasons: [{ code: 'links' }], score: 0, phrases: [] } });

      const page1 = (await mod.browser.get('/api/mod/queue?kind=pending&post=queue-post&limit=3')).json();
      expect(page1.items).toHaveLength(3);
      const item = page1.items[0];
      expect(item.post).toMatchObject({ slug: 'queue-post', title: 'Queue post' });
      expect(item.parent.bodyHtml).toContain('The parent comment');
      expect(item.automated).toMatchObject({ score: 0.82, phrases: [{ start: 8, end: 13 }] });
      expect(item.body.slice(item.automated.phrases[0].start, item.automated.phrases[0].end)).toBe('idiot');
      expect(item.author).toMatchObject({ displayName: 'Held Author', supporter: true, liveStrikes: 0 });
      expect(item.author.comments).toBeGreaterThanOrEqual(7);
      const page2 = (await mod.browser.get(`/api/mod/queue?kind=pending&post=queue-post&limit=3&cursor=${page1.nextCursor}`)).json();
      expect(page2.items.map((i: { id: string }) => i.id)).toEqual(held.slice(3).map((h) => h.id));
      expect(page2.nextCursor).toBeNull();
      expect((await mod.browser.get('/api/mod/queue?kind=pending&reason=links')).json().items).toHaveLength(1);
      expect((await mod.browser.get('/api/mod/queue?kind=pending&cursor=garbage')).statusCode).toBe(422);
      expect((await mod.browser.get('/api/mod/queue?kind=nonsense')).statusCode).toBe(422);

      const bulk = await mod.browser.post('/api/mod/bulk', { ids: [...held.slice(0, 4).map((h) => h.id), 'doesnotexist00'], action: 'approve' });
      expect(bulk.statusCode).toBe(200);
      expect(bulk.json().results.filter((r: { ok: boolean }) => r.ok)).toHaveLength(4);
      expect(bulk.json().results.find((r: { id: string }) => r.id === 'doesnotexist00').error).toBe('not_found');
      const removeOne = await mod.browser.post('/api/mod/bulk', { ids: [held[4]!.id], action: 'remove', reason: 'abuse' });
      expect(removeOne.json().results[0].ok).toBe(true);
      const postRow = await t.ctx.db.selectFrom('posts').select('comment_count').where('id', '=', post.id).executeTakeFirstOrThrow();
      expect(postRow.comment_count).toBe(5); // parent + 4 approved

      const removed = (await mod.browser.get('/api/mod/queue?kind=removed&post=queue-post')).json();
      expect(removed.items[0].id).toBe(held[4]!.id);
      expect((await mod.browser.post(`/api/mod/comments/${held[4]!.id}/remove`, { reason: 'abuse' })).json().error.code).toBe('already_removed');

      const audit = (await mod.browser.get(`/api/mod/audit?actor=${mod.user.id}&limit=3`)).json();
      expect(audit.entries).toHaveLength(3);
      expect(audit.entries.every((e: { actor: { id: string } }) => e.actor.id === mod.user.id)).toBe(true);
      const more = (await mod.browser.get(`/api/mod/audit?actor=${mod.user.id}&limit=3&cursor=${audit.nextCursor}`)).json();
      expect(more.entries[0].id < audit.entries[2].id).toBe(true);
      const hiddenPrefix = (await mod.browser.get('/api/mod/audit?action=comment.*')).json();
    expect(hiddenPrefix.entries.length).toBeGreaterThanOrEqual(5);
    expect(hiddenPrefix.entries.every((e: { action: string }) => e.action.startsWith('comment.'))).toBe(true);
    const approvals = (await mod.browser.get('/api/mod/audit?action=comment.approved')).json();
      expect(approvals.entries.length).toBeGreaterThanOrEqual(4);
      expect(approvals.entries[0].before.status).toBe('pending');

      const detail = (await mod.browser.get(`/api/mod/users/${author.user.id}`)).json();
      expect(detail.strikes).toHaveLength(1);
      expect(detail.sanctions[0].kind).toBe('warning');
      expect(detail.user.sanction.state).toBe('warned');
      expect(detail.comments.length).toBeGreaterThanOrEqual(7);
      expect(JSON.stringify(detail)).not.toContain('password');
    });
  });
});

describe('bans that stick through single sign-on', () => {
  const SSO_SECRET = 'an sso secret that is long enough to use';
  let s: TestApp;
  beforeAll(async () => {
    s = await makeApp({ env: { PARLEY_SSO_SECRET: SSO_SECRET } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('a host-site account whose address is a variant of a banned one is banned by association', async () => {
    const { SignJWT } = await import('jose');
    const token = (email: string, sub: string) =>
      new SignJWT({ email, name: 'Host User', supporter: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setJti(`jti-${Math.random()}`)
        .setIssuedAt(Math.floor(s.clock.now().getTime() / 1000))
        .setExpirationTime(Math.floor(s.clock.now().getTime() / 1000) + 300)
        .sign(new TextEncoder().encode(SSO_SECRET));
    const mod = await signedIn(s, { roles: ['moderator'] });
    const banned = await signedIn(s, { supporter: true, email: 'troll@gmail.com' });
    expect((await mod.browser.post(`/api/mod/users/${banned.user.id}/ban`, { reason: 'Threats' })).statusCode).toBe(200);
    const b = new Browser(s, '10.9.9.9');
    await b.session();
    const res = await b.post('/api/auth/sso', { token: await token('t.r.o.l.l+host@gmail.com', 'host-troll') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user.sanction).toMatchObject({ state: 'banned', reason: 'linked to a banned account' });
    const post = await makePost(s);
    const refused = await b.post(`/api/posts/${post.slug}/comments`, { body: 'Hello from the host site' });
    expect(refused.json().error.code).toBe('banned');
    const other = new Browser(s, '10.9.9.8');
    await other.session();
    const fine = await other.post('/api/auth/sso', { token: await token('someone.else@example.org', 'host-else') });
    expect(fine.json().user.sanction.state).toBe('none');
  });
});
