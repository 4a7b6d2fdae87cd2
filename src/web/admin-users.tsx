import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
/* /admin/users: the admins' list of accounts (search by name or e-mail, newest first), with each one's
   roles, standing and join date, and a form per account that changes its roles through
   PUT /api/admin/users/:id/roles (public/forms.js sends it with the CSRF token). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { formatDay } from '../domain/dates';
import { can, ROLES } from '../domain/roles';
import { listUsers, type UserListRow } from '../store/users';

export const USERS_PER_PAGE = 50;

/** The roles an admin grants; 'reader' is everyone's. */
const GRANTED = ROLES.filter((r) => r !== 'reader');

const label = (role: string) => role.charAt(0).toUpperCase() + role.slice(1);

function Supporter({ s }: { s: UserListRow['supporter'] }) {
  if (s.active) return <>{s.until ? `until ${formatDay(s.until)}` : 'open-ended'}</>;
  return <span class="meta">{s.until ? `lapsed ${formatDay(s.until)}` : 'no'}</span>;
}

function Sanction({ s }: { s: UserListRow['sanction'] }) {
  if (s.state === 'none') return <span class="meta">none</span>;
  return <strong title={s.reason ?? undefined}>{s.state}{s.until ? ` until ${formatDay(s.until)}` : ''}</strong>;
}

function RolesForm({ u, next }: { u: UserListRow; next: string }) {
  return (
    <form data-api={`/api/admin/users/${u.id}/roles`} data-method="PUT" data-next={next} class="roles-form">
      <fieldset>
        <legend class="visually-hidden">Roles of {u.displayName}</legend>
        {GRANTED.map((role) => (
          <label class="inline">
            <input type="checkbox" name="roles" value={role} checked={u.roles.includes(role)} /> {label(role)}
          </label>
        ))}
      </fieldset>
      <span class="reason-save">
        <label class="visually-hidden" for={`reason-${u.id}`}>Why change {u.displayName}'s roles?</label>
        <input id={`reason-${u.id}`} type="text" name="reason" required maxLength={500} placeholder="Reason" />
        <button type="submit" class="secondary">Save</button>
      </span>
      <p role="alert" data-error hidden class="notice error" />
    </form>
  );
}

function UsersPage(props: { users: UserListRow[]; search: string; nextCursor: string | null; here: string; me: string }) {
  const { users, search } = props;
  return (
    <section class="admin-users">
      <h1>Users</h1>
      <p class="meta">
        Roles: moderators work the moderation queues, editors publish posts, admins do both and manage people and settings; everyone signed in is a reader.
        Changes are recorded in the <a href="/admin/audit?action=user.roles_changed">audit log</a> with your reason.
      </p>
      <form method="get" action="/admin/users" role="search" class="search-form">
        <label for="q">Search by name or e-mail</label>
        <div class="search-row">
          <input type="search" id="q" name="q" value={search} maxLength={200} />
          <button type="submit">Search</button>
        </div>
      </form>
      {search && <p class="meta" role="status">{users.length ? `Accounts matching “${search}”:` : `No account matches “${search}”.`} <a href="/admin/users">Show everyone</a></p>}
      {users.length > 0 && (
        <div class="table-scroll">
          <table class="users">
            <thead>
              <tr><th scope="col">Account</th><th scope="col">Supporter</th><th scope="col">Sanction</th><th scope="col">Joined</th><th scope="col">Roles</th></tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr data-user={u.id}>
                  <td>
                    <a href={`/admin/moderation/users/${u.id}`}>{u.displayName}</a>{u.id === props.me && ' (you)'}
                    <br /><span class="meta">{u.email}</span>
                  </td>
                  <td><Supporter s={u.supporter} /></td>
                  <td><Sanction s={u.sanction} /></td>
                  <td class="date"><time dateTime={u.createdAt}>{formatDay(u.createdAt)}</time></td>
                  <td>
                    <p class="roles" data-roles>{u.roles.filter((r) => r !== 'reader').map(label).join(', ') || 'Reader'}</p>
                    <RolesForm u={u} next={props.here} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextCursor && (
        <p><a class="button secondary" href={`/admin/users?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: props.nextCursor })}`}>More</a></p>
      )}
    </section>
  );
}

const Query = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) });

export function registerAdminUsersPage(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/admin/users', { schema: { querystring: Query } }, async (request, reply) => {
    const here = request.url;
    if (!request.user) return reply.redirect(`/login?next=${encodeURIComponent(here)}`);
    if (!can(request.user.roles, 'manage_users')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only admins can manage users.</p>, 403);
    const { q = '', cursor } = request.query;
    const search = q.trim();
    const { users, nextCursor } = await listUsers(ctx.db, { search, cursor, limit: USERS_PER_PAGE }, ctx.clock.now());
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Users', head: <><meta name="robots" content="noindex" /><script src="/assets/forms.js" defer /></> },
      <UsersPage users={users} search={search} nextCursor={nextCursor} here={here} me={request.user.id} />,
    );
  });
}
