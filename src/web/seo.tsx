import type { Source } from '../domain/posts';

/* Metadata for search engines and link previews: Open Graph, JSON-LD NewsArticle, feed links. */

/** JSON for a <script type="application/ld+json">: "<" escaped so that no string can close the script. */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />;
}

export interface ArticleMeta {
  url: string;
  title: string;
  description: string;
  publishedAt: string;
  updatedAt: string;
  authorName: string | null;
  authorUrl: string | null;
  tags: string[];
  sources: Source[];
  image: { url: string; alt: string } | null;
  siteName: string;
  siteUrl: string;
  commentCount: number;
}

export function newsArticle(a: ArticleMeta): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': a.url },
    url: a.url,
    headline: a.title.slice(0, 110),
    description: a.description || undefined,
    datePublished: a.publishedAt,
    dateModified: a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt,
    author: a.authorName ? [{ '@type': 'Person', name: a.authorName, url: a.authorUrl ?? undefined }] : undefined,
    publisher: { '@type': 'Organization', name: a.siteName, url: a.siteUrl, logo: { '@type': 'ImageObject', url: `${a.siteUrl}/assets/favicon.svg` } },
    image: a.image ? [a.image.url] : undefined,
    keywords: a.tags.length ? a.tags.join(', ') : undefined,
    commentCount: a.commentCount,
    citation: a.sources.map((s) => ({
      '@type': 'CreativeWork',
      name: s.title ?? s.outlet,
      url: s.url,
      publisher: { '@type': 'Organization', name: s.outlet },
    })),
  };
}

export function ArticleHead({ a }: { a: ArticleMeta }) {
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={a.siteName} />
      <meta property="og:title" content={a.title} />
      {a.description && <meta property="og:description" content={a.description} />}
      <meta property="og:url" content={a.url} />
      {a.image && <meta property="og:image" content={a.image.url} />}
      {a.image && <meta property="og:image:alt" content={a.image.alt} />}
      <meta property="article:published_time" content={a.publishedAt} />
      <meta property="article:modified_time" content={a.updatedAt} />
      {a.tags.map((t) => <meta property="article:tag" content={t} />)}
      <meta name="twitter:card" content={a.image ? 'summary_large_image' : 'summary'} />
      <FeedLinks siteName={a.siteName} />
      <JsonLd data={newsArticle(a)} />
    </>
  );
}

export function FeedLinks({ siteName }: { siteName: string }) {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={`${siteName} (RSS)`} href="/feed.xml" />
      <link rel="alternate" type="application/atom+xml" title={`${siteName} (Atom)`} href="/atom.xml" />
    </>
  );
}

export function WebsiteHead({ siteName, siteUrl, description }: { siteName: string; siteUrl: string; description: string }) {
  return (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={siteName} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={`${siteUrl}/`} />
      <FeedLinks siteName={siteName} />
      <JsonLd
        data={{
          '@context': 'https://schema.org',
          '@type': 'WebSite',
          name: siteName,
          url: `${siteUrl}/`,
          potentialAction: { '@type': 'SearchAction', target: `${siteUrl}/search?q={q}`, 'query-input': 'required name=q' },
        }}
      />
    </>
  );
}
