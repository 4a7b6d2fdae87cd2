import { abusePhase } from './abuse';
import { gatePhase } from './gate';
import { lengthPhase } from './length';
import { linksPhase } from './links';
import { profanityPhase } from './profanity';
import { rateLimitPhase } from './rate-limit';
import { repeatPostPhase } from './repeat-post';
import type { Phase } from './types';
import { userStatusPhase } from './user-status';
import { wordListsPhase } from './word-lists';

export type { Phase, PhaseContext } from './types';

/** In order: who may post, how often, what, then who (review holds). */
export const PHASES: readonly Phase[] = [
  gatePhase,
  rateLimitPhase,
  repeatPostPhase,
  lengthPhase,
  linksPhase,
  wordListsPhase,
  profanityPhase,
  abusePhase,
  userStatusPhase,
];

export { abusePhase, gatePhase, lengthPhase, linksPhase, profanityPhase, rateLimitPhase, repeatPostPhase, userStatusPhase, wordListsPhase };
