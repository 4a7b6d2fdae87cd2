import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, makeApp, signedIn, type TestApp } from '../helpers/harness';
import { settleBackground } from '../../src/server/background';

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(async () => t.close());

describe('accounts over HTTP', () => {
  it('register → session → logout → login', async () => {
    const b = new Browser(t);
    const reg = await b.post('/api/auth/register', { email: 'Ada@Example.org', password: 'a long password', displayName: 'Ada' });
    expect(reg.statusCode).toBe(201);
    expect(reg.json().user).toMatchObject({ displayName: 'Ada', roles: ['reader'], supporter: { active: false, until: null }, sanction: { state: 'none' } });
    expect(reg.json().user.email).toBeUndefined();
    const setCookie = String(reg.headers['set-cookie']);
    expect(setCookie).toMatch(/parley_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const s = await b.session();
    expect(s.user?.id).toBe(reg.json().user.id);

    expect((await b.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await b.session()).user).toBeNull();

    const bad = await b.post('/api/auth/login', { email: 'ada@example.org', password: 'wrong password' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('bad_credentials');
    const ok = await b.post('/api/auth/login', { email: 'ADA@example.org', password: 'a long password' });
    expect(ok.statusCode).toBe(200);
    expect((await b.session()).user?.id).toBe(reg.json().user.id);
  });

  it('refuses a second account for the same normalised address', async () => {
    const b = new Browser(t, '10.9.0.1');
    expect((await b.post('/api/auth/register', { email: 'some.one+news@gmail.com', password: 'a long password', displayName: 'One' })).statusCode).toBe(201);
    const again = await new Browser(t, '10.9.0.2').post('/api/auth/register', { email: 'someone@googlemail.com', password: 'a long password', displayName: 'Two' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('email_taken');
  });

  it('sends people only to Parley after signing in, however the next address is spelled', async () => {
    const nextOf = async (url: string) => /data-next="([^"]*)"/.exec((await new Browser(t).get(url)).body)?.[1]?.replace(/&amp;/g, '&');
    for (const evil of ['/%5Cevil.example/x', '/%5C%5Cevil.example', '//evil.example', '/%09/evil.example', 'https://evil.example/', '/%2F/evil.example', '/./%2Fevil.example', 'javascript:alert(1)', '%2F%2Fevil.example']) {
      for (const page of ['/login', '/register']) {
        const next = await nextOf(`${page}?next=${evil}`);
        expect(next, `${page} ${evil}`).toBeDefined();
        expect(new URL(next!, 'http://parley.test').origin, `${page} ${evil} → ${next}`).toBe('http://parley.test');
        expect(next!.startsWith('//'), `${page} ${evil} → ${next}`).toBe(false);
      }
    }
    expect(await nextOf('/login?next=%2Fadmin%2Fposts%3Fstatus%3Ddraft')).toBe('/admin/posts?status=draft');
    expect(await nextOf('/login?next=http%3A%2F%2Fparley.test%2Fsupport')).toBe('/support');
  });

  it('validates input with 422 invalid_input', async () => {
    const b = new Browser(t, '10.9.0.3');
    for (const body of [{}, { email: 'x@y.org', password: 'short', displayName: 'X' }, { email: 'not-an-address', password: 'long enough', displayName: 'X' }, { email: 'x@y.org', password: 123, displayName: 'X' }]) {
      const res = await b.post('/api/auth/register', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('invalid_input');
    }
  });

  it('refuses a cookie-session POST without the CSRF token or a matching Origin', async () => {
    const { browser } = await signedIn(t);
    const token = browser.csrf;
    browser.csrf = null;
    const noToken = await browser.post('/api/auth/logout');
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf');
    const evil = await browser.post('/api/auth/logout', {}, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect((await browser.session()).user).not.toBeNull(); // still signed in: nothing happened
    browser.csrf = null;
    expect((await browser.post('/api/auth/logout', {}, { origin: 'http://parley.test' })).statusCode).toBe(204);
    browser.csrf = token;
  });

  it('rate-limits 20 wrong passwords in a minute, and the owner gets back in after the window', async () => {
    const { email, password } = await signedIn(t);
    const attacker = new Browser(t, '10.7.7.7');
    const codes: number[] = [];
    for (let i = 0; i < 20; i++) codes.push((await attacker.post('/api/auth/login', { email, password: `guess-${i}` })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toContain(429);
    const limited = await new Browser(t, '10.7.7.8').post('/api/auth/login', { email, password });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    t.clock.advance(16 * 60_000);
    expect((await new Browser(t, '10.7.7.8').post('/api/auth/login', { email, password })).statusCode).toBe(200);
  });

  it('sends a magic link that signs in once, after a click on the page it opens', async () => {
    const { email, user } = await signedIn(t);
    const b = new Browser(t, '10.9.1.1');
    expect((await b.post('/api/auth/magic-link', { email })).statusCode).toBe(202);
    expect((await b.post('/api/auth/magic-link', { email: 'nobody@example.org' })).statusCode).toBe(202);
    await settleBackground(t.ctx);
    const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const link = mail.text.match(/http:\/\/parley\.test(\/auth\/magic\?token=\S+)/)![1]!;
    const token = new URL(link, 'http://parley.test').searchParams.get('token')!;
    // Opening the link signs nobody in: it asks, naming the account.
    const page = await b.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`Sign in as <strong class="magic-name">${user.display_name}</strong>?`);
    expect(page.body).toContain('data-api="/api/auth/magic"');
    expect((await b.session()).user).toBeNull();
    expect((await b.get(link)).statusCode).toBe(200); // still unused
    // Another site cannot press the button for the visitor.
    const forged = await new Browser(t, '10.9.1.2').post('/api/auth/magic', { token }, { origin: 'https://evil.example' });
    expect([forged.statusCode, forged.json().error.code]).toEqual([403, 'csrf']);
    await b.session();
    const signed = await b.post('/api/auth/magic', { token });
    expect(signed.statusCode).toBe(200);
    expect((await b.session()).user?.id).toBe(user.id);
    expect((await new Browser(t).get(link)).statusCode).toBe(400);
    const again = await new Browser(t, '10.9.1.3').post('/api/auth/magic', { token });
    expect([again.statusCode, again.json().error.code]).toEqual([400, 'link_expired']);
  });

  it('answers a sign-in link request before looking the address up, known or not', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const slow = await makeApp({ mailer: { send: async (m) => { await held; sent.push(m.to); }, close: () => {} } });
    try {
      const { email } = await signedIn(slow);
      for (const address of [email, 'nobody@example.org']) {
        const answer = await Promise.race([new Browser(slow, '10.9.4.1').post('/api/auth/magic-link', { email: address }), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 3000))]);
        expect(answer === 'waiting' ? 'waiting' : answer.statusCode, address).toBe(202);
      }
      expect(sent).toEqual([]);
      release();
      await settleBackground(slow.ctx);
      expect(sent).toEqual([email]);
    } finally {
      release();
      await slow.close();
    }
  });

  it('ends the session a browser carried when someone signs in over it', async () => {
    const first = await signedIn(t);
    const second = await signedIn(t);
    const planted = first.browser.cookies.get('parley_session')!;
    // The browser carrying the first account's session signs in as the second.
    await first.browser.session();
    expect((await first.browser.post('/api/auth/login', { email: second.email, password: second.password })).statusCode).toBe(200);
    expect((await first.browser.session()).user?.id).toBe(second.user.id);
    const replay = new Browser(t, '10.9.5.1');
    replay.cookies.set('parley_session', planted);
    expect((await replay.session()).user).toBeNull();
  });
});

describe('bad input never gives a 500', () => {
  it('answers malformed requests in the error shape', async () => {
    const b = new Browser(t, '10.9.2.1');
    const cases = [
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":' }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a@b.org', password: 'x'.repeat(1024 * 1024) }) }),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<x/>' }),
      await b.get('/api/no/such/route'),
      await b.get('/api/posts?limit=abc'),
      await b.get('/api/posts?cursor=%%%'),
      await b.get('/api/posts/NOT%20A%20SLUG'),
    ];
    for (const res of cases) {
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(typeof res.json().error.message).toBe('string');
    }
  });
});
