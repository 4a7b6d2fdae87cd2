import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { newId } from './ids';

export interface AuditEntry {
  actorId: string | null; // null: Parley itself (automated decisions)
  action: string; // e.g. comment.removed, user.banned, supporter.granted
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
