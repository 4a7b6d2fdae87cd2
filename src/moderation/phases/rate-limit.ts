/** Rate limit and flood control, from the counts of recent comments the server supplies (excluding this one). */
import type { Phase } from './types';

export const rateLimitPhase: Phase = {
  name: 'rate_limit',
  run({ input, settings }) {
    const s = settings.rateLimit;
    if (!s.enabled || !input.user) return null;
    const r = input.recent;
    const reasons: string[] = [];
    if (r.userCommentsLastMinute >= s.perMinute) reasons.push('per_minute');
    if (r.userCommentsLastHour >= s.perHour) reasons.push('per_hour');
    if (r.userCommentsOnPostLast10Min >= s.perPostPer10Min) reasons.push('flood_on_post');
    if (!reasons.length) return null;
    const message = reasons.includes('per_hour')
      ? 'You have posted a lot of comments in the last hour. Please take a break and try again later.'
      : reasons.includes('per_minute')
        ? 'You are commenting too quickly. Please wait a minute and try again.'
        : 'You have posted many comments on this article in the last few minutes. Please give others a chance and try again shortly.';
    return { action: 'reject', code: 'rate_limited', message, reasons };
  },
};
