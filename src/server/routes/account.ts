import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { canonicalEmail, normalizeEmail } from '../../domain/email';
import { DAY, HOUR } from '../../domain/clock';
import { isStaff } from '../../domain/roles';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { vetDisplayName } from '../services/display-names';
import { confirmSsoLink, ssoTokenConfirms } from '../services/sso';
import { DomainError } from '../../domain/errors';
import { checkBanEvasion } from '../../moderation/ban-evasion';
import { CONFIRM_EMAIL_PURPOSE, emailProved, sendEmailConfirmation } from '../services/email-confirmation';
import { identityHash } from '../../domain/identity';
import { anonymizeUser, findAccountForAddress, findUserById, getUserById, personalData, setPasswordHash, updateUser } from '../../store/users';
import { consumeMailToken, createMailToken, deleteUserSessions, revokeMailTokens } from '../../store/sessions';
import { audit } from '../../store/audit';
import { deleteAuthorComments } from '../../store/comments';
import { commentAsSeen, publishCommentEvent } from '../services/comments/events';
import { inTransaction } from '../../store/after-commit';
import { HttpError } from '../http-error';
import { clearSessionCookie, requireUser } from '../plugins/session';
import { publicUser } from '../views';
import { DisplayName, Email, Password } from '../schemas';
import { enforceLimit } from '../services/limits';
import { hashPassword, verifyPassword } from '../services/passwords';

const DELETE_ACCOUNT_PURPOSE = 'delete_account';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A form that POSTs a mailed token back (same origin, so the CSRF check passes on its Origin). */
function confirmForm(action: string, token: string, label: string): string {
  return `<form method="post" action="${action}"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit" class="button">${label}</button></form>`;
}

/** A small page for the links people open from their mail. */
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/assets/site.css"><main class="container"><h1>${title}</h1>${body}</main></html>`;
}

export function registerAccountRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/account', async (request) => {
    const user = requireUser(request);
    const row = await getUserById(ctx.db, user.id);
    return { user: publicUser(user), email: row.email, notifyReplies: row.notify_replies === 1, supporterSince: row.supporter_since };
  });

  app.patch(
    '/api/account',
    { schema: { body: Type.Object({ displayName: Type.Optional(DisplayName), notifyReplies: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => {
      const user = requireUser(request);
      const body = request.body;
      const changes: { display_name?: string; notify_replies?: number } = {};
      if (body.displayName !== undefined) {
        changes.display_name = await vetDisplayName(ctx.db, body.displayName, { userId: user.id, isStaff: isStaff(user.roles) });
      }
      if (body.notifyReplies !== undefined) changes.notify_replies = body.notifyReplies ? 1 : 0;
      if (Object.keys(changes).length) {
        await updateUser(ctx.db, user.id, changes);
        await audit(ctx.db, { actorId: user.id, action: 'user.updated', targetKind: 'user', targetId: user.id, before: { displayName: user.displayName }, after: changes }, ctx.clock.now());
      }
      return { user: { ...publicUser(user), displayName: changes.display_name ?? user.displayName } };
    },
  );

  app.post('/api/account/email', { schema: { body: Type.Object({ email: Email, password: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const user = requireUser(request);
    const body = request.body;
    const email = canonicalEmail(body.email);
    if (!email) throw new HttpError(422, 'invalid_input', 'That does not look like an e-mail address.');
    const row = await getUserById(ctx.db, user.id);
    if (!row.password_hash || !(await verifyPassword(row.password_hash, body.password))) {
      throw new HttpError(403, 'bad_credentials', 'Your current password is needed to change your e-mail address.');
    }
    const clash = await findAccountForAddress(ctx.db, email);
    if (clash && clash.id !== user.id) throw new HttpError(409, 'email_taken', 'Another account uses that e-mail address.');
    const token = await createMailToken(ctx.db, { purpose: 'email_change', userId: user.id, email, ttlMs: DAY }, ctx.clock.now());
    await ctx.mailer.send({
      to: email,
      subject: 'Confirm your new e-mail address',
      text: `Hello ${user.displayName},\n\nConfirm that this is your new address for Parley:\n${ctx.config.publicUrl}/account/confirm-email?token=${token}\n\nThe link works for 24 hours.`,
    });
    return reply.status(202).send({ ok: true });
  });

  app.get('/account/confirm-email', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const { token } = request.query;
    const now = ctx.clock.now();
    const used = await consumeMailToken(ctx.db, token, 'email_change', now);
    if (!used?.user_id || !used.email) {
      return reply.status(400).type('text/html').send('<!doctype html><title>Link expired</title><p>This confirmation link has expired or was already used.</p>');
    }
    const before = await findUserById(ctx.db, used.user_id);
    try {
      await updateUser(ctx.db, used.user_id, { email: used.email, email_normalized: normalizeEmail(used.email), email_verified_at: now.toISOString() });
    } catch {
      return reply.status(409).type('text/html').send('<!doctype html><title>Address taken</title><p>Another account took that address in the meantime.</p>');
    }
    // Whoever held the account through the old address (a session, a sign-in link) is out; this browser stays in if it is the owner's.
    await deleteUserSessions(ctx.db, used.user_id, request.user?.id === used.user_id ? (request.sessionToken ?? undefined) : undefined);
    await revokeMailTokens(ctx.db, used.user_id, 'login', now);
    await audit(ctx.db, { actorId: used.user_id, action: 'user.email_changed', targetKind: 'user', targetId: used.user_id, before: { email: before?.email }, after: { email: used.email } }, now);
    await emailProved(ctx, used.user_id);
    // A new address is a new identity: a banned person's address makes the account banned by association.
    await checkBanEvasion(ctx, used.user_id, { emailNormalized: normalizeEmail(used.email) });
    return reply.redirect('/account?email=changed');
  });

  // A new sign-up link to prove the account's address (the first one went out at sign-up).
  app.post('/api/account/confirmation', async (request, reply) => {
    const user = requireUser(request);
    if (user.emailConfirmed) return reply.status(200).send({ emailConfirmed: true });
    await enforceLimit(ctx, `confirm-email:${user.id}`, { limit: 3, windowMs: HOUR });
    await sendEmailConfirmation(ctx, { id: user.id, email: user.email, display_name: user.displayName });
    return reply.status(202).send({ emailConfirmed: false });
  });

  app.get('/account/confirm', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const used = await consumeMailToken(ctx.db, request.query.token, CONFIRM_EMAIL_PURPOSE, ctx.clock.now());
    const row = used?.user_id ? await findUserById(ctx.db, used.user_id) : undefined;
    // A link sent to an address the account no longer has proves nothing about the account.
    if (!row || row.deleted_at || row.email !== used?.email) {
      return reply.status(400).type('text/html').send(page('Link expired', '<p>This confirmation link has expired or was already used. Sign in and ask for a new one from any discussion.</p>'));
    }
    await emailProved(ctx, row.id);
    return reply.type('text/html').send(page('Address confirmed', `<p>Thank you: your e-mail address is confirmed, and you can now join in with the discussion.</p><p><a href="/">Back to the site</a></p>`));
  });

  app.post(
    '/api/account/password',
    { schema: { body: Type.Object({ currentPassword: Type.String({ maxLength: 200 }), newPassword: Password }) } },
    async (request) => {
      const user = requireUser(request);
      const body = request.body;
      const row = await getUserById(ctx.db, user.id);
      if (row.password_hash && !(await verifyPassword(row.password_hash, body.currentPassword))) {
        throw new HttpError(403, 'bad_credentials', 'Your current password is not right.');
      }
      await setPasswordHash(ctx.db, user.id, await hashPassword(body.newPassword));
      // Other devices must sign in again with the new password, and sign-in links mailed before it die with the old one.
      await deleteUserSessions(ctx.db, user.id, request.sessionToken ?? undefined);
      await revokeMailTokens(ctx.db, user.id, 'login', ctx.clock.now());
      await audit(ctx.db, { actorId: user.id, action: 'user.password_changed', targetKind: 'user', targetId: user.id }, ctx.clock.now());
      return { ok: true };
    },
  );

  app.get('/api/account/export', async (request, reply) => {
    const user = requireUser(request);
    const [row, { comments, donations, sanctions, strikes }] = await Promise.all([getUserById(ctx.db, user.id), personalData(ctx.db, user.id)]);
    reply.header('content-disposition', 'attachment; filename="parley-my-data.json"');
    return {
      exportedAt: ctx.clock.now().toISOString(),
      profile: { id: user.id, email: row.email, displayName: user.displayName, createdAt: row.created_at, roles: user.roles, supporter: user.supporter, notifyReplies: row.notify_replies === 1 },
      comments,
      donations,
      sanctions,
      strikes,
    };
  });

  // Deleting needs a fresh proof that the person is the account's owner: the password; for an
  // account without one, a new sign-in token from the embedding site, or a link mailed to the address.
  app.delete(
    '/api/account',
    { schema: { body: Type.Object({ password: Type.Optional(Type.String({ maxLength: 200 })), ssoToken: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) }) } },
    async (request, reply) => {
      const user = requireUser(request);
      const row = await getUserById(ctx.db, user.id);
      const { password, ssoToken } = request.body;
      if (row.password_hash) {
        if (password === undefined || !(await verifyPassword(row.password_hash, password))) {
          throw new HttpError(403, 'bad_credentials', 'Your password is needed to delete your account.');
        }
      } else if (!ssoToken || !(await ssoTokenConfirms(ctx, ssoToken, row))) {
        throw new HttpError(403, 'reauthentication_required', 'To delete your account, sign in again from the site you came from, or ask for a confirmation link by e-mail.');
      }
      await deleteAccount(ctx, user.id, user.id);
      clearSessionCookie(reply);
      return reply.status(204).send();
    },
  );

  app.post('/api/account/deletion-link', async (request, reply) => {
    const user = requireUser(request);
    await enforceLimit(ctx, `delete-link:${user.id}`, { limit: 3, windowMs: HOUR });
    const token = await createMailToken(ctx.db, { purpose: DELETE_ACCOUNT_PURPOSE, userId: user.id, email: user.email, ttlMs: HOUR }, ctx.clock.now());
    await ctx.mailer.send({
      to: user.email,
      subject: 'Delete your account?',
      text: `Hello ${user.displayName},\n\nOpen this link to delete your account. It works once, for an hour:\n${ctx.config.publicUrl}/account/delete?token=${token}\n\nIf you did not ask for this, ignore this mail: nothing changes.`,
    });
    return reply.status(202).send({ ok: true });
  });

  // Links from mail open a page with a button: a mail scanner that fetches the link changes nothing.
  const Token = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
  app.get('/account/delete', { schema: { querystring: Token } }, async (request, reply) => {
    return reply.type('text/html').send(page('Delete your account', `<p>Your comments will stay in their threads as “deleted user” placeholders without their text. This cannot be undone.</p>${confirmForm('/account/delete', request.query.token, 'Delete my account')}`));
  });
  app.post('/account/delete', { schema: { body: Token } }, async (request, reply) => {
    const used = await consumeMailToken(ctx.db, request.body.token, DELETE_ACCOUNT_PURPOSE, ctx.clock.now());
    const row = used?.user_id ? await findUserById(ctx.db, used.user_id) : undefined;
    if (!row || row.deleted_at || row.email !== used?.email) {
      return reply.status(400).type('text/html').send(page('Link expired', '<p>This link has expired or was already used.</p>'));
    }
    await deleteAccount(ctx, row.id, row.id);
    if (request.user?.id === row.id) clearSessionCookie(reply);
    return reply.type('text/html').send(page('Account deleted', '<p>Your account is deleted. Thank you for having taken part.</p>'));
  });

  app.get('/account/connect', { schema: { querystring: Token } }, async (request, reply) => {
    return reply.type('text/html').send(page('Connect your account', `<p>After this, the site that embeds our discussion signs you in to this account.</p>${confirmForm('/account/connect', request.query.token, 'Connect my account')}`));
  });
  app.post('/account/connect', { schema: { body: Token } }, async (request, reply) => {
    try {
      await confirmSsoLink(ctx, request.body.token);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      return reply.status(err.kind === 'conflict' ? 409 : 400).type('text/html').send(page('Link expired', `<p>${escapeHtml(err.message)}</p>`));
    }
    return reply.type('text/html').send(page('Account connected', '<p>Your account is connected. Go back to the other site and reload the page to sign in.</p>'));
  });
}

/** Deletes a person's account: their comments stay as "deleted user" placeholders; what a ban needs
    (the normalised e-mail, the SSO subject) survives only as a keyed hash. */
export async function deleteAccount(ctx: AppContext, userId: string, actorId: string): Promise<void> {
  const now = ctx.clock.now();
  const row = await findUserById(ctx.db, userId);
  if (!row || row.deleted_at) return;
  let shown: string[] = [];
  await inTransaction(ctx.db, async (trx) => {
    await anonymizeUser(trx, userId, {
      email: `deleted-${row.id}@deleted.invalid`,
      email_normalized: `hash:${identityHash(ctx.secret, 'email', row.email_normalized)}`,
      display_name: 'deleted user',
      password_hash: null,
      deleted_at: now.toISOString(),
      // Kept hashed, as the address is: the subject stays a ban identity, and never signs in again as this account.
      sso_subject: row.sso_subject ? `hash:${identityHash(ctx.secret, 'sso_subject', row.sso_subject)}` : null,
      notify_replies: 0,
    });
    shown = await deleteAuthorComments(trx, userId);
    await deleteUserSessions(trx, userId);
    await audit(trx, { actorId, action: 'user.deleted', targetKind: 'user', targetId: userId }, now);
  });
  // Open threads replace the comments with placeholders and count them out at once.
  for (const id of shown) await publishCommentEvent(ctx, 'comment.removed', await commentAsSeen(ctx, id));
}
