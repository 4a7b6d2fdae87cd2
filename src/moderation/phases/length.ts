/** Empty comments and comments over the length limit (counted in characters as a reader sees them). */
import type { Phase } from './types';

const INVISIBLE = /[\s\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064\u3000\u3164\ufeff\ufe00-\ufe0f]/gu;

export const lengthPhase: Phase = {
  name: 'length',
  run({ input, settings }) {
    const visible = input.text.replace(INVISIBLE, '');
    // markdown markup alone ("**", "> ", "---") is still empty
    if (visible.replace(/[*_~`>#\-=|[\]()]/g, '').length === 0) {
      return { action: 'reject', code: 'empty', message: 'Your comment is empty.', reasons: ['empty'] };
    }
    let chars = 0;
    for (const _ of input.text) chars++;
    const max = settings.length.maxChars;
    if (chars > max) {
      return {
        action: 'reject',
        code: 'too_long',
        message: `Your comment is ${chars.toLocaleString('en-GB')} characters long; the limit is ${max.toLocaleString('en-GB')}. Please shorten it.`,
        reasons: ['too_long'],
        scores: { chars },
      };
    }
    return null;
  },
};
