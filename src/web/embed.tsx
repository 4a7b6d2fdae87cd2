import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { renderToString } from 'preact-render-to-string';
import type { AppContext } from '../server/context';
import { findPublishedPost } from '../store/posts';
import { siteSettings } from '../store/site';
import { DiscussionMarkup, discussionHtml } from './discussion';
import { EMBED_THEMES, THEME_VARIABLES, VALUE_PATTERNS, themeStyle, type ThemeVariable } from '../domain/embed-theme';

const Params = Type.Object({ slug: Type.String({ maxLength: 300 }) });
/* The host's theme, passed on by the loader: ?theme=dark&accent=%23006ac1&font=… */
const Query = Type.Object({
  // The discussion's own page parameters (read by discussionState), kept through the schema.
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  theme: Type.Optional(Type.Union(EMBED_THEMES.map((t) => Type.Literal(t)))),
  ...Object.fromEntries(
    (Object.entries(THEME_VARIABLES) as Array<[ThemeVariable, keyof typeof VALUE_PATTERNS]>).map(([name, kind]) => [name, Type.Optional(Type.String({ maxLength: 200, pattern: VALUE_PATTERNS[kind] }))]),
  ),
});

/**
 * GET /embed/:slug — the page inside the iframe that /assets/embed.js puts on other sites: only the
 * discussion (the same widget as on Parley's post pages), sized to its content by postMessage,
 * on a transparent background in the host's theme. Which sites may frame it is CSP
 * frame-ancestors ('self' and PARLEY_EMBED_ORIGINS).
 */
export function registerEmbedPage(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>('/embed/:slug', { schema: { params: Params, querystring: Query } }, async (request, reply) => {
    const { slug } = request.params;
    const { theme = 'light', sort: _sort, cursor: _cursor, ...vars } = request.query;
    const post = /^[a-z0-9][a-z0-9-]{0,199}$/.test(slug) ? await findPublishedPost(ctx.db, slug, ctx.clock.now()) : undefined;
    const site = await siteSettings(ctx.db);
    const body = post ? (
      <DiscussionMarkup html={await discussionHtml(ctx, request, post, true)} />
    ) : (
      <p class="notice">This discussion does not exist (yet).</p>
    );
    const style = themeStyle(vars as Partial<Record<ThemeVariable, string>>);
    const html =
      '<!doctype html>' +
      renderToString(
        <html lang="en-GB" data-parley-theme={theme} style={style || undefined}>
          <head>
            <meta charSet="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta name="robots" content="noindex" />
            <title>{post ? `Discussion: ${post.title} — ${site.name}` : `Discussion — ${site.name}`}</title>
            <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
            <link rel="stylesheet" href="/assets/site.css" />
            <link rel="stylesheet" href="/assets/embed.css" />
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
