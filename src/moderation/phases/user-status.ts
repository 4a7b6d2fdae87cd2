/** Users under review are held; optionally every comment of a new supporter until they have a few published. */
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const userStatusPhase: Phase = {
  name: 'user_status',
  run({ input, settings }) {
    const u = input.user;
    if (!u) return null;
    if (u.underReview) return { action: 'hold', code: 'user_under_review', message: HOLD_MESSAGE, reasons: ['user_under_review'] };
    const n = settings.newSupporters.holdFirstComments;
    if (n > 0 && u.publishedCommentCount < n) {
      return { action: 'hold', code: 'new_supporter', message: HOLD_MESSAGE, reasons: ['new_supporter'] };
    }
    return null;
  },
};
