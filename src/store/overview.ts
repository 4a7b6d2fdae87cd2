import type { Db } from './users';

/* The figures on the /admin page: where the staff's attention is needed, across aggregates. */

async function count(q: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }): Promise<number> {
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

export async function adminOverview(db: Db, at: Date) {
  const now = at.toISOString();
  const [held, appeals, review, supporters, drafts, scheduled, failedMail] = await Promise.all([
    count(db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending')),
    count(db.selectFrom('appeals').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open')),
    count(db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('review_state', 'is not', null)),
    count(db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('supporter_until', '>', now)),
    count(db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'draft')),
    count(db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'scheduled').where('published_at', '>', now)),
    count(db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('error', 'is not', null)),
  ]);
  return { held, appeals, review, supporters, drafts, scheduled, failedMail };
}
