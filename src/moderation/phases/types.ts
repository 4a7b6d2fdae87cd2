import type { CommentAnalysis } from '../analysis/evidence';
import type { ModerationInput, ModerationSettings, PhaseDecision } from '../types';

/** Shared per-comment state; phases may record scores here even when they have no opinion. */
export interface PhaseContext {
  input: ModerationInput;
  settings: ModerationSettings;
  scores: Record<string, number>;
  /** the comment as the evidence step reads it, built on first use and shared by the phases */
  analysis(): CommentAnalysis;
}

export interface Phase {
  name: string;
  run(ctx: PhaseContext): PhaseDecision | null;
}

export const HOLD_MESSAGE = 'Thanks. Your comment will appear once a moderator has reviewed it.';
