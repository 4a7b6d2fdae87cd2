import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Slug } from '../schemas';
import type { AppContext } from '../context';
import { findPublishedPost, listPublishedPosts } from '../../store/posts';
import { notFound } from '../http-error';
import { toPublicPost } from '../../publishing/posts';


export function registerPostRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/posts',
    { schema: { querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }) } },
    async (request) => {
      const q = request.query;
      const { posts, nextCursor } = await listPublishedPosts(ctx.db, { cursor: q.cursor, limit: q.limit ?? 20, now: ctx.clock.now() });
      return { posts: posts.map(({ id, slug, title, publishedAt, commentCount }) => ({ id, slug, title, publishedAt, commentCount })), nextCursor };
    },
  );

  app.get('/api/posts/:slug', { schema: { params: Type.Object({ slug: Slug }) } }, async (request) => {
    const { slug } = request.params;
    const row = await findPublishedPost(ctx.db, slug, ctx.clock.now());
    if (!row) throw notFound('That post');
    return { post: await toPublicPost(ctx.db, row, ctx.clock.now()) };
  });
}
