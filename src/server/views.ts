import type { ApiUser } from '../store/users';

/** The user as docs/API.md shows it: nothing private (no e-mail) leaves through this. */
export function publicUser(u: ApiUser): ApiUser {
  return { id: u.id, displayName: u.displayName, roles: u.roles, supporter: u.supporter, sanction: u.sanction, emailConfirmed: u.emailConfirmed };
}
