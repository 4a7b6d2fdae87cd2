import path from 'node:path';
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ComponentChildren } from 'preact';
import type { AppContext } from '../server/context';
import { renderPage, type PageMeta } from './layout';
import { siteSettingsFor } from '../store/site';
import { HomePage } from './pages/home';
import { formatDateTime, formatDay } from '../domain/dates';
import { PostArticle } from './pages/post';
import { LoginPage, RegisterPage } from './pages/forms';
import { listPublishedPosts, findPublishedPost, findRedirect, postTags, tagsOf } from '../store/posts';
import { findAuthor } from '../store/users';
import { recentMails } from '../store/mail-outbox';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { safeNext } from '../domain/redirect';
import { plainExcerpt, POST_SOURCES } from '../domain/posts';
import { discussionOpen } from '../domain/gate';
import { ArticleHead, WebsiteHead } from './seo';
import { can } from '../domain/roles';
import { DiscussionMarkup, discussionBytes } from './discussion';
import { registerEmbedPage } from './embed';
import { waitingForReview } from '../moderation/queue';
import { csrfTokenFor } from '../server/plugins/session';
import { BodyPool } from '../server/body-pool';

/** Where public/ (CSS, small scripts) and dist/assets (built browser bundles) live, from src/ or dist/. */
export function assetDirs(): string[] {
  const root = [process.cwd(), path.resolve(import.meta.dirname ?? '.', '..', '..'), path.resolve(import.meta.dirname ?? '.', '..')]
    .find((d) => fs.existsSync(path.join(d, 'public', 'site.css'))) ?? process.cwd();
  return [path.join(root, 'public'), path.join(root, 'dist', 'assets')].filter((d) => fs.existsSync(d));
}

/** Where a page's discussion goes: the page around it is rendered first, then the discussion's
    bytes (kept from its last render, a few hundred KB on a busy thread) are spliced in there. */
const DISCUSSION_MARK = '<!--parley-discussion-->';
/** Buffers for pages with a discussion spliced in, used again once sent (see body-pool.ts). */
const pageBodies = new BodyPool();

export async function sendPage(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, meta: PageMeta, body: ComponentChildren, status = 200, discussion?: Buffer) {
  const site = await siteSettingsFor(ctx.db, request);
  // Only moderators' headers count the queues: other pages cost no query.
  const waiting = request.user && can(request.user.roles, 'moderate') ? await waitingForReview(ctx) : null;
  const csrfToken = request.user ? csrfTokenFor(ctx.secret, request.sessionToken) : '';
  const html = renderPage({ meta, user: request.user, siteName: site.name, waitingForReview: waiting, path: request.url, csrfToken }, body);
  reply.status(status).type('text/html; charset=utf-8');
  // The last mark: only a post's own HTML, which comes before the discussion, could hold another.
  const at = discussion ? html.lastIndexOf(DISCUSSION_MARK) : -1;
  if (!discussion || at < 0) return reply.send(html);
  const before = html.slice(0, at);
  const after = html.slice(at + DISCUSSION_MARK.length);
  const length = Buffer.byteLength(before) + discussion.length + Buffer.byteLength(after);
  const out = pageBodies.take(length, reply.raw).subarray(0, length);
  let n = out.write(before, 0);
  n += discussion.copy(out, n);
  out.write(after, n);
  return reply.send(out);
}

export function registerWebRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const [first, ...rest] = assetDirs();
  if (first) void app.register(fastifyStatic, { root: [first, ...rest], prefix: '/assets/', maxAge: '1h', decorateReply: false });

  app.get('/', { schema: { querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })), p: Type.Optional(Type.String({ maxLength: 20 })), page_id: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const { cursor, p, page_id } = request.query;
    // WordPress "?p=123" permalinks of imported posts.
    if (p || page_id) {
      const to = await findRedirect(ctx.db, p ? `/?p=${p}` : `/?page_id=${page_id}`);
      if (to) return reply.redirect(to, 301);
    }
    const site = await siteSettingsFor(ctx.db, request);
    const { posts, nextCursor } = await listPublishedPosts(ctx.db, { cursor, limit: 20, now: ctx.clock.now(), ownOnly: true });
    const tags = await tagsOf(ctx.db, posts.map((p) => p.id));
    const head = <WebsiteHead siteName={site.name} siteUrl={ctx.config.publicUrl} description={site.description} />;
    return sendPage(
      ctx, request, reply,
      { title: site.name, description: site.description, canonical: `${ctx.config.publicUrl}/${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, head },
      <HomePage posts={posts.map((p) => ({ ...p, tags: tags.get(p.id) ?? [] }))} nextCursor={nextCursor} siteName={site.name} description={site.description} firstPage={!cursor} />,
    );
  });

  app.get('/posts/:slug', { schema: { params: Type.Object({ slug: Type.String({ maxLength: 300 }) }) } }, async (request, reply) => {
    const { slug } = request.params;
    const now = ctx.clock.now();
    const row = await findPublishedPost(ctx.db, slug, now);
    if (!row) {
      const to = await findRedirect(ctx.db, `/posts/${slug}`);
      if (to) return reply.redirect(to, 301);
      return sendPage(ctx, request, reply, { title: 'Not found' }, <p>That post does not exist.</p>, 404);
    }
    const [tags, author, site] = await Promise.all([
      postTags(ctx.db, row.id),
      row.author_id ? findAuthor(ctx.db, row.author_id) : undefined,
      siteSettingsFor(ctx.db, request),
    ]);
    const sources = POST_SOURCES.parse(row.sources);
    const open = discussionOpen({ discussion: row.discussion, discussionClosesAt: row.discussion_closes_at }, now);
    const post = {
      slug: row.slug,
      title: row.title,
      standfirst: row.standfirst,
      bodyHtml: row.body_html,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      authorName: author?.display_name ?? null,
      authorId: author?.id ?? null,
      sources,
      tags,
      featuredImage: row.featured_image_url ? { url: row.featured_image_url, alt: row.featured_image_alt ?? '' } : null,
      discussionNote: !open ? 'The discussion of this post is closed.' : row.discussion_closes_at ? `The discussion closes on ${formatDay(row.discussion_closes_at)}.` : null,
    };
    const url = `${ctx.config.publicUrl}/posts/${row.slug}`;
    const description = row.standfirst || plainExcerpt(row.body_md);
    const head = (
      <ArticleHead
        a={{
          url, title: row.title, description, publishedAt: row.published_at, updatedAt: row.updated_at,
          authorName: post.authorName, authorUrl: author ? `${ctx.config.publicUrl}/authors/${author.id}` : null,
          tags: tags.map((t) => t.name), sources, image: post.featuredImage && { ...post.featuredImage, url: new URL(post.featuredImage.url, ctx.config.publicUrl).href }, siteName: site.name, siteUrl: ctx.config.publicUrl, commentCount: row.comment_count,
        }}
      />
    );
    const discussion = await discussionBytes(ctx, request, row);
    // A discussion created by an embed belongs to an article on another site: send readers there.
    const host = row.canonical_url ? (
      <p class="notice host-link">
        This is the discussion of an article on {new URL(row.canonical_url).host}. <a href={row.canonical_url}>Read the article and the discussion there</a>.
      </p>
    ) : null;
    return sendPage(ctx, request, reply, { title: row.title, description, canonical: row.canonical_url ?? url, head }, <>{host}<PostArticle post={post} /><DiscussionMarkup html={DISCUSSION_MARK} /></>, 200, discussion);
  });

  registerEmbedPage(app, ctx);

  const siteOrigin = () => new URL(ctx.config.publicUrl).origin;
  const NextQuery = { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }) };
  app.get('/login', { schema: NextQuery }, async (request, reply) => {
    const next = safeNext(request.query.next, siteOrigin(), ctx.config.embedOrigins);
    return sendPage(ctx, request, reply, { title: 'Sign in', head: <script src="/assets/forms.js" defer /> }, <LoginPage next={next} />);
  });

  app.get('/register', { schema: NextQuery }, async (request, reply) => {
    const next = safeNext(request.query.next, siteOrigin(), ctx.config.embedOrigins);
    return sendPage(ctx, request, reply, { title: 'Create an account', head: <script src="/assets/forms.js" defer /> }, <RegisterPage next={next} />);
  });

  app.get('/admin/outbox', async (request, reply) => {
    if (!request.user) return reply.redirect('/login?next=/admin/outbox');
    if (!can(request.user.roles, 'manage_users')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only admins can read the outbox.</p>, 403);
    const mails = await recentMails(ctx.db, null);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Outbox' },
      <section>
        <h1>Outbox</h1>
        <p class="meta">The last 100 mails Parley wrote{ctx.config.smtpUrl ? '' : ' (no SMTP server is configured, so they stay here)'}.</p>
        {mails.map((m) => (
          <details>
            <summary>
              <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time> · {m.to_address} · {m.subject}
              {m.error && <strong> · failed</strong>}
            </summary>
            <pre>{m.text}</pre>
          </details>
        ))}
      </section>,
    );
  });
}
