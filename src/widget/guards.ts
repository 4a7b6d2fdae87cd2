/* What the widget reads as JSON from the page and from live events, checked before it is used: the
   browser bundle carries these small guards rather than a schema library. */
import type { Sort, WComment, WidgetState } from './types';

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const SORTS: readonly unknown[] = ['oldest', 'newest', 'top'] satisfies Sort[];
const STATUSES: readonly unknown[] = ['published', 'pending', 'removed'] satisfies Array<WComment['status']>;

/** A comment as the API shapes it (docs/API.md), replies included; the page's embedded state leaves
    out the fields that are empty or implied (see web/discussion.tsx), so those are checked only when there. */
export function isComment(v: unknown): v is WComment {
  const optional = (x: unknown) => x === undefined || isStringOrNull(x);
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    optional(v.postId) &&
    optional(v.parentId) &&
    (v.author === null || (isObject(v.author) && typeof v.author.id === 'string' && typeof v.author.displayName === 'string')) &&
    typeof v.bodyHtml === 'string' &&
    typeof v.createdAt === 'string' &&
    optional(v.editedAt) &&
    STATUSES.includes(v.status) &&
    optional(v.removedReason) &&
    typeof v.likes === 'number' &&
    (v.replies === undefined || (Array.isArray(v.replies) && v.replies.every(isComment)))
  );
}

/** The state a server-rendered discussion embeds in its page. */
export function isWidgetState(v: unknown): v is WidgetState {
  return (
    isObject(v) &&
    isObject(v.post) &&
    typeof v.post.id === 'string' &&
    typeof v.post.slug === 'string' &&
    (v.viewer === null || (isObject(v.viewer) && typeof v.viewer.id === 'string')) &&
    typeof v.csrfToken === 'string' &&
    Array.isArray(v.comments) &&
    v.comments.every(isComment) &&
    isStringOrNull(v.nextCursor) &&
    typeof v.total === 'number' &&
    SORTS.includes(v.sort) &&
    typeof v.now === 'string' &&
    typeof v.base === 'string' &&
    typeof v.embed === 'boolean'
  );
}

/** A live comment event's data: the comment, or {comment}. Undefined for anything else. */
export function liveComment(data: string): WComment | undefined {
  const v: unknown = JSON.parse(data);
  if (isComment(v)) return v;
  return isObject(v) && isComment(v.comment) ? v.comment : undefined;
}

/** The id an `item.resolved` moderation event names (a comment, a user or an appeal). */
export function resolvedItemId(data: string): string | undefined {
  const v: unknown = JSON.parse(data);
  if (!isObject(v)) return undefined;
  const id = v.commentId ?? v.userId ?? v.appealId;
  return typeof id === 'string' ? id : undefined;
}
