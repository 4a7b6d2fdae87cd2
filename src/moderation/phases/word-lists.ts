/** The site's own lists: blocked words reject (or hold), watched words hold. Disguised spellings count. */
import { getWordListMatcher } from '../profanity';
import type { PhraseSpan } from '../types';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const wordListsPhase: Phase = {
  name: 'word_lists',
  run({ input, settings }) {
    const s = settings.wordLists;
    const allow = settings.profanity.allowWords;
    if (s.blocked.length && s.blockedPolicy !== 'off') {
      const hits = getWordListMatcher(s.blocked, allow).find(input.text);
      if (hits.length) {
        const words = [...new Set(hits.map((h) => h.text))];
        const phrases: PhraseSpan[] = hits.map((h) => ({ text: h.text, start: h.start, end: h.end, kind: 'banned_word' }));
        return {
          action: s.blockedPolicy,
          code: 'banned_word',
          message:
            s.blockedPolicy === 'reject'
              ? `Your comment contains ${words.length > 1 ? 'words' : 'a word'} not allowed on this site: ${words.map((w) => `“${w}”`).join(', ')}. Please edit it and try again.`
              : HOLD_MESSAGE,
          reasons: hits.map((h) => h.word),
          phrases,
        };
      }
    }
    if (s.watched.length) {
      const hits = getWordListMatcher(s.watched, allow).find(input.text);
      if (hits.length) {
        return {
          action: 'hold',
          code: 'watched_word',
          message: HOLD_MESSAGE,
          reasons: hits.map((h) => h.word),
          phrases: hits.map((h) => ({ text: h.text, start: h.start, end: h.end, kind: 'watched_word' })),
        };
      }
    }
    return null;
  },
};
