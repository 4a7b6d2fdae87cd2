/** Empty comments and comments over the length limit (counted in characters as a reader sees them). */
import type { Phase } from './types';

// eslint-disable-next-line no-misleading-character-class -- lone combining marks and variation selectors are what this removes
const INVISIBLE = /[\s\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064\u3000\u3164\ufeff\ufe00-\ufe0f]/u;
const MARKUP = new Set([...'*_~`>#-=|[]()'].map((c) => c.charCodeAt(0)));

function isInvisible(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c <= 32 || c === 127) return true;
  return INVISIBLE.test(text.charAt(i));
}

export const lengthPhase: Phase = {
  name: 'length',
  run({ input, settings }) {
    // one pass: count characters as a reader sees them, and look for anything
    // visible beyond markdown markup ("**", "> ", "---" alone are still empty)
    const text = input.text;
    let chars = 0;
    let visible = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) continue; // low surrogate
      chars++;
      if (!visible && !MARKUP.has(c) && !(c > 32 && c < 127 ? false : isInvisible(text, i))) visible = true;
    }
    if (!visible) {
      return { action: 'reject', code: 'empty', message: 'Your comment is empty.', reasons: ['empty'] };
    }
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
