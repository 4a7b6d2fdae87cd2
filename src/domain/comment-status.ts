/* A comment's status: published (readers see it), pending (held for review, by the pipeline or by
   flags), removed (by a moderator) or deleted (by its author). */
export const COMMENT_STATUSES = ['published', 'pending', 'removed', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
