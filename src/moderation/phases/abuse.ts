/** Abuse: the trained classifier's score, raised by threat and insult rules; two thresholds. */
import { getAbuseModel, scoreText } from '../classifier/model';
import { matchRules } from '../classifier/rules';
import type { PhraseSpan } from '../types';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const abusePhase: Phase = {
  name: 'abuse',
  run(ctx) {
    const { input, settings } = ctx;
    const s = settings.abuse;
    if (s.policy === 'off') return null;
    const model = getAbuseModel();
    let m = scoreText(model, input.text, false);
    const rules = s.rules ? matchRules(input.text) : { score: 0, hits: [] };
    const score = Math.max(m.score, rules.score);
    ctx.scores.abuse = score;
    if (score < s.holdThreshold) return null;
    if (m.score >= s.holdThreshold) m = scoreText(model, input.text, true);
    const phrases: PhraseSpan[] = [
      ...rules.hits.map((h) => ({ text: h.text, start: h.start, end: h.end, kind: h.kind })),
      ...m.phrases.map((p) => ({ text: p.text, start: p.start, end: p.end, kind: 'abuse' as const })),
    ].sort((a, b) => a.start - b.start);
    const reject = score >= s.rejectThreshold && s.policy === 'reject';
    const reasons: string[] = [...new Set(rules.hits.map((h) => h.kind))];
    if (m.score >= s.holdThreshold) reasons.push('model');
    return {
      action: reject ? 'reject' : 'hold',
      code: 'abuse',
      message: reject
        ? 'Your comment looks like abuse aimed at other people, which isn\'t allowed here. Please argue with the point, not the person.'
        : HOLD_MESSAGE,
      reasons,
      scores: { abuse: score, model: m.score, rules: rules.score },
      phrases,
    };
  },
};
