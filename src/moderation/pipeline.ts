/**
 * Parley's automated moderation pipeline. `moderate` runs every phase in
 * order and combines their decisions: reject beats hold beats publish, and
 * every reason is kept. Pure and deterministic: same input, same result;
 * the only I/O is loading the abuse model once.
 */
import { analyseComment, type CommentAnalysis } from './analysis/evidence';
import { PHASES, type Phase, type PhaseContext } from './phases';
import { HOLD_MESSAGE } from './phases/types';
import { ACTION_RANK, type Action, type ModerationInput, type ModerationResult, type PhraseSpan, type Reason } from './types';

/** Content checks are pointless (and on huge input slow) once the text itself is rejected. */
const CONTENT_PHASES = new Set(['word_lists', 'profanity', 'abuse', 'links']);

export function moderate(input: ModerationInput, phases: readonly Phase[] = PHASES): ModerationResult {
  let analysis: CommentAnalysis | null = null;
  const ctx: PhaseContext = { input, settings: input.settings, scores: {}, analysis: () => (analysis ??= analyseComment(input.text, input.settings.evidence)) };
  const reasons: Reason[] = [];
  const phrases: PhraseSpan[] = [];
  let decision: Action = 'publish';
  let code: string | null = null;
  let message = '';
  let skipContent = false;
  for (const phase of phases) {
    if (skipContent && CONTENT_PHASES.has(phase.name)) continue;
    const d = phase.run(ctx);
    if (!d) continue;
    reasons.push({ phase: phase.name, code: d.code, message: d.message, action: d.action });
    if (d.action !== 'publish' && d.phrases) phrases.push(...d.phrases);
    if (d.code === 'empty' || d.code === 'too_long') skipContent = true;
    if (ACTION_RANK[d.action] > ACTION_RANK[decision]) {
      decision = d.action;
      if (d.action === 'reject') {
        code = d.code;
        message = d.message;
      }
    }
  }
  if (decision === 'hold') message = HOLD_MESSAGE;
  phrases.sort((a, b) => a.start - b.start || a.end - b.end);
  const abusive = reasons.some((r) => (r.code === 'profanity' || r.code === 'abuse') && r.action !== 'publish');
  return { decision, code, message, reasons, abusive, score: ctx.scores.abuse ?? 0, phrases };
}
