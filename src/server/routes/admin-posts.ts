import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { requirePermission } from '../plugins/session';
import { findPostById, listEditorPosts } from '../../store/posts';
import { encodeCursor } from '../../store/cursor';
import { renderPostHtmlTimed, RenderTimeoutError } from '../services/post-renderer';
import { createPost, deletePost, toEditorPost, updatePost, type PostInput } from '../../publishing/posts';
import { HttpError, notFound } from '../http-error';

const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });
const HttpUrl = Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' });
const Source = Type.Object(
  {
    outlet: Type.String({ minLength: 1, maxLength: 120 }),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    url: HttpUrl,
    phrase: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const fields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  slug: Type.String({ minLength: 1, maxLength: 120, pattern: '^[a-z0-9][a-z0-9-]*$' }),
  standfirst: Type.String({ maxLength: 1000 }),
  // About 15,000 words: room for any long read, and a bound on what the renderer is given.
  bodyMd: Type.String({ maxLength: 100_000 }),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 20 }),
  sources: Type.Array(Source, { maxItems: 30 }),
  featuredImage: Type.Union([Type.Object({ url: HttpUrl, alt: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), Type.Null()]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('scheduled'), Type.Literal('published')]),
  publishedAt: Type.Union([IsoTime, Type.Null()]),
  discussion: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  discussionClosesAt: Type.Union([IsoTime, Type.Null()]),
  authorId: Type.String({ minLength: 1, maxLength: 64 }),
};
const optionalFields = Type.Partial(Type.Object(fields)).properties;

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Normalises ISO times from the client ("2026-05-01T09:00Z", offsets) to Parley's fixed-width UTC form. */
function normalizeTimes(body: PostInput): PostInput {
  const fix = (v: string | null | undefined) => (typeof v === 'string' ? new Date(v).toISOString() : v);
  return { ...body, publishedAt: fix(body.publishedAt), discussionClosesAt: fix(body.discussionClosesAt) };
}

/** Post Markdown as HTML, refused with 422 when it would take the renderer too long (pathological nesting). */
async function renderBody(markdown: string): Promise<string> {
  try {
    return await renderPostHtmlTimed(markdown);
  } catch (err) {
    if (err instanceof RenderTimeoutError) throw new HttpError(422, 'markdown_too_complex', 'This text takes too long to render (too many unclosed brackets or emphasis marks). Simplify it and try again.');
    throw err;
  }
}

/** The editors' API (permission 'publish'): posts CRUD with optimistic locking, and Markdown preview. */
export function registerAdminPostRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/admin/posts',
    { schema: { querystring: Type.Object({ status: Type.Optional(fields.status), cursor: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }) } },
    async (request) => {
      requirePermission(request, 'publish');
      const q = request.query;
      const limit = q.limit ?? 50;
      const rows = await listEditorPosts(ctx.db, { status: q.status, cursor: q.cursor, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const now = ctx.clock.now().toISOString();
      const last = page[page.length - 1];
      return {
        posts: page.map((r) => ({
          id: r.id,
          slug: r.slug,
          title: r.title,
          status: r.status === 'scheduled' && r.published_at !== null && r.published_at <= now ? 'published' : r.status,
          publishedAt: r.published_at,
          updatedAt: r.updated_at,
          version: r.version,
          commentCount: r.comment_count,
          discussion: r.discussion,
          authorName: r.display_name,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor([last.updated_at, last.id]) : null,
      };
    },
  );

  app.post('/api/admin/posts', { schema: { body: Type.Object({ ...optionalFields, title: fields.title }, { additionalProperties: false }) } }, async (request, reply) => {
    const actor = requirePermission(request, 'publish');
    const input = normalizeTimes(request.body);
    const post = await createPost(ctx, actor.id, input, input.bodyMd === undefined ? undefined : await renderBody(input.bodyMd));
    return reply.status(201).send({ post });
  });

  app.get('/api/admin/posts/:id', { schema: { params: IdParams } }, async (request) => {
    requirePermission(request, 'publish');
    const row = await findPostById(ctx.db, request.params.id);
    if (!row) throw notFound('That post');
    return { post: await toEditorPost(ctx.db, row, ctx.clock.now()) };
  });

  app.patch(
    '/api/admin/posts/:id',
    { schema: { params: IdParams, body: Type.Object({ ...optionalFields, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }) } },
    async (request) => {
      const actor = requirePermission(request, 'publish');
      const { version, ...input } = request.body;
      const post = await updatePost(ctx, actor.id, request.params.id, version, normalizeTimes(input), input.bodyMd === undefined ? undefined : await renderBody(input.bodyMd));
      return { post };
    },
  );

  app.delete(
    '/api/admin/posts/:id',
    { schema: { params: IdParams, querystring: Type.Object({ version: Type.Integer({ minimum: 1 }) }) } },
    async (request, reply) => {
      const actor = requirePermission(request, 'publish');
      await deletePost(ctx, actor.id, request.params.id, request.query.version);
      return reply.status(204).send();
    },
  );

  app.post('/api/admin/posts/preview', { schema: { body: Type.Object({ bodyMd: fields.bodyMd }) } }, async (request) => {
    requirePermission(request, 'publish');
    return { html: await renderBody(request.body.bodyMd) };
  });
}
