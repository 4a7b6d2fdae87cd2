/** The same text (ignoring case, spacing and punctuation) as one of the author's recent comments. */
import { normaliseForRepeat } from '../text';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const repeatPostPhase: Phase = {
  name: 'repeat_post',
  run({ input, settings }) {
    const policy = settings.repeatPost.policy;
    if (policy === 'off' || input.recent.userRecentBodies.length === 0) return null;
    const mine = normaliseForRepeat(input.text);
    if (!mine) return null;
    if (!input.recent.userRecentBodies.some((b) => normaliseForRepeat(b) === mine)) return null;
    return {
      action: policy,
      code: 'repeat_post',
      message: policy === 'reject' ? 'You have already posted this comment.' : HOLD_MESSAGE,
      reasons: ['repeat_post'],
    };
  },
};
