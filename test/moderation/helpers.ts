import { readFileSync } from 'node:fs';
import { DEFAULT_MODERATION_SETTINGS } from '../../src/moderation/settings';
import type { ModerationInput, ModerationSettings, ModerationUser } from '../../src/moderation/types';

export function fixtureLines(name: string): string[] {
  return readFileSync(new URL(`../fixtures/moderation/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
}

export const goodUser: ModerationUser = {
  id: 'u1', isSupporter: true, sanction: 'none', underReview: false, publishedCommentCount: 50, supporterSince: '2023-01-01T00:00:00Z',
};

export function settingsWith(patch: { [K in keyof ModerationSettings]?: Partial<ModerationSettings[K]> }): ModerationSettings {
  const s = structuredClone(DEFAULT_MODERATION_SETTINGS) as ModerationSettings;
  for (const [k, v] of Object.entries(patch)) Object.assign((s as unknown as Record<string, object>)[k]!, v);
  return s;
}

export function input(over: Partial<ModerationInput> & { userPatch?: Partial<ModerationUser> } = {}): ModerationInput {
  const { userPatch, ...rest } = over;
  return {
    text: 'I think the council got the library decision wrong, and the figures in the report show why.',
    now: new Date('2025-01-01T12:00:00Z'),
    user: { ...goodUser, ...userPatch },
    post: { id: 'p1', discussionOpen: true },
    recent: { userCommentsLastMinute: 0, userCommentsLastHour: 0, userCommentsOnPostLast10Min: 0, userRecentBodies: [] },
    settings: DEFAULT_MODERATION_SETTINGS,
    ...rest,
  };
}
