import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { Browser, fakeHostPages, hostPageHtml, lastMailedLink, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { makePost, relaxRateLimits } from '../helpers/discussion';

const SSO_SECRET = 'host-site-shared-secret-for-sso-0123456789';

let t: TestApp;
const host = fakeHostPages();
for (const [url, title] of [
  ['https://blog.example/2026/05/My-Story.html', '  My   story '],
  ['https://other.example/about', 'About them'],
  ['https://blog.example/about', 'About us'],
  ['https://other.example/', 'Home'],
  ['https://blog.example/y', 'Y'],
  ['https://blog.example/from-host', 'Host'],
]) host.pages.set(url!, hostPageHtml(title!));
beforeAll(async () => {
  t = await makeApp({ env: { PARLEY_EMBED_ORIGINS: 'https://blog.example,https://other.example', PARLEY_SSO_SECRET: SSO_SECRET }, fetchPage: host.fetchPage });
  await relaxRateLimits(t.ctx.db);
});
afterAll(async () => t.close());

describe('posts created on first embed', () => {
  it('creates a published post once per canonical URL of an allowed site', async () => {
    const b = new Browser(t);
    const first = await b.post('/api/embed/posts', { url: 'https://blog.example/2026/05/My-Story.html#comments', title: '  My   story ' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().post).toMatchObject({ slug: '2026-05-my-story', title: 'My story', canonicalUrl: 'https://blog.example/2026/05/My-Story.html', commentCount: 0, discussion: 'open' });
    const again = await b.post('/api/embed/posts', { url: 'https://blog.example/2026/05/My-Story.html', title: 'Changed title' });
    expect(again.statusCode).toBe(200);
    expect(again.json().post.id).toBe(first.json().post.id);
    expect((await b.get('/api/posts/2026-05-my-story')).json().post.title).toBe('My story');
    // Its discussion works like any other.
    const { browser } = await signedIn(t, { supporter: true });
    expect((await browser.post('/api/posts/2026-05-my-story/comments', { body: 'From the embed' })).statusCode).toBe(201);
  });

  it('keeps slugs unique when two sites share a path', async () => {
    const a = await new Browser(t).post('/api/embed/posts', { url: 'https://other.example/about', title: 'About them' });
    const b = await new Browser(t).post('/api/embed/posts', { url: 'https://blog.example/about', title: 'About us' });
    expect(a.json().post.slug).toBe('about');
    expect(b.json().post.slug).toMatch(/^about-[0-9a-f]{8}$/);
    const root = await new Browser(t).post('/api/embed/posts', { url: 'https://other.example/', title: 'Home' });
    expect(root.json().post.slug).toBe('page');
  });

  it('refuses origins that are not allowed, and pages posting for another site', async () => {
    const b = new Browser(t);
    const count = async () => Number((await t.ctx.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const url of ['https://evil.example/x', 'http://blog.example/x', 'https://blog.example.evil.example/x', 'javascript:alert(1)//https://blog.example/']) {
      const res = await b.post('/api/embed/posts', { url, title: 'X' });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(['origin_not_allowed', 'invalid_input']).toContain(res.json().error.code);
    }
    const cross = await b.post('/api/embed/posts', { url: 'https://blog.example/y', title: 'Y' }, { origin: 'https://other.example' });
    expect([cross.statusCode, cross.json().error.code]).toEqual([403, 'origin_not_allowed']);
    expect((await b.post('/api/embed/posts', { url: 'https://blog.example/z', title: '   ' })).statusCode).toBe(422);
    expect(await count()).toBe(before);
    const fromHost = await b.post('/api/embed/posts', { url: 'https://blog.example/from-host', title: 'Host' }, { origin: 'https://blog.example' });
    expect(fromHost.statusCode).toBe(201);
    expect(fromHost.headers['access-control-allow-origin']).toBe('https://blog.example');
  });

  it('creates a discussion only for a page that exists and carries the embed, with the title the page declares', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    // No Origin header, as a script (not a browser) sends it: a page that does not exist makes nothing.
    const missing = await new Browser(t, '10.44.0.1').post('/api/embed/posts', { url: 'https://blog.example/made-up', title: 'Anything I like' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([422, 'page_unreadable']);
    host.pages.set('https://blog.example/no-embed', '<!doctype html><title>No discussion here</title><script src="https://blog.example/app.js"></script>');
    const bare = await new Browser(t, '10.44.0.1').post('/api/embed/posts', { url: 'https://blog.example/no-embed', title: 'Anything' });
    expect([bare.statusCode, bare.json().error.code]).toEqual([422, 'embed_missing']);
    // A look-alike loader from another origin is not Parley's.
    host.pages.set('https://blog.example/fake-loader', '<!doctype html><title>Fake</title><script src="https://evil.example/assets/embed.js"></script>');
    expect((await new Browser(t, '10.44.0.1').post('/api/embed/posts', { url: 'https://blog.example/fake-loader', title: 'Fake' })).json().error.code).toBe('embed_missing');
    expect(await count()).toBe(before);

    host.pages.set('https://blog.example/real', hostPageHtml('The page&#39;s own &amp; true title', 'data-parley-url="https://blog.example/real"'));
    const real = await new Browser(t, '10.44.0.1').post('/api/embed/posts', { url: 'https://blog.example/real', title: 'A title the caller invented' });
    expect(real.statusCode).toBe(201);
    expect(real.json().post.title).toBe("The page's own & true title");
    host.pages.set('https://blog.example/declared', hostPageHtml('Site name | Story', 'data-parley-title="The story, as the page names it"'));
    const declared = await new Browser(t, '10.44.0.1').post('/api/embed/posts', { url: 'https://blog.example/declared' });
    expect(declared.json().post.title).toBe('The story, as the page names it');
  });

  it('refuses a malformed percent-encoding in the URL with 400, and keeps the per-IP limit on creations', async () => {
    const bad = await new Browser(t, '10.45.0.1').post('/api/embed/posts', { url: 'https://blog.example/%E0%A4%A', title: 'X' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: { code: 'bad_url', message: expect.any(String) } });
    const b = new Browser(t, '10.45.0.2');
    const codes: number[] = [];
    for (let i = 0; i < 62; i++) {
      const url = `https://other.example/limit-${i}`;
      host.pages.set(url, hostPageHtml(`Limit ${i}`));
      codes.push((await b.post('/api/embed/posts', { url })).statusCode);
    }
    expect(codes.slice(0, 60).every((c) => c === 201)).toBe(true);
    expect(codes.slice(60)).toEqual([429, 429]);
    // Limited before Parley reads the page: the host is not asked again.
    expect(host.fetched.filter((u) => u.includes('/limit-60') || u.includes('/limit-61'))).toEqual([]);
  });
});

describe('single sign-on', () => {
  const now = () => t.clock.now();
  let jtiN = 0;
  async function token(claims: Record<string, unknown>, opts: { secret?: string; expiresInS?: number; alg?: string; noExp?: boolean } = {}) {
    const jwt = new SignJWT({ email: 'host.user@example.org', name: 'Host User', ...claims })
      .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
      .setSubject((claims.sub as string) ?? 'host-42')
      .setJti(`jti-${++jtiN}-${Math.random()}`)
      .setIssuedAt(Math.floor(now().getTime() / 1000));
    if (!opts.noExp) jwt.setExpirationTime(Math.floor(now().getTime() / 1000) + (opts.expiresInS ?? 300));
    return jwt.sign(new TextEncoder().encode(opts.secret ?? SSO_SECRET));
  }

  it('creates the linked account, starts a session and takes supporter status from the host', async () => {
    const b = new Browser(t);
    await b.session();
    const res = await b.post('/api/auth/sso', { token: await token({ sub: 'host-1', supporter: true }) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().user).toMatchObject({ displayName: 'Host User', supporter: { active: true, until: null } });
    expect((await b.session()).user?.id).toBe(res.json().user.id);
    const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', res.json().user.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sso_subject: 'host-1', email: 'host.user@example.org', supporter_until: OPEN_ENDED, password_hash: null });
    const grants = await t.ctx.db.selectFrom('supporter_grants').selectAll().where('user_id', '=', row.id).execute();
    expect(grants).toMatchObject([{ note: 'sso', until: null, revoked_at: null }]);
    // The SSO supporter can join the discussion.
    const p = await makePost(t.ctx.db, now());
    expect((await b.post(`/api/posts/${p.slug}/comments`, { body: 'Signed in from the host' })).statusCode).toBe(201);

    // Next visit: the host renamed the user and membership ended.
    const next = new Browser(t);
    await next.session();
    const again = await next.post('/api/auth/sso', { token: await token({ sub: 'host-1', name: 'Renamed', supporter: false }) });
    expect(again.json().user).toMatchObject({ id: row.id, displayName: 'Renamed', supporter: { active: false } });
    const refused = await next.post(`/api/posts/${p.slug}/comments`, { body: 'Still a supporter?' });
    expect(refused.json().error.code).toBe('supporters_only');

    // A dated membership.
    const until = new Date(now().getTime() + 30 * 86_400_000).toISOString();
    const dated = await new Browser(t).post('/api/auth/sso', { token: await token({ sub: 'host-1', supporter: true, supporter_until: until }) });
    expect(dated.json().user.supporter).toEqual({ active: true, until });
  });

  it('refuses a supporter_until no stored time can hold (9e15 seconds, an overflowing date) with 401, changing nothing', async () => {
    for (const [i, until] of [9e15, 1e15, -1e15, '+275760-09-13T00:00:00.000Z', '99999-01-01'].entries()) {
      const res = await new Browser(t).post('/api/auth/sso', { token: await token({ sub: `host-huge-${i}`, email: `huge${i}@example.org`, supporter: true, supporter_until: until }) });
      expect(res.statusCode, String(until)).toBe(401);
      expect(res.json().error.code).toBe('sso_invalid');
      expect(await t.ctx.db.selectFrom('users').select('id').where('sso_subject', '=', `host-huge-${i}`).executeTakeFirst()).toBeUndefined();
    }
  });

  it('refuses expired, tampered, wrongly signed, too long-lived and replayed tokens with 401 sso_invalid', async () => {
    const b = new Browser(t);
    await b.session();
    const good = await token({ sub: 'host-2', email: 'second.host.user@example.org' });
    const [h, p, s] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'admin' })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    const cases = {
      expired: await token({ sub: 'host-2' }, { expiresInS: -10 }),
      tampered: `${h}.${forged}.${s}`,
      wrongSecret: await token({ sub: 'host-2' }, { secret: 'not-the-shared-secret-at-all-0123456789' }),
      algNone: none,
      hs512: await token({ sub: 'host-2' }, { alg: 'HS512' }),
      tooLong: await token({ sub: 'host-2' }, { expiresInS: 3600 }),
      noExp: await token({ sub: 'host-2' }, { noExp: true }),
      noEmail: await token({ sub: 'host-2', email: 'not an address' }),
      garbage: 'not.a.jwt',
    };
    for (const [name, tok] of Object.entries(cases)) {
      const res = await b.post('/api/auth/sso', { token: tok });
      expect([res.statusCode, res.json().error.code], name).toEqual([401, 'sso_invalid']);
    }
    expect((await b.session()).user).toBeNull();
    expect(await t.ctx.db.selectFrom('users').select('id').where('sso_subject', 'in', ['host-2', 'admin']).execute()).toEqual([]);

    expect((await b.post('/api/auth/sso', { token: good })).statusCode).toBe(200);
    const replay = await new Browser(t).post('/api/auth/sso', { token: good });
    expect([replay.statusCode, replay.json().error.code]).toEqual([401, 'sso_invalid']);
  });

  it('never links a staff account by e-mail', async () => {
    await signedIn(t, { roles: ['admin'], email: 'boss@example.org' });
    for (const verified of [false, true]) {
      const res = await new Browser(t).post('/api/auth/sso', { token: await token({ sub: 'host-boss', email: 'boss@example.org', email_verified: verified }) });
      expect([res.statusCode, res.json().error.code]).toEqual([409, 'sso_email_conflict']);
    }
    expect(await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'boss@example.org').execute()).toEqual([]);
  });

  it('never takes over an account with its own password on the host’s word: the owner confirms by mail', async () => {
    const reader = await signedIn(t, { email: 'plain.reader@example.org', name: 'Plain Reader' });
    const rowOf = () => t.ctx.db.selectFrom('users').selectAll().where('id', '=', reader.user.id).executeTakeFirstOrThrow();
    // An unverified claim of the address gets nothing: no session, no link, no rename.
    const attacker = new Browser(t);
    await attacker.session();
    const plain = await attacker.post('/api/auth/sso', { token: await token({ sub: 'host-attacker', email: 'plain.reader@example.org', name: 'Renamed By Host' }) });
    expect([plain.statusCode, plain.json().error.code]).toEqual([409, 'sso_email_conflict']);
    expect((await attacker.session()).user).toBeNull();
    expect(await rowOf()).toMatchObject({ sso_subject: null, display_name: 'Plain Reader' });

    // A verified claim only sends the account's owner a link; until it is confirmed nothing changes.
    const claimed = await attacker.post('/api/auth/sso', { token: await token({ sub: 'host-reader', email: 'plain.reader@example.org', email_verified: true, name: 'Renamed By Host' }) });
    expect([claimed.statusCode, claimed.json().error.code]).toEqual([409, 'sso_link_confirmation_sent']);
    expect((await attacker.session()).user).toBeNull();
    expect(await rowOf()).toMatchObject({ sso_subject: null, display_name: 'Plain Reader' });
    const link = await lastMailedLink(t, 'plain.reader@example.org', 'Connect your account to another site?');
    // Opening the link shows a button (a mail scanner fetching it changes nothing); pressing it connects.
    const owner = new Browser(t);
    const pageRes = await owner.get(link);
    expect(pageRes.statusCode).toBe(200);
    expect((await rowOf()).sso_subject).toBeNull();
    const tokenValue = new URLSearchParams(link.split('?')[1]).get('token')!;
    const form = await t.app.inject({ method: 'POST', url: '/account/connect', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://parley.test' }, payload: `token=${encodeURIComponent(tokenValue)}` });
    expect(form.statusCode, form.body).toBe(200);
    expect((await rowOf()).sso_subject).toBe('host-reader');
    const linked = await new Browser(t).post('/api/auth/sso', { token: await token({ sub: 'host-reader', email: 'plain.reader@example.org', email_verified: true }) });
    expect(linked.json().user.id).toBe(reader.user.id);
    // The link works once.
    const again = await t.app.inject({ method: 'POST', url: '/account/connect', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://parley.test' }, payload: `token=${encodeURIComponent(tokenValue)}` });
    expect(again.statusCode).toBe(400);
  });

  it('is off without PARLEY_SSO_SECRET', async () => {
    const plain = await makeApp();
    try {
      const res = await new Browser(plain).post('/api/auth/sso', { token: await token({}) });
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'sso_disabled']);
    } finally {
      await plain.close();
    }
  });
});
