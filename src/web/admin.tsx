import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { can } from '../domain/roles';
import { adminOverview } from '../store/overview';

/* /admin: the way into every admin area, with the numbers that say where attention is needed. */

export function registerAdminPage(app: FastifyInstance, ctx: AppContext): void {
  app.get('/admin', async (request, reply) => {
    const user = request.user;
    if (!user) return reply.redirect('/login?next=/admin');
    if (!can(user.roles, 'moderate') && !can(user.roles, 'publish') && !can(user.roles, 'manage_users')) {
      return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>This area is for the site's staff.</p>, 403);
    }
    const { held, appeals, review, supporters, drafts, scheduled, failedMail } = await adminOverview(ctx.db, ctx.clock.now());
    const areas: Array<{ href: string; title: string; figure?: string; show: boolean }> = [
      { href: '/admin/moderation', title: 'Moderation queues', figure: `${held} held, ${appeals} appeals, ${review} accounts to review`, show: can(user.roles, 'moderate') },
      { href: '/admin/moderation/dashboard', title: 'Moderation dashboard', show: can(user.roles, 'moderate') },
      { href: '/admin/audit', title: 'Audit log', show: can(user.roles, 'moderate') },
      { href: '/admin/moderation/settings', title: 'Moderation settings and dry run', show: can(user.roles, 'configure') },
      { href: '/admin/posts', title: 'Posts', figure: `${drafts} drafts, ${scheduled} scheduled`, show: can(user.roles, 'publish') },
      { href: '/admin/users', title: 'Users and roles', show: can(user.roles, 'manage_users') },
      { href: '/admin/supporters', title: 'Supporters', figure: `${supporters} active`, show: can(user.roles, 'manage_users') },
      { href: '/admin/outbox', title: 'Outbox', figure: failedMail ? `${failedMail} failed` : undefined, show: can(user.roles, 'manage_users') },
    ];
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Admin' },
      <section>
        <h1>Admin</h1>
        <ul class="post-list admin-areas">
          {areas.filter((a) => a.show).map((a) => (
            <li>
              <h2><a href={a.href}>{a.title}</a></h2>
              {a.figure && <p class="meta">{a.figure}</p>}
            </li>
          ))}
        </ul>
      </section>,
    );
  });
}
