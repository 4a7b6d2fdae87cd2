import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { settleBackground } from '../../src/server/background';
import { findUserById } from '../../src/store/users';
import { makePost, storeComment } from '../helpers/moderation';
import { removeComment } from '../../src/server/services/comments/remove';

describe('account self-service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(async () => t.close());

  it('changes the display name and the reply-notification preference', async () => {
    const { browser, user } = await signedIn(t);
    const res = await browser.patch('/api/account', { displayName: '  New Name ', notifyReplies: false });
    expect(res.statusCode).toBe(200);
    expect((await browser.session()).user).toMatchObject({ displayName: 'New Name' });
    expect((await findUserById(t.ctx.db, user.id))?.notify_replies).toBe(0);
    expect((await browser.patch('/api/account', { displayName: '   ' })).statusCode).toBe(422);
  });

  it('changes the e-mail address only after the new address confirms it', async () => {
    const { browser, user, password } = await signedIn(t);
    expect((await browser.post('/api/account/email', { email: 'new-address@example.org', password: 'wrong password' })).statusCode).toBe(403);
    expect((await browser.post('/api/account/email', { email: 'new-address@example.org', password })).statusCode).toBe(202);
    expect((await findUserById(t.ctx.db, user.id))?.email).not.toBe('new-address@example.org');
    const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', 'new-address@example.org').executeTakeFirstOrThrow();
    const link = mail.text.match(/http:\/\/parley\.test(\/account\/confirm-email\?token=\S+)/)![1]!;
    expect((await new Browser(t).get(link)).statusCode).toBe(302);
    const after = await findUserById(t.ctx.db, user.id);
    expect(after?.email).toBe('new-address@example.org');
    expect(after?.email_normalized).toBe('new-address@example.org');
    expect((await new Browser(t).get(link)).statusCode).toBe(400);
  });

  it('changes the password and signs out other devices', async () => {
    const { browser, email, password } = await signedIn(t);
    const other = new Browser(t, '10.3.3.3');
    await other.post('/api/auth/login', { email, password });
    expect((await browser.post('/api/account/password', { currentPassword: 'nope nope', newPassword: 'another long one' })).statusCode).toBe(403);
    expect((await browser.post('/api/account/password', { currentPassword: password, newPassword: 'another long one' })).statusCode).toBe(200);
    expect((await browser.session()).user).not.toBeNull();
    expect((await other.session()).user).toBeNull();
    expect((await new Browser(t, '10.3.3.4').post('/api/auth/login', { email, password: 'another long one' })).statusCode).toBe(200);
  });

  const signInLink = async (email: string) => {
    expect((await new Browser(t, '10.3.9.9').post('/api/auth/magic-link', { email })).statusCode).toBe(202);
    await settleBackground(t.ctx);
    const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).where('subject', '=', 'Your sign-in link').orderBy('id', 'desc').executeTakeFirstOrThrow();
    return new URL(mail.text.match(/http:\/\/parley\.test\/auth\/magic\?token=\S+/)![0]).searchParams.get('token')!;
  };

  it('lets a sign-in link mailed before a password change die with the old password', async () => {
    const { browser, email, password } = await signedIn(t);
    const token = await signInLink(email);
    expect((await browser.post('/api/account/password', { currentPassword: password, newPassword: 'a brand new password' })).statusCode).toBe(200);
    const b = new Browser(t, '10.3.9.10');
    await b.session();
    const res = await b.post('/api/auth/magic', { token });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'link_expired']);
    expect((await b.session()).user).toBeNull();
  });

  it('signs out the other sessions and ends old sign-in links when a new address is confirmed', async () => {
    const { browser, user, email, password } = await signedIn(t);
    const other = new Browser(t, '10.3.9.11');
    expect((await other.post('/api/auth/login', { email, password })).statusCode).toBe(200);
    const oldLink = await signInLink(email);
    expect((await browser.post('/api/account/email', { email: `moved-${user.id}@example.org`, password })).statusCode).toBe(202);
    const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', `moved-${user.id}@example.org`).executeTakeFirstOrThrow();
    const link = mail.text.match(/http:\/\/parley\.test(\/account\/confirm-email\?token=\S+)/)![1]!;
    expect((await browser.get(link)).statusCode).toBe(302);
    expect((await browser.session()).user?.id).toBe(user.id);
    expect((await other.session()).user).toBeNull();
    const b = new Browser(t, '10.3.9.12');
    await b.session();
    expect((await b.post('/api/auth/magic', { token: oldLink })).statusCode).toBe(400);
  });

  it('exports my data and deletes my account, keeping only a hash of the address', async () => {
    const { browser, user, email, password } = await signedIn(t);
    const exported = await browser.get('/api/account/export');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    expect(exported.json()).toMatchObject({ profile: { id: user.id, email }, comments: [], donations: [], sanctions: [] });
    expect((await browser.delete('/api/account', { password: 'wrong password' })).statusCode).toBe(403);
    expect((await browser.delete('/api/account', { password })).statusCode).toBe(204);
    const row = await findUserById(t.ctx.db, user.id);
    expect(row?.deleted_at).not.toBeNull();
    expect(row?.display_name).toBe('deleted user');
    expect(row?.email).not.toContain(email.split('@')[0]);
    expect(row?.email_normalized).toMatch(/^hash:[0-9a-f]{64}$/);
    expect((await new Browser(t, '10.3.3.9').post('/api/auth/login', { email, password })).statusCode).toBe(401);
    expect((await browser.session()).user).toBeNull();
  });

  it('counts a deleted account\'s comments out of the discussion and shows all of them with the same author shape', async () => {
    const post = await makePost(t);
    const leaver = await signedIn(t, { supporter: true, name: 'Lena Leaving' });
    const stayer = await signedIn(t, { supporter: true, name: 'Stan Staying' });
    const first = await storeComment(t, { postId: post.id, authorId: leaver.user.id, body: 'My first thought.' });
    await storeComment(t, { postId: post.id, authorId: stayer.user.id, body: 'A reply that stays.', parent: first });
    const second = await storeComment(t, { postId: post.id, authorId: leaver.user.id, body: 'A reply of mine.', parent: first });
    const removed = await storeComment(t, { postId: post.id, authorId: leaver.user.id, body: 'Something rude.' });
    await storeComment(t, { postId: post.id, authorId: leaver.user.id, body: 'Held, never shown.', status: 'pending' });
    await removeComment(t.ctx, { id: stayer.user.id, roles: ['moderator'] }, removed.id, { reason: 'abuse', strike: false });
    const reader = new Browser(t, '10.3.9.9');
    const before = (await reader.get(`/api/posts/${post.slug}/comments`)).json();
    expect(before.total).toBe(3);

    expect((await leaver.browser.delete('/api/account', { password: leaver.password })).statusCode).toBe(204);
    const after = (await reader.get(`/api/posts/${post.slug}/comments`)).json();
    // Only Stan's reply is still a published comment: the heading, the post and the thread count it alone.
    expect(after.total).toBe(1);
    expect((await reader.get(`/api/posts/${post.slug}`)).json().post.commentCount).toBe(1);
    const top = after.comments.find((c: { id: string }) => c.id === first.id);
    expect(top.replyCount).toBe(1);
    expect(top.replies.map((r: { id: string }) => r.id)).toEqual([expect.any(String), second.id]);
    // Every placeholder of the deleted account has the same shape: no author, no body.
    const mine = [top, top.replies[1], after.comments.find((c: { id: string }) => c.id === removed.id)];
    expect(mine.map((c: { author: unknown; bodyHtml: string }) => [c.author, c.bodyHtml])).toEqual([[null, ''], [null, ''], [null, '']]);
    expect(after.comments).toHaveLength(2);
  });

  it('lets only admins read the outbox', async () => {
    const reader = await signedIn(t);
    expect((await reader.browser.get('/api/admin/outbox')).statusCode).toBe(403);
    expect((await new Browser(t).get('/api/admin/outbox')).statusCode).toBe(401);
    const admin = await signedIn(t, { roles: ['admin'] });
    const res = await admin.browser.get('/api/admin/outbox');
    expect(res.statusCode).toBe(200);
    expect(res.json().mails.length).toBeGreaterThan(0);
    const page = await admin.browser.get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm your new e-mail address');
  });
});

describe('mail over real SMTP', () => {
  it('delivers a magic link to an SMTP server', async () => {
    const received: Array<{ to: string; data: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const port = (smtp.server.address() as { port: number }).port;
    const t = await makeApp({ env: { PARLEY_SMTP_URL: `smtp://127.0.0.1:${port}`, PARLEY_MAIL_FROM: 'Parley <news@parley.test>' } });
    try {
      const { email } = await signedIn(t);
      expect((await new Browser(t).post('/api/auth/magic-link', { email })).statusCode).toBe(202);
      await settleBackground(t.ctx);
      expect(received).toHaveLength(1);
      expect(received[0]!.to).toBe(email);
      expect(received[0]!.data).toMatch(/Subject: Your sign-in link/);
      expect(received[0]!.data).toMatch(/From: Parley <news@parley\.test>/);
      expect(received[0]!.data.replace(/=\r?\n/g, '')).toMatch(/\/auth\/magic\?token=/);
      const row = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
      expect(row.sent_at).not.toBeNull();
    } finally {
      await t.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
