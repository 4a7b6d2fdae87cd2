import type { FastifyInstance } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../server/context';
import { findPublishedPost } from '../store/posts';
import { siteSettings } from './site';
import { DiscussionMarkup, discussionHtml } from './discussion';

/**
 * GET /embed/:slug — the page inside the iframe that /assets/embed.js puts on other sites: only the
 * discussion (the same widget as on Parley's post pages), sized to its content by postMessage.
 * Which sites may frame it is CSP frame-ancestors ('self' and PARLEY_EMBED_ORIGINS).
 */
export function registerEmbedPage(app: FastifyInstance, ctx: AppContext): void {
  app.get('/embed/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const post = /^[a-z0-9][a-z0-9-]{0,199}$/.test(slug) ? await findPublishedPost(ctx.db, slug, ctx.clock.now()) : undefined;
    const site = await siteSettings(ctx.db);
    const body = post ? (
      <DiscussionMarkup html={await discussionHtml(ctx, request, post, true)} />
    ) : (
      <p class="notice">This discussion does not exist (yet).</p>
    );
    const html =
      '<!doctype html>' +
      renderToString(
        <html lang="en-GB">
          <head>
            <meta charSet="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta name="robots" content="noindex" />
            <title>{post ? `Discussion: ${post.title} — ${site.name}` : `Discussion — ${site.name}`}</title>
            <link rel="stylesheet" href="/assets/site.css" />
            {post && <link rel="canonical" href={`${ctx.config.publicUrl}/posts/${post.slug}`} />}
          </head>
          <body class="parley-embedded">
            <main id="main">{body}</main>
          </body>
        </html>,
      );
    reply.header('cache-control', request.user ? 'private, no-store' : 'no-cache');
    return reply.status(post ? 200 : 404).type('text/html; charset=utf-8').send(html);
  });
}
