/* Who may do what in a discussion: the one place that decides it. Pure (no I/O): the routes, the
   moderation pipeline's gate phase and the flag route all call `gate` with what they already loaded.

   Reading is public (and so is donating, which goes through no gate). Writing, editing, liking and
   flagging need a signed-in supporter who is neither suspended nor banned and whose account is
   confirmed (its e-mail address proved by a link, or signed in by the embedding site), on a post
   whose discussion is open. */

import type { SanctionState } from './sanctions';
import { supporterStatus } from './supporter';
import { formatDateTime } from './dates';

export type GateAction = 'read' | 'comment' | 'like' | 'flag';

export interface GateUser {
  /** users.supporter_until (the cached result of the supporter rules), or an already computed status. */
  supporter: { active: boolean } | { until: string | null; active?: undefined };
  sanction: { state: SanctionState; until?: string | null; reason?: string | null };
  /** Whether the person has proved the account's e-mail address (or came through the host's single sign-on). */
  emailConfirmed: boolean;
}

export interface GatePost {
  discussion: string; // open | closed
  discussionClosesAt: string | null;
}

export type GateCode = 'sign_in_required' | 'supporters_only' | 'email_unconfirmed' | 'banned' | 'suspended' | 'discussion_closed';

export interface GateRefusal {
  allowed: false;
  status: 401 | 403;
  code: GateCode;
  message: string;
  cta?: { text: string; url: string };
}

export type GateResult = { allowed: true } | GateRefusal;

export const SUPPORT_CTA = { text: 'To join in with the discussion please make a donation', url: '/support' } as const;

/** Whether a post's discussion takes new comments, likes and flags at `now`. */
export function discussionOpen(post: GatePost, now: Date): boolean {
  if (post.discussion !== 'open') return false;
  return post.discussionClosesAt === null || post.discussionClosesAt > now.toISOString();
}

function isSupporter(user: GateUser, now: Date): boolean {
  const s = user.supporter;
  if (typeof s.active === 'boolean') return s.active;
  return supporterStatus((s as { until: string | null }).until, now).active;
}

const VERB: Record<Exclude<GateAction, 'read'>, string> = { comment: 'comment', like: 'like comments', flag: 'flag comments' };

/**
 * The decision for one action. Checks run in the same order as the moderation pipeline's gate
 * phase, so both always give the same code: signed in, not banned, not suspended, a supporter
 * (refused with the call to action), a confirmed address (which the pipeline does not know of: the
 * routes ask the gate before the pipeline runs), and last whether the post's discussion is open.
 */
export function gate(action: GateAction, user: GateUser | null, post: GatePost, now: Date): GateResult {
  if (action === 'read') return { allowed: true };
  if (!user) {
    return { allowed: false, status: 401, code: 'sign_in_required', message: `Please sign in to ${VERB[action]}.` };
  }
  // The refusal says why, so the widget can tell the user (the sanction's reason from the ladder or a moderator).
  const why = user.sanction.reason ? ` Reason: ${user.sanction.reason}` : '';
  if (user.sanction.state === 'banned') {
    return { allowed: false, status: 403, code: 'banned', message: `Your account is banned from the discussion.${why}` };
  }
  if (user.sanction.state === 'suspended') {
    const until = user.sanction.until ? ` until ${formatDateTime(user.sanction.until)}` : '';
    return { allowed: false, status: 403, code: 'suspended', message: `Your account is suspended from the discussion${until}.${why}` };
  }
  if (!isSupporter(user, now)) {
    return { allowed: false, status: 403, code: 'supporters_only', message: 'The discussion is open to supporters of the site.', cta: { ...SUPPORT_CTA } };
  }
  if (!user.emailConfirmed) {
    return { allowed: false, status: 403, code: 'email_unconfirmed', message: `Please confirm your e-mail address to ${VERB[action]}: open the link we sent you, or ask for a new one.` };
  }
  if (!discussionOpen(post, now)) {
    return { allowed: false, status: 403, code: 'discussion_closed', message: 'The discussion on this post is closed.' };
  }
  return { allowed: true };
}
