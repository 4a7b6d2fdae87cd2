export interface HomePost {
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  authorName: string | null;
  authorId?: string | null;
  commentCount: number;
}

// One formatter for the process: toLocaleDateString builds a new one on every call, which is slow.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** A list of posts with standfirst, author, time and comment count; `more` links to the next page. */
export function PostList({ posts, more, headingLevel = 2 }: { posts: HomePost[]; more?: string | null; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      <ul class="post-list">
        {posts.map((p) => (
          <li key={p.slug}>
            <H><a href={`/posts/${p.slug}`}>{p.title}</a></H>
            {p.standfirst && <p class="standfirst">{p.standfirst}</p>}
            <p class="meta">
              {p.authorName && <>{p.authorId ? <a href={`/authors/${p.authorId}`}>{p.authorName}</a> : p.authorName} · </>}
              <time dateTime={p.publishedAt}>{formatDate(p.publishedAt)}</time> ·{' '}
              <a href={`/posts/${p.slug}#comments`}>{p.commentCount === 1 ? '1 comment' : `${p.commentCount} comments`}</a>
            </p>
          </li>
        ))}
      </ul>
      {more && <p><a class="button secondary" href={more}>Older posts</a></p>}
    </>
  );
}

export function HomePage({ posts, nextCursor }: { posts: HomePost[]; nextCursor: string | null }) {
  return (
    <>
      <h1 class="visually-hidden">Latest</h1>
      <PostList posts={posts} more={nextCursor ? `/?cursor=${encodeURIComponent(nextCursor)}` : null} />
      {posts.length === 0 && <p>Nothing published yet.</p>}
    </>
  );
}
