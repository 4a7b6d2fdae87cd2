import { randomBytes } from 'node:crypto';
import type { AppContext } from '../server/context';
import { createUser } from '../store/users';
import { newId } from '../store/ids';
import { hasAnyUser, seedComment, seedCommentCounts, seedPost, seedSupporter } from '../store/demo';
import { setCommentCount } from '../store/posts';
import { setSetting } from '../store/settings';
import { hashPassword } from '../server/services/passwords';
import { renderCommentHtml, renderPostHtml } from '../domain/markup';
import { OPEN_ENDED } from '../domain/supporter';
import { HOUR, DAY } from '../domain/clock';
import { DEMO_POSTS, type DemoComment } from './content';
import { seedModerationHistory } from './moderation-history';
import type { Role } from '../domain/roles';

interface DemoUser {
  key: string;
  name: string;
  email: string;
  roles: Role[];
  supporter: boolean;
  /** when the account was made and, for a supporter, when the support began (default 30) */
  joinedDaysAgo?: number;
}

const DEMO_USERS: DemoUser[] = [
  { key: 'admin', name: 'Site Admin', email: 'admin@parley.localhost', roles: ['admin', 'editor'], supporter: true },
  { key: 'moderator', name: 'Morgan (moderator)', email: 'moderator@parley.localhost', roles: ['moderator'], supporter: true },
  { key: 'editor', name: 'Eleanor Hart', email: 'editor@parley.localhost', roles: ['editor'], supporter: true },
  { key: 'maria', name: 'Maria Lopes', email: 'maria@parley.localhost', roles: [], supporter: true },
  { key: 'tom', name: 'Tom Ashworth', email: 'tom@parley.localhost', roles: [], supporter: true },
  { key: 'priya', name: 'Priya N.', email: 'priya@parley.localhost', roles: [], supporter: true },
  { key: 'james', name: 'James Whitcombe', email: 'james@parley.localhost', roles: [], supporter: true },
  { key: 'dan', name: 'Dan Mercer', email: 'dan@parley.localhost', roles: [], supporter: true },
  { key: 'sam', name: 'Sam Okafor', email: 'sam@parley.localhost', roles: [], supporter: true, joinedDaysAgo: 3 },
  { key: 'reader', name: 'Rita Reader', email: 'reader@parley.localhost', roles: [], supporter: false },
];

/** On an empty database, writes the demo site and prints the demo accounts' passwords once. */
export async function seedDemoIfEmpty(ctx: AppContext, print: (line: string) => void): Promise<boolean> {
  if (await hasAnyUser(ctx.db)) return false;
  const now = ctx.clock.now();
  const ids = new Map<string, string>();
  const idOf = (key: string): string => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`no demo user ${key}`);
    return id;
  };
  const passwords = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const password = randomBytes(9).toString('base64url');
    passwords.set(u.key, password);
    const joined = new Date(now.getTime() - (u.joinedDaysAgo ?? 30) * DAY);
    const row = await createUser(ctx.db, { email: u.email, displayName: u.name, passwordHash: await hashPassword(password), roles: u.roles, emailVerified: true }, joined);
    ids.set(u.key, row.id);
    if (u.supporter) {
      const until = u.roles.length ? OPEN_ENDED : new Date(now.getTime() + 200 * DAY).toISOString();
      await seedSupporter(ctx.db, { id: newId(), user_id: row.id, until: u.roles.length ? null : until, note: 'demo site', granted_by: null, created_at: now.toISOString(), revoked_at: null }, joined.toISOString(), until);
    }
  }
  await setSetting(ctx.db, 'site', { name: 'The Parley Review', description: 'Short briefs on the reporting worth reading — and a discussion for the readers who fund it.' });

  for (const p of DEMO_POSTS) {
    const publishedAt = new Date(now.getTime() - p.hoursAgo * HOUR);
    const postId = newId(publishedAt.getTime());
    let count = 0;
    await seedPost(ctx.db, {
      id: postId, slug: p.slug, title: p.title, standfirst: p.standfirst, body_md: p.body, body_html: renderPostHtml(p.body),
      author_id: idOf('editor'), status: 'published', published_at: publishedAt.toISOString(), created_at: publishedAt.toISOString(),
      updated_at: publishedAt.toISOString(), version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: `/assets/demo/${p.image.file}`,
      featured_image_alt: p.image.alt, sources: JSON.stringify(p.sources), comment_count: 0, canonical_url: null, import_key: null,
    }, p.tags.map((name) => ({ tag: name.replace(/\s+/g, '-'), name })));

    let t = publishedAt.getTime() + 20 * 60_000;
    const write = async (c: DemoComment, parent: { id: string; rootId: string; depth: number } | null): Promise<number> => {
      t += 7 * 60_000 + Math.floor(Math.random() * 20 * 60_000);
      const id = newId(Math.min(t, now.getTime()));
      const createdAt = new Date(Math.min(t, now.getTime())).toISOString();
      let descendants = 0;
      await seedComment(ctx.db, {
        id, post_id: postId, parent_id: parent?.id ?? null, root_id: parent?.rootId ?? null, depth: parent ? parent.depth + 1 : 0,
        author_id: idOf(c.by), body: c.text, body_html: renderCommentHtml(c.text), status: 'published', removed_reason: null,
        created_at: createdAt, edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: null,
      });
      count += 1;
      for (const r of c.replies ?? []) descendants += await write(r, { id, rootId: parent?.rootId ?? id, depth: parent ? parent.depth + 1 : 0 });
      const likers = [...ids.values()].slice(0, c.likes ?? 0);
      // Top-level comments count the whole thread below them; replies count their direct replies.
      await seedCommentCounts(ctx.db, id, likers, createdAt, parent ? (c.replies?.length ?? 0) : descendants);
      return descendants + 1;
    };
    for (const c of p.thread) await write(c, null);
    await setCommentCount(ctx.db, postId, count);
  }

  await seedModerationHistory(ctx, ids);

  print('');
  print('Parley demo site created. These passwords are shown once:');
  for (const u of DEMO_USERS) print(`  ${u.key.padEnd(10)} ${u.email.padEnd(28)} ${passwords.get(u.key)}${u.supporter ? '' : '   (not a supporter)'}`);
  print('');
  return true;
}
