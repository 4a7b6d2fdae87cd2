import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../server/context';
import type { PostsTable } from '../store/schema';
import { hasOwnUnpublished, likedAmong, likeableIds, loadThreadPage } from '../store/comments';
import { csrfTokenFor } from '../server/plugins/session';
import { publicUser } from '../server/views';
import { THREAD_SORTS, type ThreadSort } from '../domain/thread';
import { Discussion } from '../widget/app';
import { markMoreReplies } from '../widget/thread';
import type { Sort, WComment, WidgetState } from '../widget/types';
import { ScopedTtlCache } from '../domain/ttl-cache';

/** Top-level comments per page, the same as the comments API's default page. */
export const PAGE_SIZE = 20;

type ThreadPage = { comments: WComment[]; nextCursor: string | null };

/* Every reader of a page of a discussion sees the same comments, apart from their own likes and
   their own comments no one else sees (held for review, or never published and then removed). So the
   page is read once per change of the thread (posts.thread_version, bumped by every node's comment
   writes, likes included) and kept for a few seconds at most, like the comments API's pages; a
   signed-in reader's part (whether they have such a comment here, which of the page's comments they
   like) is kept per reader and page for as long. Only a reader with such a comment gets a page read
   for them alone, kept for them like their part. */
const PAGE_MS = 5000;
const PAGE_ENTRIES = 200;
const OVERLAY_ENTRIES = 5000;
interface Overlay {
  own: boolean;
  liked: string[] | null;
  /** the page read for this reader alone, when `own` */
  page?: ThreadPage;
}
const sharedPages = new ScopedTtlCache<AppContext, string, { page: ThreadPage; likeable: string[] }>({ ttlMs: PAGE_MS, maxEntries: PAGE_ENTRIES });
const overlays = new ScopedTtlCache<AppContext, string, Overlay>({ ttlMs: PAGE_MS, maxEntries: OVERLAY_ENTRIES });

/** The page with `liked` set on the comments (and nested replies) the reader likes, copied only along the way to them. */
function withLikes(comments: WComment[], liked: ReadonlySet<string>): WComment[] {
  let changed = false;
  const out = comments.map((c) => {
    const replies = c.replies?.length ? withLikes(c.replies, liked) : c.replies;
    if (!liked.has(c.id) && replies === c.replies) return c;
    changed = true;
    return { ...c, ...(liked.has(c.id) ? { liked: true } : {}), replies };
  });
  return changed ? out : comments;
}

/**
 * Everything the widget needs to render the discussion of `post` for this request's viewer: the
 * first page of the thread (through the same loader as GET /api/posts/:slug/comments), the viewer
 * and their CSRF token. `?sort=` and `?cursor=` on the page URL pick the page, so sorting and
 * "load more" also work without JavaScript.
 */
export async function discussionState(ctx: AppContext, request: FastifyRequest, post: PostsTable, embed: boolean): Promise<WidgetState> {
  const now = ctx.clock.now();
  const q = (request.query ?? {}) as { sort?: string; cursor?: string };
  const sort: Sort = THREAD_SORTS.includes(q.sort as ThreadSort) ? (q.sort as Sort) : 'oldest';
  const viewer = request.user;
  const cursor = typeof q.cursor === 'string' && q.cursor.length <= 500 ? q.cursor : undefined;
  const read = async (viewerId: string | null): Promise<ThreadPage & { likeable: string[] }> => {
    const opts = { postId: post.id, sort, limit: PAGE_SIZE, viewerId, now };
    let page: Awaited<ReturnType<typeof loadThreadPage>>;
    try {
      page = await loadThreadPage(ctx.db, { ...opts, cursor });
    } catch {
      page = await loadThreadPage(ctx.db, opts); // a stale or tampered cursor shows the first page
    }
    return { comments: markMoreReplies(page.comments), nextCursor: page.nextCursor, likeable: likeableIds(page.comments) };
  };
  const key = [post.id, post.thread_version ?? 0, post.comment_count, sort, cursor ?? ''].join('|');
  let overlay: Overlay | undefined;
  if (viewer) {
    const mine = overlays.of(ctx);
    overlay = mine.get(`${viewer.id}|${key}`);
    if (!overlay) overlay = mine.set(`${viewer.id}|${key}`, { own: await hasOwnUnpublished(ctx.db, post.id, viewer.id), liked: null });
  }
  let page: ThreadPage;
  if (viewer && overlay?.own) {
    if (!overlay.page) {
      const mine = await read(viewer.id);
      const liked = await likedAmong(ctx.db, viewer.id, mine.likeable);
      overlay.page = { comments: withLikes(mine.comments, new Set(liked)), nextCursor: mine.nextCursor };
    }
    page = overlay.page;
  } else {
    const pages = sharedPages.of(ctx);
    let shared = pages.get(key);
    if (!shared) {
      const { likeable, ...fresh } = await read(null);
      shared = pages.set(key, { page: fresh, likeable });
    }
    page = shared.page;
    if (viewer && overlay && shared.likeable.length) {
      overlay.liked ??= await likedAmong(ctx.db, viewer.id, shared.likeable);
      if (overlay.liked.length) page = { ...page, comments: withLikes(page.comments, new Set(overlay.liked)) };
    }
  }
  return {
    post: { id: post.id, slug: post.slug, title: post.title, discussion: post.discussion, discussionClosesAt: post.discussion_closes_at, commentCount: post.comment_count },
    viewer: viewer ? publicUser(viewer) : null,
    csrfToken: csrfTokenFor(ctx.secret, request.sessionToken),
    comments: page.comments,
    nextCursor: page.nextCursor,
    total: post.comment_count,
    sort,
    editWindowMinutes: ctx.config.editWindowMinutes,
    now: now.toISOString(),
    base: '',
    embed,
    ...(embed ? { embedOrigins: ctx.config.embedOrigins.map((o) => new URL(o).origin) } : {}),
  };
}

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON that is safe inside <script type="application/json">: no "</script>", no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_SCRIPT, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * The state as embedded in the page, kept small: comment bodies are already in the HTML (the
 * browser reads them from there), and empty fields are left out (the widget treats absent as empty).
 */
function compactState(state: WidgetState): WidgetState {
  const compact = (cs: WComment[]): WComment[] =>
    cs.map((c) => {
      const o: Partial<WComment> = { id: c.id, author: c.author, bodyHtml: '', createdAt: c.createdAt, status: c.status, likes: c.likes };
      if (c.parentId) o.parentId = c.parentId;
      if (c.editedAt) o.editedAt = c.editedAt;
      if (c.removedReason) o.removedReason = c.removedReason;
      if (c.liked) o.liked = true;
      if (c.inReplyTo) o.inReplyTo = c.inReplyTo;
      if (c.replyCount) o.replyCount = c.replyCount;
      if (c.replies?.length) o.replies = compact(c.replies);
      if (c.moreReplies) o.moreReplies = c.moreReplies;
      return o as WComment;
    });
  return { ...state, comments: compact(state.comments), bodiesInDom: true };
}

/** What goes inside the discussion <section>: the server-rendered widget, its state, the script that hydrates it. */
function DiscussionInner({ state }: { state: WidgetState }) {
  return (
    <>
      <link rel="stylesheet" href="/assets/widget.css" />
      <div id="parley-discussion" data-parley-mount="" data-parley-state="parley-state">
        <Discussion initial={state} />
      </div>
      {state.viewer && (
        <noscript>
          <p class="notice">Reading works without JavaScript; posting, replying and liking need it switched on.</p>
        </noscript>
      )}
      <script type="application/json" id="parley-state" dangerouslySetInnerHTML={{ __html: scriptJson(compactState(state)) }} />
      <script src="/assets/comments.js" defer />
    </>
  );
}

/** The discussion section around already rendered inner HTML. */
export function DiscussionMarkup({ html }: { html: string }) {
  return <section id="comments" class="parley-section" aria-labelledby="parley-heading" dangerouslySetInnerHTML={{ __html: html }} />;
}

/* Anonymous readers of a post all get the same discussion HTML: it is rendered once per change of
   the thread (posts.thread_version, bumped by every node's comment writes) and kept for a few
   seconds at most, which bounds how stale relative times, author names and badges can be. A
   signed-in reader's render (their box, likes and own comments, their CSRF token) is kept the same
   way for their session, in fewer entries (a page with its state is a few hundred KB). */
const HTML_CACHE_MS = 5000;
const ANON_CACHE_ENTRIES = 200;
const READER_CACHE_ENTRIES = 100;
const anonCaches = new ScopedTtlCache<AppContext, string, { html: string; bytes?: Buffer }>({ ttlMs: HTML_CACHE_MS, maxEntries: ANON_CACHE_ENTRIES });
const readerCaches = new ScopedTtlCache<AppContext, string, { html: string; bytes?: Buffer }>({ ttlMs: HTML_CACHE_MS, maxEntries: READER_CACHE_ENTRIES });

async function cachedDiscussion(ctx: AppContext, request: FastifyRequest, post: PostsTable, embed: boolean) {
  const q = (request.query ?? {}) as { sort?: string; cursor?: string };
  const page = [post.id, post.thread_version ?? 0, post.comment_count, post.discussion, post.discussion_closes_at ?? '', q.sort ?? '', typeof q.cursor === 'string' ? q.cursor : '', embed ? 1 : 0].join('|');
  const viewer = request.user;
  const key = viewer ? `${request.sessionToken ?? ''}|${JSON.stringify(publicUser(viewer))}|${page}` : page;
  const cache = (viewer ? readerCaches : anonCaches).of(ctx);
  const hit = cache.get(key);
  if (hit) return hit;
  const html = renderToString(<DiscussionInner state={await discussionState(ctx, request, post, embed)} />);
  return cache.set(key, { html });
}

/** The inner HTML of the discussion section for this request's viewer (see DiscussionMarkup). */
export async function discussionHtml(ctx: AppContext, request: FastifyRequest, post: PostsTable, embed: boolean): Promise<string> {
  return (await cachedDiscussion(ctx, request, post, embed)).html;
}

/** The same as bytes (UTF-8), encoded once per render: a busy thread's is a few hundred KB. */
export async function discussionBytes(ctx: AppContext, request: FastifyRequest, post: PostsTable): Promise<Buffer> {
  const entry = await cachedDiscussion(ctx, request, post, false);
  return (entry.bytes ??= Buffer.from(entry.html));
}
