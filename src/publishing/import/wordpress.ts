import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Clock } from '../../domain/clock';
import { idAt } from '../../store/ids';
import { slugify } from '../../domain/posts';
import type { CommentStatus } from '../../domain/comment-status';
import { fillFeaturedImage, importedCommentsOf, insertChunked, postsByImportKey, storedCommentKeys, storedRedirects } from '../../store/imports';
import { postIdBySlug } from '../../store/posts';
import { parseWxr, type PreparedComment, type PreparedItem, type WorkerMessage, type WpAuthor, type WxrBatch, type WxrEnd } from './wxr-parse';
import {
  computeThread, emptyStats, keptParents, oldPath, personKey, rebuildThread, resolvePeople, warn,
  type Db, type ImportStats, type Person, type ThreadNode,
} from './common';


/* WordPress eXtended RSS (WXR 1.1/1.2) import: posts, authors, tags and categories, commenters and
   threaded comments, with original dates and permalinks kept as redirects. The file is streamed;
   each batch of posts is written in one transaction and every row carries an import key, so a run
   that stops half way can simply be started again, and a second run creates nothing twice.
   Reading (sax, HTML → Markdown → HTML) can run in a worker thread while this thread writes. */

export interface ImportOptions {
  clock: Clock;
  onProgress?(bytesRead: number, stats: ImportStats): void;
  /** Read the file in a worker thread (needs a built .js module; the CLI sets it when it can). */
  worker?: boolean;
}

const POST_STATUS: Record<string, 'published' | 'scheduled' | 'draft'> = { publish: 'published', future: 'scheduled', draft: 'draft', pending: 'draft', private: 'draft' };

/** The built reader (dist/wxr-worker.js next to dist/cli.js), when this module runs from the build. */
function workerUrl(): URL | null {
  if (!import.meta.url.endsWith('.js')) return null;
  const url = new URL('./wxr-worker.js', import.meta.url);
  return fs.existsSync(url) ? url : null;
}

export async function importWordPress(db: Kysely<Database>, file: string, opts: ImportOptions): Promise<ImportStats> {
  const stats = emptyStats();
  const now = opts.clock.now();
  const peopleCache = new Map<string, string>();
  const usedSlugs = new Set<string>();
  let site = '';

  const write = async (batch: WxrBatch) => {
    site = batch.site;
    await writeBatch(db, batch, { now, stats, peopleCache, usedSlugs });
    opts.onProgress?.(batch.bytesRead, stats);
  };

  let end: WxrEnd;
  const url = opts.worker ? workerUrl() : null;
  if (url) {
    end = await new Promise<WxrEnd>((resolve, reject) => {
      // A small heap for the reader: it holds one batch at a time, and a tight limit makes V8 collect early.
      const worker = new Worker(url, { workerData: { file }, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } });
      let chain = Promise.resolve();
      let failed = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'batch') {
          chain = chain.then(async () => {
            if (failed) return;
            try {
              await write(m.batch);
              worker.postMessage({ type: 'ack' });
            } catch (err) {
              failed = true;
              void worker.terminate();
              reject(err);
            }
          });
        } else if (m.type === 'bytes') opts.onProgress?.(m.n, stats);
        else if (m.type === 'end') void chain.then(() => (failed ? undefined : resolve(m.end)));
        else if (m.type === 'error') {
          failed = true;
          reject(new Error(m.message));
        }
      });
      worker.on('error', (err) => {
        failed = true;
        reject(err);
      });
    });
  } else {
    end = await parseWxr(file, write, { onBytes: (n) => opts.onProgress?.(n, stats) });
  }
  site ||= end.site;
  for (const e of end.errors) warn(stats, `XML: ${e}`);
  // Featured images whose attachment came later in the file than the post.
  for (const t of end.lateThumbs) {
    await fillFeaturedImage(db, `wp:${site}:post:${t.postId}`, t.url, t.alt);
  }
  return stats;
}

interface WriterState {
  now: Date;
  stats: ImportStats;
  peopleCache: Map<string, string>;
  usedSlugs: Set<string>;
}

async function uniqueSlug(trx: Db, wanted: string, exclude: Set<string>): Promise<string> {
  for (let i = 1; ; i++) {
    const s = i === 1 ? wanted : `${wanted}-${i}`;
    if (exclude.has(s)) continue;
    if ((await postIdBySlug(trx, s)) === undefined) return s;
  }
}

const skippedReason = (c: PreparedComment): 'spam' | 'trash' | 'pingbacks' | null =>
  c.approved === 'spam' ? 'spam' : c.approved === 'trash' || c.approved === 'post-trashed' ? 'trash' : c.type === 'pingback' || c.type === 'trackback' ? 'pingbacks' : null;

async function writeBatch(db: Kysely<Database>, batch: WxrBatch, state: WriterState): Promise<void> {
  const { now, stats, peopleCache, usedSlugs } = state;
  const site = batch.site;
  const siteHosts = new Set(batch.siteHosts);
  const authors = new Map<string, WpAuthor>(batch.authors.map((a) => [a.login, a]));
  const authorsById = new Map<string, WpAuthor>(batch.authors.filter((a) => a.id).map((a) => [a.id, a]));
  const authorPerson = (login: string): Person | null => {
    const a = authors.get(login);
    if (!a) return login ? { name: login, email: null, url: `wp-author:${login}` } : null;
    return { name: a.displayName || a.login, email: a.email || null, url: `wp-author:${a.login}` };
  };
  const commenterPerson = (c: PreparedComment): Person => {
    const asAuthor = c.userId !== '0' ? authorsById.get(c.userId) : undefined;
    const author = asAuthor ? authorPerson(asAuthor.login) : null;
    if (author) return author;
    return { name: c.author, email: c.email || null, url: c.url || null };
  };
  const postKey = (it: PreparedItem) => `wp:${site}:post:${it.postId}`;
  const commentKey = (c: PreparedComment) => `wp:${site}:comment:${c.id}`;

  await db.transaction().execute(async (trx) => {
    const posts = batch.items.filter((it) => {
      if (it.postType !== 'post' || !POST_STATUS[it.status]) {
        stats.posts.skipped += 1; // pages, menus, trash, auto-drafts
        return false;
      }
      return true;
    });
    if (!posts.length) return;

    const authorPeople = new Map<string, Person>();
    for (const it of posts) {
      const p = authorPerson(it.creator);
      if (p) authorPeople.set(personKey(p), p);
    }
    await resolvePeople(trx, authorPeople, peopleCache, now, stats.authors);
    const commenters = new Map<string, Person>();
    for (const it of posts) for (const c of it.comments) if (!skippedReason(c)) commenters.set(personKey(commenterPerson(c)), commenterPerson(c));
    await resolvePeople(trx, commenters, peopleCache, now, stats.commenters);

    const existingPosts = await postsByImportKey(trx, posts.map(postKey));
    const existingComments = await storedCommentKeys(trx, posts.flatMap((it) => it.comments.map(commentKey)));

    const postRows: Array<Record<string, unknown>> = [];
    const tagRows: Array<Record<string, unknown>> = [];
    const commentRows: Array<Record<string, unknown>> = [];
    const redirects = new Map<string, string>();
    const rebuild: string[] = [];

    for (const it of posts) {
      const key = postKey(it);
      const existing = existingPosts.get(key);
      let postId: string;
      let slug: string;
      let postRow: Record<string, unknown> | null = null;
      if (existing) {
        stats.posts.existing += 1;
        postId = existing.id;
        slug = existing.slug;
      } else {
        const title = it.title || 'Untitled';
        let wanted = it.postName;
        try {
          wanted = decodeURIComponent(wanted);
        } catch {
          /* keep as is */
        }
        slug = await uniqueSlug(trx, slugify(wanted || title), usedSlugs);
        usedSlugs.add(slug);
        const status = POST_STATUS[it.status] ?? 'draft'; // posts of other statuses were filtered out above
        const live = (status === 'published' || status === 'scheduled') && it.publishedAt !== null;
        const authorP = authorPerson(it.creator);
        postId = idAt(new Date(it.publishedAt ?? now.toISOString()).getTime());
        postRow = {
          id: postId, slug, title, standfirst: it.standfirst, body_md: it.bodyMd, body_html: it.bodyHtml,
          author_id: authorP ? (peopleCache.get(personKey(authorP)) ?? null) : null,
          status: live ? status : 'draft', published_at: live ? it.publishedAt : null,
          created_at: it.publishedAt ?? now.toISOString(), updated_at: it.modifiedAt ?? it.publishedAt ?? now.toISOString(), version: 1,
          discussion: it.commentStatus === 'closed' ? 'closed' : 'open', discussion_closes_at: null,
          featured_image_url: it.thumb?.url ?? null, featured_image_alt: it.thumb?.alt ?? null,
          sources: '[]', comment_count: 0, canonical_url: null, import_key: key,
        };
        postRows.push(postRow);
        for (const t of it.tags) tagRows.push({ post_id: postId, ...t });
        stats.posts.created += 1;
      }
      // Old addresses keep working.
      for (const u of [it.link, it.guid]) {
        const from = oldPath(u, siteHosts);
        if (from && from !== `/posts/${slug}`) redirects.set(from, `/posts/${slug}`);
      }

      // The thread as WordPress had it, minus spam, trash and pingbacks (their replies move up).
      const nodes = new Map<string, ThreadNode>();
      const byKey = new Map<string, PreparedComment>();
      for (const c of it.comments) {
        const reason = skippedReason(c);
        if (reason) stats.comments[reason] += 1;
        nodes.set(c.id, { key: c.id, parentKey: c.parent && c.parent !== '0' ? c.parent : null, kept: !reason });
        byKey.set(c.id, c);
      }
      const parents = keptParents(nodes);
      const kept = [...parents].flatMap(([k, parentKey]) => {
        const c = byKey.get(k);
        return c ? [{ k, c, parentKey }] : [];
      });
      const missing = kept.filter((x) => !existingComments.has(commentKey(x.c)));
      stats.comments.existing += parents.size - missing.length;
      if (!missing.length) continue;
      // Comments of this post imported by an earlier run (an export that gained comments since).
      const known = new Map<string, string>();
      if (existing) {
        for (const [key, r] of await importedCommentsOf(trx, postId)) known.set(key, r.id);
        rebuild.push(postId);
      }
      // Ids are time-ordered: the original time, plus the WordPress id's last digits to keep same-second order.
      const idOf = ({ k, c }: { k: string; c: PreparedComment }) => known.get(commentKey(c)) ?? idAt(new Date(c.createdAt ?? now.toISOString()).getTime() + (Number(k) % 1000 || 0));
      const ids = new Map(kept.map((x) => [x.k, idOf(x)]));
      const rows: Array<Record<string, unknown> & { id: string; parent_id: string | null; root_id: string | null; depth: number; status: CommentStatus; reply_count: number }> = [];
      for (const x of missing) {
        const { c, parentKey } = x;
        const status = c.approved === '1' || c.approved === 'approve' ? 'published' : 'pending';
        stats.comments[status === 'published' ? 'published' : 'pending'] += 1;
        if (parentKey === null && c.parent && c.parent !== '0' && !nodes.has(c.parent)) stats.comments.orphaned += 1;
        rows.push({
          id: ids.get(x.k) ?? idOf(x), post_id: postId, parent_id: parentKey ? (ids.get(parentKey) ?? null) : null, root_id: null, depth: 0,
          author_id: peopleCache.get(personKey(commenterPerson(c))) ?? null, body: c.bodyMd, body_html: c.bodyHtml, status,
          removed_reason: null, created_at: c.createdAt ?? now.toISOString(), edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: commentKey(c),
        });
        stats.comments.created += 1;
      }
      if (postRow) {
        // The whole thread is here: depth, roots and counters are computed before writing.
        const { changed, published } = computeThread(rows);
        const byId = new Map(changed.map((r) => [r.id, r]));
        for (const r of rows) {
          const ch = byId.get(r.id);
          if (ch) Object.assign(r, { parent_id: ch.parent_id, root_id: ch.root_id, depth: ch.depth, reply_count: ch.reply_count });
        }
        postRow.comment_count = published;
      }
      commentRows.push(...rows);
    }

    await insertChunked(trx, 'posts', postRows, 100);
    await insertChunked(trx, 'post_tags', tagRows, 500);
    await insertChunked(trx, 'comments', commentRows, 250);
    for (const postId of rebuild) await rebuildThread(trx, postId);
    if (redirects.size) {
      const have = await storedRedirects(trx, [...redirects.keys()]);
      const fresh = [...redirects].filter(([from]) => !have.has(from)).map(([from_path, to_path]) => ({ from_path, to_path }));
      await insertChunked(trx, 'redirects', fresh, 400);
      stats.redirects += fresh.length;
    }
  });
}
