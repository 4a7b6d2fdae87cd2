/* Roles and what each may do. A reader is anyone signed in; the others are granted. */
export const ROLES = ['reader', 'moderator', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type Permission =
  | 'moderate' // queues, approve/remove, suspend, ban
  | 'unban' // lift a permanent ban
  | 'publish' // write and publish posts
  | 'manage_users' // grant roles, supporter status, read the outbox
  | 'configure'; // site and moderation settings

const GRANTS: Record<Role, Permission[]> = {
  reader: [],
  moderator: ['moderate'],
  editor: ['publish'],
  admin: ['moderate', 'unban', 'publish', 'manage_users', 'configure'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(roles: readonly string[], permission: Permission): boolean {
  return roles.some((r) => isRole(r) && GRANTS[r].includes(permission));
}

/** Whether changing one user's roles from `before` to `after` would leave the site with no admin,
    when `otherAdmins` other accounts are admins: then nobody could grant roles again but through the database. */
export function leavesNoAdmin(before: readonly string[], after: readonly string[], otherAdmins: number): boolean {
  return before.includes('admin') && !after.includes('admin') && otherAdmins === 0;
}

/** The badge a comment by staff carries, so real staff stand out from names that merely sound official. */
export type StaffBadge = 'admin' | 'editor' | 'moderator';
const BADGE_ORDER: readonly StaffBadge[] = ['admin', 'editor', 'moderator'];

/** The highest staff role among `roles` (a list, or one role), or null for a reader. */
export function staffBadge(roles: readonly string[] | string | null): StaffBadge | null {
  const list = roles === null ? [] : typeof roles === 'string' ? [roles] : roles;
  return BADGE_ORDER.find((r) => list.includes(r)) ?? null;
}

export function isStaff(roles: readonly string[]): boolean {
  return staffBadge(roles) !== null;
}
