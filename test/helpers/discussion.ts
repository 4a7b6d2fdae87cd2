/* Helpers for discussion tests: posts and sanctions written straight to the database. */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema';
import { newId } from '../../src/store/ids';
import { setSetting } from '../../src/store/settings';
import { createUser } from '../../src/store/users';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import type { Role } from '../../src/domain/roles';
import type { PostsTable } from '../../src/store/schema';

let n = 0;

export async function makePost(db: Kysely<Database>, now: Date, opts: { slug?: string; title?: string; discussion?: 'open' | 'closed'; closesAt?: string | null } = {}) {
  n += 1;
  const row: PostsTable = {
    id: newId(now.getTime()),
    slug: opts.slug ?? `post-${n}-${Math.random().toString(36).slice(2, 7)}`,
    title: opts.title ?? `Post ${n}`,
    standfirst: '',
    body_md: '',
    body_html: '<p>Body</p>',
    author_id: null,
    status: 'published',
    published_at: new Date(now.getTime() - 60_000).toISOString(),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    version: 1,
    discussion: opts.discussion ?? 'open',
    discussion_closes_at: opts.closesAt ?? null,
    featured_image_url: null,
    featured_image_alt: null,
    sources: '[]',
    comment_count: 0,
    canonical_url: null,
    import_key: null,
  };
  await db.insertInto('posts').values(row).execute();
  return row;
}

export async function sanction(db: Kysely<Database>, userId: string, kind: 'suspension' | 'ban', now: Date, hours = 24) {
  await db
    .insertInto('sanctions')
    .values({
      id: newId(now.getTime()),
      user_id: userId,
      kind,
      starts_at: new Date(now.getTime() - 1000).toISOString(),
      ends_at: kind === 'ban' ? null : new Date(now.getTime() + hours * 3600_000).toISOString(),
      reason: 'test',
      comment_id: null,
      created_by: null,
      created_at: now.toISOString(),
      lifted_at: null,
      lifted_by: null,
      lift_reason: null,
    })
    .execute();
}

/** Most tests post several comments a minute: switch the pipeline's rate limits off unless a test is about them. */
export async function relaxRateLimits(db: Kysely<Database>) {
  await setSetting(db, 'moderation', { rateLimit: { enabled: false } });
}

/** A confirmed account with a password that signs in through the form, a supporter or staff when asked. */
export async function makePerson(db: Kysely<Database>, name: string, password: string, opts: { supporter?: boolean; roles?: Role[] } = {}) {
  const email = `${name.toLowerCase().replace(/[^a-z]/g, '') || 'x'}-${Math.random().toString(36).slice(2, 7)}@example.org`;
  const user = await createUser(db, { email, displayName: name, passwordHash: await hashPassword(password), emailVerified: true }, new Date());
  if (opts.supporter) await db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: new Date().toISOString() }).where('id', '=', user.id).execute();
  for (const role of opts.roles ?? []) await db.insertInto('user_roles').values({ user_id: user.id, role }).execute();
  return { user, email };
}
