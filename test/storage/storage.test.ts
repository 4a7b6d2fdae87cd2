/* The storage suite: the same behaviour on SQLite and on real PostgreSQL. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, PG_BASE_URL, requireService } from '../helpers/harness';
import { openStore, migrate, type Store } from '../../src/store/db';
import { createUser, findUserByEmail, getRoles, toApiUser } from '../../src/store/users';
import { createSession, findSession, deleteUserSessions, createMailToken, consumeMailToken } from '../../src/store/sessions';
import { changeCommentStatus } from '../../src/store/comments';
import { listPublishedPosts } from '../../src/store/posts';
import { audit } from '../../src/store/audit';
import { getSetting, setSetting } from '../../src/store/settings';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../../src/domain/json';
import { newId } from '../../src/store/ids';

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || requireService('PostgreSQL', PG_BASE_URL !== null));

describe.each(kinds)('storage suite on %s', (kind) => {
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
    if (kind === 'postgres') {
      fs.mkdirSync('test-artifacts', { recursive: true });
      fs.writeFileSync('test-artifacts/postgres-suite-ran', new Date().toISOString());
    }
  });

  it('migrations are idempotent', async () => {
    expect(await migrate(store)).toEqual([]);
  });

  it('stores users with a normalised e-mail key and roles', async () => {
    const u = await createUser(store.db, { email: 'First.Last+tag@Gmail.com', displayName: ' First ', passwordHash: 'x', roles: ['moderator'] }, now);
    expect(u.email).toBe('first.last+tag@gmail.com');
    expect(u.email_normalized).toBe('firstlast@gmail.com');
    expect(u.display_name).toBe('First');
    expect(await getRoles(store.db, u.id)).toEqual(['moderator', 'reader']);
    expect((await findUserByEmail(store.db, 'FIRST.LAST+TAG@gmail.com'))?.id).toBe(u.id);
    await expect(createUser(store.db, { email: 'first.last+tag@gmail.com', displayName: 'Dup', passwordHash: null }, now)).rejects.toThrow();
    const api = await toApiUser(store.db, u, now);
    expect(api).toEqual({ id: u.id, displayName: 'First', roles: ['moderator', 'reader'], supporter: { active: false, until: null }, sanction: { state: 'none', until: null, reason: null }, emailConfirmed: false });
  });

  it('derives the current sanction from sanction rows', async () => {
    const u = await createUser(store.db, { email: `s-${kind}@example.org`, displayName: 'S', passwordHash: null }, now);
    await store.db.insertInto('sanctions').values({ id: newId(), user_id: u.id, kind: 'suspension', starts_at: now.toISOString(), ends_at: new Date(now.getTime() + 86_400_000).toISOString(), reason: 'profanity', comment_id: null, created_by: null, created_at: now.toISOString(), lifted_at: null, lifted_by: null, lift_reason: null }).execute();
    expect((await toApiUser(store.db, u, now)).sanction).toMatchObject({ state: 'suspended', reason: 'profanity' });
    expect((await toApiUser(store.db, u, new Date(now.getTime() + 2 * 86_400_000))).sanction.state).toBe('none');
  });

  it('keeps sessions server-side and revocable', async () => {
    const u = await createUser(store.db, { email: `sess-${kind}@example.org`, displayName: 'S', passwordHash: null }, now);
    const a = await createSession(store.db, u.id, now);
    const b = await createSession(store.db, u.id, now);
    expect((await findSession(store.db, a, now))?.user_id).toBe(u.id);
    expect(await findSession(store.db, a, new Date(now.getTime() + 31 * 86_400_000))).toBeUndefined();
    await deleteUserSessions(store.db, u.id, b);
    expect(await findSession(store.db, a, now)).toBeUndefined();
    expect(await findSession(store.db, b, now)).toBeDefined();
  });

  it('uses a mail token once', async () => {
    const token = await createMailToken(store.db, { purpose: 'login', userId: null, ttlMs: 60_000 }, now);
    expect(await consumeMailToken(store.db, token, 'other', now)).toBeUndefined();
    expect(await consumeMailToken(store.db, token, 'login', now)).toBeDefined();
    expect(await consumeMailToken(store.db, token, 'login', now)).toBeUndefined();
  });

  it('pages published posts by a cursor and hides scheduled ones', async () => {
    for (let i = 0; i < 5; i++) {
      const at = new Date(now.getTime() - i * 3_600_000).toISOString();
      await store.db.insertInto('posts').values({ id: newId(), slug: `p-${i}`, title: `Post ${i}`, standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: at, created_at: at, updated_at: at, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null }).execute();
    }
    const future = new Date(now.getTime() + 3_600_000).toISOString();
    await store.db.insertInto('posts').values({ id: newId(), slug: 'later', title: 'Later', standfirst: '', body_md: '', body_html: '', author_id: null, status: 'published', published_at: future, created_at: future, updated_at: future, version: 1, discussion: 'open', discussion_closes_at: null, featured_image_url: null, featured_image_alt: null, sources: '[]', comment_count: 0, canonical_url: null, import_key: null }).execute();
    const first = await listPublishedPosts(store.db, { limit: 3, now });
    expect(first.posts.map((p) => p.slug)).toEqual(['p-0', 'p-1', 'p-2']);
    const second = await listPublishedPosts(store.db, { limit: 3, now, cursor: first.nextCursor! });
    expect(second.posts.map((p) => p.slug)).toEqual(['p-3', 'p-4']);
    expect(second.nextCursor).toBeNull();
  });

  it('keeps post and thread counters right when comments change status', async () => {
    const post = await store.db.selectFrom('posts').select('id').where('slug', '=', 'p-0').executeTakeFirstOrThrow();
    const mk = async (parent: { id: string; root: string | null; depth: number } | null) => {
      const id = newId();
      await store.db.insertInto('comments').values({ id, post_id: post.id, parent_id: parent?.id ?? null, root_id: parent ? (parent.root ?? parent.id) : null, depth: parent ? parent.depth + 1 : 0, author_id: null, body: 'x', body_html: '<p>x</p>', status: 'pending', removed_reason: null, created_at: now.toISOString(), edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: null }).execute();
      return store.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    };
    const top = await mk(null);
    await changeCommentStatus(store.db, top, 'published');
    const reply = await mk({ id: top.id, root: null, depth: 0 });
    await changeCommentStatus(store.db, reply, 'published');
    const deep = await mk({ id: reply.id, root: top.id, depth: 1 });
    await changeCommentStatus(store.db, deep, 'published');
    const count = async (id: string) => (await store.db.selectFrom('comments').select('reply_count').where('id', '=', id).executeTakeFirstOrThrow()).reply_count;
    const postCount = async () => (await store.db.selectFrom('posts').select('comment_count').where('id', '=', post.id).executeTakeFirstOrThrow()).comment_count;
    expect([await postCount(), await count(top.id), await count(reply.id)]).toEqual([3, 2, 1]);
    await changeCommentStatus(store.db, { ...deep, status: 'published' }, 'removed', 'abuse');
    expect([await postCount(), await count(top.id), await count(reply.id)]).toEqual([2, 1, 0]);
    const removed = await store.db.selectFrom('comments').selectAll().where('id', '=', deep.id).executeTakeFirstOrThrow();
    expect([removed.status, removed.removed_reason, removed.body]).toEqual(['removed', 'abuse', 'x']); // nothing hard-deleted
  });

  it('appends to the audit log and stores settings as JSON', async () => {
    await audit(store.db, { actorId: null, action: 'post.created', targetKind: 'thing', targetId: '1', reason: 'because', before: { a: 1 }, after: { a: 2 } }, now);
    const row = await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'post.created').executeTakeFirstOrThrow();
    expect(JSON.parse(row.after!)).toEqual({ a: 2 });
    await setSetting(store.db, 'k', { x: [1, 2] });
    await setSetting(store.db, 'k', { x: [3] });
    const k = jsonReader(Type.Object({ x: Type.Array(Type.Number()) }), 'setting k');
    expect(await getSetting(store.db, 'k', k)).toEqual({ x: [3] });
    // A stored value of another shape is refused by name, not handed on under the wrong type.
    await setSetting(store.db, 'k', { x: 'three' });
    await expect(getSetting(store.db, 'k', k)).rejects.toThrow(/^setting k is not of the expected shape at \/x: /);
  });

  it('serves the top-level page of a thread from an index', async () => {
    if (kind === 'sqlite') {
      const plan = await sql<{ detail: string }>`explain query plan select id from comments where post_id = ${'x'} and depth = 0 order by id desc limit 20`.execute(store.db);
      expect(plan.rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX comments_post_depth_id/);
    } else {
      await sql`set enable_seqscan = off`.execute(store.db);
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from comments where post_id = ${'x'} and depth = 0 order by id desc limit 20`.execute(store.db);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join(' ')).toMatch(/comments_post_depth_id/);
    }
  });
});
