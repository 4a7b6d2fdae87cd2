/* Every route of the app × every kind of visitor: anonymous, reader, supporter, suspended, banned,
   moderator, editor, admin. The routes come from Fastify's own route table, so a new route fails this
   file until it gets a row below; each row declares, per role, what that role gets: allowed ('ok': a
   2xx, or a 3xx that is not the way to the sign-in page), 401 (or a page's redirect to /login), 403 or
   404. Every signed-in request carries its session's valid CSRF token, so only permissions decide.
   Each cell runs on fresh targets and a fresh account of its role, so a cell that deletes, bans or
   signs out changes nothing for the next one. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { fakeHostPages, hostPageHtml, makeApp, PG_BASE_URL, requireService, type TestApp } from '../helpers/harness';
import { startStripeStub, type StubRequest } from '../payments/stripe-api-stub';
import { createUser } from '../../src/store/users';
import { createMailToken, createSession } from '../../src/store/sessions';
import { csrfTokenFor, SESSION_COOKIE } from '../../src/server/plugins/session';
import { hashPassword } from '../../src/server/services/passwords';
import { OPEN_ENDED } from '../../src/domain/supporter';
import { newId } from '../../src/store/ids';
import { insertComment } from '../../src/store/comments';
import { renderCommentHtml } from '../../src/domain/markup';
import { createPost } from '../../src/publishing/posts';
import { unsubscribeToken } from '../../src/server/services/reply-notifications';
import { REVIEW_BAN_EVASION } from '../../src/moderation/ban-evasion';
import { setSetting } from '../../src/store/settings';
import type { Role as UserRole } from '../../src/domain/roles';

const ROLES = ['anonymous', 'reader', 'supporter', 'suspended', 'banned', 'moderator', 'editor', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'ok' | 400 | 401 | 403 | 404;
/** A cell may accept several refusals (e.g. 401 or 404 for an anonymous call on something that is not public). */
type Expect = Outcome | readonly Outcome[];
type Row = Record<Role, Expect>;

const PASSWORD = 'matrix password 1';
const SSO_SECRET = 'matrix-sso-secret-0123456789abcdef0123456789';
const HOST = 'https://host.example';
const hostPages = fakeHostPages();

// ---- who may do what, in the words of the roles -----------------------------------------------
const all = (o: Expect): Row => Object.fromEntries(ROLES.map((r) => [r, o])) as Row;
const EVERYONE = all('ok');
const DENIED: Expect = [401, 403, 404];
const SIGNED_IN: Row = { ...all('ok'), anonymous: 401 };
const only = (allowed: Role[], refused: Outcome = 403): Row => Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'ok' : r === 'anonymous' ? 401 : refused])) as Row;
const MODERATORS = only(['moderator', 'admin']);
const EDITORS = only(['editor', 'admin']);
const ADMINS = only(['admin']);
const STAFF = only(['moderator', 'editor', 'admin']);
/** The discussion gate: a signed-in supporter who is neither suspended nor banned (staff are not supporters here). */
const SUPPORTERS = only(['supporter']);

interface Me {
  role: Role;
  id: string | null;
  email: string;
  sanctionId: string | null;
  headers: Record<string, string>;
}

interface Request {
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Long-lived (SSE): read over a real socket, only the status line. */
  stream?: boolean;
}

interface Cell {
  /** "METHOD /path" exactly as Fastify has it. */
  route: string;
  /** What this row checks, when a route has several rows. */
  what?: string;
  expect: Row;
  request(me: Me): Promise<Request> | Request;
  /** A known hole: the row states the right answer and fails until the hole is closed (then drop this). */
  fails?: string;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const run = dialect === 'sqlite' || requireService('PostgreSQL', PG_BASE_URL !== null);
  describe.runIf(run)(`route × role matrix on ${dialect}`, () => {
    let t: TestApp;
    let stub: Awaited<ReturnType<typeof startStripeStub>>;
    let passwordHash: string;
    let editorId: string;
    let post: { id: string; slug: string };
    let draft: { id: string; slug: string };
    let tagSlug: string;
    let port: number;
    let ipCounter = 0;
    let n = 0;
    const uniq = () => `${Date.now().toString(36)}${(n += 1)}${Math.random().toString(36).slice(2, 6)}`;

    async function person(o: { roles?: UserRole[]; supporter?: boolean; sanction?: 'suspension' | 'ban' } = {}) {
      const now = t.clock.now();
      const email = `m-${uniq()}@example.org`;
      const row = await createUser(t.ctx.db, { email, displayName: `Person ${n}`, passwordHash, roles: o.roles ?? [], emailVerified: true }, now);
      if (o.supporter) await t.ctx.db.updateTable('users').set({ supporter_until: OPEN_ENDED, supporter_since: now.toISOString() }).where('id', '=', row.id).execute();
      let sanctionId: string | null = null;
      if (o.sanction) sanctionId = await sanction(row.id, o.sanction);
      return { id: row.id, email, sanctionId };
    }

    async function sanction(userId: string, kind: 'suspension' | 'ban') {
      const now = t.clock.now();
      const id = newId(now.getTime());
      await t.ctx.db
        .insertInto('sanctions')
        .values({ id, user_id: userId, kind, starts_at: new Date(now.getTime() - 1000).toISOString(), ends_at: kind === 'ban' ? null : new Date(now.getTime() + 86_400_000).toISOString(), reason: 'matrix', comment_id: null, created_by: null, created_at: now.toISOString(), lifted_at: null, lifted_by: null, lift_reason: null })
        .execute();
      return id;
    }

    async function me(role: Role): Promise<Me> {
      ipCounter += 1;
      const ip = `10.9.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
      if (role === 'anonymous') return { role, id: null, email: `anon-${uniq()}@example.org`, sanctionId: null, headers: { 'x-forwarded-for': ip } };
      const p = await person({
        roles: role === 'moderator' || role === 'editor' || role === 'admin' ? [role] : [],
        supporter: role === 'supporter' || role === 'suspended' || role === 'banned',
        sanction: role === 'suspended' ? 'suspension' : role === 'banned' ? 'ban' : undefined,
      });
      const token = await createSession(t.ctx.db, p.id, t.clock.now());
      return { role, id: p.id, email: p.email, sanctionId: p.sanctionId, headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-parley-csrf': csrfTokenFor(t.ctx.secret, token), 'x-forwarded-for': ip } };
    }

    async function comment(o: { postId?: string; authorId?: string; status?: 'published' | 'pending' } = {}) {
      const authorId = o.authorId ?? (await person({ supporter: true })).id;
      const row = await t.ctx.db.transaction().execute((trx) =>
        insertComment(trx, { postId: o.postId ?? post.id, parent: null, authorId, body: 'A fair point about the figures.', bodyHtml: renderCommentHtml('A fair point about the figures.'), status: o.status ?? 'published', moderation: null }, t.clock.now()),
      );
      return row.id;
    }

    async function freshPost(status: 'published' | 'draft' = 'published') {
      const p = await createPost(t.ctx, editorId, { title: `Matrix post ${uniq()}`, bodyMd: 'Body.', status, tags: ['Matrix'] });
      return { id: p.id, slug: p.slug };
    }

    async function appeal() {
      const u = await person({ supporter: true, sanction: 'suspension' });
      const id = newId(t.clock.now().getTime());
      await t.ctx.db.insertInto('appeals').values({ id, sanction_id: u.sanctionId!, user_id: u.id, body: 'Please look again.', status: 'open', created_at: t.clock.now().toISOString(), decided_at: null, decided_by: null, decision_reason: null }).execute();
      return id;
    }

    async function strike() {
      const u = await person({ supporter: true });
      const id = newId(t.clock.now().getTime());
      const now = t.clock.now();
      await t.ctx.db.insertInto('strikes').values({ id, user_id: u.id, comment_id: null, reason: 'matrix', created_at: now.toISOString(), expires_at: new Date(now.getTime() + 90 * 86_400_000).toISOString(), created_by: null }).execute();
      return id;
    }

    async function donationOf(userId: string) {
      const now = t.clock.now().toISOString();
      await t.ctx.db
        .insertInto('donations')
        .values({ id: newId(Date.now()), user_id: userId, provider: 'stripe', kind: 'one_off', amount: 500, currency: 'gbp', status: 'paid', created_at: now, stripe_event_id: null, stripe_checkout_session_id: null, stripe_customer_id: `cus_${uniq()}`, stripe_payment_intent_id: null, stripe_charge_id: null, stripe_subscription_id: null, stripe_invoice_id: null, card_fingerprint: null })
        .execute();
    }

    const ssoToken = async (sub = `host-${uniq()}`) =>
      new SignJWT({ email: `${sub}@host.example`, name: 'Host Reader', supporter: true })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub)
        .setJti(uniq())
        .setExpirationTime(Math.floor(t.clock.now().getTime() / 1000) + 300)
        .sign(new TextEncoder().encode(SSO_SECRET));

    /** The one table: every route, every role. */
    const cells: Cell[] = [
      // ---- public pages and feeds
      { route: 'GET /', expect: EVERYONE, request: () => ({ method: 'GET', url: '/' }) },
      { route: 'GET /posts/:slug', expect: EVERYONE, request: () => ({ method: 'GET', url: `/posts/${post.slug}` }) },
      { route: 'GET /posts/:slug', what: 'a draft', expect: all(404), request: () => ({ method: 'GET', url: `/posts/${draft.slug}` }) },
      { route: 'GET /embed/:slug', expect: EVERYONE, request: () => ({ method: 'GET', url: `/embed/${post.slug}` }) },
      { route: 'GET /embed/:slug', what: 'a draft', expect: all(404), request: () => ({ method: 'GET', url: `/embed/${draft.slug}` }) },
      { route: 'GET /login', expect: EVERYONE, request: () => ({ method: 'GET', url: '/login' }) },
      { route: 'GET /register', expect: EVERYONE, request: () => ({ method: 'GET', url: '/register' }) },
      { route: 'GET /tags/:tag', expect: EVERYONE, request: () => ({ method: 'GET', url: `/tags/${tagSlug}` }) },
      { route: 'GET /tags/:tag/feed.xml', expect: EVERYONE, request: () => ({ method: 'GET', url: `/tags/${tagSlug}/feed.xml` }) },
      { route: 'GET /tags/:tag/atom.xml', expect: EVERYONE, request: () => ({ method: 'GET', url: `/tags/${tagSlug}/atom.xml` }) },
      { route: 'GET /authors/:id', expect: EVERYONE, request: () => ({ method: 'GET', url: `/authors/${editorId}` }) },
      { route: 'GET /search', expect: EVERYONE, request: () => ({ method: 'GET', url: '/search?q=matrix' }) },
      { route: 'GET /api/search', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/search?q=matrix' }) },
      { route: 'GET /feed.xml', expect: EVERYONE, request: () => ({ method: 'GET', url: '/feed.xml' }) },
      { route: 'GET /atom.xml', expect: EVERYONE, request: () => ({ method: 'GET', url: '/atom.xml' }) },
      { route: 'GET /sitemap.xml', expect: EVERYONE, request: () => ({ method: 'GET', url: '/sitemap.xml' }) },
      { route: 'GET /robots.txt', expect: EVERYONE, request: () => ({ method: 'GET', url: '/robots.txt' }) },
      { route: 'GET /*', expect: all(404), request: () => ({ method: 'GET', url: '/no-such-page' }) },
      { route: 'GET /api/docs', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/docs' }) },
      { route: 'GET /api/docs/openapi.json', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/docs/openapi.json' }) },
      { route: 'GET /healthz', expect: EVERYONE, request: () => ({ method: 'GET', url: '/healthz' }) },
      { route: 'GET /readyz', expect: EVERYONE, request: () => ({ method: 'GET', url: '/readyz' }) },
      // Operational figures are not for visitors (a token or a separate listener decides who reads them).
      { route: 'GET /metrics', expect: all(DENIED), request: () => ({ method: 'GET', url: '/metrics' }) },
      { route: 'GET /support', expect: EVERYONE, request: () => ({ method: 'GET', url: '/support' }) },
      { route: 'GET /support/thanks', expect: EVERYONE, request: () => ({ method: 'GET', url: '/support/thanks' }) },
      { route: 'GET /support/cancelled', expect: EVERYONE, request: () => ({ method: 'GET', url: '/support/cancelled' }) },
      { route: 'GET /unsubscribe', expect: EVERYONE, request: async () => ({ method: 'GET', url: `/unsubscribe?token=${unsubscribeToken(t.ctx.secret, (await person()).id)}` }) },
      { route: 'POST /unsubscribe', expect: EVERYONE, request: async () => ({ method: 'POST', url: `/unsubscribe?token=${unsubscribeToken(t.ctx.secret, (await person()).id)}` }) },
      { route: 'POST /unsubscribe', what: 'a forged token', expect: all(400), request: () => ({ method: 'POST', url: '/unsubscribe?token=forged-token-0123456789' }) },

      // ---- public API
      { route: 'GET /api/posts', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/posts' }) },
      { route: 'GET /api/posts/:slug', expect: EVERYONE, request: () => ({ method: 'GET', url: `/api/posts/${post.slug}` }) },
      { route: 'GET /api/posts/:slug', what: 'a draft', expect: all(404), request: () => ({ method: 'GET', url: `/api/posts/${draft.slug}` }) },
      { route: 'GET /api/posts/:slug/comments', expect: EVERYONE, request: () => ({ method: 'GET', url: `/api/posts/${post.slug}/comments` }) },
      { route: 'GET /api/posts/:slug/comments', what: 'a draft', expect: all(404), request: () => ({ method: 'GET', url: `/api/posts/${draft.slug}/comments` }) },
      { route: 'GET /api/posts/:slug/events', expect: EVERYONE, request: () => ({ method: 'GET', url: `/api/posts/${post.slug}/events`, stream: true }) },
      { route: 'GET /api/posts/:slug/events', what: 'a draft', expect: all(404), request: () => ({ method: 'GET', url: `/api/posts/${draft.slug}/events`, stream: true }) },
      { route: 'GET /api/comments/:id/replies', expect: EVERYONE, request: async () => ({ method: 'GET', url: `/api/comments/${await comment()}/replies` }) },
      { route: 'GET /api/comments/:id/replies', what: 'on a draft', expect: all(404), request: async () => ({ method: 'GET', url: `/api/comments/${await comment({ postId: draft.id })}/replies` }) },
      { route: 'GET /api/comments/:id/replies', what: 'of someone else’s held comment', expect: all(404), request: async () => ({ method: 'GET', url: `/api/comments/${await comment({ status: 'pending' })}/replies` }) },
      { route: 'GET /api/session', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/session' }) },
      { route: 'GET /api/support/options', expect: EVERYONE, request: () => ({ method: 'GET', url: '/api/support/options' }) },

      // ---- signing in and out (the credential, token or link is the authorisation)
      { route: 'POST /api/auth/register', expect: EVERYONE, request: () => ({ method: 'POST', url: '/api/auth/register', body: { email: `r-${uniq()}@example.org`, password: PASSWORD, displayName: `New Reader ${uniq()}` } }) },
      { route: 'POST /api/auth/login', expect: EVERYONE, request: async (m) => ({ method: 'POST', url: '/api/auth/login', body: { email: m.id ? m.email : (await person()).email, password: PASSWORD } }) },
      { route: 'POST /api/auth/login', what: 'a wrong password', expect: all(401), request: async () => ({ method: 'POST', url: '/api/auth/login', body: { email: (await person()).email, password: 'not the password' } }) },
      { route: 'POST /api/auth/logout', expect: EVERYONE, request: () => ({ method: 'POST', url: '/api/auth/logout', body: {} }) },
      { route: 'POST /api/auth/magic-link', expect: EVERYONE, request: () => ({ method: 'POST', url: '/api/auth/magic-link', body: { email: `x-${uniq()}@example.org` } }) },
      { route: 'POST /api/auth/sso', expect: EVERYONE, request: async () => ({ method: 'POST', url: '/api/auth/sso', body: { token: await ssoToken() } }) },
      { route: 'POST /api/auth/sso', what: 'a token signed with another key', expect: all(401), request: async () => ({ method: 'POST', url: '/api/auth/sso', body: { token: (await ssoToken()).replace(/.{4}$/, 'AAAA') } }) },
      {
        route: 'GET /auth/magic',
        expect: EVERYONE,
        request: async () => ({ method: 'GET', url: `/auth/magic?token=${await createMailToken(t.ctx.db, { purpose: 'login', userId: (await person()).id, ttlMs: 600_000 }, t.clock.now())}` }),
      },
      { route: 'GET /auth/magic', what: 'a made-up token', expect: all(400), request: () => ({ method: 'GET', url: '/auth/magic?token=made-up' }) },
      {
        route: 'GET /account/confirm-email',
        expect: EVERYONE,
        request: async () => ({ method: 'GET', url: `/account/confirm-email?token=${await createMailToken(t.ctx.db, { purpose: 'email_change', userId: (await person()).id, email: `c-${uniq()}@example.org`, ttlMs: 600_000 }, t.clock.now())}` }),
      },
      { route: 'GET /account/confirm-email', what: 'a login token', expect: all(400), request: async () => ({ method: 'GET', url: `/account/confirm-email?token=${await createMailToken(t.ctx.db, { purpose: 'login', userId: (await person()).id, ttlMs: 600_000 }, t.clock.now())}` }) },
      { route: 'POST /api/auth/magic', what: 'a made-up token', expect: all(400), request: () => ({ method: 'POST', url: '/api/auth/magic', body: { token: 'made-up' } }) },
      { route: 'GET /account/confirm', what: 'a made-up token', expect: all(400), request: () => ({ method: 'GET', url: '/account/confirm?token=made-up' }) },
      { route: 'GET /account/connect', what: 'a made-up token', expect: all(['ok', 400]), request: () => ({ method: 'GET', url: '/account/connect?token=made-up' }) },
      { route: 'POST /account/connect', what: 'a made-up token', expect: all(400), request: () => ({ method: 'POST', url: '/account/connect', body: { token: 'made-up' } }) },
      { route: 'GET /account/delete', what: 'a made-up token', expect: all(['ok', 400]), request: () => ({ method: 'GET', url: '/account/delete?token=made-up' }) },
      { route: 'POST /account/delete', what: 'a made-up token', expect: all(400), request: () => ({ method: 'POST', url: '/account/delete', body: { token: 'made-up' } }) },
      { route: 'POST /api/account/confirmation', expect: SIGNED_IN, request: () => ({ method: 'POST', url: '/api/account/confirmation', body: {} }) },
      { route: 'POST /api/account/deletion-link', expect: SIGNED_IN, request: () => ({ method: 'POST', url: '/api/account/deletion-link', body: {} }) },
      { route: 'POST /logout', what: 'a forged CSRF token', expect: { ...all(403), anonymous: 'ok' }, request: () => ({ method: 'POST', url: '/logout', body: { csrf: 'forged' } }) },

      // ---- embedding (authorised by the host's origin)
      { route: 'OPTIONS /api/embed/posts', expect: EVERYONE, request: () => ({ method: 'OPTIONS', url: '/api/embed/posts', headers: { origin: HOST } }) },
      {
        route: 'POST /api/embed/posts',
        expect: EVERYONE,
        request: () => {
          // a real page of the host that carries the embed: Parley reads it before making a discussion for it
          const url = `${HOST}/news/${uniq()}`;
          hostPages.pages.set(url, hostPageHtml('A host page'));
          return { method: 'POST', url: '/api/embed/posts', body: { url, title: 'A host page' }, headers: { origin: HOST } };
        },
      },
      { route: 'POST /api/embed/posts', what: 'from a site that is not allowed', expect: all(403), request: () => ({ method: 'POST', url: '/api/embed/posts', body: { url: `https://evil.example/news/${uniq()}`, title: 'Not ours' }, headers: { origin: 'https://evil.example' } }) },

      // ---- payments (Stripe's signature is the authorisation of the webhook)
      { route: 'POST /api/webhooks/stripe', expect: all(400), request: () => ({ method: 'POST', url: '/api/webhooks/stripe', body: { id: 'evt_forged', type: 'checkout.session.completed' }, headers: { 'stripe-signature': 't=1,v1=forged' } }) },
      { route: 'POST /api/support/checkout', expect: { ...SIGNED_IN, banned: 403 }, request: () => ({ method: 'POST', url: '/api/support/checkout', body: { amount: 500, currency: 'gbp', recurring: false } }) },
      {
        route: 'POST /api/support/portal',
        expect: SIGNED_IN,
        request: async (m) => {
          if (m.id) await donationOf(m.id);
          return { method: 'POST', url: '/api/support/portal', body: {} };
        },
      },
      { route: 'GET /api/support/me', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/support/me' }) },

      // ---- one's own account
      { route: 'GET /account', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/account' }) },
      { route: 'GET /account/moderation', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/account/moderation' }) },
      { route: 'GET /api/account', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/account' }) },
      { route: 'PATCH /api/account', expect: SIGNED_IN, request: () => ({ method: 'PATCH', url: '/api/account', body: { displayName: `Renamed Reader ${uniq()}` } }) },
      { route: 'DELETE /api/account', expect: SIGNED_IN, request: () => ({ method: 'DELETE', url: '/api/account', body: { password: PASSWORD } }) },
      { route: 'POST /api/account/email', expect: SIGNED_IN, request: () => ({ method: 'POST', url: '/api/account/email', body: { email: `e-${uniq()}@example.org`, password: PASSWORD } }) },
      { route: 'POST /api/account/password', expect: SIGNED_IN, request: () => ({ method: 'POST', url: '/api/account/password', body: { currentPassword: PASSWORD, newPassword: 'another long password' } }) },
      { route: 'GET /api/account/export', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/account/export' }) },
      { route: 'GET /api/account/moderation', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/account/moderation' }) },
      {
        route: 'POST /api/appeals',
        what: 'of one’s own sanction, or else of another person’s',
        expect: { ...all(404), anonymous: 401, suspended: 'ok', banned: 'ok' },
        request: async (m) => ({ method: 'POST', url: '/api/appeals', body: { sanctionId: m.sanctionId ?? (await person({ sanction: 'suspension' })).sanctionId, body: 'Please look again.' } }),
      },

      // ---- the discussion
      { route: 'POST /api/posts/:slug/comments', expect: SUPPORTERS, request: () => ({ method: 'POST', url: `/api/posts/${post.slug}/comments`, body: { body: `The council figures add up, ${uniq()}.` } }) },
      { route: 'POST /api/posts/:slug/comments', what: 'on a draft', expect: all(DENIED), request: () => ({ method: 'POST', url: `/api/posts/${draft.slug}/comments`, body: { body: 'Early words on a draft.' } }) },
      {
        route: 'PATCH /api/comments/:id',
        what: 'one’s own comment',
        expect: SUPPORTERS,
        request: async (m) => ({ method: 'PATCH', url: `/api/comments/${await comment({ authorId: m.id ?? undefined })}`, body: { body: 'Edited: the figures add up.' } }),
      },
      { route: 'PATCH /api/comments/:id', what: 'someone else’s comment', expect: { ...all(403), anonymous: 401 }, request: async () => ({ method: 'PATCH', url: `/api/comments/${await comment()}`, body: { body: 'Not mine to edit.' } }) },
      { route: 'DELETE /api/comments/:id', what: 'one’s own comment', expect: SIGNED_IN, request: async (m) => ({ method: 'DELETE', url: `/api/comments/${await comment({ authorId: m.id ?? undefined })}` }) },
      { route: 'DELETE /api/comments/:id', what: 'someone else’s comment', expect: { ...all(403), anonymous: 401 }, request: async () => ({ method: 'DELETE', url: `/api/comments/${await comment()}` }) },
      { route: 'DELETE /api/comments/:id', what: 'someone else’s held comment', expect: { ...all(404), anonymous: 401 }, request: async () => ({ method: 'DELETE', url: `/api/comments/${await comment({ status: 'pending' })}` }) },
      { route: 'POST /api/comments/:id/like', expect: SUPPORTERS, request: async () => ({ method: 'POST', url: `/api/comments/${await comment()}/like` }) },
      { route: 'DELETE /api/comments/:id/like', expect: SUPPORTERS, request: async () => ({ method: 'DELETE', url: `/api/comments/${await comment()}/like` }) },
      { route: 'POST /api/comments/:id/flag', expect: SUPPORTERS, request: async () => ({ method: 'POST', url: `/api/comments/${await comment()}/flag`, body: { reason: 'spam' } }) },
      // A post set back to draft is not public: nothing about its comments may be done by anyone.
      { route: 'POST /api/comments/:id/like', what: 'on a draft', expect: all(DENIED), request: async () => ({ method: 'POST', url: `/api/comments/${await comment({ postId: draft.id })}/like` }) },
      { route: 'DELETE /api/comments/:id/like', what: 'on a draft', expect: all(DENIED), request: async () => ({ method: 'DELETE', url: `/api/comments/${await comment({ postId: draft.id })}/like` }) },
      { route: 'POST /api/comments/:id/flag', what: 'on a draft', expect: all(DENIED), request: async () => ({ method: 'POST', url: `/api/comments/${await comment({ postId: draft.id })}/flag`, body: { reason: 'spam' } }) },
      { route: 'POST /api/comments/:id/like', what: 'someone else’s held comment', expect: all(DENIED), request: async () => ({ method: 'POST', url: `/api/comments/${await comment({ status: 'pending' })}/like` }) },
      { route: 'POST /api/comments/:id/flag', what: 'someone else’s held comment', expect: all(DENIED), request: async () => ({ method: 'POST', url: `/api/comments/${await comment({ status: 'pending' })}/flag`, body: { reason: 'spam' } }) },
      {
        route: 'GET /api/comments/:id/statement',
        what: 'of someone else’s comment',
        expect: { ...all(404), anonymous: 401, moderator: 'ok', admin: 'ok' },
        request: async () => ({ method: 'GET', url: `/api/comments/${await comment()}/statement` }),
      },
      { route: 'GET /api/comments/:id/statement', what: 'of one’s own comment', expect: SIGNED_IN, request: async (m) => ({ method: 'GET', url: `/api/comments/${await comment({ authorId: m.id ?? undefined })}/statement` }) },

      // ---- moderation
      { route: 'GET /admin', expect: STAFF, request: () => ({ method: 'GET', url: '/admin' }) },
      { route: 'GET /admin/moderation', expect: MODERATORS, request: () => ({ method: 'GET', url: '/admin/moderation' }) },
      { route: 'GET /admin/moderation/dashboard', expect: MODERATORS, request: () => ({ method: 'GET', url: '/admin/moderation/dashboard' }) },
      { route: 'GET /admin/moderation/users/:id', expect: MODERATORS, request: async () => ({ method: 'GET', url: `/admin/moderation/users/${(await person()).id}` }) },
      { route: 'GET /admin/audit', expect: MODERATORS, request: () => ({ method: 'GET', url: '/admin/audit' }) },
      { route: 'GET /admin/audit.csv', expect: MODERATORS, request: () => ({ method: 'GET', url: '/admin/audit.csv' }) },
      { route: 'GET /api/mod/queue', expect: MODERATORS, request: () => ({ method: 'GET', url: '/api/mod/queue' }) },
      { route: 'GET /api/mod/counts', expect: MODERATORS, request: () => ({ method: 'GET', url: '/api/mod/counts' }) },
      { route: 'GET /api/mod/audit', expect: MODERATORS, request: () => ({ method: 'GET', url: '/api/mod/audit' }) },
      { route: 'GET /api/mod/events', expect: MODERATORS, request: () => ({ method: 'GET', url: '/api/mod/events', stream: true }) },
      { route: 'GET /api/mod/users/:id', expect: MODERATORS, request: async () => ({ method: 'GET', url: `/api/mod/users/${(await person()).id}` }) },
      { route: 'POST /api/mod/comments/:id/approve', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/comments/${await comment({ status: 'pending' })}/approve`, body: { note: 'fine' } }) },
      { route: 'POST /api/mod/comments/:id/remove', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/comments/${await comment()}/remove`, body: { reason: 'spam', note: 'advert' } }) },
      { route: 'POST /api/mod/bulk', expect: MODERATORS, request: async () => ({ method: 'POST', url: '/api/mod/bulk', body: { ids: [await comment({ status: 'pending' })], action: 'approve' } }) },
      { route: 'POST /api/mod/users/:id/suspend', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/users/${(await person({ supporter: true })).id}/suspend`, body: { hours: 24, reason: 'matrix' } }) },
      { route: 'POST /api/mod/users/:id/ban', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/users/${(await person({ supporter: true })).id}/ban`, body: { reason: 'matrix' } }) },
      // Lifting a permanent ban is the admins' (unless the site lets moderators).
      { route: 'POST /api/mod/users/:id/unban', expect: ADMINS, request: async () => ({ method: 'POST', url: `/api/mod/users/${(await person({ sanction: 'ban' })).id}/unban`, body: { reason: 'matrix' } }) },
      {
        route: 'POST /api/mod/users/:id/review',
        expect: MODERATORS,
        request: async () => {
          const u = await person();
          await t.ctx.db.updateTable('users').set({ review_state: REVIEW_BAN_EVASION, review_note: 'matrix' }).where('id', '=', u.id).execute();
          return { method: 'POST', url: `/api/mod/users/${u.id}/review`, body: { decision: 'clear', reason: 'matrix' } };
        },
      },
      { route: 'POST /api/mod/strikes/:id/waive', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/strikes/${await strike()}/waive`, body: { reason: 'matrix' } }) },
      { route: 'POST /api/mod/appeals/:id/decide', expect: MODERATORS, request: async () => ({ method: 'POST', url: `/api/mod/appeals/${await appeal()}/decide`, body: { decision: 'upheld', reason: 'matrix' } }) },

      // ---- publishing
      { route: 'GET /admin/posts', expect: EDITORS, request: () => ({ method: 'GET', url: '/admin/posts' }) },
      { route: 'GET /admin/posts/:id', expect: EDITORS, request: () => ({ method: 'GET', url: `/admin/posts/${draft.id}` }) },
      { route: 'GET /admin/posts/:id/preview', expect: EDITORS, request: () => ({ method: 'GET', url: `/admin/posts/${draft.id}/preview` }) },
      { route: 'GET /api/admin/posts', expect: EDITORS, request: () => ({ method: 'GET', url: '/api/admin/posts' }) },
      { route: 'POST /api/admin/posts', expect: EDITORS, request: () => ({ method: 'POST', url: '/api/admin/posts', body: { title: `Draft ${uniq()}` } }) },
      { route: 'GET /api/admin/posts/:id', expect: EDITORS, request: () => ({ method: 'GET', url: `/api/admin/posts/${draft.id}` }) },
      { route: 'PATCH /api/admin/posts/:id', expect: EDITORS, request: async () => ({ method: 'PATCH', url: `/api/admin/posts/${(await freshPost('draft')).id}`, body: { version: 1, title: 'Retitled' } }) },
      { route: 'DELETE /api/admin/posts/:id', expect: EDITORS, request: async () => ({ method: 'DELETE', url: `/api/admin/posts/${(await freshPost('draft')).id}?version=1` }) },
      { route: 'POST /api/admin/posts/preview', expect: EDITORS, request: () => ({ method: 'POST', url: '/api/admin/posts/preview', body: { bodyMd: '**Bold** words.' } }) },

      // ---- people, supporters and settings (admins)
      { route: 'GET /admin/users', expect: ADMINS, request: () => ({ method: 'GET', url: '/admin/users' }) },
      { route: 'GET /admin/supporters', expect: ADMINS, request: () => ({ method: 'GET', url: '/admin/supporters' }) },
      { route: 'GET /admin/supporters.csv', expect: ADMINS, request: () => ({ method: 'GET', url: '/admin/supporters.csv' }) },
      { route: 'GET /admin/outbox', expect: ADMINS, request: () => ({ method: 'GET', url: '/admin/outbox' }) },
      { route: 'GET /admin/moderation/settings', expect: ADMINS, request: () => ({ method: 'GET', url: '/admin/moderation/settings' }) },
      { route: 'GET /api/admin/outbox', expect: ADMINS, request: () => ({ method: 'GET', url: '/api/admin/outbox' }) },
      { route: 'PUT /api/admin/users/:id/roles', expect: ADMINS, request: async () => ({ method: 'PUT', url: `/api/admin/users/${(await person()).id}/roles`, body: { roles: ['moderator'], reason: 'matrix' } }) },
      { route: 'PUT /api/admin/users/:id/roles', what: 'one’s own', expect: ADMINS, request: (m) => ({ method: 'PUT', url: `/api/admin/users/${m.id ?? editorId}/roles`, body: { roles: ['admin', 'moderator'], reason: 'matrix' } }) },
      { route: 'POST /api/admin/users/:id/supporter', expect: ADMINS, request: async () => ({ method: 'POST', url: `/api/admin/users/${(await person()).id}/supporter`, body: { until: null, note: 'matrix' } }) },
      { route: 'DELETE /api/admin/users/:id/supporter', expect: ADMINS, request: async () => ({ method: 'DELETE', url: `/api/admin/users/${(await person({ supporter: true })).id}/supporter` }) },
      { route: 'POST /api/admin/supporters', expect: ADMINS, request: async () => ({ method: 'POST', url: '/api/admin/supporters', body: { email: (await person()).email, until: null, note: 'matrix' } }) },
      { route: 'PUT /api/admin/support/settings', expect: ADMINS, request: () => ({ method: 'PUT', url: '/api/admin/support/settings', body: { graceDays: 3 } }) },
      { route: 'GET /api/admin/moderation/settings', expect: ADMINS, request: () => ({ method: 'GET', url: '/api/admin/moderation/settings' }) },
      { route: 'PUT /api/admin/moderation/settings', expect: ADMINS, request: () => ({ method: 'PUT', url: '/api/admin/moderation/settings', body: { settings: { rateLimit: { enabled: false } }, reason: 'matrix' } }) },
      { route: 'POST /api/admin/moderation/dry-run', expect: ADMINS, request: () => ({ method: 'POST', url: '/api/admin/moderation/dry-run', body: { settings: { rateLimit: { enabled: false } }, days: 1 } }) },
    ];

    /** Reads only the status line and headers of a long-lived stream, then hangs up. */
    function streamStatus(r: Request, headers: Record<string, string>): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders }> {
      return new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: r.url, headers }, (res) => {
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers });
          res.destroy();
          req.destroy();
        });
        req.on('error', reject);
      });
    }

    function classify(status: number, location: string | undefined): Outcome | number {
      if (status >= 200 && status < 300) return 'ok';
      if (status >= 300 && status < 400) return location?.startsWith('/login') ? 401 : 'ok';
      return status;
    }

    async function play(cell: Cell, role: Role) {
      const m = await me(role);
      const r = await cell.request(m);
      const headers = { ...m.headers, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers };
      if (r.stream) {
        const res = await streamStatus(r, headers);
        return { status: res.statusCode, got: classify(res.statusCode, res.headers.location), body: '' };
      }
      const res: LightMyRequestResponse = await t.app.inject({ method: r.method as 'GET', url: r.url, headers, payload: r.body === undefined ? undefined : JSON.stringify(r.body) });
      return { status: res.statusCode, got: classify(res.statusCode, res.headers.location as string | undefined), body: res.body.slice(0, 200) };
    }

    beforeAll(async () => {
      stub = await startStripeStub((req: StubRequest) => {
        if (req.method === 'POST' && req.path === '/v1/checkout/sessions') return { body: { id: 'cs_test_matrix', object: 'checkout.session', url: 'https://checkout.stripe.com/c/pay/cs_test_matrix', mode: req.params.mode, status: 'open' } };
        if (req.method === 'POST' && req.path === '/v1/billing_portal/sessions') return { body: { id: 'bps_test_matrix', object: 'billing_portal.session', customer: req.params.customer, url: 'https://billing.stripe.com/p/session/test_matrix', return_url: req.params.return_url } };
        return undefined;
      });
      t = await makeApp({
        db: dialect,
        fetchPage: hostPages.fetchPage,
        env: {
          PARLEY_SSO_SECRET: SSO_SECRET,
          PARLEY_EMBED_ORIGINS: HOST,
          PARLEY_TRUST_PROXY: 'true',
          PARLEY_STRIPE_SECRET_KEY: 'sk_test_matrix',
          PARLEY_STRIPE_WEBHOOK_SECRET: 'whsec_matrix',
          PARLEY_STRIPE_API_BASE: stub.base,
        },
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as { port: number }).port;
      await setSetting(t.ctx.db, 'moderation', { rateLimit: { enabled: false } });
      passwordHash = await hashPassword(PASSWORD);
      editorId = (await person({ roles: ['editor'] })).id;
      post = await freshPost('published');
      tagSlug = 'matrix';
      // Published once (with comments), then set back to draft.
      draft = await freshPost('published');
      await t.ctx.db.updateTable('posts').set({ status: 'draft' }).where('id', '=', draft.id).execute();
    });
    afterAll(async () => {
      await t?.close();
      await stub?.close();
    });

    it('has a row for every route Fastify serves, and no row for a route it does not', () => {
      // printRoutes is Fastify's own table: "├── segment (METHODS)", four columns per level.
      const lines = t.app.printRoutes({ commonPrefix: false }).split('\n').filter((l) => l.trim());
      const stack: string[] = [];
      const routes = new Set<string>();
      for (const line of lines) {
        const m = /^([\s│├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
        expect(m, line).not.toBeNull();
        const depth = m![1]!.length / 4;
        stack.length = depth;
        const path = (stack[depth - 1] ?? '') + m![2]!;
        stack[depth] = path;
        for (const method of m![3]?.split(', ') ?? []) if (method !== 'HEAD') routes.add(`${method} ${path}`);
      }
      // The parse is right: Fastify answers each of them (HEAD mirrors every GET).
      for (const r of routes) {
        const [method, url] = r.split(' ') as [string, string];
        expect(t.app.hasRoute({ method: method as 'GET', url }), r).toBe(true);
      }
      expect(routes.size).toBeGreaterThan(90);
      const covered = new Set(cells.map((c) => c.route));
      expect([...routes].filter((r) => !covered.has(r)), 'routes without a row').toEqual([]);
      expect([...covered].filter((r) => !routes.has(r)), 'rows for routes that do not exist').toEqual([]);
    });

    for (const cell of cells) {
      const test = cell.fails ? it.fails : it;
      test(`${cell.route}${cell.what ? ` (${cell.what})` : ''}${cell.fails ? ` — known hole: ${cell.fails}` : ''}`, async () => {
        const wrong: string[] = [];
        for (const role of ROLES) {
          const res = await play(cell, role);
          const allowed = ([] as Outcome[]).concat(cell.expect[role]);
          if (res.status >= 500 || !allowed.includes(res.got as Outcome)) wrong.push(`${role}: expected ${allowed.join(' or ')}, got ${res.status} ${res.body}`);
        }
        expect(wrong).toEqual([]);
      });
    }
  });
}
