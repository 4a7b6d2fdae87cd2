/**
 * Profanity: obscenity's English list plus the site's additions, robust to disguised spellings. Each word
 * found is read in its sentence (target and use) and decided by the cue × target × use table: by default
 * profanity is refused wherever it is aimed, and held for a moderator when it is only quoted or reported.
 */
import { describeSpan } from '../analysis/evidence';
import { actionFor, explain } from '../analysis/policy-table';
import { findDisguised } from '../disguise';
import { getProfanityMatcher } from '../profanity';
import { ACTION_RANK, type Action, type PhraseSpan } from '../types';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const profanityPhase: Phase = {
  name: 'profanity',
  run({ input, settings, analysis }) {
    const s = settings.profanity;
    if (s.policy === 'off') return null;
    // numbers are not leetspeak: "455 jobs" is not "ass", whatever the matcher's letter table says (circled
    // letters, "ⓑⓐⓢⓣⓐⓡⓓ", are symbols until decomposed)
    const listed = getProfanityMatcher({ ignore: s.ignoreWords, words: s.extraWords, allow: s.allowWords })
      .find(input.text)
      .filter((h) => /\p{L}/u.test(h.text.normalize('NFKD')));
    const disguised = findDisguised(input.text).filter(
      (d) => !s.ignoreWords.some((w) => w.toLowerCase() === d.word) && !listed.some((h) => h.start < d.end && d.start < h.end),
    );
    const hits = [...listed, ...disguised].sort((a, b) => a.start - b.start);
    if (!hits.length) return null;
    let action: Action = 'publish';
    const phrases: PhraseSpan[] = [];
    for (const h of hits) {
      const { target, use, group, innocent, slur } = describeSpan(analysis(), h.start, h.end);
      if (innocent) continue;
      // a slur quoted to condemn it is decided as the abuse phase decides it (the slur row's condemnation cell)
      const kind = slur && use === 'counter' ? ('slur' as const) : ('profanity' as const);
      const cue = { cue: kind, term: h.text, start: h.start, end: h.end, target, use, ...(group ? { group } : {}) };
      const a = actionFor(cue, settings);
      if (ACTION_RANK[a] > ACTION_RANK[action]) action = a;
      phrases.push({ text: h.text, start: h.start, end: h.end, kind: 'profanity', target, use, why: explain(cue, a) });
    }
    if (action === 'publish') return null;
    const words = [...new Set(hits.map((h) => h.text))];
    return {
      action,
      code: 'profanity',
      message: action === 'reject' ? `Profanity isn't allowed in comments. Please remove ${words.map((w) => `“${w}”`).join(', ')} and try again.` : HOLD_MESSAGE,
      reasons: [...new Set(hits.map((h) => h.word))],
      phrases,
    };
  },
};
