/* PUT /api/admin/users/:id/roles keeps the site with at least one admin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { auditActions } from '../helpers/moderation';

const KINDS: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (requireService('PostgreSQL', !!PG_BASE_URL)) KINDS.push('postgres');

const roles = async (t: TestApp, id: string) => (await t.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute()).map((r) => r.role).sort();

for (const kind of KINDS) describe(`the last admin on ${kind}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: kind });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the only admin cannot remove their own admin role; with another admin they can', async () => {
    const only = await signedIn(t, { roles: ['admin'], name: 'Only Admin' });
    const refused = await only.browser.put(`/api/admin/users/${only.user.id}/roles`, { roles: ['editor'], reason: 'stepping down' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({ code: 'last_admin', message: 'Only Admin is the only admin: make someone else an admin first.' });
    expect(await roles(t, only.user.id)).toEqual(['admin', 'reader']);
    expect((await auditActions(t, only.user.id)).filter((a) => a.action === 'user.roles_changed')).toEqual([]);
    // Keeping admin while changing the rest is fine.
    expect((await only.browser.put(`/api/admin/users/${only.user.id}/roles`, { roles: ['admin', 'editor'], reason: 'also writes' })).statusCode).toBe(200);

    // A deleted account's admin role does not count.
    const gone = await signedIn(t, { roles: ['admin'] });
    await t.ctx.db.updateTable('users').set({ deleted_at: t.clock.now().toISOString() }).where('id', '=', gone.user.id).execute();
    expect((await only.browser.put(`/api/admin/users/${only.user.id}/roles`, { roles: [] })).statusCode).toBe(409);

    const second = await signedIn(t, { roles: ['admin'], name: 'Second Admin' });
    const ok = await only.browser.put(`/api/admin/users/${only.user.id}/roles`, { roles: ['editor'], reason: 'stepping down' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await roles(t, only.user.id)).toEqual(['editor', 'reader']);
    // Now Second is the last one, and cannot be demoted by themselves either.
    const last = await second.browser.put(`/api/admin/users/${second.user.id}/roles`, { roles: [] });
    expect([last.statusCode, last.json().error.code]).toEqual([409, 'last_admin']);
  });
});
