import type { Db } from './users';

/** The last 100 mails in the outbox, newest first, to one address or to anyone (for admins and tests). */
export async function recentMails(db: Db, to: string | null) {
  let q = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(100);
  if (to) q = q.where('to_address', '=', to);
  return q.execute();
}
