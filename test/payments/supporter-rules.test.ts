import { describe, expect, it } from 'vitest';
import { addMonths, computeSupporterPeriod, donationStatus, type RuleDonation, type RuleGrant, type RuleSubscription } from '../../src/domain/supporter-rules';
import { OPEN_ENDED } from '../../src/domain/supporter';

const opts = { oneOffDays: 365, graceDays: 7 };
const day = 86_400_000;
const at = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * day).toISOString();
let n = 0;
const oneOff = (createdAt: string, status = 'paid'): RuleDonation => ({ id: `d${++n}`, kind: 'one_off', status, createdAt, subscriptionId: null, periodEnd: null });
const monthly = (createdAt: string, periodEnd: string | null, subscriptionId = 'sub_1', status = 'paid'): RuleDonation => ({ id: `d${++n}`, kind: 'recurring', status, createdAt, subscriptionId, periodEnd });
const run = (donations: RuleDonation[], subscriptions: RuleSubscription[] = [], grants: RuleGrant[] = []) => computeSupporterPeriod({ donations, subscriptions, grants }, opts);

const T0 = '2026-01-10T09:00:00.000Z';

describe('supporter rules', () => {
  it('nobody is a supporter without history', () => {
    expect(run([])).toEqual({ until: null, since: null });
  });

  it('a one-off donation gives 365 days from the payment', () => {
    expect(run([oneOff(T0)])).toEqual({ since: T0, until: at(T0, 365) });
  });

  it('a second one-off while still a supporter extends from the current end, not from the payment', () => {
    const r = run([oneOff(T0), oneOff(at(T0, 100))]);
    expect(r).toEqual({ since: T0, until: at(T0, 730) });
  });

  it('a one-off after support lapsed starts a new run from its own date', () => {
    const later = at(T0, 500);
    expect(run([oneOff(T0), oneOff(later)])).toEqual({ since: later, until: at(later, 365) });
  });

  it('the order the donations are listed in makes no difference', () => {
    const ds = [oneOff(T0), oneOff(at(T0, 30)), oneOff(at(T0, 800)), monthly(at(T0, 900), at(T0, 931))];
    const a = run(ds, [{ id: 'sub_1', status: 'active' }]);
    const b = run([...ds].reverse(), [{ id: 'sub_1', status: 'active' }]);
    expect(a).toEqual(b);
  });

  it('a refunded, disputed or lost donation grants nothing; a won dispute keeps it', () => {
    expect(run([oneOff(T0, 'refunded')])).toEqual({ until: null, since: null });
    expect(run([oneOff(T0, 'dispute_lost')])).toEqual({ until: null, since: null });
    expect(run([oneOff(T0, 'disputed')])).toEqual({ until: null, since: null });
    expect(donationStatus({ amount: 500, amountRefunded: 500, disputeStatus: null })).toBe('refunded');
    expect(donationStatus({ amount: 500, amountRefunded: 200, disputeStatus: null })).toBe('paid');
    expect(donationStatus({ amount: 500, amountRefunded: 0, disputeStatus: 'needs_response' })).toBe('disputed');
    expect(donationStatus({ amount: 500, amountRefunded: 0, disputeStatus: 'warning_needs_response' })).toBe('paid');
    expect(donationStatus({ amount: 500, amountRefunded: 0, disputeStatus: 'won' })).toBe('paid');
    expect(donationStatus({ amount: 500, amountRefunded: 0, disputeStatus: 'lost' })).toBe('dispute_lost');
  });

  it('refunding the second of two one-offs takes away only its extension', () => {
    expect(run([oneOff(T0), oneOff(at(T0, 100), 'refunded')])).toEqual({ since: T0, until: at(T0, 365) });
  });

  it('a live subscription covers the paid period plus the grace period', () => {
    const end = at(T0, 31);
    expect(run([monthly(T0, end)], [{ id: 'sub_1', status: 'active' }])).toEqual({ since: T0, until: at(end, 7) });
    expect(run([monthly(T0, end)], [{ id: 'sub_1', status: 'past_due' }])).toEqual({ since: T0, until: at(end, 7) });
    // An invoice seen before its subscription: treated as live.
    expect(run([monthly(T0, end)], [])).toEqual({ since: T0, until: at(end, 7) });
  });

  it('a cancelled subscription keeps what was paid for, without grace', () => {
    const end = at(T0, 31);
    expect(run([monthly(T0, end)], [{ id: 'sub_1', status: 'canceled' }])).toEqual({ since: T0, until: end });
  });

  it('renewals chain into one run; a refunded renewal falls back to the previous period', () => {
    const p1 = at(T0, 31);
    const p2 = at(T0, 59);
    const subs = [{ id: 'sub_1', status: 'active' }];
    expect(run([monthly(T0, p1), monthly(p1, p2)], subs)).toEqual({ since: T0, until: at(p2, 7) });
    expect(run([monthly(T0, p1), monthly(p1, p2, 'sub_1', 'refunded')], subs)).toEqual({ since: T0, until: at(p1, 7) });
  });

  it('a recurring payment without a known period covers one calendar month', () => {
    expect(addMonths('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(run([monthly(T0, null)], [{ id: 'sub_1', status: 'canceled' }])).toEqual({ since: T0, until: '2026-02-10T09:00:00.000Z' });
  });

  it('a one-off during a subscription extends from the subscription’s end', () => {
    const end = at(T0, 31);
    const r = run([monthly(T0, end), oneOff(at(T0, 10))], [{ id: 'sub_1', status: 'canceled' }]);
    expect(r).toEqual({ since: T0, until: at(end, 365) });
  });

  it('admin grants: dated, open-ended, revoked', () => {
    const g = (until: string | null, revokedAt: string | null = null): RuleGrant => ({ kind: 'grant', createdAt: T0, until, revokedAt });
    expect(run([], [], [g(at(T0, 90))])).toEqual({ since: T0, until: at(T0, 90) });
    expect(run([], [], [g(null)])).toEqual({ since: T0, until: OPEN_ENDED });
    expect(run([], [], [g(null, at(T0, 1))])).toEqual({ until: null, since: null });
    // A donation during a dated grant extends from the grant's end.
    expect(run([oneOff(at(T0, 10))], [], [g(at(T0, 90))])).toEqual({ since: T0, until: at(T0, 90 + 365) });
  });

  it('an admin end marker cuts off support that began before it; later support counts', () => {
    const end: RuleGrant = { kind: 'end', createdAt: at(T0, 20), until: at(T0, 20), revokedAt: null };
    expect(run([oneOff(T0)], [], [end])).toEqual({ since: T0, until: at(T0, 20) });
    const again = at(T0, 40);
    expect(run([oneOff(T0), oneOff(again)], [], [end])).toEqual({ since: again, until: at(again, 365) });
    expect(run([], [], [{ kind: 'grant', createdAt: T0, until: null, revokedAt: null }, end])).toEqual({ since: T0, until: at(T0, 20) });
    // A donation paid before the marker that would have extended past it is cut too.
    expect(run([oneOff(T0), oneOff(at(T0, 10))], [], [end])).toEqual({ since: T0, until: at(T0, 20) });
  });

  it('follows the configured periods', () => {
    expect(computeSupporterPeriod({ donations: [oneOff(T0)], subscriptions: [], grants: [] }, { oneOffDays: 30, graceDays: 0 })).toEqual({ since: T0, until: at(T0, 30) });
    expect(computeSupporterPeriod({ donations: [monthly(T0, at(T0, 31))], subscriptions: [{ id: 'sub_1', status: 'active' }], grants: [] }, { oneOffDays: 30, graceDays: 3 }).until).toBe(at(T0, 34));
  });
});
