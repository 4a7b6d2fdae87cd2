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

/** What the moderation dashboard draws since `from` (a date): comments, decisions, and the posts most flagged. */
export async function moderationActivity(db: Db, from: string) {
  return Promise.all([
    db.selectFrom('comments').select(['id', 'created_at', 'status', 'removed_reason']).where('created_at', '>=', from).limit(200_000).execute(),
    db
      .selectFrom('audit_log')
      .select(['at', 'action', 'actor_id', 'reason', 'target_id', 'before'])
      .where('at', '>=', from)
      .where('action', 'in', ['comment.rejected', 'comment.held', 'comment.approved', 'comment.removed', 'comment.hidden_by_flags'])
      .limit(200_000)
      .execute(),
    db
      .selectFrom('flags')
      .innerJoin('comments', 'comments.id', 'flags.comment_id')
      .innerJoin('posts', 'posts.id', 'comments.post_id')
      .select(['posts.slug', 'posts.title', (eb) => eb.fn.countAll<number>().as('n')])
      .where('flags.created_at', '>=', from)
      .groupBy(['posts.slug', 'posts.title'])
      .orderBy('n', 'desc')
      .limit(10)
      .execute(),
  ]);
}
