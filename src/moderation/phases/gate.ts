/** Who may comment here at all: signed in, a supporter, not banned or suspended, discussion open. */
import type { Phase } from './types';

export const gatePhase: Phase = {
  name: 'gate',
  run({ input }) {
    const u = input.user;
    const reject = (code: string, message: string) => ({ action: 'reject' as const, code, message, reasons: [code] });
    if (!u) return reject('sign_in_required', 'Please sign in to comment.');
    if (u.sanction === 'banned') return reject('banned', 'Your account has been banned from commenting.');
    if (u.sanction === 'suspended') return reject('suspended', 'Your account is suspended from commenting for now.');
    if (!u.isSupporter) return reject('supporters_only', 'Only supporters can comment. Become a supporter to join the discussion.');
    if (!input.post.discussionOpen) return reject('discussion_closed', 'Comments are closed on this post.');
    return null;
  },
};
