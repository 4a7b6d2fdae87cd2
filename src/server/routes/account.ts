import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { isValidEmail, normalizeEmail } from '../../domain/email';
import { DAY } from '../../domain/clock';
import { identityHash } from '../../domain/identity';
import { findUserById } from '../../store/users';
import { consumeMailToken, createMailToken, deleteUserSessions } from '../../store/sessions';
import { audit } from '../../store/audit';
import { deleteAuthorComments } from '../../store/comments';
import { publishCommentEvent } from '../../moderation/actions';
import { HttpError } from '../http-error';
import { clearSessionCookie, requireUser } from '../plugins/session';
import { publicUser } from '../views';
import { DisplayName, Email, hashPassword, Password, verifyPassword } from './auth';

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/account', async (request) => {
    const user = requireUser(request);
    const row = (await findUserById(ctx.db, user.id))!;
    return { user: publicUser(user), email: row.email, notifyReplies: row.notify_replies === 1, supporterSince: row.supporter_since };
  });

  app.patch(
    '/api/account',
    { schema: { body: Type.Object({ displayName: Type.Optional(DisplayName), notifyReplies: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => {
      const user = requireUser(request);
      const body = request.body as { displayName?: string; notifyReplies?: boolean };
      const changes: { display_name?: string; notify_replies?: number } = {};
      if (body.displayName !== undefined) {
        if (!body.displayName.trim()) throw new HttpError(422, 'invalid_input', 'Please choose a display name.');
        changes.display_name = body.displayName.trim();
      }
      if (body.notifyReplies !== undefined) changes.notify_replies = body.notifyReplies ? 1 : 0;
      if (Object.keys(changes).length) {
        await ctx.db.updateTable('users').set(changes).where('id', '=', user.id).execute();
        await audit(ctx.db, { actorId: user.id, action: 'user.updated', targetKind: 'user', targetId: user.id, before: { displayName: user.displayName }, after: changes }, ctx.clock.now());
      }
      return { user: { ...publicUser(user), displayName: changes.display_name ?? user.displayName } };
    },
  );

  app.post('/api/account/email', { schema: { body: Type.Object({ email: Email, password: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const user = requireUser(request);
    const body = request.body as { email: string; password: string };
    const email = body.email.trim().toLowerCase();
    if (!isValidEmail(email)) throw new HttpError(422, 'invalid_input', 'That does not look like an e-mail address.');
    const row = (await findUserById(ctx.db, user.id))!;
    if (!row.password_hash || !(await verifyPassword(row.password_hash, body.password))) {
      throw new HttpError(403, 'bad_credentials', 'Your current password is needed to change your e-mail address.');
    }
    const clash = await ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (clash) throw new HttpError(409, 'email_taken', 'Another account uses that e-mail address.');
    const token = await createMailToken(ctx.db, { purpose: 'email_change', userId: user.id, email, ttlMs: DAY }, ctx.clock.now());
    await ctx.mailer.send({
      to: email,
      subject: 'Confirm your new e-mail address',
      text: `Hello ${user.displayName},\n\nConfirm that this is your new address for Parley:\n${ctx.config.publicUrl}/account/confirm-email?token=${token}\n\nThe link works for 24 hours.`,
    });
    return reply.status(202).send({ ok: true });
  });

  app.get('/account/confirm-email', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const { token } = request.query as { token: string };
    const now = ctx.clock.now();
    const used = await consumeMailToken(ctx.db, token, 'email_change', now);
    if (!used?.user_id || !used.email) {
      return reply.status(400).type('text/html').send('<!doctype html><title>Link expired</title><p>This confirmation link has expired or was already used.</p>');
    }
    const before = await findUserById(ctx.db, used.user_id);
    try {
      await ctx.db
        .updateTable('users')
        .set({ email: used.email, email_normalized: normalizeEmail(used.email), email_verified_at: now.toISOString() })
        .where('id', '=', used.user_id)
        .execute();
    } catch {
      return reply.status(409).type('text/html').send('<!doctype html><title>Address taken</title><p>Another account took that address in the meantime.</p>');
    }
    await audit(ctx.db, { actorId: used.user_id, action: 'user.email_changed', targetKind: 'user', targetId: used.user_id, before: { email: before?.email }, after: { email: used.email } }, now);
    return reply.redirect('/account?email=changed');
  });

  app.post(
    '/api/account/password',
    { schema: { body: Type.Object({ currentPassword: Type.String({ maxLength: 200 }), newPassword: Password }) } },
    async (request) => {
      const user = requireUser(request);
      const body = request.body as { currentPassword: string; newPassword: string };
      const row = (await findUserById(ctx.db, user.id))!;
      if (row.password_hash && !(await verifyPassword(row.password_hash, body.currentPassword))) {
        throw new HttpError(403, 'bad_credentials', 'Your current password is not right.');
      }
      await ctx.db.updateTable('users').set({ password_hash: await hashPassword(body.newPassword) }).where('id', '=', user.id).execute();
      // Other devices must sign in again with the new password.
      await deleteUserSessions(ctx.db, user.id, request.sessionToken ?? undefined);
      await audit(ctx.db, { actorId: user.id, action: 'user.password_changed', targetKind: 'user', targetId: user.id }, ctx.clock.now());
      return { ok: true };
    },
  );

  app.get('/api/account/export', async (request, reply) => {
    const user = requireUser(request);
    const db = ctx.db;
    const [row, comments, donations, sanctions, strikes] = await Promise.all([
      findUserById(db, user.id),
      db.selectFrom('comments').innerJoin('posts', 'posts.id', 'comments.post_id')
        .select(['comments.id', 'posts.slug as post', 'comments.parent_id', 'comments.body', 'comments.status', 'comments.removed_reason', 'comments.created_at', 'comments.edited_at'])
        .where('comments.author_id', '=', user.id).orderBy('comments.id').execute(),
      db.selectFrom('donations').select(['id', 'kind', 'amount', 'currency', 'status', 'created_at']).where('user_id', '=', user.id).orderBy('created_at').execute(),
      db.selectFrom('sanctions').select(['id', 'kind', 'starts_at', 'ends_at', 'reason', 'lifted_at', 'lift_reason']).where('user_id', '=', user.id).orderBy('created_at').execute(),
      db.selectFrom('strikes').select(['id', 'reason', 'comment_id', 'created_at', 'expires_at']).where('user_id', '=', user.id).orderBy('created_at').execute(),
    ]);
    reply.header('content-disposition', 'attachment; filename="parley-my-data.json"');
    return {
      exportedAt: ctx.clock.now().toISOString(),
      profile: { id: user.id, email: row!.email, displayName: user.displayName, createdAt: row!.created_at, roles: user.roles, supporter: user.supporter, notifyReplies: row!.notify_replies === 1 },
      comments,
      donations,
      sanctions,
      strikes,
    };
  });

  app.delete('/api/account', { schema: { body: Type.Object({ password: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const user = requireUser(request);
    const row = (await findUserById(ctx.db, user.id))!;
    const { password } = request.body as { password: string };
    if (row.password_hash && !(await verifyPassword(row.password_hash, password))) {
      throw new HttpError(403, 'bad_credentials', 'Your password is needed to delete your account.');
    }
    await deleteAccount(ctx, user.id, user.id);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });
}

/** Deletes a person's account: their comments stay as "deleted user" placeholders; what a ban needs
    (the normalised e-mail) survives only as a keyed hash. */
export async function deleteAccount(ctx: AppContext, userId: string, actorId: string): Promise<void> {
  const now = ctx.clock.now();
  const row = await findUserById(ctx.db, userId);
  if (!row || row.deleted_at) return;
  let shown: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        email: `deleted-${row.id}@deleted.invalid`,
        email_normalized: `hash:${identityHash(ctx.secret, 'email', row.email_normalized)}`,
        display_name: 'deleted user',
        password_hash: null,
        deleted_at: now.toISOString(),
        sso_subject: null,
        notify_replies: 0,
      })
      .where('id', '=', userId)
      .execute();
    shown = await deleteAuthorComments(trx, userId);
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await audit(trx, { actorId, action: 'user.deleted', targetKind: 'user', targetId: userId }, now);
  });
  // Open threads replace the comments with placeholders and count them out at once.
  for (const id of shown) await publishCommentEvent(ctx, id, 'comment.removed');
}
