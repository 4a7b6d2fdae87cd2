import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, ladderPolicy, liveStrikes, sanctionForStrikes, strikeExpiry, whatHappensNext, describeStep } from '../../src/domain/ladder';
import { lowerReliability, raiseReliability, reachesThreshold } from '../../src/domain/flags';
import { DAY, HOUR } from '../../src/domain/clock';

const t0 = new Date('2026-03-01T10:00:00.000Z');
const strikeAt = (at: Date, policy = DEFAULT_LADDER) => ({ created_at: at.toISOString(), expires_at: strikeExpiry(policy, at).toISOString() });

describe('the sanction ladder', () => {
  it('goes warning, 24-hour suspension, 7-day suspension, permanent ban, and stays at ban', () => {
    const strikes = [];
    const got = [];
    for (let i = 0; i < 5; i++) {
      const now = new Date(t0.getTime() + i * DAY);
      strikes.push(strikeAt(now));
      const s = sanctionForStrikes(DEFAULT_LADDER, strikes, now)!;
      got.push([s.kind, s.endsAt ? (new Date(s.endsAt).getTime() - now.getTime()) / HOUR : null]);
    }
    expect(got).toEqual([['warning', null], ['suspension', 24], ['suspension', 168], ['ban', null], ['ban', null]]);
  });

  it('forgets strikes after 180 days by default', () => {
    const old = strikeAt(t0);
    const later = new Date(t0.getTime() + 181 * DAY);
    expect(liveStrikes([old], later)).toHaveLength(0);
    expect(sanctionForStrikes(DEFAULT_LADDER, [old, strikeAt(later)], later)!.kind).toBe('warning');
    const within = new Date(t0.getTime() + 179 * DAY);
    expect(sanctionForStrikes(DEFAULT_LADDER, [old, strikeAt(within)], within)!.kind).toBe('suspension');
    expect(sanctionForStrikes(DEFAULT_LADDER, [], within)).toBeNull();
  });

  it('takes a site policy and ignores malformed parts of it', () => {
    const p = ladderPolicy({ strikeTtlDays: 30, steps: [{ kind: 'suspension', hours: 2 }, { kind: 'ban' }, { kind: 'nonsense' }] });
    expect(p.strikeTtlDays).toBe(30);
    expect(p.steps).toEqual([{ kind: 'suspension', hours: 2 }, { kind: 'ban' }]);
    expect(sanctionForStrikes(p, [strikeAt(t0, p)], t0)!.kind).toBe('suspension');
    expect(ladderPolicy('garbage')).toBe(DEFAULT_LADDER);
    expect(ladderPolicy({ steps: [] }).steps).toEqual(DEFAULT_LADDER.steps);
  });

  it('says what happens next in words', () => {
    const first = sanctionForStrikes(DEFAULT_LADDER, [strikeAt(t0)], t0)!;
    expect(whatHappensNext(DEFAULT_LADDER, first)).toContain('24-hour suspension');
    expect(describeStep({ kind: 'suspension', hours: 168 })).toBe('a 7-day suspension');
    const ban = sanctionForStrikes(DEFAULT_LADDER, [1, 2, 3, 4].map(() => strikeAt(t0)), t0)!;
    expect(whatHappensNext(DEFAULT_LADDER, ban)).toContain('permanent');
  });
});

describe('flag reliability', () => {
  it('drops when flags are rejected, never to zero, and recovers when upheld', () => {
    let r = 1;
    for (let i = 0; i < 20; i++) r = lowerReliability(r);
    expect(r).toBeGreaterThan(0);
    expect(lowerReliability(1)).toBeLessThan(1);
    expect(raiseReliability(0.5)).toBeGreaterThan(0.5);
    expect(raiseReliability(1)).toBe(1);
    expect(reachesThreshold(1 / 3 + 1 / 3 + 1 / 3, 1)).toBe(true);
    expect(reachesThreshold(2.9, 3)).toBe(false);
  });
});
