import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, Database } from './schema';
import { newId } from './ids';
import type { AuditAction } from '../domain/audit-actions';
import type { AuditSubjects } from '../domain/audit-sentence';
import { DomainError } from '../domain/errors';
import { decodeCursor, encodeCursor } from './cursor';
import { Type } from '@sinclair/typebox';
import { jsonReader } from '../domain/json';

export interface AuditEntry {
  actorId: string | null; // null: Parley itself (automated decisions)
  action: AuditAction;
  targetKind: string;
  targetId: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Append one entry to the audit log. The log is never updated or deleted from. */
export async function audit(db: Kysely<Database>, entry: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(at.getTime()),
      at: at.toISOString(),
      actor_id: entry.actorId,
      action: entry.action,
      target_kind: entry.targetKind,
      target_id: entry.targetId,
      reason: entry.reason ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

/** Who and what audit entries name, for describing them (domain/audit-sentence.ts): display names
    of users (null once the account is deleted), and of comments their author, text and post. */
export async function auditSubjects(db: Kysely<Database>, ids: { users: string[]; comments: string[] }): Promise<AuditSubjects> {
  const comments = ids.comments.length
    ? await db
        .selectFrom('comments')
        .leftJoin('posts', 'posts.id', 'comments.post_id')
        .select(['comments.id', 'comments.author_id', 'comments.body', 'posts.slug'])
        .where('comments.id', 'in', [...new Set(ids.comments)])
        .execute()
    : [];
  const userIds = [...new Set([...ids.users, ...comments.map((c) => c.author_id).filter((x): x is string => !!x)])];
  const users = userIds.length ? await db.selectFrom('users').select(['id', 'display_name', 'deleted_at']).where('id', 'in', userIds).execute() : [];
  return {
    users: new Map(users.map((u) => [u.id, u.deleted_at ? null : u.display_name])),
    comments: new Map(comments.map((c) => [c.id, { authorId: c.author_id, body: c.body, postSlug: c.slug }])),
  };
}

/** A ban by association's entry names the banned account the user was linked to. */
const BAN_LINK = jsonReader(Type.Object({ linkedUserId: Type.String() }), 'ban by association entry');

/** For accounts banned by association: the banned account each was linked to (from that ban's entry). */
export async function banLinks(db: Kysely<Database>, userIds: string[]): Promise<Map<string, string>> {
  const entries = await db.selectFrom('audit_log').select(['target_id', 'after']).where('target_kind', '=', 'user').where('target_id', 'in', userIds).where('action', '=', 'user.banned_by_association').orderBy('id').execute();
  const link = new Map<string, string>();
  for (const e of entries) {
    // An entry without the link names nobody.
    const id = e.after === null ? undefined : BAN_LINK.tryParse(e.after)?.linkedUserId;
    if (e.target_id && id !== undefined) link.set(e.target_id, id);
  }
  return link;
}

export interface AuditQuery {
  cursor?: string;
  limit?: number;
  action?: string;
  actor?: string;
  target?: string;
}

/** A page of the audit log, newest first, filtered by action (or "prefix.*"), actor ("system" for Parley itself) or target. */
export async function listAudit(db: Kysely<Database>, q: AuditQuery) {
  const limit = q.limit ?? 100;
  let query = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id').selectAll('audit_log').select('users.display_name as actor_name');
  if (q.action) {
    // "sanction.*" (or "sanction.") is a prefix: a range on the text, so no LIKE escaping is needed.
    const prefix = q.action.endsWith('*') ? q.action.slice(0, -1) : q.action.endsWith('.') ? q.action : null;
    // The filter is free text, so it is compared with the column as text (an unknown action finds nothing).
    const action = sql.ref<string>('audit_log.action');
    query = prefix ? query.where(action, '>=', prefix).where(action, '<', prefix + '\uffff') : query.where(action, '=', q.action);
  }
  if (q.actor) query = q.actor === 'system' ? query.where('audit_log.actor_id', 'is', null) : query.where('audit_log.actor_id', '=', q.actor);
  if (q.target) query = query.where('audit_log.target_id', '=', q.target);
  if (q.cursor) {
    const c = decodeCursor(q.cursor, ['string']);
    if (!c) throw new DomainError('invalid', 'invalid_cursor', 'That page cursor is not valid.');
    query = query.where('audit_log.id', '<', c[0] as string);
  }
  const rows = await query.orderBy('audit_log.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const parse = (s: string | null) => {
    if (s === null) return null;
    try {
      const value: unknown = JSON.parse(s);
      return value;
    } catch {
      return s;
    }
  };
  const entries = page.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor_id ? { id: r.actor_id, displayName: r.actor_name } : null,
    action: r.action,
    targetKind: r.target_kind,
    targetId: r.target_id,
    reason: r.reason,
    before: parse(r.before),
    after: parse(r.after),
  }));
  const last = page[page.length - 1];
  return { entries, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

/** The latest audit entry about a comment among these actions. */
export async function latestCommentDecision(db: Kysely<Database>, commentId: string, actions: readonly AuditAction[]): Promise<Selectable<AuditLogTable> | undefined> {
  return db.selectFrom('audit_log').selectAll().where('target_kind', '=', 'comment').where('target_id', '=', commentId).where('action', 'in', actions).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Comments refused since `since` (their text is in `after`), newest first. */
export async function rejectedSince(db: Kysely<Database>, since: string, limit: number): Promise<Array<Pick<AuditLogTable, 'id' | 'after'>>> {
  return db.selectFrom('audit_log').select(['id', 'after']).where('action', '=', 'comment.rejected').where('at', '>=', since).orderBy('id', 'desc').limit(limit).execute();
}
