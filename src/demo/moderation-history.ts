/* The demo's moderation history over the last few days, made by the code paths a live site uses:
   comments through the automated pipeline (published, held or refused, each audited as the comment
   route does), community flags, and the moderator's decisions with their strike, warning and
   statement of reasons. Each step runs on a clock set to its own time, so the queues, the dashboard's
   charts, the audit log and the settings dry run all have something to show. */

import type { AppContext } from '../server/context';
import { loadSessionUser } from '../server/plugins/session';
import { createComment } from '../server/services/comments/create';
import { approveComment } from '../server/services/comments/approve';
import { removeComment } from '../server/services/comments/remove';
import { flagComment } from '../server/services/comments/flag';
import type { Actor, RemovalReason } from '../moderation/actions';
import type { FlagReason } from '../domain/flags';
import { HOUR } from '../domain/clock';
import { demoPost, firstCommentBy } from '../store/demo';
import { DomainError, notFoundError } from '../domain/errors';

type Step = { hoursAgo: number } & (
  | {
      /** a new comment by a demo user (key), on a post (slug), optionally replying to the first comment there by another user (key) */
      by: string;
      post: string;
      replyTo?: string;
      text: string;
      /** names the stored comment for later steps */
      as?: string;
    }
  | { flag: string; by: string; reason: FlagReason; note?: string }
  | { approve: string; note: string }
  | { remove: string; reason: RemovalReason; note: string }
);

/* Dan argues by insulting people; Sam is a new supporter whose first comments carry links. What the
   pipeline makes of each comment is pinned by test/api/demo-seed.test.ts. */
export const MODERATION_HISTORY: Step[] = [
  // Refused by the pipeline: an insult aimed at the reader above the reject threshold, then a listed (mild) word.
  { hoursAgo: 118, by: 'dan', post: 'energy-bills-standing-charges', replyTo: 'james', text: 'You are a pathetic idiot if you believe this, James.' },
  { hoursAgo: 117.9, by: 'dan', post: 'energy-bills-standing-charges', text: 'The regulator has sat on its arse for years while the standing charge doubled.' },
  // Published, but readers see a personal attack: three flags hide it, and the moderator removes it (Dan's first strike: a warning).
  { hoursAgo: 64, by: 'dan', post: 'school-building-survey', replyTo: 'maria', text: 'Nobody asked, Maria. Honestly, nobody ever does.', as: 'forum' },
  { hoursAgo: 63, flag: 'forum', by: 'maria', reason: 'abuse' },
  { hoursAgo: 62.5, flag: 'forum', by: 'priya', reason: 'abuse', note: 'A personal attack, not an argument.' },
  { hoursAgo: 61, flag: 'forum', by: 'tom', reason: 'abuse' },
  { hoursAgo: 58, remove: 'forum', reason: 'abuse', note: 'Personal attack on another reader.' },
  // A new supporter's first comment with a link is held; the moderator checks the link and approves it.
  { hoursAgo: 40, by: 'sam', post: 'rail-timetable-reliability', text: 'The regulator publishes punctuality by operator, so the claim is easy to check: https://dataportal.orr.gov.uk/', as: 'orr' },
  { hoursAgo: 37, approve: 'orr', note: 'Useful source; link checked.' },
  { hoursAgo: 30, by: 'dan', post: 'rail-timetable-reliability', replyTo: 'priya', text: 'You must be an idiot to believe the timetable is anything but a con.' },
  // Waiting for the moderator: clean-worded insults between the hold and reject thresholds, a flagged reply, and Sam's second link.
  { hoursAgo: 18, by: 'dan', post: 'water-company-fines-rarely-paid', replyTo: 'tom', text: 'Tom, that is rubbish as usual. Typical.' },
  { hoursAgo: 9, by: 'dan', post: 'water-company-fines-rarely-paid', replyTo: 'maria', text: 'People like you are the reason nothing ever gets fixed around here.', as: 'people-like-you' },
  { hoursAgo: 8, flag: 'people-like-you', by: 'maria', reason: 'abuse' },
  { hoursAgo: 6.5, flag: 'people-like-you', by: 'priya', reason: 'abuse', note: 'Second time this week he has gone for someone personally.' },
  { hoursAgo: 2, by: 'dan', post: 'councils-quietly-cut-library-hours', replyTo: 'priya', text: 'Shut up and read the survey before commenting.' },
  { hoursAgo: 1, by: 'sam', post: 'councils-quietly-cut-library-hours', text: 'CIPFA publishes library opening hours for every authority each year: https://www.cipfa.org/ and the survey totals match their tables.' },
];

/** Plays MODERATION_HISTORY on the demo site; `users` maps demo user keys to ids. */
export async function seedModerationHistory(ctx: AppContext, users: ReadonlyMap<string, string>): Promise<void> {
  const base = ctx.clock.now().getTime();
  const userId = (key: string): string => {
    const id = users.get(key);
    if (id === undefined) throw new Error(`no demo user ${key}`);
    return id;
  };
  const moderator: Actor = { id: userId('moderator'), roles: ['moderator'] };
  const named = new Map<string, string>();
  const comment = (key: string) => {
    const id = named.get(key);
    if (!id) throw notFoundError(`The demo comment "${key}"`);
    return id;
  };
  for (const step of MODERATION_HISTORY) {
    const at: AppContext = { ...ctx, clock: { now: () => new Date(base - step.hoursAgo * HOUR) } };
    try {
      if ('text' in step) {
        const user = await loadSessionUser(at, userId(step.by));
        if (!user) throw new Error(`demo user ${step.by} cannot sign in`);
        const post = await demoPost(ctx.db, step.post);
        const parent = step.replyTo ? await firstCommentBy(ctx.db, post.id, userId(step.replyTo)) : null;
        // A refused attempt is part of the history too (the pipeline audits it, as for any comment).
        // Replies written days ago mail nobody now.
        const created = await createComment(at, user, { post, text: step.text, parentId: parent?.id, replyMail: false }).catch((err: unknown) => {
          if (err instanceof DomainError) return null;
          throw err;
        });
        if (created && step.as) named.set(step.as, created.comment.id);
      } else if ('flag' in step) {
        await flagComment(at, { id: userId(step.by) }, comment(step.flag), step.reason, step.note ?? null);
      } else if ('approve' in step) {
        await approveComment(at, moderator, comment(step.approve), step.note);
      } else {
        await removeComment(at, moderator, comment(step.remove), { reason: step.reason, note: step.note });
      }
    } catch (err) {
      // A step the pipeline's current verdicts make moot (flagging a comment it now holds, say) is skipped: the demo still starts.
      if (!(err instanceof DomainError)) throw err;
      ctx.log.warn({ step, code: err.code }, 'demo moderation step skipped');
    }
  }
}
