import { describe, expect, it } from 'vitest';
import { moderate } from '../../src/moderation/pipeline';
import { validateSettings } from '../../src/moderation/settings';
import { input, settingsWith } from './helpers';

const codes = (r: ReturnType<typeof moderate>) => r.reasons.map((x) => x.code);

describe('pipeline basics', () => {
  it('publishes a civil comment from a supporter in good standing', () => {
    const r = moderate(input());
    expect(r.decision).toBe('publish');
    expect(r.code).toBeNull();
    expect(r.reasons).toEqual([]);
    expect(r.abusive).toBe(false);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThan(1);
  });
  it('is deterministic', () => {
    const i = input({ text: 'You are a pathetic moron and this is shit.' });
    expect(moderate(i)).toEqual(moderate(i));
  });
  it('reject beats hold, and every reason is kept', () => {
    const r = moderate(input({ text: 'This is shit, see https://a.example.com', userPatch: { underReview: true } }));
    expect(r.decision).toBe('reject');
    expect(r.code).toBe('profanity');
    expect(codes(r)).toEqual(expect.arrayContaining(['profanity', 'user_under_review']));
  });
});

describe('gate', () => {
  it.each([
    [{ user: null }, 'sign_in_required'],
    [{ userPatch: { isSupporter: false } }, 'supporters_only'],
    [{ userPatch: { sanction: 'banned' as const } }, 'banned'],
    [{ userPatch: { sanction: 'suspended' as const } }, 'suspended'],
    [{ post: { id: 'p', discussionOpen: false } }, 'discussion_closed'],
  ])('%o -> %s', (over, code) => {
    const r = moderate(input(over));
    expect(r.decision).toBe('reject');
    expect(r.code).toBe(code);
    expect(r.message.length).toBeGreaterThan(5);
  });
  it('warned users may still comment', () => {
    expect(moderate(input({ userPatch: { sanction: 'warned' } })).decision).toBe('publish');
  });
});

describe('rate limit and flood', () => {
  const recent = { userCommentsLastMinute: 0, userCommentsLastHour: 0, userCommentsOnPostLast10Min: 0, userRecentBodies: [] };
  it('rejects over the per-minute, per-hour and per-post limits', () => {
    for (const patch of [{ userCommentsLastMinute: 3 }, { userCommentsLastHour: 30 }, { userCommentsOnPostLast10Min: 6 }]) {
      const r = moderate(input({ recent: { ...recent, ...patch } }));
      expect(r.code).toBe('rate_limited');
    }
  });
  it('allows just under the limits and can be switched off', () => {
    const busy = { ...recent, userCommentsLastMinute: 2, userCommentsLastHour: 29, userCommentsOnPostLast10Min: 5 };
    expect(moderate(input({ recent: busy })).decision).toBe('publish');
    const over = { ...recent, userCommentsLastMinute: 99 };
    expect(moderate(input({ recent: over, settings: settingsWith({ rateLimit: { enabled: false } }) })).decision).toBe('publish');
  });
});

describe('repeat post', () => {
  it('rejects the same text ignoring case, spacing and punctuation', () => {
    const text = 'The council got this badly wrong.';
    const r = moderate(input({ text, recent: { userCommentsLastMinute: 0, userCommentsLastHour: 1, userCommentsOnPostLast10Min: 1, userRecentBodies: ['the  council got this BADLY wrong!!'] } }));
    expect(r.code).toBe('repeat_post');
  });
  it('publishes a different comment', () => {
    const r = moderate(input({ recent: { userCommentsLastMinute: 0, userCommentsLastHour: 1, userCommentsOnPostLast10Min: 1, userRecentBodies: ['Something else entirely.'] } }));
    expect(r.decision).toBe('publish');
  });
});

describe('length', () => {
  it.each(['', '   ', '\u200b\u200b', '** **', '\n\n>'])('rejects empty %j', (text) => {
    expect(moderate(input({ text })).code).toBe('empty');
  });
  it('rejects over the limit and accepts exactly the limit', () => {
    expect(moderate(input({ text: 'a'.repeat(5001) })).code).toBe('too_long');
    const s = settingsWith({ length: { maxChars: 40 } });
    expect(moderate(input({ text: 'Fair point about the budget, thank you.', settings: s })).decision).toBe('publish');
    expect(moderate(input({ text: 'Fair point about the budget, thank you!!!', settings: s })).code).toBe('too_long');
  });
});

describe('links', () => {
  const links = (n: number) => Array.from({ length: n }, (_, i) => `https://news${i}.example.com/story`).join(' and ');
  it('rejects more than maxLinks', () => {
    const r = moderate(input({ text: 'Sources: ' + links(6) }));
    expect(r.code).toBe('too_many_links');
    expect(r.phrases.filter((p) => p.kind === 'link')).toHaveLength(6);
  });
  it('a new supporter with a link is held; an established one is not', () => {
    const text = 'The original report is at www.example.org/report, worth reading.';
    expect(moderate(input({ text, userPatch: { publishedCommentCount: 0 } })).decision).toBe('hold');
    expect(moderate(input({ text })).decision).toBe('publish');
  });
});

describe('site word lists', () => {
  const s = settingsWith({ wordLists: { blocked: ['crypto scam', 'spamword*'], watched: ['lawsuit'] } });
  it('blocked words reject and name the word, even disguised', () => {
    const r = moderate(input({ text: 'Buy now, best SPAMW0RDS deals', settings: s }));
    expect(r.code).toBe('banned_word');
    expect(r.message).toContain('SPAMW0RDS');
    expect(moderate(input({ text: 'this is a crypto  scam', settings: s })).code).toBe('banned_word');
  });
  it('watched words hold', () => {
    const r = moderate(input({ text: 'There will be a lawsuit over this.', settings: s }));
    expect(r.decision).toBe('hold');
    expect(codes(r)).toContain('watched_word');
  });
  it('blocked policy hold holds instead', () => {
    const h = settingsWith({ wordLists: { blocked: ['lawsuit'], blockedPolicy: 'hold' } });
    expect(moderate(input({ text: 'A lawsuit is coming.', settings: h })).decision).toBe('hold');
  });
});

describe('profanity', () => {
  it('rejects and names the words, with their positions', () => {
    const text = 'The plan is total sh1t and f u c k the lot of them';
    const r = moderate(input({ text }));
    expect(r.code).toBe('profanity');
    expect(r.abusive).toBe(true);
    expect(r.message).toContain('sh1t');
    const p = r.phrases.filter((x) => x.kind === 'profanity');
    expect(p.map((x) => text.slice(x.start, x.end))).toEqual(['sh1t', 'f u c k']);
  });
  it('policy hold and off', () => {
    const hold = settingsWith({ profanity: { policy: 'hold' }, abuse: { policy: 'off' } });
    expect(moderate(input({ text: 'what a shit plan', settings: hold })).decision).toBe('hold');
    const off = moderate(input({ text: 'what a shit plan', settings: settingsWith({ profanity: { policy: 'off' }, abuse: { policy: 'off' } }) }));
    expect(off.decision).toBe('publish');
  });
  it('site additions and allowances apply', () => {
    expect(moderate(input({ text: 'what a plonker move', settings: settingsWith({ profanity: { extraWords: ['plonker'] } }) })).code).toBe('profanity');
    const allow = settingsWith({ profanity: { allowWords: ['Cockington'] } });
    expect(codes(moderate(input({ text: 'Cockington village fete was lovely.', settings: allow })))).not.toContain('profanity');
  });
});

describe('abuse', () => {
  it('rejects direct insults and threats with the phrase that drove it', () => {
    for (const text of ['You are a pathetic moron.', 'People like you should be shot.', "I'm going to find you and hurt you."]) {
      const r = moderate(input({ text }));
      expect(r.decision, text).toBe('reject');
      expect(r.code).toBe('abuse');
      // the evidence names the words, whom they are aimed at and why it was refused
      expect(r.phrases.some((p) => (p.kind === 'threat' || p.kind === 'insult' || p.kind === 'abuse') && p.target === 'you' && p.why?.startsWith('refused'))).toBe(true);
    }
  });
  it('holds between the thresholds and respects policy', () => {
    const between = settingsWith({ abuse: { holdThreshold: 0.6, rejectThreshold: 1 } });
    const r = moderate(input({ text: 'You are a moron.', settings: between }));
    expect(r.decision).toBe('hold');
    expect(r.abusive).toBe(true);
    expect(moderate(input({ text: 'You are a pathetic moron.', settings: settingsWith({ abuse: { policy: 'hold' } }) })).decision).toBe('hold');
    expect(moderate(input({ text: 'You are a pathetic moron.', settings: settingsWith({ abuse: { policy: 'off' } }) })).decision).toBe('publish');
  });
});

describe('user status', () => {
  it('holds users under review and, if the site wants, new supporters', () => {
    expect(moderate(input({ userPatch: { underReview: true } })).decision).toBe('hold');
    const s = settingsWith({ newSupporters: { holdFirstComments: 2 } });
    expect(moderate(input({ settings: s, userPatch: { publishedCommentCount: 1 } })).decision).toBe('hold');
    expect(moderate(input({ settings: s, userPatch: { publishedCommentCount: 2 } })).decision).toBe('publish');
  });
});

describe('validateSettings', () => {
  it('fills defaults and accepts a partial object', () => {
    const r = validateSettings({ abuse: { holdThreshold: 0.5 } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.settings.abuse.holdThreshold).toBe(0.5);
      expect(r.settings.length.maxChars).toBe(5000);
    }
  });
  it('reports every bad field by path', () => {
    const r = validateSettings({ abuse: { holdThreshold: 2, policy: 'maybe' }, length: { maxChars: -1 }, links: { nope: 1 }, wordLists: { blocked: [''] }, other: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path).sort()).toEqual(['abuse.holdThreshold', 'abuse.policy', 'length.maxChars', 'links.nope', 'other', 'wordLists.blocked']);
  });
  it('hold threshold may not exceed reject threshold', () => {
    expect(validateSettings({ abuse: { holdThreshold: 0.95, rejectThreshold: 0.9 } }).ok).toBe(false);
  });
});
