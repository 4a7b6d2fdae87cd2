/**
 * The blind-written suites (test/fixtures/moderation/suite): the `-dev` half was tuned on, the `-test` half
 * was never read while tuning. Each target is asserted where it is met and held at today's value where it is
 * not (`npx tsx bench/moderation-targets.ts` reports them against the real targets); raise a floor when the
 * figure improves.
 */
import { describe, expect, it } from 'vitest';
import { SUITE_TARGETS, suiteReport } from '../../bench/_moderation-eval';

/** Today's values where a target is not met: caught at least / flagged at most. */
const FLOORS: Record<'dev' | 'test', Record<string, number>> = {
  dev: {
    'threats and insults without swear words caught': 0.657,
    'of those, threats caught': 0.616,
    'clean sentences with trap words held or refused': 0.037,
  },
  test: {
    'hateful statements about a group caught': 0.776,
    'threats against a group caught': 0.701,
    'civil text that mentions hate flagged': 0.2,
    'threats and insults without swear words caught': 0.564,
    'of those, threats caught': 0.416,
    'disguised profanity caught': 0.9,
    'clean sentences with trap words held or refused': 0.06,
  },
};

describe.each(['dev', 'test'] as const)('blind-written suites, %s half', (half) => {
  const report = suiteReport(half);
  it.each(SUITE_TARGETS.map((t) => [t.name, t] as const))('%s', (name, t) => {
    const got = report.targets[name]!;
    const bound = FLOORS[half][name] ?? t.value;
    console.log(`${half}: ${name} ${(got.value * 100).toFixed(1)} % (target ${t.kind === 'caught' ? '≥' : '≤'} ${t.value * 100} %)`);
    if (t.kind === 'caught') expect(got.value).toBeGreaterThanOrEqual(bound);
    else expect(got.value).toBeLessThanOrEqual(bound);
  });
});
