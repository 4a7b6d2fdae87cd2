import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { requirePermission } from '../plugins/session';
import { leavesNoAdmin, ROLES, type Role } from '../../domain/roles';
import { findUserById, getRoles, otherAdmins, setRoles } from '../../store/users';
import { recentMails } from '../../store/mail-outbox';
import { audit } from '../../store/audit';
import { HttpError, notFound } from '../http-error';

export function registerAdminRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/admin/outbox', { schema: { querystring: Type.Object({ to: Type.Optional(Type.String({ maxLength: 254 })) }) } }, async (request) => {
    requirePermission(request, 'manage_users');
    const { to } = request.query;
    const mails = await recentMails(ctx.db, to?.toLowerCase() ?? null);
    return { mails: mails.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, text: m.text, createdAt: m.created_at, sentAt: m.sent_at, error: m.error })) };
  });

  app.put(
    '/api/admin/users/:id/roles',
    { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), body: Type.Object({ roles: Type.Array(Type.Union(ROLES.map((r) => Type.Literal(r))), { maxItems: 4 }), reason: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (request) => {
      const actor = requirePermission(request, 'manage_users');
      const { id } = request.params;
      const body = request.body;
      const user = await findUserById(ctx.db, id);
      if (!user) throw notFound('That user');
      const roles = [...new Set<Role>(['reader', ...body.roles])];
      await ctx.db.transaction().execute(async (trx) => {
        const before = await getRoles(trx, id);
        if (leavesNoAdmin(before, roles, await otherAdmins(trx, ctx.store.dialect, id))) {
          throw new HttpError(409, 'last_admin', `${user.display_name} is the only admin: make someone else an admin first.`);
        }
        await setRoles(trx, id, roles);
        await audit(trx, { actorId: actor.id, action: 'user.roles_changed', targetKind: 'user', targetId: id, reason: body.reason ?? null, before, after: roles }, ctx.clock.now());
      });
      return { roles: roles.sort() };
    },
  );
}
