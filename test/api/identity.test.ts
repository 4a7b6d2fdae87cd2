/* Accounts and identities under attack: e-mail variants and single sign-on against bans, sign-up
   without a proved address, deleting an account that has no password, and names that impersonate. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { Browser, confirmMailedAddress, lastMailedLink, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { makePost, relaxRateLimits } from '../helpers/discussion';
import { OPEN_ENDED } from '../../src/domain/supporter';

const SSO_SECRET = 'host-site-shared-secret-for-identity-tests-0123';
const PASSWORD = 'a long password';

const dialects: Array<'sqlite' | 'postgres'> = ['sqlite', ...(requireService('PostgreSQL', !!PG_BASE_URL) ? (['postgres'] as const) : [])];

describe.each(dialects)('on %s', (dialect) => {
  let t: TestApp;
  let mod: Awaited<ReturnType<typeof signedIn>>;
  let ip = 0;
  const browser = () => new Browser(t, `10.20.${Math.floor(++ip / 250)}.${ip % 250}`);

  beforeAll(async () => {
    t = await makeApp({ db: dialect, env: { PARLEY_EMBED_ORIGINS: 'https://blog.example', PARLEY_SSO_SECRET: SSO_SECRET } });
    await relaxRateLimits(t.ctx.db);
    mod = await signedIn(t, { roles: ['moderator'], name: 'Morgan Mod' });
  });
  afterAll(async () => t.close());

  let jti = 0;
  function ssoToken(claims: Record<string, unknown> & { sub: string }) {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT({ name: 'Host Person', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setJti(`identity-${++jti}`)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(new TextEncoder().encode(SSO_SECRET));
  }

  async function register(email: string, displayName = `Person ${++ip}`) {
    const b = browser();
    const res = await b.post('/api/auth/register', { email, password: PASSWORD, displayName });
    return { b, res };
  }

  async function supporter(userId: string) {
    await t.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED }).where('id', '=', userId).execute();
  }

  async function ban(userId: string) {
    const res = await mod.browser.post(`/api/mod/users/${userId}/ban`, { reason: 'Threats' });
    expect(res.statusCode, res.body).toBe(200);
  }

  describe('e-mail variants do not get round a ban', () => {
    it('a trailing dot is the same address: refused while the banned account exists, banned by association after it is deleted', async () => {
      const banned = await register('dotted.name@gmail.com');
      expect(banned.res.statusCode).toBe(201);
      await ban(banned.res.json().user.id);

      const variant = await register('dotted.name@gmail.com.');
      expect([variant.res.statusCode, variant.res.json().error?.code]).toEqual([409, 'email_taken']);

      expect((await banned.b.delete('/api/account', { password: PASSWORD })).statusCode).toBe(204);
      const after = await register('Dotted.Name@GMAIL.com.');
      expect(after.res.statusCode, after.res.body).toBe(201);
      expect(after.res.json().user.sanction).toMatchObject({ state: 'banned', reason: 'linked to a banned account' });
      const row = await t.ctx.db.selectFrom('users').select('email').where('id', '=', after.res.json().user.id).executeTakeFirstOrThrow();
      expect(row.email).toBe('dotted.name@gmail.com');

      // Through single sign-on, with a trailing dot, after the deletion: banned too.
      const host = await browser().post('/api/auth/sso', { token: await ssoToken({ sub: 'host-dotted', email: 'dottedname@gmail.com.' }) });
      expect(host.statusCode, host.body).toBe(200);
      expect(host.json().user.sanction.state).toBe('banned');
    });

    it('a +tag on any domain and look-alike letters are the same person to a ban, though not the same sign-in', async () => {
      const banned = await register('pat@company.example');
      await ban(banned.res.json().user.id);
      // While it exists, a tagged address is a separate mailbox for signing in…
      const tagged = await register('pat+back@company.example');
      expect(tagged.res.statusCode, tagged.res.body).toBe(201);
      // …but the same person to the ban.
      expect(tagged.res.json().user.sanction).toMatchObject({ state: 'banned', reason: 'linked to a banned account' });
      const cyrillic = await register('p\u0430t@company.example'); // Cyrillic а
      expect(cyrillic.res.json().user.sanction.state).toBe('banned');
      const greekDomain = await register('pat@c\u03bfmpany.example'); // Greek ο in the domain
      expect(greekDomain.res.json().user.sanction.state).toBe('banned');
      const someoneElse = await register('pam@company.example');
      expect(someoneElse.res.json().user.sanction.state).toBe('none');
    });

    it('refuses addresses that are not deliverable forms, with 422 and no account', async () => {
      const count = async () => (await t.ctx.db.selectFrom('users').select('id').execute()).length;
      const before = await count();
      for (const email of ['"quoted"@example.org', 'a..b@example.org', '.lead@example.org', 'x@[127.0.0.1]', 'x@localhost', 'x@example', 'x@-bad.example', 'ze\u200bro@example.org', 'ｆｕｌｌ@example.org', 'x@example.org..']) {
        const { res } = await register(email);
        expect([res.statusCode, res.json().error.code], email).toEqual([422, 'invalid_input']);
      }
      expect(await count()).toBe(before);
    });
  });

  describe('the host’s subject is a ban identity', () => {
    it('a banned host user who deletes the account and comes back with another address is still banned', async () => {
      const first = browser();
      const res = await first.post('/api/auth/sso', { token: await ssoToken({ sub: 'host-troll', email: 'troll.one@example.org', supporter: true }) });
      expect(res.statusCode, res.body).toBe(200);
      await ban(res.json().user.id);
      const kinds = await t.ctx.db.selectFrom('ban_identities').select('kind').where('user_id', '=', res.json().user.id).execute();
      expect(kinds.map((k) => k.kind)).toContain('sso_subject');

      // An account without a password is not deleted on an empty password…
      const weak = await first.delete('/api/account', { password: '' });
      expect([weak.statusCode, weak.json().error.code]).toEqual([403, 'reauthentication_required']);
      // …nor on a fresh token for another subject…
      const other = await first.delete('/api/account', { ssoToken: await ssoToken({ sub: 'host-someone', email: 'someone@example.org' }) });
      expect(other.statusCode).toBe(403);
      expect((await first.session()).user?.id).toBe(res.json().user.id);
      // …but on a fresh sign-in token for its own subject.
      const done = await first.delete('/api/account', { ssoToken: await ssoToken({ sub: 'host-troll', email: 'troll.one@example.org' }) });
      expect(done.statusCode, done.body).toBe(204);
      const row = await t.ctx.db.selectFrom('users').select(['sso_subject', 'deleted_at']).where('id', '=', res.json().user.id).executeTakeFirstOrThrow();
      expect(row.deleted_at).not.toBeNull();
      expect(row.sso_subject).toMatch(/^hash:[0-9a-f]{64}$/);

      const back = browser();
      const again = await back.post('/api/auth/sso', { token: await ssoToken({ sub: 'host-troll', email: 'fresh.start@example.org', supporter: true }) });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json().user.id).not.toBe(res.json().user.id);
      expect(again.json().user.sanction).toMatchObject({ state: 'banned', reason: 'linked to a banned account' });
      const post = await makePost(t.ctx.db, t.clock.now());
      expect((await back.post(`/api/posts/${post.slug}/comments`, { body: 'I am back.' })).json().error.code).toBe('banned');
    });

    it('deletes an account without a password through a link mailed to its address', async () => {
      const b = browser();
      const res = await b.post('/api/auth/sso', { token: await ssoToken({ sub: 'host-leaver', email: 'leaver@example.org' }) });
      const id = res.json().user.id as string;
      expect((await b.post('/api/account/deletion-link')).statusCode).toBe(202);
      const link = await lastMailedLink(t, 'leaver@example.org', 'Delete your account?');
      // Fetching the link (as a mail scanner would) deletes nothing.
      expect((await browser().get(link)).statusCode).toBe(200);
      expect((await t.ctx.db.selectFrom('users').select('deleted_at').where('id', '=', id).executeTakeFirstOrThrow()).deleted_at).toBeNull();
      const token = new URLSearchParams(link.split('?')[1]).get('token')!;
      const form = { method: 'POST' as const, url: '/account/delete', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://parley.test' }, payload: `token=${encodeURIComponent(token)}` };
      expect((await t.app.inject(form)).statusCode).toBe(200);
      expect((await t.ctx.db.selectFrom('users').select('deleted_at').where('id', '=', id).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
      expect((await t.app.inject(form)).statusCode).toBe(400);
    });
  });

  describe('a new account proves its address before it takes part', () => {
    it('reads and may donate at once, but comments, replies, likes and flags only after opening the mailed link', async () => {
      const post = await makePost(t.ctx.db, t.clock.now());
      const other = await signedIn(t, { supporter: true });
      const existing = await other.browser.post(`/api/posts/${post.slug}/comments`, { body: 'A comment to reply to.' });
      expect(existing.statusCode).toBe(201);
      const commentId = existing.json().comment.id as string;

      const { b, res } = await register('new.reader@example.org', 'New Reader');
      expect(res.json().user.emailConfirmed).toBe(false);
      await supporter(res.json().user.id);
      expect((await b.get(`/api/posts/${post.slug}/comments`)).statusCode).toBe(200);
      expect((await b.get(`/posts/${post.slug}`)).statusCode).toBe(200);
      expect((await b.get('/support')).statusCode).toBe(200);

      const attempts = [
        await b.post(`/api/posts/${post.slug}/comments`, { body: 'Hello, everyone.' }),
        await b.post(`/api/posts/${post.slug}/comments`, { body: 'A reply.', parentId: commentId }),
        await b.post(`/api/comments/${commentId}/like`),
        await b.post(`/api/comments/${commentId}/flag`, { reason: 'spam' }),
      ];
      for (const r of attempts) {
        expect([r.statusCode, r.json().error.code]).toEqual([403, 'email_unconfirmed']);
        expect(r.json().error.message).toMatch(/confirm your e-mail address/i);
      }
      // The discussion page tells the reader what to do instead of showing the comment box.
      const page = await b.get(`/posts/${post.slug}`);
      expect(page.body).toContain('Please confirm your e-mail address to join in');
      expect(page.body).not.toContain('parley-new-comment');

      // Asking again sends a second link; a link for another address proves nothing.
      expect((await b.post('/api/account/confirmation')).statusCode).toBe(202);
      const mails = await t.ctx.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', 'new.reader@example.org').where('subject', '=', 'Confirm your e-mail address').execute();
      expect(mails).toHaveLength(2);
      expect((await browser().get('/account/confirm?token=not-a-token')).statusCode).toBe(400);

      await confirmMailedAddress(t, 'new.reader@example.org');
      expect((await b.session()).user).toMatchObject({ emailConfirmed: true });
      expect((await b.post(`/api/posts/${post.slug}/comments`, { body: 'Hello, everyone.' })).statusCode).toBe(201);
      expect((await b.post(`/api/comments/${commentId}/like`)).statusCode).toBe(200);
      expect((await b.post('/api/account/confirmation')).json()).toEqual({ emailConfirmed: true });
    });
  });

  describe('display names', () => {
    it('refuses impersonating, invisible and control-character names at sign-up and on change, and shows staff badges', async () => {
      const admin = await signedIn(t, { roles: ['admin'], name: 'Ada Lovelace', supporter: true });
      const names: Array<[string, string]> = [
        ['Admin', 'invalid_display_name'],
        ['The Moderator', 'invalid_display_name'],
        ['\u0410dmin', 'invalid_display_name'], // Cyrillic А
        ['\u0391DM\u0399N', 'invalid_display_name'], // Greek capitals
        ['\uff41\uff44\uff4d\uff49\uff4e', 'invalid_display_name'], // fullwidth
        ['Ada Lovelac\u0435', 'invalid_display_name'], // a staff name with a Cyrillic е
        ['ADA LOVELACE', 'invalid_display_name'],
        ['Jane\u202eeoD', 'invalid_display_name'], // right-to-left override
        ['Ja\u200bne', 'invalid_display_name'], // zero-width space
        ['\u200b\u200b', 'invalid_display_name'],
        ['\u3164', 'invalid_display_name'], // Hangul filler
        ['Jane\r\nDoe', 'invalid_display_name'],
        ['Quentin Blake', 'display_name_taken'],
        ['quentin blake', 'display_name_taken'],
      ];
      await signedIn(t, { name: 'Quentin Blake' });
      for (const [name, code] of names) {
        const { res } = await register(`name-${++ip}@example.org`, name);
        expect([res.statusCode, res.json().error?.code], JSON.stringify(name)).toEqual([code === 'display_name_taken' ? 409 : 422, code]);
      }
      const reader = await signedIn(t, { supporter: true, name: 'Rhea Reader' });
      for (const [name, code] of names) {
        const res = await reader.browser.patch('/api/account', { displayName: name });
        expect([res.statusCode, res.json().error?.code], JSON.stringify(name)).toEqual([code === 'display_name_taken' ? 409 : 422, code]);
      }
      expect((await reader.browser.patch('/api/account', { displayName: 'Rhea R.' })).json().user.displayName).toBe('Rhea R.');
      expect((await reader.browser.patch('/api/account', { displayName: 'Rhea R.' })).statusCode).toBe(200);
      // A host's name goes through the same policy.
      const host = await browser().post('/api/auth/sso', { token: await ssoToken({ sub: 'host-admin', email: 'host.admin@example.org', name: 'Аdmin' }) });
      expect([host.statusCode, host.json().error.code]).toEqual([422, 'invalid_display_name']);

      // Real staff carry a badge on their comments; readers do not.
      const post = await makePost(t.ctx.db, t.clock.now());
      const byAdmin = await admin.browser.post(`/api/posts/${post.slug}/comments`, { body: 'A word from the site.' });
      const byReader = await reader.browser.post(`/api/posts/${post.slug}/comments`, { body: 'A word from a reader.' });
      const list = (await browser().get(`/api/posts/${post.slug}/comments`)).json().comments as Array<{ id: string; author: { staff?: string } }>;
      expect(list.find((c) => c.id === byAdmin.json().comment.id)?.author.staff).toBe('admin');
      expect(list.find((c) => c.id === byReader.json().comment.id)?.author.staff).toBeUndefined();
      const html = (await browser().get(`/posts/${post.slug}`)).body;
      expect(html).toContain('Staff · admin');
    });
  });
});
