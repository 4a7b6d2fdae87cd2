/* The per-author comment counts on the user row (what the moderation pipeline and the queues read
   instead of counting) follow every way comments change: new comments, holds, approvals,
   removals, deletion by the author and account deletion; on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, PG_BASE_URL, requireService } from '../helpers/harness';
import { openStore, migrate, type Store } from '../../src/store/db';
import { createUser } from '../../src/store/users';
import { changeCommentStatus, insertComment } from '../../src/store/comments';
import { newId } from '../../src/store/ids';

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || requireService('PostgreSQL', PG_BASE_URL !== null));

describe.each(kinds)('author comment counters on %s', (kind) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const now = new Date('2026-03-01T10:00:00.000Z');

  beforeAll(async () => {
    const db = await freshDatabase(kind);
    cleanup = db.cleanup;
    store = openStore(db.url);
    await migrate(store);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  async function kept(userId: string) {
    const u = await store.db.selectFrom('users').select(['comment_count', 'published_comment_count', 'removed_comment_count']).where('id', '=', userId).executeTakeFirstOrThrow();
    return { all: u.comment_count, published: u.published_comment_count, removed: u.removed_comment_count };
  }
  async function counted(userId: string) {
    const rows = await store.db.selectFrom('comments').select('status').where('author_id', '=', userId).execute();
    return { all: rows.length, published: rows.filter((r) => r.status === 'published').length, removed: rows.filter((r) => r.status === 'removed').length };
  }

  it('match a count of the comments after every kind of change', async () => {
    const author = await createUser(store.db, { email: 'writer@example.org', displayName: 'Writer', passwordHash: null }, now);
    const other = await createUser(store.db, { email: 'other@example.org', displayName: 'Other', passwordHash: null }, now);
    const postId = newId(now.getTime());
    const iso = now.toISOString();
    await store.db
      .insertInto('posts')
      .values({ id: postId, slug: 'counted', title: 'Counted', standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: iso, created_at: iso, updated_at: iso, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null })
      .execute();
    const write = (authorId: string, status: 'published' | 'pending') =>
      store.db.transaction().execute((trx) => insertComment(trx, { postId, parent: null, authorId, body: 'Text.', bodyHtml: '<p>Text.</p>', status, moderation: null }, now));

    const a = await write(author.id, 'published');
    const b = await write(author.id, 'published');
    const c = await write(author.id, 'pending');
    await write(other.id, 'published');
    expect(await kept(author.id)).toEqual({ all: 3, published: 2, removed: 0 });
    expect(await kept(other.id)).toEqual({ all: 1, published: 1, removed: 0 });

    await store.db.transaction().execute((trx) => changeCommentStatus(trx, c, 'published')); // approved
    await store.db.transaction().execute((trx) => changeCommentStatus(trx, a, 'removed', 'abuse'));
    await store.db.transaction().execute((trx) => changeCommentStatus(trx, { ...b, status: 'published' }, 'deleted'));
    expect(await kept(author.id)).toEqual({ all: 3, published: 1, removed: 1 });
    // A claim that leaves the status as it is (as the moderation actions make) changes no count.
    await store.db.updateTable('comments').set({ status: 'removed' }).where('id', '=', a.id).execute();
    expect(await kept(author.id)).toEqual(await counted(author.id));

    // Account deletion turns every comment not removed into a placeholder in one statement.
    await store.db.updateTable('comments').set({ status: 'deleted' }).where('author_id', '=', author.id).where('status', '!=', 'removed').execute();
    expect(await kept(author.id)).toEqual({ all: 3, published: 0, removed: 1 });
    await store.db.deleteFrom('comments').where('id', '=', a.id).execute();
    expect(await kept(author.id)).toEqual(await counted(author.id));
    expect(await kept(other.id)).toEqual(await counted(other.id));
  });

  it('keep the number of held comments that the moderation queues show', async () => {
    const heldKept = async () => (await store.db.selectFrom('comment_counts').select('n').where('status', '=', 'pending').executeTakeFirstOrThrow()).n;
    const heldCounted = async () => (await store.db.selectFrom('comments').select('id').where('status', '=', 'pending').execute()).length;
    const author = await createUser(store.db, { email: 'held@example.org', displayName: 'Held', passwordHash: null }, now);
    const post = await store.db.selectFrom('posts').select('id').executeTakeFirstOrThrow();
    const write = (status: 'published' | 'pending') =>
      store.db.transaction().execute((trx) => insertComment(trx, { postId: post.id, parent: null, authorId: author.id, body: 'Held text.', bodyHtml: '<p>Held text.</p>', status, moderation: null }, now));
    const before = await heldKept();
    const x = await write('pending');
    const y = await write('pending');
    const z = await write('published');
    expect(await heldKept()).toBe(before + 2);
    await store.db.transaction().execute((trx) => changeCommentStatus(trx, x, 'published'));
    await store.db.transaction().execute((trx) => changeCommentStatus(trx, z, 'pending'));
    await store.db.transaction().execute((trx) => changeCommentStatus(trx, y, 'removed', 'spam'));
    expect(await heldKept()).toBe(before + 1);
    await store.db.deleteFrom('comments').where('id', '=', z.id).execute();
    expect(await heldKept()).toBe(await heldCounted());
  });
});
