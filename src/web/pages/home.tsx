export interface HomePost {
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  authorName: string | null;
  commentCount: number;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function HomePage({ posts, nextCursor }: { posts: HomePost[]; nextCursor: string | null }) {
  return (
    <>
      <h1 class="visually-hidden">Latest</h1>
      <ul class="post-list">
        {posts.map((p) => (
          <li key={p.slug}>
            <h2><a href={`/posts/${p.slug}`}>{p.title}</a></h2>
            {p.standfirst && <p class="standfirst">{p.standfirst}</p>}
            <p class="meta">
              {p.authorName && <>{p.authorName} · </>}
              <time dateTime={p.publishedAt}>{formatDate(p.publishedAt)}</time> ·{' '}
              <a href={`/posts/${p.slug}#comments`}>{p.commentCount === 1 ? '1 comment' : `${p.commentCount} comments`}</a>
            </p>
          </li>
        ))}
      </ul>
      {posts.length === 0 && <p>Nothing published yet.</p>}
      {nextCursor && <p><a class="button secondary" href={`/?cursor=${encodeURIComponent(nextCursor)}`}>Older posts</a></p>}
    </>
  );
}
