import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../server/context';
import type { PostsTable } from '../store/schema';

/**
 * The discussion section under a post on Parley's own pages. The post page calls this and puts the
 * result under the article; the discussion work owns what it renders (server-rendered thread,
 * then the widget hydrates it).
 */
export async function discussionSection(ctx: AppContext, request: FastifyRequest, post: PostsTable) {
  const rows = await ctx.db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select(['comments.id', 'comments.parent_id', 'comments.depth', 'comments.body_html', 'comments.created_at', 'comments.status', 'users.display_name'])
    .where('comments.post_id', '=', post.id)
    .where('comments.status', '=', 'published')
    .orderBy('comments.id')
    .limit(500)
    .execute();
  void request;
  return (
    <section id="comments" aria-label="Discussion">
      <h2>Discussion ({post.comment_count})</h2>
      <ol class="thread">
        {rows.map((c) => (
          <li style={{ marginLeft: `${Math.min(c.depth, 3) * 1.5}rem` }}>
            <p class="meta">{c.display_name ?? 'deleted user'}</p>
            <div dangerouslySetInnerHTML={{ __html: c.body_html }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
