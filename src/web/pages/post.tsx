import { formatDate } from './home';

export interface Source {
  outlet: string;
  title?: string;
  url: string;
  phrase?: string; // how the site words the citation, e.g. "has more" or "Worth reading in full."
}

export interface PostView {
  slug: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
  publishedAt: string;
  authorName: string | null;
  sources: Source[];
  tags: Array<{ tag: string; name: string }>;
}

/** "The Times has more." / "Worth reading in full: Title (Outlet)". */
export function SourceLine({ s }: { s: Source }) {
  const phrase = s.phrase ?? 'has more.';
  if (/^[A-Z]/.test(phrase)) {
    return <p>{phrase.replace(/[.:]?$/, ':')} <a href={s.url} rel="noopener">{s.title ?? s.outlet}</a>{s.title ? ` (${s.outlet})` : ''}.</p>;
  }
  return <p><a href={s.url} rel="noopener">{s.outlet}</a> {phrase}{s.title ? <> — <cite>{s.title}</cite></> : null}</p>;
}

export function PostArticle({ post }: { post: PostView }) {
  return (
    <article>
      <h1>{post.title}</h1>
      {post.standfirst && <p class="standfirst">{post.standfirst}</p>}
      <p class="meta">
        {post.authorName && <>{post.authorName} · </>}
        <time dateTime={post.publishedAt}>{formatDate(post.publishedAt)}</time>
        {post.tags.length > 0 && <> · {post.tags.map((t, i) => <>{i > 0 && ', '}<a href={`/tags/${t.tag}`}>{t.name}</a></>)}</>}
      </p>
      <div class="post-body" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
      {post.sources.length > 0 && (
        <aside class="sources" aria-label="Sources">
          {post.sources.map((s) => <SourceLine s={s} />)}
        </aside>
      )}
    </article>
  );
}
