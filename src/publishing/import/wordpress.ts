import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Clock } from '../../domain/clock';
import { idAt } from '../../store/ids';
import { renderCommentHtml, renderPostHtml } from '../../domain/markup';
import { normalizeTags, slugify } from '../../domain/posts';
import { decodeEntities, htmlToMarkdown, htmlToText } from './html';
import { streamXml } from './xml-stream';
import {
  emptyStats, insertChunked, keptParents, oldPath, personKey, rebuildThread, resolvePeople, selectInChunks, warn, computeThread,
  type Db, type ImportStats, type Person, type ThreadNode,
} from './common';

/* WordPress eXtended RSS (WXR 1.1/1.2) import: posts, authors, tags and categories, commenters and
   threaded comments, with original dates and permalinks kept as redirects. Streams the file; each
   batch of posts is one transaction, and every row carries an import key, so a run that stops half
   way can simply be started again, and a second run creates nothing twice. */

interface WpComment {
  id: string;
  author: string;
  email: string;
  url: string;
  dateGmt: string;
  date: string;
  content: string;
  approved: string;
  type: string;
  parent: string;
  userId: string;
}

interface WpItem {
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  postId: string;
  postDateGmt: string;
  postDate: string;
  pubDate: string;
  modifiedGmt: string;
  commentStatus: string;
  postName: string;
  status: string;
  postType: string;
  attachmentUrl: string;
  categories: Array<{ domain: string; nicename: string; name: string }>;
  meta: Map<string, string>;
  comments: WpComment[];
}

interface WpAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
}

export interface ImportOptions {
  clock: Clock;
  onProgress?(bytesRead: number, stats: ImportStats): void;
  /** Posts per transaction (comments count too: a batch is flushed at 4,000 comments). */
  batchPosts?: number;
}

const newItem = (): WpItem => ({
  title: '', link: '', guid: '', creator: '', content: '', excerpt: '', postId: '', postDateGmt: '', postDate: '', pubDate: '', modifiedGmt: '',
  commentStatus: 'open', postName: '', status: '', postType: '', attachmentUrl: '', categories: [], meta: new Map(), comments: [],
});
const newComment = (): WpComment => ({ id: '', author: '', email: '', url: '', dateGmt: '', date: '', content: '', approved: '1', type: '', parent: '0', userId: '0' });

const ITEM_FIELDS: Record<string, keyof WpItem> = {
  title: 'title', link: 'link', guid: 'guid', 'dc:creator': 'creator', 'content:encoded': 'content', 'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId', 'wp:post_date_gmt': 'postDateGmt', 'wp:post_date': 'postDate', pubDate: 'pubDate', 'wp:post_modified_gmt': 'modifiedGmt',
  'wp:comment_status': 'commentStatus', 'wp:post_name': 'postName', 'wp:status': 'status', 'wp:post_type': 'postType', 'wp:attachment_url': 'attachmentUrl',
};
const COMMENT_FIELDS: Record<string, keyof WpComment> = {
  'wp:comment_id': 'id', 'wp:comment_author': 'author', 'wp:comment_author_email': 'email', 'wp:comment_author_url': 'url',
  'wp:comment_date_gmt': 'dateGmt', 'wp:comment_date': 'date', 'wp:comment_content': 'content', 'wp:comment_approved': 'approved',
  'wp:comment_type': 'type', 'wp:comment_parent': 'parent', 'wp:comment_user_id': 'userId',
};

/** "2019-05-01 09:00:00" (GMT) → ISO; the zero date of drafts → null. */
export function wpDate(gmt: string, fallback?: string): string | null {
  for (const v of [gmt, fallback]) {
    const s = v?.trim();
    if (!s || s.startsWith('0000')) continue;
    const d = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(s) ? new Date(s.replace(' ', 'T') + 'Z') : new Date(s);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return null;
}

const POST_STATUS: Record<string, 'published' | 'scheduled' | 'draft'> = { publish: 'published', future: 'scheduled', draft: 'draft', pending: 'draft', private: 'draft' };
const SHORTCODES = /\[\/?(caption|gallery|embed|video|audio|playlist|wp_caption)\b[^\]]*\]/g;

export async function importWordPress(db: Kysely<Database>, file: string, opts: ImportOptions): Promise<ImportStats> {
  const stats = emptyStats();
  const now = opts.clock.now();
  const batchPosts = opts.batchPosts ?? 100;
  let site = '';
  const siteHosts = new Set<string>();
  const authors = new Map<string, WpAuthor>(); // by login
  const authorsById = new Map<string, WpAuthor>();
  const attachments = new Map<string, { url: string; alt: string }>();
  const pendingThumbs: Array<{ postKey: string; thumbId: string }> = [];
  const peopleCache = new Map<string, string>();
  const usedSlugs = new Set<string>();

  let batch: WpItem[] = [];
  let batchComments = 0;
  let item: WpItem | null = null;
  let comment: WpComment | null = null;
  let author: WpAuthor | null = null;
  let metaKey = '';
  let metaValue = '';
  let category: { domain: string; nicename: string } | null = null;

  const host = (u: string) => {
    try {
      return new URL(u).host.replace(/^www\./, '');
    } catch {
      return '';
    }
  };

  const parsed = await streamXml(
    file,
    {
      open(name, attrs) {
        if (name === 'item') item = newItem();
        else if (name === 'wp:comment' && item) comment = newComment();
        else if (name === 'wp:author' && !item) author = { id: '', login: '', email: '', displayName: '' };
        else if (name === 'wp:postmeta' || name === 'wp:commentmeta') { metaKey = ''; metaValue = ''; }
        else if (name === 'category' && item) category = { domain: attrs.domain ?? 'category', nicename: attrs.nicename ?? '' };
      },
      close(name, text, path) {
        const inMeta = path[path.length - 1] === 'wp:postmeta' || path[path.length - 1] === 'wp:commentmeta';
        if (inMeta) {
          if (name === 'wp:meta_key') metaKey = text.trim();
          else if (name === 'wp:meta_value') metaValue = text;
          return;
        }
        if (comment) {
          if (name === 'wp:comment') {
            item!.comments.push(comment);
            comment = null;
          } else if (COMMENT_FIELDS[name]) (comment as unknown as Record<string, string>)[COMMENT_FIELDS[name]!] = text;
          return;
        }
        if (item) {
          if (name === 'item') {
            const done: WpItem = item;
            item = null;
            if (done.postType === 'attachment') {
              attachments.set(done.postId.trim(), { url: done.attachmentUrl.trim() || done.guid.trim(), alt: done.meta.get('_wp_attachment_image_alt') ?? '' });
              return;
            }
            batch.push(done);
            batchComments += done.comments.length;
          } else if (name === 'wp:postmeta') item.meta.set(metaKey, metaValue);
          else if (name === 'category' && category) {
            item.categories.push({ ...category, name: text.trim() });
            category = null;
          } else if (ITEM_FIELDS[name] && path[path.length - 1] === 'item') (item as unknown as Record<string, string>)[ITEM_FIELDS[name]!] = text;
          return;
        }
        if (author) {
          if (name === 'wp:author') {
            if (author.login) {
              authors.set(author.login, author);
              if (author.id) authorsById.set(author.id, author);
            }
            author = null;
          } else if (name === 'wp:author_id') author.id = text.trim();
          else if (name === 'wp:author_login') author.login = text.trim();
          else if (name === 'wp:author_email') author.email = text.trim();
          else if (name === 'wp:author_display_name') author.displayName = decodeEntities(text.trim());
          return;
        }
        if ((name === 'wp:base_site_url' || name === 'wp:base_blog_url' || (name === 'link' && path[path.length - 1] === 'channel')) && text.trim()) {
          if (!site) site = host(text.trim());
          if (host(text.trim())) siteHosts.add(host(text.trim()));
        }
      },
    },
    {
      onBytes: (n) => opts.onProgress?.(n, stats),
      afterChunk: async () => {
        if (batch.length >= batchPosts || batchComments >= 4000) {
          const b = batch;
          batch = [];
          batchComments = 0;
          await flush(b);
        }
      },
    },
  );
  if (batch.length) await flush(batch);
  for (const e of parsed.errors) warn(stats, `XML: ${e}`);

  // Featured images whose attachment came later in the file than the post.
  for (const { postKey, thumbId } of pendingThumbs) {
    const a = attachments.get(thumbId);
    if (a && /^https?:/.test(a.url)) await db.updateTable('posts').set({ featured_image_url: a.url, featured_image_alt: a.alt }).where('import_key', '=', postKey).where('featured_image_url', 'is', null).execute();
  }
  return stats;

  function authorPerson(login: string): Person | null {
    const a = authors.get(login);
    if (!a) return login ? { name: login, email: null, url: `wp-author:${login}` } : null;
    return { name: a.displayName || a.login, email: a.email || null, url: `wp-author:${a.login}` };
  }

  function commenterPerson(c: WpComment): Person {
    const asAuthor = c.userId.trim() !== '0' ? authorsById.get(c.userId.trim()) : undefined;
    if (asAuthor) return authorPerson(asAuthor.login)!;
    return { name: decodeEntities(c.author), email: c.email.trim() || null, url: c.url.trim() || null };
  }

  async function uniqueSlug(trx: Db, wanted: string, exclude: Set<string>): Promise<string> {
    for (let i = 1; ; i++) {
      const s = i === 1 ? wanted : `${wanted}-${i}`;
      if (exclude.has(s)) continue;
      const taken = await trx.selectFrom('posts').select('id').where('slug', '=', s).executeTakeFirst();
      if (!taken) return s;
    }
  }

  async function flush(items: WpItem[]): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const posts = items.filter((it) => {
        if (it.postType !== 'post') {
          stats.posts.skipped += 1;
          return false;
        }
        if (!POST_STATUS[it.status.trim()]) {
          stats.posts.skipped += 1; // trash, auto-draft, inherit
          return false;
        }
        return true;
      });
      if (!posts.length) return;
      const postKey = (it: WpItem) => `wp:${site}:post:${it.postId.trim()}`;
      const commentKey = (c: WpComment) => `wp:${site}:comment:${c.id.trim()}`;

      // People: authors and commenters of the batch.
      const authorPeople = new Map<string, Person>();
      for (const it of posts) {
        const p = authorPerson(it.creator.trim());
        if (p) authorPeople.set(personKey(p), p);
      }
      await resolvePeople(trx, authorPeople, peopleCache, now, stats.authors);
      const commenters = new Map<string, Person>();
      for (const it of posts) {
        for (const c of it.comments) {
          const skipped = ['spam', 'trash', 'post-trashed'].includes(c.approved.trim()) || ['pingback', 'trackback'].includes(c.type.trim());
          if (!skipped) commenters.set(personKey(commenterPerson(c)), commenterPerson(c));
        }
      }
      await resolvePeople(trx, commenters, peopleCache, now, stats.commenters);

      const existingPosts = new Map(
        (await selectInChunks(posts.map(postKey), (chunk) => trx.selectFrom('posts').select(['id', 'import_key', 'slug']).where('import_key', 'in', chunk).execute())).map((r) => [r.import_key!, r]),
      );
      const allCommentKeys = posts.flatMap((it) => it.comments.map(commentKey));
      const existingComments = new Set(
        (await selectInChunks(allCommentKeys, (chunk) => trx.selectFrom('comments').select('import_key').where('import_key', 'in', chunk).execute())).map((r) => r.import_key!),
      );

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
        let isNew = false;
        if (existing) {
          stats.posts.existing += 1;
          postId = existing.id;
          slug = existing.slug;
        } else {
          isNew = true;
          const title = htmlToText(it.title) || 'Untitled';
          let wanted = it.postName.trim();
          try {
            wanted = decodeURIComponent(wanted);
          } catch {
            /* keep as is */
          }
          slug = await uniqueSlug(trx, slugify(wanted || title), usedSlugs);
          usedSlugs.add(slug);
          const publishedAt = wpDate(it.postDateGmt, it.pubDate || it.postDate);
          const status = POST_STATUS[it.status.trim()]!;
          const bodyMd = htmlToMarkdown(it.content.replace(SHORTCODES, ''));
          const authorP = authorPerson(it.creator.trim());
          postId = idAt(new Date(publishedAt ?? now.toISOString()).getTime());
          const thumbId = it.meta.get('_thumbnail_id')?.trim();
          const thumb = thumbId ? attachments.get(thumbId) : undefined;
          if (thumbId && !thumb) pendingThumbs.push({ postKey: key, thumbId });
          const modified = wpDate(it.modifiedGmt) ?? publishedAt ?? now.toISOString();
          postRows.push({
            id: postId, slug, title, standfirst: htmlToText(it.excerpt).slice(0, 1000), body_md: bodyMd, body_html: renderPostHtml(bodyMd),
            author_id: authorP ? (peopleCache.get(personKey(authorP)) ?? null) : null,
            status: status === 'published' || status === 'scheduled' ? (publishedAt ? status : 'draft') : 'draft',
            published_at: status === 'draft' ? null : publishedAt,
            created_at: publishedAt ?? now.toISOString(), updated_at: modified, version: 1,
            discussion: it.commentStatus.trim() === 'closed' ? 'closed' : 'open', discussion_closes_at: null,
            featured_image_url: thumb && /^https?:/.test(thumb.url) ? thumb.url : null, featured_image_alt: thumb && /^https?:/.test(thumb.url) ? thumb.alt : null,
            sources: '[]', comment_count: 0, canonical_url: null, import_key: key,
          });
          const tags = normalizeTags(it.categories.filter((c) => (c.domain === 'post_tag' || c.domain === 'category') && c.name && c.nicename !== 'uncategorized').map((c) => decodeEntities(c.name)));
          for (const t of tags) tagRows.push({ post_id: postId, ...t });
          stats.posts.created += 1;
        }
        // Old addresses keep working.
        for (const u of [it.link, it.guid]) {
          const from = oldPath(u.trim(), siteHosts);
          if (from && from !== `/posts/${slug}`) redirects.set(from, `/posts/${slug}`);
        }

        // Comments: the thread as WordPress had it, minus spam, trash and pingbacks (their replies move up).
        const nodes = new Map<string, ThreadNode>();
        const byKey = new Map<string, WpComment>();
        for (const c of it.comments) {
          const k = c.id.trim();
          const approved = c.approved.trim();
          const type = c.type.trim();
          let kept = true;
          if (approved === 'spam') { stats.comments.spam += 1; kept = false; }
          else if (approved === 'trash' || approved === 'post-trashed') { stats.comments.trash += 1; kept = false; }
          else if (type === 'pingback' || type === 'trackback') { stats.comments.pingbacks += 1; kept = false; }
          nodes.set(k, { key: k, parentKey: c.parent.trim() && c.parent.trim() !== '0' ? c.parent.trim() : null, kept });
          byKey.set(k, c);
        }
        const parents = keptParents(nodes);
        const missing = [...parents.keys()].filter((k) => !existingComments.has(commentKey(byKey.get(k)!)));
        stats.comments.existing += parents.size - missing.length;
        if (!missing.length) continue;
        // Ids of comments already imported into this post (a run that added comments to an existing post).
        const known = new Map<string, string>();
        if (!isNew) {
          const rows = await trx.selectFrom('comments').select(['id', 'import_key']).where('post_id', '=', postId).where('import_key', 'is not', null).execute();
          for (const r of rows) known.set(r.import_key!, r.id);
          rebuild.push(postId);
        }
        const ids = new Map<string, string>();
        for (const k of parents.keys()) {
          const c = byKey.get(k)!;
          const existingId = known.get(commentKey(c));
          if (existingId) ids.set(k, existingId);
          else {
            const at = wpDate(c.dateGmt, c.date) ?? now.toISOString();
            ids.set(k, idAt(new Date(at).getTime() + (Number(k) % 1000 || 0)));
          }
        }
        const rows: Array<Record<string, unknown> & { id: string; parent_id: string | null; root_id: string | null; depth: number; status: string; reply_count: number }> = [];
        for (const k of missing) {
          const c = byKey.get(k)!;
          const parentKey = parents.get(k) ?? null;
          const status = c.approved.trim() === '1' || c.approved.trim() === 'approve' ? 'published' : 'pending';
          if (status === 'published') stats.comments.published += 1;
          else stats.comments.pending += 1;
          const body = htmlToMarkdown(c.content);
          const createdAt = wpDate(c.dateGmt, c.date) ?? now.toISOString();
          if (parentKey === null && c.parent.trim() !== '0' && c.parent.trim() !== '' && !nodes.has(c.parent.trim())) stats.comments.orphaned += 1;
          rows.push({
            id: ids.get(k)!, post_id: postId, parent_id: parentKey ? ids.get(parentKey)! : null, root_id: null, depth: 0,
            author_id: peopleCache.get(personKey(commenterPerson(c))) ?? null, body, body_html: renderCommentHtml(body), status,
            removed_reason: null, created_at: createdAt, edited_at: null, like_count: 0, reply_count: 0, flag_weight: 0, moderation: null, import_key: commentKey(c),
          });
          stats.comments.created += 1;
        }
        if (isNew) {
          // The whole thread is here: depth, roots and counters are computed before writing.
          const { changed, published } = computeThread(rows);
          const byId = new Map(changed.map((r) => [r.id, r]));
          for (const r of rows) {
            const ch = byId.get(r.id);
            if (ch) Object.assign(r, { parent_id: ch.parent_id, root_id: ch.root_id, depth: ch.depth, reply_count: ch.reply_count });
          }
          const postRow = postRows[postRows.length - 1]!;
          postRow.comment_count = published;
        }
        commentRows.push(...rows);
      }

      await insertChunked(trx, 'posts', postRows, 100);
      await insertChunked(trx, 'post_tags', tagRows, 500);
      await insertChunked(trx, 'comments', commentRows, 250);
      for (const postId of rebuild) await rebuildThread(trx, postId);
      if (redirects.size) {
        const have = new Set(
          (await selectInChunks([...redirects.keys()], (chunk) => trx.selectFrom('redirects').select('from_path').where('from_path', 'in', chunk).execute())).map((r) => r.from_path),
        );
        const fresh = [...redirects].filter(([from]) => !have.has(from)).map(([from_path, to_path]) => ({ from_path, to_path }));
        await insertChunked(trx, 'redirects', fresh, 400);
        stats.redirects += fresh.length;
      }
    });
  }
}

