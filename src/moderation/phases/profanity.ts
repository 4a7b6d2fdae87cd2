/** Profanity: obscenity's English list plus the site's additions, robust to disguised spellings. */
import { getProfanityMatcher } from '../profanity';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const profanityPhase: Phase = {
  name: 'profanity',
  run({ input, settings }) {
    const s = settings.profanity;
    if (s.policy === 'off') return null;
    const hits = getProfanityMatcher({ ignore: s.ignoreWords, words: s.extraWords, allow: s.allowWords }).find(input.text);
    if (!hits.length) return null;
    const words = [...new Set(hits.map((h) => h.text))];
    return {
      action: s.policy,
      code: 'profanity',
      message:
        s.policy === 'reject'
          ? `Profanity isn't allowed in comments. Please remove ${words.map((w) => `“${w}”`).join(', ')} and try again.`
          : HOLD_MESSAGE,
      reasons: [...new Set(hits.map((h) => h.word))],
      phrases: hits.map((h) => ({ text: h.text, start: h.start, end: h.end, kind: 'profanity' })),
    };
  },
};
