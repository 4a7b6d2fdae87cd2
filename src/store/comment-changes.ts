import type { Db } from './users';
import { idFloor } from './ids';
import type { AuditAction } from '../domain/audit-actions';

/* What changed in a post's discussion since a moment: what a live reader who lost the stream
   needs to catch up. Comment ids are time-ordered, so new comments are an id range; edits carry
   edited_at; status changes (approvals, removals, deletions, holds) are in the audit log. */

/** Audit actions that change whether, or how, a comment shows in its thread. */
const VISIBILITY_ACTIONS: AuditAction[] = ['comment.approved', 'comment.removed', 'comment.deleted', 'comment.hidden_by_flags', 'comment.edit_held'];

export interface CommentChanges {
  /** Comments made since then, published now, oldest first. */
  created: string[];
  /** Published comments edited since then. */
  edited: string[];
  /** Comments whose status was changed since then (they may now be published, held or removed). */
  moved: string[];
}

/**
 * `editWindowMs`: comments are edited only this long after they are made, so the edited ones are
 * among the comments made since `sinceMs - editWindowMs` (a range of the primary key, not a scan of
 * the post's whole thread).
 */
export async function commentChangesSince(db: Db, postId: string, sinceMs: number, limit: number, editWindowMs: number): Promise<CommentChanges> {
  const since = new Date(sinceMs).toISOString();
  const [created, edited, moved] = await Promise.all([
    db
      .selectFrom('comments')
      .select('id')
      .where('id', '>=', idFloor(sinceMs))
      .where('post_id', '=', postId)
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(limit)
      .execute(),
    db
      .selectFrom('comments')
      .select('id')
      .where('id', '>=', idFloor(sinceMs - editWindowMs))
      .where('post_id', '=', postId)
      .where('edited_at', '>=', since)
      .where('status', '=', 'published')
      .limit(limit)
      .execute(),
    db
      .selectFrom('audit_log')
      .innerJoin('comments', 'comments.id', 'audit_log.target_id')
      .select('comments.id')
      .distinct()
      // Audit ids are time-ordered too: (action, id) is an index, so each action reads only its recent entries.
      .where('audit_log.action', 'in', VISIBILITY_ACTIONS)
      .where('audit_log.id', '>=', idFloor(sinceMs))
      .where('comments.post_id', '=', postId)
      .limit(limit)
      .execute(),
  ]);
  return { created: created.map((r) => r.id), edited: edited.map((r) => r.id), moved: moved.map((r) => r.id) };
}
