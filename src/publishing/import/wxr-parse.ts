import { renderCommentHtml, renderPostHtml } from '../../domain/markup';
import { normalizeTags } from '../../domain/posts';
import { decodeHTMLStrict as decodeEntities } from 'entities/decode';
import { htmlToMarkdown, htmlToText } from './html';
import { streamXml } from './xml-stream';

/* Reading a WordPress export (WXR): sax events → prepared posts and comments, with the HTML already
   turned into Markdown and rendered. This half needs no database, so the importer can run it in a
   worker thread while the main thread writes (see importWordPress). */

export interface WpAuthor {
  id: string;
  login: string;
  email: string;
  displayName: string;
}

export interface PreparedComment {
  id: string;
  parent: string;
  approved: string;
  type: string;
  userId: string;
  author: string;
  email: string;
  url: string;
  createdAt: string | null;
  bodyMd: string;
  bodyHtml: string;
}

export interface PreparedItem {
  postType: string;
  status: string;
  postId: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  bodyHtml: string;
  publishedAt: string | null;
  modifiedAt: string | null;
  creator: string;
  commentStatus: string;
  postName: string;
  link: string;
  guid: string;
  tags: Array<{ tag: string; name: string }>;
  thumb: { url: string; alt: string } | null;
  thumbId: string | null;
  comments: PreparedComment[];
}

export interface WxrBatch {
  site: string;
  siteHosts: string[];
  authors: WpAuthor[];
  items: PreparedItem[];
  bytesRead: number;
}

export interface WxrEnd {
  /** Featured images whose attachment came after the post in the file. */
  lateThumbs: Array<{ postId: string; url: string; alt: string }>;
  errors: string[];
  site: string;
}

interface RawComment {
  id: string; author: string; email: string; url: string; dateGmt: string; date: string; content: string; approved: string; type: string; parent: string; userId: string;
}
interface RawItem {
  title: string; link: string; guid: string; creator: string; content: string; excerpt: string; postId: string; postDateGmt: string; postDate: string;
  pubDate: string; modifiedGmt: string; commentStatus: string; postName: string; status: string; postType: string; attachmentUrl: string;
  categories: Array<{ domain: string; nicename: string; name: string }>; meta: Map<string, string>; comments: RawComment[];
}

const newItem = (): RawItem => ({
  title: '', link: '', guid: '', creator: '', content: '', excerpt: '', postId: '', postDateGmt: '', postDate: '', pubDate: '', modifiedGmt: '',
  commentStatus: 'open', postName: '', status: '', postType: '', attachmentUrl: '', categories: [], meta: new Map(), comments: [],
});
const newComment = (): RawComment => ({ id: '', author: '', email: '', url: '', dateGmt: '', date: '', content: '', approved: '1', type: '', parent: '0', userId: '0' });

const ITEM_FIELDS: Record<string, keyof RawItem> = {
  title: 'title', link: 'link', guid: 'guid', 'dc:creator': 'creator', 'content:encoded': 'content', 'excerpt:encoded': 'excerpt',
  'wp:post_id': 'postId', 'wp:post_date_gmt': 'postDateGmt', 'wp:post_date': 'postDate', pubDate: 'pubDate', 'wp:post_modified_gmt': 'modifiedGmt',
  'wp:comment_status': 'commentStatus', 'wp:post_name': 'postName', 'wp:status': 'status', 'wp:post_type': 'postType', 'wp:attachment_url': 'attachmentUrl',
};
const COMMENT_FIELDS: Record<string, keyof RawComment> = {
  'wp:comment_id': 'id', 'wp:comment_author': 'author', 'wp:comment_author_email': 'email', 'wp:comment_author_url': 'url',
  'wp:comment_date_gmt': 'dateGmt', 'wp:comment_date': 'date', 'wp:comment_content': 'content', 'wp:comment_approved': 'approved',
  'wp:comment_type': 'type', 'wp:comment_parent': 'parent', 'wp:comment_user_id': 'userId',
};

const WP_DATE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/;
/** "2019-05-01 09:00:00" (GMT) → ISO; the zero date of drafts → the fallback, or null. */
export function wpDate(gmt: string, fallback?: string): string | null {
  for (const v of [gmt, fallback]) {
    const s = v?.trim();
    if (!s || s.startsWith('0000')) continue;
    const m = WP_DATE.exec(s);
    if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return null;
}

const SHORTCODES = /\[\/?(caption|gallery|embed|video|audio|playlist|wp_caption)\b[^\]]*\]/g;
const isSkipped = (c: RawComment) => ['spam', 'trash', 'post-trashed'].includes(c.approved.trim()) || ['pingback', 'trackback'].includes(c.type.trim());

function host(u: string): string {
  try {
    return new URL(u).host.replace(/^www\./, '');
  } catch {
    return '';
  }
}

function prepare(it: RawItem, attachments: Map<string, { url: string; alt: string }>): PreparedItem {
  const isPost = it.postType.trim() === 'post';
  const thumbId = it.meta.get('_thumbnail_id')?.trim() || null;
  const thumb = thumbId ? (attachments.get(thumbId) ?? null) : null;
  const bodyMd = isPost ? htmlToMarkdown(it.content.replace(SHORTCODES, '')) : '';
  return {
    postType: it.postType.trim(),
    status: it.status.trim(),
    postId: it.postId.trim(),
    title: htmlToText(it.title),
    standfirst: htmlToText(it.excerpt).slice(0, 1000),
    bodyMd,
    bodyHtml: isPost ? renderPostHtml(bodyMd) : '',
    publishedAt: wpDate(it.postDateGmt, it.pubDate || it.postDate),
    modifiedAt: wpDate(it.modifiedGmt),
    creator: it.creator.trim(),
    commentStatus: it.commentStatus.trim(),
    postName: it.postName.trim(),
    link: it.link.trim(),
    guid: it.guid.trim(),
    tags: normalizeTags(it.categories.filter((c) => (c.domain === 'post_tag' || c.domain === 'category') && c.name && c.nicename !== 'uncategorized').map((c) => decodeEntities(c.name))),
    thumb: thumb && /^https?:/.test(thumb.url) ? thumb : null,
    thumbId,
    comments: isPost
      ? it.comments.map((c) => {
          const skipped = isSkipped(c);
          const bodyMd = skipped ? '' : htmlToMarkdown(c.content);
          return {
            id: c.id.trim(), parent: c.parent.trim(), approved: c.approved.trim(), type: c.type.trim(), userId: c.userId.trim(),
            author: decodeEntities(c.author), email: c.email.trim(), url: c.url.trim(), createdAt: wpDate(c.dateGmt, c.date),
            bodyMd, bodyHtml: skipped ? '' : renderCommentHtml(bodyMd),
          };
        })
      : [],
  };
}

/**
 * Streams `file` and hands over batches of prepared items; `emit` is awaited, so reading waits for
 * the writer. Memory follows the batch size (posts or comments), not the file size.
 */
export async function parseWxr(file: string, emit: (batch: WxrBatch) => Promise<void>, opts: { batchPosts?: number; batchComments?: number; onBytes?(n: number): void } = {}): Promise<WxrEnd> {
  const batchPosts = opts.batchPosts ?? 100;
  const batchComments = opts.batchComments ?? 3000;
  let site = '';
  const siteHosts = new Set<string>();
  const authors = new Map<string, WpAuthor>();
  const attachments = new Map<string, { url: string; alt: string }>();
  const pendingThumbs: Array<{ postId: string; thumbId: string }> = [];
  let items: PreparedItem[] = [];
  let comments = 0;
  let bytesRead = 0;
  let item: RawItem | null = null;
  let comment: RawComment | null = null;
  let author: WpAuthor | null = null;
  let metaKey = '';
  let metaValue = '';
  let category: { domain: string; nicename: string } | null = null;

  const flush = async () => {
    if (!items.length) return;
    const batch: WxrBatch = { site, siteHosts: [...siteHosts], authors: [...authors.values()], items, bytesRead };
    items = [];
    comments = 0;
    await emit(batch);
  };

  const parsed = await streamXml(
    file,
    {
      open(name, attrs) {
        if (name === 'item') item = newItem();
        else if (name === 'wp:comment' && item) comment = newComment();
        else if (name === 'wp:author' && !item) author = { id: '', login: '', email: '', displayName: '' };
        else if (name === 'wp:postmeta' || name === 'wp:commentmeta') {
          metaKey = '';
          metaValue = '';
        } else if (name === 'category' && item) category = { domain: attrs.domain ?? 'category', nicename: attrs.nicename ?? '' };
      },
      close(name, text, path) {
        const parent = path[path.length - 1];
        if (parent === 'wp:postmeta' || parent === 'wp:commentmeta') {
          if (name === 'wp:meta_key') metaKey = text.trim();
          else if (name === 'wp:meta_value') metaValue = text;
          return;
        }
        if (comment) {
          if (name === 'wp:comment') {
            item?.comments.push(comment);
            comment = null;
          } else {
            const field = COMMENT_FIELDS[name];
            if (field) (comment as unknown as Record<string, string>)[field] = text;
          }
          return;
        }
        if (item) {
          if (name === 'item') {
            const done: RawItem = item;
            item = null;
            if (done.postType.trim() === 'attachment') {
              attachments.set(done.postId.trim(), { url: done.attachmentUrl.trim() || done.guid.trim(), alt: done.meta.get('_wp_attachment_image_alt') ?? '' });
              return;
            }
            const prepared = prepare(done, attachments);
            if (prepared.thumbId && !prepared.thumb && prepared.postType === 'post') pendingThumbs.push({ postId: prepared.postId, thumbId: prepared.thumbId });
            items.push(prepared);
            comments += prepared.comments.length;
          } else if (name === 'wp:postmeta') item.meta.set(metaKey, metaValue);
          else if (name === 'category' && category) {
            item.categories.push({ ...category, name: text.trim() });
            category = null;
          } else {
            const field = ITEM_FIELDS[name];
            if (field && parent === 'item') (item as unknown as Record<string, string>)[field] = text;
          }
          return;
        }
        if (author) {
          if (name === 'wp:author') {
            if (author.login) authors.set(author.login, author);
            author = null;
          } else if (name === 'wp:author_id') author.id = text.trim();
          else if (name === 'wp:author_login') author.login = text.trim();
          else if (name === 'wp:author_email') author.email = text.trim();
          else if (name === 'wp:author_display_name') author.displayName = decodeEntities(text.trim());
          return;
        }
        if ((name === 'wp:base_site_url' || name === 'wp:base_blog_url' || (name === 'link' && parent === 'channel')) && text.trim()) {
          const h = host(text.trim());
          if (!site && h) site = h;
          if (h) siteHosts.add(h);
        }
      },
    },
    {
      onBytes: (n) => {
        bytesRead = n;
        opts.onBytes?.(n);
      },
      afterChunk: async () => {
        if (items.length >= batchPosts || comments >= batchComments) await flush();
      },
    },
  );
  await flush();
  const lateThumbs: WxrEnd['lateThumbs'] = [];
  for (const { postId, thumbId } of pendingThumbs) {
    const a = attachments.get(thumbId);
    if (a && /^https?:/.test(a.url)) lateThumbs.push({ postId, url: a.url, alt: a.alt });
  }
  return { lateThumbs, errors: parsed.errors, site };
}

export type WorkerMessage = { type: 'batch'; batch: WxrBatch } | { type: 'bytes'; n: number } | { type: 'end'; end: WxrEnd } | { type: 'error'; message: string };
