import { TagChips } from './home';
import { formatDay } from '../../domain/dates';
import type { Source } from '../../domain/posts';

export type { Source };

export interface PostView {
  slug: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
  publishedAt: string;
  updatedAt?: string;
  authorName: string | null;
  authorId?: string | null;
  sources: Source[];
  tags: Array<{ tag: string; name: string }>;
  featuredImage?: { url: string; alt: string } | null;
  discussionNote?: string | null;
}

/** "The Times has more." / "Worth reading in full: Title (Outlet)." */
export function SourceLine({ s }: { s: Source }) {
  const phrase = (s.phrase ?? '').trim() || 'has more.';
  if (/^[A-Z]/.test(phrase)) {
    return <p>{phrase.replace(/[.:]?$/, ':')} <a href={s.url} rel="noopener">{s.title ?? s.outlet}</a>{s.title ? ` (${s.outlet})` : ''}.</p>;
  }
  return <p><a href={s.url} rel="noopener">{s.outlet}</a> {phrase}{/[.!?]$/.test(phrase) ? '' : '.'}{s.title ? <> — <cite>{s.title}</cite></> : null}</p>;
}

export function PostArticle({ post }: { post: PostView }) {
  return (
    <article class="post">
      <header class="post-head">
        <TagChips tags={post.tags} />
        <h1>{post.title}</h1>
        {post.standfirst && <p class="standfirst">{post.standfirst}</p>}
        <p class="meta byline">
          {post.authorName && <>By {post.authorId ? <a href={`/authors/${post.authorId}`} rel="author">{post.authorName}</a> : post.authorName} · </>}
          <time dateTime={post.publishedAt}>{formatDay(post.publishedAt)}</time>
        </p>
      </header>
      {post.featuredImage && (
        <figure class="featured">
          <img src={post.featuredImage.url} alt={post.featuredImage.alt} loading="eager" decoding="async" width={1200} height={675} />
        </figure>
      )}
      <div class="post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      {post.sources.length > 0 && (
        <aside class="sources" aria-label="Sources">
          {post.sources.map((s) => <SourceLine s={s} />)}
        </aside>
      )}
      {post.discussionNote && <p class="meta">{post.discussionNote}</p>}
    </article>
  );
}
