import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { settleBackground } from '../background';
import { requireUser } from '../plugins/session';
import { HttpError, notFound } from '../http-error';
import { Slug } from '../schemas';
import { findPublishedPostHead } from '../../store/posts';
import type { PostsTable } from '../../store/schema';
import { findThreadRoot, loadThreadPage, loadReplies, markLiked, hasHeldComment, likedAmong, likeableIds, markLikedInBody, onThreadChange, postChannel } from '../../store/comments';
import { THREAD_SORTS, visibleTo } from '../../domain/thread';
import { SseHub } from '../../realtime/sse';
import { BodyPool } from '../body-pool';
import { cursorTime, liveCursor, replayPostEvents } from '../services/live-replay';
import { createComment } from '../services/comments/create';
import { editComment } from '../services/comments/edit';
import { deleteComment } from '../services/comments/delete';
import { likeComment } from '../services/comments/like';
import { warmUpModeration } from '../../moderation/off-thread';

/** Comment ids as newId makes them (time-ordered, lower-case base32). */
export const CommentId = Type.String({ minLength: 10, maxLength: 40, pattern: '^[0-9a-z]+$' });
/** Generous bound for the transport; the pipeline's length phase gives the friendly too_long. */
const Body = Type.String({ maxLength: 50_000 });

/** Cached anonymous thread pages: how many, and for how long at most (author names and supporter
    badges can change without a thread change; this bounds how long such a change takes to show). */
const PAGE_CACHE_ENTRIES = 500;
const PAGE_CACHE_MS = 5000;
const POST_MEMO_MS = 250;
/** Signed-in readers' own parts of cached pages kept at once. */
const OVERLAY_ENTRIES = 5000;
/** Pages made for one reader (who has a held comment in the discussion) kept at once. */
const OWN_PAGE_ENTRIES = 200;
type PostHead = Pick<PostsTable, 'id' | 'comment_count' | 'thread_version'>;
/** A shared page: its bytes, the ids a reader may have liked, where their markers end, when it was made. */
type CachedPage = { body: Buffer; likeable: string[]; offsets: Map<string, number>; at: number };

/** Makes room for one more entry: drops the oldest once `map` holds `max`. */
function evictOldest(map: Map<string, unknown>, max: number): void {
  if (map.size < max) return;
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}

export { settleBackground };

async function publishedPost(ctx: AppContext, slug: string, now: Date) {
  const post = await findPublishedPostHead(ctx.db, slug, now);
  if (!post) throw notFound('That post');
  return post;
}

export function registerCommentRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new SseHub(ctx.bus, { slots: ctx.streams });
  const pageCache = new Map<string, CachedPage>();
  const pagesInMaking = new Map<string, Promise<CachedPage>>();
  // A signed-in reader's own part of a page: whether they have a held comment in the discussion (then
  // the page is made for them alone) and which of the page's comments they like. Both change only
  // with the thread (a like, a new comment or a status change bumps thread_version), so they are
  // kept per reader and page, like the page itself.
  const overlays = new Map<string, { held: boolean; liked: string[] | null; at: number }>();
  const bodies = new BodyPool();
  const ownPages = new Map<string, { body: Buffer; at: number }>();
  // What a page needs of its post, remembered for a moment; this process's own changes to a thread
  // forget it at once, other nodes' changes show within POST_MEMO_MS (to signed-in readers too: what
  // they themselves wrote on this node shows at once).
  const postMemo = new Map<string, { post: PostHead; at: number }>();
  const stopListening = onThreadChange((postId) => {
    for (const [slug, m] of postMemo) if (m.post.id === postId) postMemo.delete(slug);
  });
  app.addHook('onClose', async () => stopListening());
  // The post a new comment goes to, remembered while nothing at all is written to the database (the
  // store's change mark, null on PostgreSQL): the comments that arrive between two group commits look
  // it up once. Only a published post is remembered; it stays published until a write unpublishes it.
  const writtenTo = new Map<string, { mark: string; post: PostHead & Pick<PostsTable, 'discussion' | 'discussion_closes_at'> }>();
  async function postToWriteTo(slug: string) {
    const mark = ctx.store.changeMark();
    const known = writtenTo.get(slug);
    if (known && mark !== null && known.mark === mark) return known.post;
    const post = await publishedPost(ctx, slug, ctx.clock.now());
    if (mark !== null) {
      writtenTo.delete(slug);
      evictOldest(writtenTo, PAGE_CACHE_ENTRIES);
      writtenTo.set(slug, { mark, post });
    }
    return post;
  }
  app.addHook('preClose', async () => {
    hub.closeAll();
    await settleBackground(ctx);
  });
  app.decorate('sseHub', hub);
  // Load the moderation pipeline (in its worker thread) before the first comment arrives, not while it and every comment behind it wait.
  app.addHook('onReady', async () => {
    await warmUpModeration();
  });

  app.get(
    '/api/posts/:slug/comments',
    {
      schema: {
        params: Type.Object({ slug: Slug }),
        querystring: Type.Object({
          sort: Type.Optional(Type.Union(THREAD_SORTS.map((s) => Type.Literal(s)))),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        }),
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const q = request.query;
      const viewerId = request.user?.id ?? null;
      const now = ctx.clock.now();
      const memo = postMemo.get(slug);
      let post: PostHead;
      if (memo && performance.now() - memo.at < POST_MEMO_MS) post = memo.post;
      else {
        post = await publishedPost(ctx, slug, now);
        evictOldest(postMemo, PAGE_CACHE_ENTRIES);
        postMemo.set(slug, { post: { id: post.id, comment_count: post.comment_count, thread_version: post.thread_version }, at: performance.now() });
      }
      const sort = q.sort ?? 'oldest';
      const limit = q.limit ?? 20;
      // Readers all see the same page: it is rendered once per change of the thread
      // (posts.thread_version, bumped on every node's writes) and served from memory until then.
      // A signed-in reader gets that shared page with their own likes marked in it; only a reader
      // with a held comment of their own in this discussion (which no one else sees) gets a page
      // made for them alone. (A post read without its version is never cached: freshness comes first.)
      const key = post.thread_version === undefined ? null : `${post.id}|${post.thread_version}|${sort}|${q.cursor ?? ''}|${limit}`;
      let overlay: { held: boolean; liked: string[] | null; at: number } | undefined;
      if (key !== null && viewerId) {
        const overlayKey = `${viewerId}|${key}`;
        overlay = overlays.get(overlayKey);
        if (!overlay || performance.now() - overlay.at >= PAGE_CACHE_MS) {
          overlay = { held: await hasHeldComment(ctx.db, post.id, viewerId), liked: null, at: performance.now() };
          evictOldest(overlays, OVERLAY_ENTRIES);
          overlays.set(overlayKey, overlay);
        }
      }
      const shared = key !== null && !overlay?.held;
      let body: Buffer;
      if (shared) {
        let entry = pageCache.get(key);
        if (!entry || performance.now() - entry.at >= PAGE_CACHE_MS) {
          // Readers who arrive while the page is being made wait for that one rather than each making it again.
          let making = pagesInMaking.get(key);
          if (!making) {
            making = (async () => {
              const page = await loadThreadPage(ctx.db, { postId: post.id, sort, cursor: q.cursor, limit, viewerId: null, now });
              const text = JSON.stringify({ comments: page.comments, nextCursor: page.nextCursor, total: post.comment_count });
              const made: CachedPage = { body: Buffer.from(text), likeable: likeableIds(page.comments), offsets: new Map(), at: performance.now() };
              evictOldest(pageCache, PAGE_CACHE_ENTRIES);
              pageCache.set(key, made);
              return made;
            })().finally(() => pagesInMaking.delete(key));
            pagesInMaking.set(key, making);
          }
          entry = await making;
        }
        body = entry.body;
        if (overlay && viewerId && entry.likeable.length) {
          overlay.liked ??= await likedAmong(ctx.db, viewerId, entry.likeable);
          if (overlay.liked.length) body = markLikedInBody(entry.body, overlay.liked, entry.offsets, (n) => bodies.take(n, reply.raw));
        }
      } else {
        // A page of their own (with their held comments) is kept for the reader like their overlay:
        // until the thread changes, for PAGE_CACHE_MS at most.
        const ownKey = overlay ? `${viewerId}|${key}` : null;
        const own = ownKey === null ? undefined : ownPages.get(ownKey);
        if (own && performance.now() - own.at < PAGE_CACHE_MS) body = own.body;
        else {
          const page = await loadThreadPage(ctx.db, { postId: post.id, sort, cursor: q.cursor, limit, viewerId, now });
          if (viewerId) await markLiked(ctx.db, viewerId, page.comments);
          body = Buffer.from(JSON.stringify({ comments: page.comments, nextCursor: page.nextCursor, total: post.comment_count }));
          if (ownKey !== null) {
            ownPages.delete(ownKey);
            evictOldest(ownPages, OWN_PAGE_ENTRIES);
            ownPages.set(ownKey, { body, at: performance.now() });
          }
        }
      }
      reply.header('cache-control', viewerId ? 'private, no-store' : 'no-cache');
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get(
    '/api/comments/:id/replies',
    { schema: { params: Type.Object({ id: CommentId }), querystring: Type.Object({ after: Type.Optional(CommentId), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }) } },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const now = ctx.clock.now();
      const viewerId = request.user?.id ?? null;
      const root = await findThreadRoot(ctx.db, id);
      if (!root || root.post_status !== 'published' || !root.published_at || root.published_at > now.toISOString() || !visibleTo(root, viewerId)) throw notFound('That comment');
      if (root.depth !== 0) throw new HttpError(422, 'not_top_level', 'Replies are listed per top-level comment.');
      const page = await loadReplies(ctx.db, { rootId: id, after: q.after, limit: q.limit ?? 50, viewerId, now });
      if (viewerId) await markLiked(ctx.db, viewerId, page.replies);
      return page;
    },
  );

  app.post(
    '/api/posts/:slug/comments',
    { schema: { params: Type.Object({ slug: Slug }), body: Type.Object({ body: Body, parentId: Type.Optional(Type.Union([CommentId, Type.Null()])) }) } },
    async (request, reply) => {
      const { body } = request;
      const post = await postToWriteTo(request.params.slug);
      const created = await createComment(ctx, request.user, { post, text: body.body, parentId: body.parentId });
      if (created.status === 'published') return reply.status(201).send({ comment: created.comment });
      return reply.status(202).send({ comment: created.comment, message: created.message });
    },
  );

  app.patch(
    '/api/comments/:id',
    { schema: { params: Type.Object({ id: CommentId }), body: Type.Object({ body: Body }) } },
    async (request) => editComment(ctx, requireUser(request), request.params.id, request.body.body),
  );

  app.delete('/api/comments/:id', { schema: { params: Type.Object({ id: CommentId }) } }, async (request, reply) => {
    await deleteComment(ctx, requireUser(request), request.params.id);
    return reply.status(204).send();
  });

  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/api/comments/:id/like',
      schema: { params: Type.Object({ id: CommentId }) },
      handler: async (request) => likeComment(ctx, request.user, request.params.id, method === 'POST'),
    });
  }

  // Last-Event-ID comes from the browser's own reconnection; `lastEventId` from the widget when it
  // has to open a new stream (after a refusal, or a tab coming back to the foreground).
  app.get(
    '/api/posts/:slug/events',
    {
      schema: {
        params: Type.Object({ slug: Slug }),
        querystring: Type.Object({ lastEventId: Type.Optional(Type.String({ maxLength: 64 })) }),
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const post = await publishedPost(ctx, request.params.slug, ctx.clock.now());
      const last = request.headers['last-event-id'] ?? request.query.lastEventId;
      // An id that is not Parley's cannot be resumed from: the reader reloads the thread (resync).
      const since = last ? (cursorTime(last) ?? 0) : null;
      reply.hijack();
      await hub.open(postChannel(post.id), reply.raw, { cursor: liveCursor(ctx), since, replay: (sinceMs) => replayPostEvents(ctx, post.id, sinceMs) });
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    sseHub: SseHub;
  }
}
