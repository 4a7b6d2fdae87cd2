import { formatDay } from '../../domain/dates';
export interface HomePost {
  slug: string;
  title: string;
  standfirst: string;
  publishedAt: string;
  authorName: string | null;
  authorId?: string | null;
  commentCount: number;
  image?: { url: string; alt: string } | null;
  tags?: Array<{ tag: string; name: string }>;
}

/** A post's tags as chips linking to their tag pages. */
export function TagChips({ tags }: { tags: Array<{ tag: string; name: string }> }) {
  if (!tags.length) return null;
  return (
    <ul class="chips" aria-label="Tags">
      {tags.map((t) => <li><a class="chip" href={`/tags/${t.tag}`} rel="tag">{t.name}</a></li>)}
    </ul>
  );
}

/**
 * Posts as cards: featured image, tag chips, title, standfirst, author, date and comment count.
 * The title's link covers the whole card (the chips and author link sit above it); the image is
 * decorative there, since the title says what the card is. `lead` gives the first card the width.
 */
export function PostList({ posts, more, headingLevel = 2, lead = false }: { posts: HomePost[]; more?: string | null; headingLevel?: 2 | 3; lead?: boolean }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      <ul class={`post-list cards${lead ? ' with-lead' : ''}`}>
        {posts.map((p) => (
          <li key={p.slug} class={`card${p.image ? ' has-image' : ''}`}>
            {p.image && (
              <div class="card-image">
                <img src={p.image.url} alt="" loading="lazy" decoding="async" width={1200} height={675} />
              </div>
            )}
            <div class="card-text">
              {p.tags && <TagChips tags={p.tags.slice(0, 3)} />}
              <H class="card-title"><a href={`/posts/${p.slug}`}>{p.title}</a></H>
              {p.standfirst && <p class="standfirst">{p.standfirst}</p>}
              <p class="meta">
                {p.authorName && <>{p.authorId ? <a href={`/authors/${p.authorId}`}>{p.authorName}</a> : p.authorName} · </>}
                <time dateTime={p.publishedAt}>{formatDay(p.publishedAt)}</time> ·{' '}
                <a href={`/posts/${p.slug}#comments`}>{p.commentCount === 1 ? '1 comment' : `${p.commentCount} comments`}</a>
              </p>
            </div>
          </li>
        ))}
      </ul>
      {more && <p class="more"><a class="button secondary" href={more}>Older posts</a></p>}
    </>
  );
}

export function HomePage({ posts, nextCursor, siteName, description, firstPage }: { posts: HomePost[]; nextCursor: string | null; siteName: string; description: string; firstPage: boolean }) {
  return (
    <div class="home">
      <section class="hero" aria-labelledby="site-title">
        <h1 id="site-title">{siteName}</h1>
        {description && <p class="hero-description">{description}</p>}
        <p class="hero-actions">
          <a class="button" href="/support">Support us</a>
          <a class="button secondary" href="/feed.xml">Follow by RSS</a>
        </p>
      </section>
      <h2 class="visually-hidden">Latest posts</h2>
      <PostList posts={posts} headingLevel={3} lead={firstPage} more={nextCursor ? `/?cursor=${encodeURIComponent(nextCursor)}` : null} />
      {posts.length === 0 && <p>Nothing published yet.</p>}
    </div>
  );
}
