import type { Selectable } from 'kysely';
import type { MailOutboxTable } from './schema';
import type { Db } from './users';

/** The last 100 mails in the outbox, newest first, to one address or to anyone (for admins and tests). */
export async function recentMails(db: Db, to: string | null) {
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(100);
  if (to) q = q.where('to_address', '=', to);
  return q.execute();
}

export async function queueMail(db: Db, row: Selectable<MailOutboxTable>): Promise<void> {
  await db.insertInto('mail_outbox').values(row).execute();
}

export async function markMailSent(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ sent_at: at }).where('id', '=', id).execute();
}

export async function markMailFailed(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('mail_outbox').set({ error }).where('id', '=', id).execute();
}
