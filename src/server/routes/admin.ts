import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { requirePermission } from '../plugins/session';
import { ROLES } from '../../domain/roles';
import { findUserById, getRoles } from '../../store/users';
import { audit } from '../../store/audit';
import { notFound } from '../http-error';

export function registerAdminRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/admin/outbox', { schema: { querystring: Type.Object({ to: Type.Optional(Type.String({ maxLength: 254 })) }) } }, async (request) => {
    requirePermission(request, 'manage_users');
    const { to } = request.query as { to?: string };
    let q = ctx.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(100);
    if (to) q = q.where('to_address', '=', to.toLowerCase());
    const mails = await q.execute();
    return { mails: mails.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, text: m.text, createdAt: m.created_at, sentAt: m.sent_at, error: m.error })) };
  });

  app.put(
    '/api/admin/users/:id/roles',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: Type.Object({ roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { maxItems: 4 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (request) => {
      const actor = requirePermission(request, 'manage_users');
      const { id } = request.params as { id: string };
      const body = request.body as { roles: string[]; reason?: string };
      const user = await findUserById(ctx.db, id);
      if (!user) throw notFound('That user');
      const before = await getRoles(ctx.db, id);
      const roles = [...new Set(['reader', ...body.roles])];
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
        await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: id, role }))).execute();
        await audit(trx, { actorId: actor.id, action: 'user.roles_changed', targetKind: 'user', targetId: id, reason: body.reason ?? null, before, after: roles }, ctx.clock.now());
      });
      return { roles: roles.sort() };
    },
  );
}
