import { sql, type NotNull } from 'kysely';
import type { Db } from './users';
import { idFloor } from './ids';

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

const HOLDS = ['comment.held', 'comment.hidden_by_flags'] as const;
const DECISIONS = ['comment.approved', 'comment.removed'] as const;
const CHUNK = 500;

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/**
 * What the moderation dashboard draws since `from` (a date), counted by the database: comments per
 * day and status (comments_created_status, the index alone), the audit's reasons and rejections per
 * day (ranges of audit_log_action: audit ids are made from the entry's time), the moderators'
 * decisions on waiting comments with when each comment was held (or written), and the ten posts
 * most flagged (flags_created_comment). Nothing grows with the window but the decisions, which
 * people make one at a time.
 */
export async function moderationActivity(db: Db, from: string) {
  const floor = idFloor(Date.parse(`${from}T00:00:00Z`));
  const day = (column: 'created_at' | 'at') => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
  const [perDay, rejectedPerDay, reasons, decisions, flagged] = await Promise.all([
    db.selectFrom('comments').select([day('created_at').as('day'), 'status', (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', from).groupBy([day('created_at'), 'status']).execute(),
    db.selectFrom('audit_log').select([day('at').as('day'), (eb) => eb.fn.countAll<number>().as('n')]).where('action', '=', 'comment.rejected').where('id', '>=', floor).where('at', '>=', from).groupBy(day('at')).execute(),
    db
      .selectFrom('audit_log')
      .select(['action', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
      .where('action', 'in', [...HOLDS, 'comment.rejected', 'comment.removed'])
      .where('id', '>=', floor)
      .where('at', '>=', from)
      .groupBy(['action', 'reason'])
      .execute(),
    db.selectFrom('audit_log').select(['at', 'target_id', 'before']).where('action', 'in', [...DECISIONS]).where('id', '>=', floor).where('at', '>=', from).where('actor_id', 'is not', null).where('target_id', 'is not', null).$narrowType<{ target_id: NotNull }>().execute(),
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('flags')
          .innerJoin('comments', 'comments.id', 'flags.comment_id')
          .select(['comments.post_id', (e) => e.fn.countAll<number>().as('n')])
          .where('flags.created_at', '>=', from)
          .groupBy('comments.post_id')
          .orderBy('n', 'desc')
          .limit(10)
          .as('f'),
      )
      .innerJoin('posts', 'posts.id', 'f.post_id')
      .select(['posts.slug', 'posts.title', 'f.n'])
      .orderBy('f.n', 'desc')
      .execute(),
  ]);
  // When each decided comment began to wait: its holds in the window, else its creation in the window.
  const decided = [...new Set(decisions.map((d) => d.target_id))];
  const holds: Array<{ target_id: string; at: string }> = [];
  const created: Array<{ id: string; created_at: string }> = [];
  for (const ids of chunks(decided)) {
    const [h, c] = await Promise.all([
      db.selectFrom('audit_log').select(['target_id', 'at']).where('target_kind', '=', 'comment').where('target_id', 'in', ids).where('action', 'in', [...HOLDS]).where('at', '>=', from).$narrowType<{ target_id: NotNull }>().execute(),
      db.selectFrom('comments').select(['id', 'created_at']).where('id', 'in', ids).where('created_at', '>=', from).execute(),
    ]);
    holds.push(...h);
    created.push(...c);
  }
  const n = (v: unknown) => Number(v ?? 0); // PostgreSQL returns count(*) as a bigint string
  return {
    perDay: perDay.map((r) => ({ day: r.day, status: r.status, n: n(r.n) })),
    rejectedPerDay: rejectedPerDay.map((r) => ({ day: r.day, n: n(r.n) })),
    reasons: reasons.map((r) => ({ action: r.action, reason: r.reason, n: n(r.n) })),
    decisions: decisions.map((d) => ({ at: d.at, targetId: d.target_id, before: d.before })),
    holds: holds.map((h) => ({ targetId: h.target_id, at: h.at })),
    created: created.map((c) => ({ id: c.id, createdAt: c.created_at })),
    topFlagged: flagged.map((f) => ({ slug: f.slug, title: f.title, n: n(f.n) })),
  };
}
