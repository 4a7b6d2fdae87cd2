import type { FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../server/context';
import type { PostsTable } from '../store/schema';
import { likedAmong, loadThreadPage } from '../store/comments';
import { csrfTokenFor } from '../server/plugins/session';
import { publicUser } from '../server/views';
import { THREAD_SORTS, type ThreadSort } from '../domain/thread';
import { Discussion } from '../widget/app';
import { markMoreReplies } from '../widget/thread';
import type { Sort, WComment, WidgetState } from '../widget/types';

/** Top-level comments per page, the same as the comments API's default page. */
export const PAGE_SIZE = 20;

/** Marks the comments the viewer likes (one query for the whole page). */
async function markLikes(ctx: AppContext, viewerId: string, comments: WComment[]): Promise<void> {
  const all: WComment[] = [];
  const walk = (cs: WComment[]) => cs.forEach((c) => { all.push(c); if (c.replies) walk(c.replies); });
  walk(comments);
  const ids = all.filter((c) => c.likes > 0).map((c) => c.id);
  if (ids.length === 0) return;
  const liked = new Set(await likedAmong(ctx.db, viewerId, ids));
  for (const c of all) if (liked.has(c.id)) c.liked = true;
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
  const opts = { postId: post.id, sort, limit: PAGE_SIZE, viewerId: viewer?.id ?? null, now };
  let page: { comments: WComment[]; nextCursor: string | null };
  try {
    page = await loadThreadPage(ctx.db, { ...opts, cursor: typeof q.cursor === 'string' && q.cursor.length <= 500 ? q.cursor : undefined });
  } catch {
    page = await loadThreadPage(ctx.db, opts); // a stale or tampered cursor shows the first page
  }
  page.comments = markMoreReplies(page.comments);
  if (viewer) await markLikes(ctx, viewer.id, page.comments);
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
   seconds at most, which bounds how stale relative times, author names and badges can be. Signed-in
   readers always get a fresh render (their box, likes and pending comments are theirs alone). */
const ANON_CACHE_MS = 5000;
const ANON_CACHE_ENTRIES = 200;
const anonCaches = new WeakMap<AppContext, Map<string, { html: string; at: number }>>();

/** The inner HTML of the discussion section for this request's viewer (see DiscussionMarkup). */
export async function discussionHtml(ctx: AppContext, request: FastifyRequest, post: PostsTable, embed: boolean): Promise<string> {
  const q = (request.query ?? {}) as { sort?: string; cursor?: string };
  const key = request.user
    ? null
    : [post.id, post.thread_version ?? 0, post.comment_count, post.discussion, post.discussion_closes_at ?? '', q.sort ?? '', typeof q.cursor === 'string' ? q.cursor : '', embed ? 1 : 0].join('|');
  let cache = anonCaches.get(ctx);
  if (!cache) anonCaches.set(ctx, (cache = new Map()));
  const hit = key ? cache.get(key) : undefined;
  if (hit && performance.now() - hit.at < ANON_CACHE_MS) return hit.html;
  const html = renderToString(<DiscussionInner state={await discussionState(ctx, request, post, embed)} />);
  if (key) {
    cache.delete(key);
    const oldest = cache.keys().next();
    if (cache.size >= ANON_CACHE_ENTRIES && !oldest.done) cache.delete(oldest.value);
    cache.set(key, { html, at: performance.now() });
  }
  return html;
}

/**
 * The discussion section under a post on Parley's own pages: the thread rendered on the server
 * (readable without JavaScript), then hydrated by /assets/comments.js from the embedded state.
 */
export async function discussionSection(ctx: AppContext, request: FastifyRequest, post: PostsTable) {
  return <DiscussionMarkup html={await discussionHtml(ctx, request, post, false)} />;
}
