/* The data the comments widget works with: the docs/API.md `comment` and `user` shapes, plus what the
   server knows about the page (post, viewer, first page, CSRF token) at render time. Shared by the
   server renderer and the browser bundle, so it must stay free of Node imports. */

export type Sort = 'oldest' | 'newest' | 'top';
export const SORTS: ReadonlyArray<{ value: Sort; label: string }> = [
  { value: 'oldest', label: 'Oldest' },
  { value: 'newest', label: 'Newest' },
  { value: 'top', label: 'Most liked' },
];

export interface CommentAuthor {
  id: string;
  displayName: string;
  supporter: boolean;
  /** Set on comments by staff: the badge that tells them from look-alike names. */
  staff?: 'admin' | 'editor' | 'moderator';
}

export interface WComment {
  id: string;
  postId: string;
  parentId: string | null;
  author: CommentAuthor | null;
  bodyHtml: string;
  /** The author's own text, when the API gives it (used to pre-fill the edit box). */
  body?: string;
  createdAt: string;
  editedAt: string | null;
  status: 'published' | 'pending' | 'removed';
  removedReason: string | null;
  likes: number;
  /** Whether the viewer likes it (when the API says so; the widget keeps it after a like/unlike). */
  liked?: boolean;
  likedByViewer?: boolean;
  replies?: WComment[];
  replyCount?: number;
  /** Client side only, on top-level comments: replies not loaded yet (after the id of the last one loaded). */
  moreReplies?: { after: string; count: number };
  /** Replies deeper than the nesting shown carry who they answer. */
  inReplyTo?: { id: string; displayName: string | null } | null;
}

export interface Viewer {
  id: string;
  displayName: string;
  roles: string[];
  supporter: { active: boolean; until: string | null };
  sanction: { state: 'none' | 'warned' | 'suspended' | 'banned'; until: string | null; reason: string | null };
  emailConfirmed: boolean;
}

export interface WidgetPost {
  id: string;
  slug: string;
  title: string;
  discussion: string;
  discussionClosesAt: string | null;
  commentCount: number;
}

export interface WidgetState {
  post: WidgetPost;
  viewer: Viewer | null;
  csrfToken: string;
  comments: WComment[];
  nextCursor: string | null;
  total: number;
  sort: Sort;
  /** Minutes after posting during which the author may edit. */
  editWindowMinutes: number;
  /** Server time of the render: relative times match between the server HTML and hydration. */
  now: string;
  /** Parley's origin for links out of an embed ('' on Parley's own pages). */
  base: string;
  embed: boolean;
  /** In an embed: the sites allowed to frame it, the only ones whose SSO token the frame accepts. */
  embedOrigins?: string[];
  /** In an embed: the host page around the frame (from the loader), where signing in returns to. */
  hostUrl?: string;
  /** Set in the JSON embedded in server-rendered pages: bodies are left out there and read from the HTML. */
  bodiesInDom?: boolean;
}

/** Nesting shown: top level is depth 0, replies indent up to this depth; deeper ones carry inReplyTo. */
export const MAX_DEPTH = 3;

export const FLAG_REASONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'abuse', label: 'Abuse or harassment' },
  { value: 'profanity', label: 'Profanity' },
  { value: 'spam', label: 'Spam' },
  { value: 'off_topic', label: 'Off topic' },
  { value: 'other', label: 'Something else' },
];

/** What a moderator may remove a comment for (the API's removal reasons); the first two count a strike unless the moderator says otherwise. */
export const REMOVAL_REASONS: ReadonlyArray<{ value: string; label: string; strike: boolean }> = [
  { value: 'profanity', label: 'Profanity', strike: true },
  { value: 'abuse', label: 'Abuse', strike: true },
  { value: 'spam', label: 'Spam', strike: false },
  { value: 'off_topic', label: 'Off topic', strike: false },
  { value: 'other', label: 'Breaking the discussion rules', strike: false },
];
