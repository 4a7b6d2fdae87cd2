import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { idAt } from '../../store/ids';
import { renderCommentHtml } from '../../domain/markup';
import { findRedirect } from '../../store/posts';
import { htmlToMarkdown } from './html';
import { streamXml } from './xml-stream';
import { insertChunked, importedCommentsOf, postIdByWordPressId, setCommentParent, storedCommentKeys } from '../../store/imports';
import { postIdBySlug } from '../../store/posts';
import { emptyStats, keptParents, personKey, rebuildThread, resolvePeople, warn, type ImportStats, type Person, type ThreadNode } from './common';
import type { ImportOptions } from './wordpress';

/* Disqus export import. Disqus holds only the discussion: each <thread> is matched to a Parley post
   (through the redirects an earlier WordPress import left, /posts/SLUG, the last path segment as a
   slug, or a "123 https://…?p=123" WordPress identifier); its <post> elements become comments.
   Posts may come in any order and replies may precede their parents, so comments are written first
   and the threads are linked and counted at the end. Deleted and spam messages are skipped and counted. */

interface DsqPost {
  dsqId: string;
  message: string;
  createdAt: string;
  isDeleted: boolean;
  isSpam: boolean;
  name: string;
  email: string;
  username: string;
  thread: string;
  parent: string | null;
}

interface DsqThread {
  dsqId: string;
  identifier: string;
  link: string;
  title: string;
}

export async function importDisqus(db: Kysely<Database>, file: string, opts: ImportOptions): Promise<ImportStats & { threads: { matched: number; unmatched: number; commentsWithoutPost: number } }> {
  const stats = { ...emptyStats(), threads: { matched: 0, unmatched: 0, commentsWithoutPost: 0 } };
  const now = opts.clock.now();
  const threadPost = new Map<string, string | null>(); // dsq thread id → Parley post id
  const nodes = new Map<string, ThreadNode & { thread: string }>();
  const touched = new Set<string>(); // posts that got new comments
  const peopleCache = new Map<string, string>();
  const unmatchedLogged = new Set<string>();

  let thread: DsqThread | null = null;
  let post: DsqPost | null = null;
  const batch: DsqPost[] = [];
  const threadsToResolve: DsqThread[] = [];

  const parsed = await streamXml(
    file,
    {
      open(name, attrs, path) {
        const parent = path[path.length - 1];
        if (parent === 'disqus' && name === 'thread') thread = { dsqId: attrs['dsq:id'] ?? '', identifier: '', link: '', title: '' };
        else if (parent === 'disqus' && name === 'post') post = { dsqId: attrs['dsq:id'] ?? '', message: '', createdAt: '', isDeleted: false, isSpam: false, name: '', email: '', username: '', thread: '', parent: null };
        else if (post && parent === 'post' && name === 'thread') post.thread = attrs['dsq:id'] ?? '';
        else if (post && parent === 'post' && name === 'parent') post.parent = attrs['dsq:id'] ?? null;
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (thread) {
          if (name === 'thread' && parent === 'disqus') {
            threadsToResolve.push(thread);
            thread = null;
          } else if (parent === 'thread') {
            if (name === 'id') thread.identifier = text.trim();
            else if (name === 'link') thread.link = text.trim();
            else if (name === 'title') thread.title = text.trim();
          }
          return;
        }
        if (post) {
          if (name === 'post' && parent === 'disqus') {
            batch.push(post);
            post = null;
          } else if (parent === 'post') {
            if (name === 'message') post.message = text;
            else if (name === 'createdAt') post.createdAt = text.trim();
            else if (name === 'isDeleted') post.isDeleted = text.trim() === 'true';
            else if (name === 'isSpam') post.isSpam = text.trim() === 'true';
          } else if (parent === 'author') {
            if (name === 'name') post.name = text.trim();
            else if (name === 'email') post.email = text.trim();
            else if (name === 'username') post.username = text.trim();
          }
        }
      },
    },
    {
      onBytes: (n) => opts.onProgress?.(n, stats),
      afterChunk: async () => {
        if (threadsToResolve.length) await resolveThreads(threadsToResolve.splice(0));
        if (batch.length >= 2000) await flush(batch.splice(0));
      },
    },
  );
  if (threadsToResolve.length) await resolveThreads(threadsToResolve.splice(0));
  if (batch.length) await flush(batch.splice(0));
  for (const e of parsed.errors) warn(stats, `XML: ${e}`);

  // Link replies to their parents (the nearest one that was kept), then depth, roots and counters per post.
  const parents = keptParents(nodes);
  const byPost = new Map<string, Array<{ key: string; parentKey: string | null }>>();
  for (const [key, parentKey] of parents) {
    const node = nodes.get(key);
    const postId = node && threadPost.get(node.thread);
    if (!postId || !touched.has(postId)) continue;
    const list = byPost.get(postId) ?? [];
    list.push({ key, parentKey });
    byPost.set(postId, list);
  }
  for (const [postId, list] of byPost) {
    await db.transaction().execute(async (trx) => {
      const rows = await importedCommentsOf(trx, postId, 'disqus:');
      const idOf = new Map([...rows].map(([key, r]) => [key.slice('disqus:'.length), r]));
      for (const { key, parentKey } of list) {
        const row = idOf.get(key);
        if (!row) continue;
        const parentId = parentKey ? (idOf.get(parentKey)?.id ?? null) : null;
        if (parentKey && !parentId) stats.comments.orphaned += 1; // the parent is on another thread
        if (row.parent_id !== parentId) await setCommentParent(trx, row.id, parentId);
      }
      await rebuildThread(trx, postId);
    });
  }
  return stats;

  async function resolveThreads(threads: DsqThread[]): Promise<void> {
    for (const t of threads) {
      const postId = await matchThread(db, t);
      threadPost.set(t.dsqId, postId);
      if (postId) stats.threads.matched += 1;
      else {
        stats.threads.unmatched += 1;
        if (!unmatchedLogged.has(t.link) && unmatchedLogged.size < 20) {
          unmatchedLogged.add(t.link);
          warn(stats, `no post for the Disqus thread "${t.title}" (${t.link})`);
        }
      }
    }
  }

  async function flush(items: DsqPost[]): Promise<void> {
    for (const p of items) {
      const kept = !p.isDeleted && !p.isSpam;
      nodes.set(p.dsqId, { key: p.dsqId, parentKey: p.parent, kept, thread: p.thread });
      if (p.isSpam) stats.comments.spam += 1;
      else if (p.isDeleted) stats.comments.deleted += 1;
    }
    const keep = items.filter((p) => !p.isDeleted && !p.isSpam && threadPost.get(p.thread));
    stats.threads.commentsWithoutPost += items.filter((p) => !p.isDeleted && !p.isSpam && !threadPost.get(p.thread)).length;
    if (!keep.length) return;
    const person = (p: DsqPost): Person => ({ name: p.name || p.username || 'Anonymous', email: p.email || null, url: p.username ? `disqus:${p.username}` : null });
    await db.transaction().execute(async (trx) => {
      const people = new Map<string, Person>();
      for (const p of keep) people.set(personKey(person(p)), person(p));
      await resolvePeople(trx, people, peopleCache, now, stats.commenters);
      const existing = await storedCommentKeys(trx, keep.map((p) => `disqus:${p.dsqId}`));
      const rows: Array<Record<string, unknown>> = [];
      for (const p of keep) {
        const key = `disqus:${p.dsqId}`;
        if (existing.has(key)) {
          stats.comments.existing += 1;
          continue;
        }
        const created = new Date(p.createdAt);
        const createdAt = Number.isNaN(created.getTime()) ? now.toISOString() : created.toISOString();
        const body = htmlToMarkdown(p.message);
        const postId = threadPost.get(p.thread);
        if (!postId) continue; // kept only with a post (above)
        touched.add(postId);
        rows.push({
          id: idAt(new Date(createdAt).getTime()), post_id: postId, parent_id: null, root_id: null, depth: 0,
          author_id: peopleCache.get(personKey(person(p))) ?? null, body, body_html: renderCommentHtml(body), status: 'published',
          removed_reason: null, created_at: createdAt, edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: key,
        });
        stats.comments.created += 1;
        stats.comments.published += 1;
      }
      await insertChunked(trx, 'comments', rows, 250);
    });
  }
}

/** The Parley post a Disqus thread belongs to, or null. */
async function matchThread(db: Kysely<Database>, t: DsqThread): Promise<string | null> {
  const bySlug = async (slug: string) => (await postIdBySlug(db, slug)) ?? null;
  const candidates: string[] = [];
  // WordPress's Disqus plugin writes identifiers like "123 https://site/?p=123".
  const wpId = t.identifier.match(/^(\d+)\s/)?.[1] ?? t.link.match(/[?&]p=(\d+)/)?.[1];
  if (wpId) candidates.push(`/?p=${wpId}`);
  try {
    const u = new URL(t.link);
    candidates.push(u.pathname);
  } catch {
    /* not a URL */
  }
  for (const path of candidates) {
    if (path.startsWith('/posts/')) {
      const id = await bySlug(path.slice('/posts/'.length).replace(/\/$/, ''));
      if (id) return id;
    }
    const to = await findRedirect(db, path);
    if (to?.startsWith('/posts/')) {
      const id = await bySlug(to.slice('/posts/'.length));
      if (id) return id;
    }
  }
  const last = candidates.at(-1)?.split('/').filter(Boolean).at(-1);
  if (last && /^[a-z0-9-]+$/.test(last)) {
    const id = await bySlug(last);
    if (id) return id;
  }
  return (wpId ? await postIdByWordPressId(db, wpId) : undefined) ?? null;
}
