import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { checkoutSession, deliver, event, sid, WEBHOOK_SECRET } from './stripe-fixtures';

function suite(kind: 'sqlite' | 'postgres') {
let t: TestApp;
beforeAll(async () => {
  t = await makeApp({ db: kind, env: { PARLEY_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
});
afterAll(async () => t?.close());

const audits = (userId: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('target_id', '=', userId).orderBy('id').execute();

describe('admin supporter grants', () => {
  it('grants until a date with a note, in the user shape, and audits it', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const { user, browser } = await signedIn(t);
    const res = await admin.browser.post(`/api/admin/users/${user.id}/supporter`, { until: '2099-01-31', note: 'cheque received' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toEqual({ id: user.id, displayName: user.display_name, roles: ['reader'], supporter: { active: true, until: '2099-01-31T23:59:59.999Z' }, sanction: { state: 'none', until: null, reason: null }, emailConfirmed: true });
    expect((await browser.session()).user).toMatchObject({ supporter: { active: true, until: '2099-01-31T23:59:59.999Z' } });
    const entry = (await audits(user.id)).find((a) => a.action === 'supporter.granted')!;
    expect(entry).toMatchObject({ actor_id: admin.user.id, reason: 'cheque received' });
  });

  it('open-ended grants show no end date; extending keeps the later end', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const { user } = await signedIn(t);
    await admin.browser.post(`/api/admin/users/${user.id}/supporter`, { until: '2098-06-01T00:00:00Z', note: 'comp' });
    const shorter = await admin.browser.post(`/api/admin/users/${user.id}/supporter`, { until: '2097-01-01', note: 'mistake' });
    expect(shorter.json().user.supporter.until).toBe('2098-06-01T00:00:00.000Z');
    const open = await admin.browser.post(`/api/admin/users/${user.id}/supporter`, { until: null, note: 'staff' });
    expect(open.json().user.supporter).toEqual({ active: true, until: null });
    expect((await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow()).supporter_until).toBe(OPEN_ENDED);
  });

  it('DELETE ends status now, including paid support; a later donation counts again', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const { user } = await signedIn(t);
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now()));
    await admin.browser.post(`/api/admin/users/${user.id}/supporter`, { until: null, note: 'staff' });
    t.clock.advance(1000);
    const ended = await admin.browser.delete(`/api/admin/users/${user.id}/supporter`, { note: 'chargeback fraud' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().user.supporter.active).toBe(false);
    expect((await audits(user.id)).some((a) => a.action === 'supporter.ended' && a.reason === 'chargeback fraud' && a.actor_id === admin.user.id)).toBe(true);
    // No body at all is fine too.
    expect((await admin.browser.delete(`/api/admin/users/${user.id}/supporter`)).statusCode).toBe(200);
    t.clock.advance(1000);
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 1000, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now()));
    expect((await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow()).supporter_until! > t.clock.now().toISOString()).toBe(true);
  });

  it('grants by e-mail address from the admin page', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const { user, email } = await signedIn(t);
    const res = await admin.browser.post('/api/admin/supporters', { email: email.toUpperCase(), until: '', note: 'writer' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ id: user.id, supporter: { active: true, until: null } });
    expect((await admin.browser.post('/api/admin/supporters', { email: 'nobody@example.org', until: null, note: 'x' })).statusCode).toBe(404);
  });

  it('refuses bad input and people without manage_users, changing nothing', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const moderator = await signedIn(t, { roles: ['moderator'] });
    const { user } = await signedIn(t);
    const url = `/api/admin/users/${user.id}/supporter`;
    for (const body of [{ until: '2020-01-01', note: 'past' }, { until: 'next tuesday', note: 'x' }, { until: '2099-02-30', note: 'x' }, { until: null, note: '' }, { until: null }, { note: 'x' }, { until: 5, note: 'x' }]) {
      const res = await admin.browser.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
    }
    expect((await admin.browser.post('/api/admin/users/nosuchuser/supporter', { until: null, note: 'x' })).statusCode).toBe(404);
    const denied = await moderator.browser.post(url, { until: null, note: 'x' });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'forbidden']);
    expect((await moderator.browser.delete(url)).statusCode).toBe(403);
    expect((await new Browser(t, '10.50.0.1').post(url, { until: null, note: 'x' })).statusCode).toBe(401);
    expect((await t.ctx.db.selectFrom('users').select('supporter_until').where('id', '=', user.id).executeTakeFirstOrThrow()).supporter_until).toBeNull();
    expect(await t.ctx.db.selectFrom('supporter_grants').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });
});

describe('supporter pages over HTTP', () => {
  it('the admin list filters, and the CSV export is safe to open in a spreadsheet', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const soon = await signedIn(t, { name: '=HYPERLINK("http://evil")' });
    await admin.browser.post(`/api/admin/users/${soon.user.id}/supporter`, { until: new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString(), note: 'short comp' });
    const later = await signedIn(t, { name: 'Long Supporter' });
    await admin.browser.post(`/api/admin/users/${later.user.id}/supporter`, { until: new Date(t.clock.now().getTime() + 200 * 86_400_000).toISOString(), note: 'comp' });

    const lapsing = await admin.browser.get('/admin/supporters?filter=lapsing');
    expect(lapsing.statusCode).toBe(200);
    expect(lapsing.body).toContain('=HYPERLINK');
    expect(lapsing.body).not.toContain('Long Supporter');
    expect(lapsing.body).toContain('<svg');
    const active = await admin.browser.get('/admin/supporters?filter=active');
    expect(active.body).toContain('Long Supporter');

    const csv = await admin.browser.get('/admin/supporters.csv?filter=active');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="supporters-active-/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('user_id,display_name,email,supporter_since,supporter_until,status,net_given_gbp');
    const evil = lines.find((l) => l.includes(soon.user.id))!;
    expect(evil).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(lines.some((l) => l.includes(later.user.id) && l.endsWith(',active,0.00'))).toBe(true);

    const reader = await signedIn(t);
    expect((await reader.browser.get('/admin/supporters')).statusCode).toBe(403);
    expect((await reader.browser.get('/admin/supporters.csv')).statusCode).toBe(403);
    expect((await new Browser(t, '10.50.0.2').get('/admin/supporters.csv')).statusCode).toBe(302);
  });

  it('the account page shows status and donation history; /support asks signed-out readers to sign in first', async () => {
    const { browser, user } = await signedIn(t, { name: 'Page Reader' });
    await deliver(t, event('checkout.session.completed', checkoutSession({ userId: user.id, amount: 2500, customer: sid('cus'), paymentIntent: sid('pi'), created: t.clock.now() }), t.clock.now()));
    const account = await browser.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('data-supporter="active"');
    expect(account.body).toContain('£25');
    const anon = await new Browser(t, '10.50.0.3').get('/support');
    expect(anon.body).toContain('payments are not set up');
    expect((await new Browser(t, '10.50.0.4').get('/account')).statusCode).toBe(302);
  });
});
}

describe('SQLite', () => suite('sqlite'));
describe.runIf(requireService('PostgreSQL', !!PG_BASE_URL))('PostgreSQL', () => suite('postgres'));
