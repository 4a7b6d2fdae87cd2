/* /admin/users and the roles API behind its forms: the list with search and paging, changing roles
   (audited), and who is refused. The last-admin guard is in admin-roles.test.ts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, PG_BASE_URL, requireService, signedIn, type TestApp } from '../helpers/harness';
import { auditActions } from '../helpers/moderation';
import { createUser } from '../../src/store/users';
import { USERS_PER_PAGE } from '../../src/web/admin-users';
import type { Role } from '../../src/domain/roles';

const KINDS: Array<'sqlite' | 'postgres'> = ['sqlite'];
if (requireService('PostgreSQL', !!PG_BASE_URL)) KINDS.push('postgres');

/** The rows of the users table on a page, as {id: text of the row}. */
function rows(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<tr data-user="([^"]+)">([\s\S]*?)<\/tr>/g)) out.set(m[1]!, m[2]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
  return out;
}

const roles = async (t: TestApp, id: string) => (await t.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute()).map((r) => r.role).sort();

for (const kind of KINDS) describe(`admin users on ${kind}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ db: kind });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows an admin every account with roles, supporter status, sanction and join date, linked to its moderation history', async () => {
    const admin = await signedIn(t, { roles: ['admin'], name: 'Ada Admin' });
    const sup = await signedIn(t, { supporter: true, name: 'Sam Supporter' });
    const mod = await signedIn(t, { roles: ['moderator', 'editor'], name: 'Mo Both' });
    const banned = await signedIn(t, { name: 'Bea Banned' });
    expect((await admin.browser.post(`/api/mod/users/${banned.user.id}/ban`, { reason: 'Threats' })).statusCode).toBe(200);

    const res = await admin.browser.get('/admin/users');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<script src="/assets/forms.js"');
    const list = rows(res.body);
    expect(list.get(admin.user.id)).toMatch(/^Ada Admin \(you\) .*none .*Admin/);
    expect(list.get(sup.user.id)).toMatch(/Sam Supporter .*open-ended .*none .*Reader/);
    expect(list.get(mod.user.id)).toMatch(/Mo Both .*no .*none .*Editor, Moderator/);
    expect(list.get(banned.user.id)).toMatch(/Bea Banned .*banned/);
    const joined = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(t.clock.now());
    expect(list.get(sup.user.id)).toContain(joined);
    expect(res.body).toContain(`href="/admin/moderation/users/${sup.user.id}"`);
    expect(res.body).toContain(sup.email);
    // The roles form: granted roles ticked, PUT to the API, back to this page.
    const form = res.body.match(new RegExp(`<form data-api="/api/admin/users/${mod.user.id}/roles"[\\s\\S]*?</form>`))![0];
    expect(form).toContain('data-method="PUT"');
    expect(form).toMatch(/value="moderator" checked/);
    expect(form).toMatch(/value="editor" checked/);
    expect(form).not.toMatch(/value="admin" checked/);
    // Listed from the admin page.
    expect((await admin.browser.get('/admin')).body).toContain('href="/admin/users"');
  });

  it('searches by name or e-mail, case-insensitively, with LIKE wildcards taken literally', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const zed = await signedIn(t, { name: 'Zedekiah Quill', email: 'zq-mail@example.net' });
    const pct = await signedIn(t, { name: '100% Real' });
    const other = await signedIn(t, { name: 'Someone Else' });
    const byName = rows((await admin.browser.get('/admin/users?q=zedEKIAH')).body);
    expect([...byName.keys()]).toEqual([zed.user.id]);
    const byMail = rows((await admin.browser.get('/admin/users?q=ZQ-MAIL%40example')).body);
    expect([...byMail.keys()]).toEqual([zed.user.id]);
    const literal = rows((await admin.browser.get(`/admin/users?q=${encodeURIComponent('0% r')}`)).body);
    expect([...literal.keys()]).toEqual([pct.user.id]);
    expect(rows((await admin.browser.get('/admin/users?q=_')).body).size).toBe(0);
    const none = await admin.browser.get('/admin/users?q=nobody-by-this-name');
    expect(none.body).toContain('No account matches “nobody-by-this-name”.');
    expect(rows(none.body).has(other.user.id)).toBe(false);
  });

  it('pages through everyone newest first, each account once', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    for (let i = 0; i < USERS_PER_PAGE + 5; i++) {
      t.clock.advance(1000);
      await createUser(t.ctx.db, { email: `paged${i}@example.org`, displayName: `Paged ${i}`, passwordHash: null }, t.clock.now());
    }
    const total = Number((await t.ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const seen: string[] = [];
    let url: string | null = '/admin/users';
    for (let pages = 0; url && pages < 10; pages++) {
      const body: string = (await admin.browser.get(url)).body;
      seen.push(...rows(body).values());
      const more: RegExpMatchArray | null = body.match(/href="(\/admin\/users\?cursor=[^"]+)"/);
      url = more ? more[1]!.replace(/&amp;/g, '&') : null;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen[0]).toMatch(/^Paged 54 /);
    // Search keeps its term when paging.
    const searched = (await admin.browser.get('/admin/users?q=paged')).body;
    expect(rows(searched).size).toBe(USERS_PER_PAGE);
    expect(searched).toMatch(/href="\/admin\/users\?q=paged&amp;cursor=/);
  });

  it('changes roles through the API the page posts to, audited with the reason; the page shows the change', async () => {
    const admin = await signedIn(t, { roles: ['admin'] });
    const { user } = await signedIn(t, { name: 'Newly Promoted' });
    const res = await admin.browser.put(`/api/admin/users/${user.id}/roles`, { roles: ['moderator', 'editor'], reason: 'joined the desk' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ roles: ['editor', 'moderator', 'reader'] });
    expect(await roles(t, user.id)).toEqual(['editor', 'moderator', 'reader']);
    const entry = (await auditActions(t, user.id)).find((a) => a.action === 'user.roles_changed')!;
    expect(entry).toMatchObject({ actor_id: admin.user.id, reason: 'joined the desk' });
    expect([JSON.parse(entry.before!), JSON.parse(entry.after!)]).toEqual([['reader'], ['reader', 'moderator', 'editor']]);
    expect(rows((await admin.browser.get('/admin/users?q=Newly')).body).get(user.id)).toContain('Editor, Moderator');
    // Nothing ticked: back to a reader.
    expect((await admin.browser.put(`/api/admin/users/${user.id}/roles`, { roles: [], reason: 'left' })).statusCode).toBe(200);
    expect(await roles(t, user.id)).toEqual(['reader']);
    // The page's requests carry the CSRF token; one without it is refused.
    const token = admin.browser.csrf;
    admin.browser.csrf = null;
    const forged = await admin.browser.put(`/api/admin/users/${user.id}/roles`, { roles: ['admin'] });
    admin.browser.csrf = token;
    expect([forged.statusCode, forged.json().error.code]).toEqual([403, 'csrf']);
    expect(await roles(t, user.id)).toEqual(['reader']);
  });

  it('refuses moderators, editors, readers and anonymous visitors, changing nothing', async () => {
    const { user } = await signedIn(t, { name: 'Target' });
    for (const r of [['moderator'], ['editor'], []] satisfies Role[][]) {
      const { browser } = await signedIn(t, { roles: r });
      const page = await browser.get('/admin/users');
      expect(page.statusCode, r.join()).toBe(403);
      expect(page.body).toContain('Only admins can manage users.');
      expect(page.body).not.toContain('data-user=');
      const api = await browser.put(`/api/admin/users/${user.id}/roles`, { roles: ['admin'], reason: 'let me in' });
      expect([api.statusCode, api.json().error.code], r.join()).toEqual([403, 'forbidden']);
    }
    const anon = new Browser(t, '10.60.0.1');
    const page = await anon.get('/admin/users?q=x');
    expect([page.statusCode, page.headers.location]).toEqual([302, '/login?next=%2Fadmin%2Fusers%3Fq%3Dx']);
    const api = await anon.put(`/api/admin/users/${user.id}/roles`, { roles: ['admin'] });
    expect([api.statusCode, api.json().error.code]).toEqual([401, 'sign_in_required']);
    expect(await roles(t, user.id)).toEqual(['reader']);
    expect((await auditActions(t, user.id)).filter((a) => a.action === 'user.roles_changed')).toEqual([]);
  });
});
