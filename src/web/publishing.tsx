import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Feed } from 'feed';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { siteSettings, siteSettingsFor } from '../store/site';
import { PostList } from './pages/home';
import { formatDay } from '../domain/dates';
import { countLivePostsBy, findRedirect, findTag, latestLivePosts, listPublishedPosts, liveAuthors, liveTags, searchPosts, sitemapEntries, tagsOf } from '../store/posts';
import { findAuthor } from '../store/users';
import { POST_SOURCES, sourceSentence, type Source } from '../domain/posts';
import { can } from '../domain/roles';
import { EditorPage, PostsAdminPage } from './pages/editor';
import { PostArticle } from './pages/post';
import { findPostById, recentlyEditedPosts } from '../store/posts';
import { toEditorPost } from '../publishing/posts';

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
const escapeHtml = escapeXml;

/** A post's sources as HTML for feeds, worded the way the site writes them. */
function sourcesHtml(sources: Source[]): string {
  if (!sources.length) return '';
  return '<aside>' + sources.map((s) => `<p><a href="${escapeHtml(s.url)}">${escapeHtml(sourceSentence(s))}</a></p>`).join('') + '</aside>';
}

/** Posts with their tags, for the tag chips on post cards. */
async function withTags<P extends { id: string }>(ctx: AppContext, posts: P[]): Promise<Array<P & { tags: Array<{ tag: string; name: string }> }>> {
  const tags = await tagsOf(ctx.db, posts.map((p) => p.id));
  return posts.map((p) => ({ ...p, tags: tags.get(p.id) ?? [] }));
}

const Page = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })) });

/** Tag, author and search pages, feeds, sitemap, old-address redirects, and the editors' pages. */
export function registerPublishingWebRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const base = () => ctx.config.publicUrl;

  app.get('/tags/:tag', { schema: { params: Type.Object({ tag: Type.String({ maxLength: 100 }) }), querystring: Page } }, async (request, reply) => {
    const { tag } = request.params;
    const { cursor } = request.query;
    const [named, site] = await Promise.all([findTag(ctx.db, tag), siteSettingsFor(ctx.db, request)]);
    if (!named) return sendPage(ctx, request, reply, { title: 'Not found' }, <p>There is no tag “{tag}”.</p>, 404);
    const { posts, nextCursor } = await listPublishedPosts(ctx.db, { cursor, limit: 20, now: ctx.clock.now(), tag, ownOnly: true });
    return sendPage(
      ctx, request, reply,
      {
        title: named.name,
        description: `Posts tagged ${named.name} on ${site.name}.`,
        canonical: `${base()}/tags/${tag}`,
        head: (
          <>
            <link rel="alternate" type="application/rss+xml" title={`${site.name}: ${named.name} (RSS)`} href={`/tags/${tag}/feed.xml`} />
            <link rel="alternate" type="application/atom+xml" title={`${site.name}: ${named.name} (Atom)`} href={`/tags/${tag}/atom.xml`} />
          </>
        ),
      },
      <>
        <h1>{named.name}</h1>
        <p class="meta"><a href={`/tags/${tag}/feed.xml`}>Follow {named.name} by RSS</a></p>
        <PostList posts={await withTags(ctx, posts)} more={nextCursor ? `/tags/${tag}?cursor=${encodeURIComponent(nextCursor)}` : null} />
        {posts.length === 0 && <p>Nothing published under this tag yet.</p>}
      </>,
    );
  });

  app.get('/authors/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }), querystring: Page } }, async (request, reply) => {
    const { id } = request.params;
    const { cursor } = request.query;
    const author = await findAuthor(ctx.db, id);
    const { posts, nextCursor } = author && !author.deleted_at ? await listPublishedPosts(ctx.db, { cursor, limit: 20, now: ctx.clock.now(), authorId: id, ownOnly: true }) : { posts: [], nextCursor: null };
    // Only people who have published are shown: a profile page is not a directory of readers.
    if (!author || author.deleted_at || (posts.length === 0 && !cursor)) return sendPage(ctx, request, reply, { title: 'Not found' }, <p>There is no such author.</p>, 404);
    const total = await countLivePostsBy(ctx.db, id, ctx.clock.now());
    const site = await siteSettingsFor(ctx.db, request);
    const url = `${base()}/authors/${id}`;
    const head = (
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify({ '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: author.display_name, url } }).replace(/</g, '\\u003c') }} />
    );
    return sendPage(
      ctx, request, reply,
      { title: author.display_name, description: `Posts by ${author.display_name} on ${site.name}.`, canonical: url, head },
      <>
        <h1>{author.display_name}</h1>
        <p class="meta">{Number(total.n) === 1 ? '1 post' : `${Number(total.n)} posts`} on {site.name}{posts[0] ? <>, the latest on <time dateTime={posts[0].publishedAt}>{formatDay(posts[0].publishedAt)}</time></> : null}.</p>
        <PostList posts={await withTags(ctx, posts)} more={nextCursor ? `/authors/${id}?cursor=${encodeURIComponent(nextCursor)}` : null} />
      </>,
    );
  });

  const SearchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) });
  app.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { q = '', page = 1 } = request.query;
    const perPage = 20;
    const found = q.trim() ? await searchPosts(ctx.db, ctx.store.dialect, q, ctx.clock.now(), { limit: perPage + 1, offset: (page - 1) * perPage }) : [];
    const posts = found.slice(0, perPage);
    return sendPage(
      ctx, request, reply,
      { title: q ? `Search: ${q}` : 'Search', canonical: `${base()}/search`, head: <meta name="robots" content="noindex" /> },
      <>
        <h1>Search</h1>
        <form method="get" action="/search" role="search" class="search-form">
          <label for="q">Search posts</label>
          <div class="search-row">
            <input type="search" id="q" name="q" value={q} maxLength={200} />
            <button type="submit">Search</button>
          </div>
        </form>
        {q.trim() && (
          <p class="meta" role="status">
            {posts.length === 0 ? `Nothing found for “${q}”.` : `Results for “${q}”${page > 1 ? `, page ${page}` : ''}:`}
          </p>
        )}
        <PostList posts={await withTags(ctx, posts)} more={found.length > perPage ? `/search?q=${encodeURIComponent(q)}&page=${page + 1}` : null} />
      </>,
    );
  });

  app.get('/api/search', { schema: { querystring: SearchQuery } }, async (request) => {
    const { q = '', page = 1 } = request.query;
    const posts = q.trim() ? await searchPosts(ctx.db, ctx.store.dialect, q, ctx.clock.now(), { limit: 20, offset: (page - 1) * 20 }) : [];
    return { posts: posts.map(({ id, slug, title, standfirst, publishedAt, commentCount }) => ({ id, slug, title, standfirst, publishedAt, commentCount })) };
  });

  async function buildFeed(tag?: { tag: string; name: string }): Promise<Feed> {
    const site = await siteSettings(ctx.db);
    const rows = await latestLivePosts(ctx.db, ctx.clock.now(), 30, tag?.tag);
    const home = tag ? `${base()}/tags/${tag.tag}` : `${base()}/`;
    const tags = await tagsOf(ctx.db, rows.map((r) => r.id));
    const feed = new Feed({
      title: tag ? `${site.name}: ${tag.name}` : site.name,
      description: tag ? `Posts tagged ${tag.name} on ${site.name}.` : site.description,
      id: home,
      link: home,
      language: 'en-GB',
      favicon: `${base()}/assets/favicon.svg`,
      updated: rows[0] ? new Date(rows[0].updated_at > rows[0].published_at ? rows[0].updated_at : rows[0].published_at) : new Date(0),
      generator: 'Parley',
      feedLinks: tag ? { rss: `${home}/feed.xml`, atom: `${home}/atom.xml` } : { rss: `${base()}/feed.xml`, atom: `${base()}/atom.xml` },
      copyright: `© ${site.name}`,
      // Atom needs an author for every entry: the site stands in for posts without one (some imports).
      author: { name: site.name, link: `${base()}/` },
    });
    for (const r of rows) {
      const url = `${base()}/posts/${r.slug}`;
      const sources = POST_SOURCES.parse(r.sources);
      feed.addItem({
        title: r.title,
        id: url,
        link: url,
        date: new Date(r.updated_at > r.published_at ? r.updated_at : r.published_at),
        published: new Date(r.published_at),
        description: r.standfirst || undefined,
        content: r.body_html + sourcesHtml(sources),
        author: r.author_name ? [{ name: r.author_name, link: r.author_id ? `${base()}/authors/${r.author_id}` : undefined }] : undefined,
        category: (tags.get(r.id) ?? []).map((t) => ({ name: t.name, term: t.tag, domain: `${base()}/tags/${t.tag}` })),
        image: r.featured_image_url ?? undefined,
      });
    }
    return feed;
  }

  app.get('/feed.xml', async (_request, reply) => {
    const feed = await buildFeed();
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(feed.rss2());
  });

  app.get('/atom.xml', async (_request, reply) => {
    const feed = await buildFeed();
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(feed.atom1());
  });

  const TagParams = { params: Type.Object({ tag: Type.String({ maxLength: 100 }) }) };
  const tagOr404 = (tag: string) => findTag(ctx.db, tag);
  app.get('/tags/:tag/feed.xml', { schema: TagParams }, async (request, reply) => {
    const tag = await tagOr404(request.params.tag);
    if (!tag) return reply.callNotFound();
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send((await buildFeed(tag)).rss2());
  });
  app.get('/tags/:tag/atom.xml', { schema: TagParams }, async (request, reply) => {
    const tag = await tagOr404(request.params.tag);
    if (!tag) return reply.callNotFound();
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send((await buildFeed(tag)).atom1());
  });

  app.get('/sitemap.xml', async (_request, reply) => {
    const now = ctx.clock.now();
    const [posts, tags, authors] = await Promise.all([
      sitemapEntries(ctx.db, now),
      liveTags(ctx.db, now),
      liveAuthors(ctx.db, now),
    ]);
    const url = (loc: string, lastmod?: string) => `<url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
    const body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      url(`${base()}/`, posts[0]?.published_at ?? undefined),
      ...posts.map((p) => url(`${base()}/posts/${p.slug}`, p.updated_at > p.published_at ? p.updated_at : p.published_at)),
      ...tags.map((t) => url(`${base()}/tags/${t.tag}`)),
      ...authors.map((a) => url(`${base()}/authors/${a.author_id}`)),
      '</urlset>',
    ].join('\n');
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(body);
  });

  app.get('/robots.txt', async (_request, reply) => reply.type('text/plain').send(`User-agent: *\nDisallow: /admin/\nDisallow: /api/\nSitemap: ${base()}/sitemap.xml\n`));

  // Old addresses (imported WordPress permalinks, renamed slugs): any GET no route claims is looked up in redirects.
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let to = await findRedirect(ctx.db, path);
    if (!to) {
      try {
        const decoded = decodeURIComponent(path);
        if (decoded !== path) to = await findRedirect(ctx.db, decoded);
      } catch {
        /* not percent-encoded text */
      }
    }
    if (to) return reply.redirect(to + (to.includes('?') ? '' : query), 301);
    return reply.callNotFound();
  });

  // The editors' pages.
  app.get('/admin/posts', async (request, reply) => {
    if (!request.user) return reply.redirect('/login?next=/admin/posts');
    if (!can(request.user.roles, 'publish')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only editors can manage posts.</p>, 403);
    const rows = await recentlyEditedPosts(ctx.db, 200);
    return sendPage(ctx, request, reply, { title: 'Posts' }, <PostsAdminPage rows={rows} now={ctx.clock.now().toISOString()} />);
  });

  // What a post will look like on the site, for editors, whatever its state.
  app.get('/admin/posts/:id/preview', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params;
    if (!request.user) return reply.redirect(`/login?next=/admin/posts/${encodeURIComponent(id)}/preview`);
    if (!can(request.user.roles, 'publish')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only editors can preview posts.</p>, 403);
    const row = await findPostById(ctx.db, id);
    if (!row) return sendPage(ctx, request, reply, { title: 'Not found' }, <p>That post does not exist.</p>, 404);
    const post = await toEditorPost(ctx.db, row, ctx.clock.now());
    return sendPage(
      ctx, request, reply,
      { title: `Preview: ${post.title}`, head: <meta name="robots" content="noindex" /> },
      <>
        <p class="notice" role="note">
          Preview of a {post.status} post{post.status === 'scheduled' && post.publishedAt ? `, due on ${formatDay(post.publishedAt)}` : ''}. <a href={`/admin/posts/${post.id}`}>Back to the editor</a>
        </p>
        <PostArticle
          post={{
            slug: post.slug, title: post.title, standfirst: post.standfirst, bodyHtml: post.bodyHtml, publishedAt: post.publishedAt ?? ctx.clock.now().toISOString(),
            authorName: post.author?.displayName ?? null, authorId: post.author?.id ?? null, sources: post.sources, tags: post.tags, featuredImage: post.featuredImage,
          }}
        />
      </>,
    );
  });

  app.get('/admin/posts/:id', { schema: { params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request, reply) => {
    const { id } = request.params;
    if (!request.user) return reply.redirect(`/login?next=/admin/posts/${encodeURIComponent(id)}`);
    if (!can(request.user.roles, 'publish')) return sendPage(ctx, request, reply, { title: 'Not allowed' }, <p>Only editors can edit posts.</p>, 403);
    const row = id === 'new' ? null : await findPostById(ctx.db, id);
    if (id !== 'new' && !row) return sendPage(ctx, request, reply, { title: 'Not found' }, <p>That post does not exist.</p>, 404);
    const post = row ? await toEditorPost(ctx.db, row, ctx.clock.now()) : null;
    return sendPage(ctx, request, reply, { title: post ? `Edit: ${post.title}` : 'New post', head: <script src="/assets/editor.js" defer /> }, <EditorPage post={post} />);
  });
}
