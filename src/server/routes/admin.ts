import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { requirePermission } from '../plugins/session';
import { leavesNoAdmin, ROLES } from '../../domain/roles';
import { findUserById, getRoles, type Db } from '../../store/users';
import { audit } from '../../store/audit';
import type { Dialect } from '../../store/db';
import { HttpError, notFound } from '../http-error';

/** How many live accounts other than `userId` are admins. On PostgreSQL their role rows are locked, so two
    admins demoting each other at once serialise here and the second sees the first's change. */
async function otherAdmins(db: Db, dialect: Dialect, userId: string): Promise<number> {
  let q = db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select('user_roles.user_id')
    .where('user_roles.role', '=', 'admin')
    .where('users.deleted_at', 'is', null)
    .where('user_roles.user_id', '!=', userId);
  if (dialect === 'postgres') q = q.forUpdate();
  return (await q.execute()).length;
}

export function registerAdminRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/admin/outbox', { schema: { querystring: Type.Object({ to: Type.Optional(Type.String({ maxLength: 254 })) }) } }, async (request) => {
    requirePermission(request, 'manage_users');
    const { to } = request.query;
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
      const { id } = request.params;
      const body = request.body;
      const user = await findUserById(ctx.db, id);
      if (!user) throw notFound('That user');
      const roles = [...new Set(['reader', ...body.roles])];
      await ctx.db.transaction().execute(async (trx) => {
        const before = await getRoles(trx, id);
        if (leavesNoAdmin(before, roles, await otherAdmins(trx, ctx.store.dialect, id))) {
          throw new HttpError(409, 'last_admin', `${user.display_name} is the only admin: make someone else an admin first.`);
        }
        await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
        await trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: id, role }))).execute();
        await audit(trx, { actorId: actor.id, action: 'user.roles_changed', targetKind: 'user', targetId: id, reason: body.reason ?? null, before, after: roles }, ctx.clock.now());
      });
      return { roles: roles.sort() };
    },
  );
}
