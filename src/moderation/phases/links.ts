/** Too many links; links in the first few comments of a new supporter are held. */
import { findLinks } from '../text';
import type { Phase } from './types';
import { HOLD_MESSAGE } from './types';

export const linksPhase: Phase = {
  name: 'links',
  run({ input, settings }) {
    const s = settings.links;
    const links = findLinks(input.text);
    if (links.length === 0) return null;
    const phrases = links.map((l) => ({ ...l, kind: 'link' as const }));
    if (s.policy !== 'off' && links.length > s.maxLinks) {
      return {
        action: s.policy,
        code: 'too_many_links',
        message:
          s.policy === 'reject'
            ? `Your comment has ${links.length} links; the limit is ${s.maxLinks}. Please remove some.`
            : HOLD_MESSAGE,
        reasons: ['too_many_links'],
        scores: { links: links.length },
        phrases,
      };
    }
    const u = input.user;
    if (u && u.publishedCommentCount < s.holdNewSupporterLinks) {
      return { action: 'hold', code: 'new_supporter_links', message: HOLD_MESSAGE, reasons: ['new_supporter_links'], scores: { links: links.length }, phrases };
    }
    return null;
  },
};
