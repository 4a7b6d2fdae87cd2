/* Pure rules about posts: slugs, tags, cited sources, publication state and discussion closing. */

import { Type } from '@sinclair/typebox';
import { jsonReader, type JsonReader } from './json';

export type PostStatus = 'draft' | 'scheduled' | 'published';
export type DiscussionState = 'open' | 'closed';

export interface Source {
  outlet: string;
  title?: string;
  url: string;
  /** How the site words the citation: "has more." (after the outlet) or "Worth reading in full." (before the title). */
  phrase?: string;
}

/** A post's `sources` column: the JSON array of its cited sources. */
export const POST_SOURCES = jsonReader(
  Type.Array(Type.Object({ outlet: Type.String(), title: Type.Optional(Type.String()), url: Type.String(), phrase: Type.Optional(Type.String()) })),
  'post sources',
) satisfies JsonReader<Source[]>;

export function slugify(text: string, maxLength = 80): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return s || 'post';
}

/** Tag names as typed by editors → unique {tag (slug), name}. */
export function normalizeTags(names: readonly string[]): Array<{ tag: string; name: string }> {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (!name) continue;
    const tag = slugify(name, 60);
    if (!seen.has(tag)) seen.set(tag, name);
  }
  return [...seen].map(([tag, name]) => ({ tag, name }));
}

/** A source's citation as one line of text, the way the site writes them. */
export function sourceSentence(s: Source): string {
  const phrase = (s.phrase ?? '').trim() || 'has more.';
  if (/^[A-Z]/.test(phrase)) return `${phrase.replace(/[.:]?$/, ':')} ${s.title ?? s.outlet}${s.title ? ` (${s.outlet})` : ''}.`;
  return `${s.outlet} ${phrase}${/[.!?]$/.test(phrase) ? '' : '.'}`;
}

/** Visible to the public: published or scheduled, and its time has come. Scheduled posts go live by the clock, not by a job. */
export function isLive(post: { status: string; published_at: string | null }, now: Date): boolean {
  return (post.status === 'published' || post.status === 'scheduled') && post.published_at !== null && post.published_at <= now.toISOString();
}

/** What an editor sees: a scheduled post whose time has passed is published. */
export function effectiveStatus(post: { status: string; published_at: string | null }, now: Date): PostStatus {
  if (post.status === 'scheduled' && isLive(post, now)) return 'published';
  return post.status as PostStatus;
}

/**
 * The status and publication time an editor's request leads to.
 * 'published' with a future time becomes 'scheduled'; 'scheduled' needs a future time.
 */
export function resolvePublication(
  requested: PostStatus,
  requestedAt: string | null | undefined,
  current: { status: string; published_at: string | null } | null,
  now: Date,
): { status: PostStatus; publishedAt: string | null } | { error: string } {
  const nowIso = now.toISOString();
  if (requested === 'draft') return { status: 'draft', publishedAt: requestedAt ?? current?.published_at ?? null };
  if (requested === 'scheduled') {
    if (!requestedAt) return { error: 'A scheduled post needs a publication time.' };
    if (requestedAt <= nowIso) return { error: 'The scheduled time has already passed; publish now instead.' };
    return { status: 'scheduled', publishedAt: requestedAt };
  }
  const at = requestedAt ?? (current && isLive(current, now) ? current.published_at : null) ?? nowIso;
  return at > nowIso ? { status: 'scheduled', publishedAt: at } : { status: 'published', publishedAt: at };
}

/** When the discussion of a post closes by itself: N days after publication (site setting), unless set by hand. */
export function autoCloseAt(publishedAt: string | null, autoCloseDays: number | null | undefined): string | null {
  if (!publishedAt || !autoCloseDays || autoCloseDays <= 0) return null;
  return new Date(new Date(publishedAt).getTime() + autoCloseDays * 86_400_000).toISOString();
}

/** Plain text of Markdown, for descriptions and feed summaries. */
export function plainExcerpt(markdown: string, max = 200): string {
  const text = markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>#]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+\S*$/, '') + '…';
}
