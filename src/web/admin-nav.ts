import type { Permission } from '../domain/roles';
import { can } from '../domain/roles';

/** The admin shell's left navigation: each area and the permission that opens it. */
export interface AdminArea {
  href: string;
  label: string;
  permission: Permission;
}

export const ADMIN_AREAS: readonly AdminArea[] = [
  { href: '/admin/moderation', label: 'Moderation', permission: 'moderate' },
  { href: '/admin/moderation/dashboard', label: 'Dashboard', permission: 'moderate' },
  { href: '/admin/audit', label: 'Audit log', permission: 'moderate' },
  { href: '/admin/posts', label: 'Posts', permission: 'publish' },
  { href: '/admin/users', label: 'People', permission: 'manage_users' },
  { href: '/admin/supporters', label: 'Supporters', permission: 'manage_users' },
  { href: '/admin/moderation/settings', label: 'Settings', permission: 'configure' },
  { href: '/admin/outbox', label: 'Outbox', permission: 'manage_users' },
];

export function adminAreasFor(roles: readonly string[]): AdminArea[] {
  return ADMIN_AREAS.filter((a) => can(roles, a.permission));
}

/** The area a path belongs to: the longest matching prefix (so /admin/moderation/users/… is Moderation). */
export function currentArea(areas: readonly AdminArea[], path: string): AdminArea | undefined {
  const p = path.split('?')[0] ?? path;
  return areas.filter((a) => p === a.href || p.startsWith(`${a.href}/`) || p.startsWith(`${a.href}.`)).sort((a, b) => b.href.length - a.href.length)[0];
}
