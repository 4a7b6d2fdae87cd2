import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { hashPassword, verifyPassword } from '../services/passwords';
import { enforceLimit } from '../services/limits';
import { DisplayName, Email, Password } from '../schemas';
import type { AppContext } from '../context';
import { canonicalEmail, normalizeEmail } from '../../domain/email';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { MINUTE } from '../../domain/clock';
import { createUser, findAccountForAddress, findUserByEmail, findUserById } from '../../store/users';
import { vetDisplayName } from '../services/display-names';
import { emailProved, sendEmailConfirmation } from '../services/email-confirmation';
import { consumeMailToken, createMailToken, deleteSession, peekMailToken } from '../../store/sessions';
import { audit } from '../../store/audit';
import { HttpError } from '../http-error';
import { clearSessionCookie, csrfTokenFor, csrfTokenMatches, signedInUser, startSession } from '../plugins/session';
import { afterResponse } from '../background';
import { formsScript, magicLinkConfirm } from '../../web/pages/forms';
import { safeNext } from '../../domain/redirect';
import { publicUser } from '../views';
import { sendPage } from '../../web/routes';
import { LinkExpired } from '../../web/pages/forms';
import { checkBanEvasion } from '../../moderation/ban-evasion';


// A real hash to verify against when the address is unknown, so response times do not reveal accounts.
let dummyHash: Promise<string> | null = null;

/** Login and registration limits: per address and per IP, in fixed windows, so the owner is never locked out for long. */
const LIMITS = {
  loginPerEmail: { limit: 10, windowMs: 15 * MINUTE },
  loginPerIp: { limit: 30, windowMs: MINUTE },
  registerPerIp: { limit: 10, windowMs: 60 * MINUTE },
  magicPerEmail: { limit: 3, windowMs: 15 * MINUTE },
};

export function registerAuthRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/auth/register',
    { schema: { body: Type.Object({ email: Email, password: Password, displayName: DisplayName }) } },
    async (request, reply) => {
      const body = request.body;
      const email = canonicalEmail(body.email);
      if (!email) throw new HttpError(422, 'invalid_input', 'That does not look like an e-mail address.');
      await enforceLimit(ctx, `register:ip:${request.ip}`, LIMITS.registerPerIp);
      const displayName = await vetDisplayName(ctx.db, body.displayName, { userId: null, isStaff: false });
      const now = ctx.clock.now();
      if (await findAccountForAddress(ctx.db, email)) throw new HttpError(409, 'email_taken', 'An account with that e-mail address already exists. Sign in instead.');
      const passwordHash = await hashPassword(body.password);
      const row = await createUser(ctx.db, { email, displayName, passwordHash }, now).catch((err: unknown) => {
        if (String(err).match(/unique|duplicate/i)) throw new HttpError(409, 'email_taken', 'An account with that e-mail address already exists.');
        throw err;
      });
      await audit(ctx.db, { actorId: row.id, action: 'user.registered', targetKind: 'user', targetId: row.id }, now);
      await checkBanEvasion(ctx, row.id, { emailNormalized: row.email_normalized });
      // Reading and donating need nothing more; taking part waits for the address to be proved.
      await sendEmailConfirmation(ctx, row);
      const token = await startSession(ctx, request, reply, row.id);
      const user = await signedInUser(ctx, row.id);
      return reply.status(201).send({ user: publicUser(user), csrfToken: csrfTokenFor(ctx.secret, token) });
    },
  );

  app.post('/api/auth/login', { schema: { body: Type.Object({ email: Email, password: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const body = request.body;
    const email = canonicalEmail(body.email) ?? body.email.trim().toLowerCase();
    await enforceLimit(ctx, `login:ip:${request.ip}`, LIMITS.loginPerIp);
    await enforceLimit(ctx, `login:email:${normalizeEmail(email)}`, LIMITS.loginPerEmail);
    const row = await findUserByEmail(ctx.db, email);
    dummyHash ??= hashPassword('parley-dummy-password');
    const ok = row?.password_hash && !row.deleted_at ? await verifyPassword(row.password_hash, body.password) : await verifyPassword(await dummyHash, body.password).then(() => false);
    if (!row || !ok) throw new HttpError(401, 'bad_credentials', 'That e-mail address and password do not match.');
    await ctx.limiter.reset(`login:email:${normalizeEmail(email)}`);
    const token = await startSession(ctx, request, reply, row.id);
    const user = await signedInUser(ctx, row.id);
    return { user: publicUser(user), csrfToken: csrfTokenFor(ctx.secret, token) };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    if (request.sessionToken) await deleteSession(ctx.db, request.sessionToken);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  // The header's Sign out: a plain form POST (works without script) carrying the CSRF token in its
  // body, since the session hook runs before the body is read; then back to the page it came from.
  app.post(
    '/logout',
    {
      config: { csrfExempt: true },
      schema: { body: Type.Object({ csrf: Type.String({ maxLength: 200 }), next: Type.Optional(Type.String({ maxLength: 2000 })) }) },
    },
    async (request, reply) => {
      const { csrf, next } = request.body;
      if (request.sessionToken) {
        if (!csrfTokenMatches(ctx.secret, request.sessionToken, csrf)) throw new HttpError(403, 'csrf', 'This sign-out did not come from your own page. Reload the page and try again.');
        await deleteSession(ctx.db, request.sessionToken);
      }
      clearSessionCookie(reply);
      return reply.redirect(safeNext(next, siteOrigin(ctx), ctx.config.embedOrigins), 303);
    },
  );

  app.get('/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { user: request.user ? publicUser(request.user) : null, csrfToken: csrfTokenFor(ctx.secret, request.sessionToken) };
  });

  app.post('/api/auth/magic-link', { schema: { body: Type.Object({ email: Email, next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    const raw = request.body.email;
    const email = canonicalEmail(raw) ?? raw.trim().toLowerCase();
    // The page the reader was on comes back with the link (checked again when it is used).
    const next = safeNext(request.body.next, siteOrigin(ctx), ctx.config.embedOrigins);
    const limited = await ctx.limiter.hit(`magic:${normalizeEmail(email)}`, LIMITS.magicPerEmail.limit, LIMITS.magicPerEmail.windowMs, ctx.clock.now().getTime());
    // The look-up and the mail happen after the answer, so its timing does not tell whether an account exists.
    if (limited.allowed) afterResponse(ctx, () => sendSignInLink(ctx, email, next));
    // Always 202, so the answer does not tell whether an account exists.
    return reply.status(202).send({ ok: true });
  });

  // Opening a sign-in link only asks: signing in takes a click, so a link someone else sent cannot
  // quietly sign this browser in as them (a later donation would credit their account).
  app.get('/auth/magic', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 200 }), next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const next = safeNext(request.query.next, siteOrigin(ctx), ctx.config.embedOrigins);
    const pending = await peekMailToken(ctx.db, request.query.token, 'login', ctx.clock.now());
    const row = pending?.user_id ? await findUserById(ctx.db, pending.user_id) : undefined;
    if (!row || row.deleted_at) {
      const login = `/login${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
      return sendPage(ctx, request, reply, { title: 'Link expired' }, LinkExpired({ login }), 400);
    }
    return sendPage(ctx, request, reply, { title: 'Sign in', head: formsScript() }, magicLinkConfirm({ token: request.query.token, name: row.display_name, signedInAs: request.user?.displayName ?? null, next }));
  });

  app.post('/api/auth/magic', { schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }) } }, async (request, reply) => {
    const now = ctx.clock.now();
    const used = await consumeMailToken(ctx.db, request.body.token, 'login', now);
    const row = used?.user_id ? await findUserById(ctx.db, used.user_id) : undefined;
    if (!row || row.deleted_at) throw new HttpError(400, 'link_expired', 'This sign-in link has expired or was already used. Ask for a new one.');
    // The link reached the account's address: that proves it.
    await emailProved(ctx, row.id);
    const token = await startSession(ctx, request, reply, row.id);
    const user = await signedInUser(ctx, row.id);
    return { user: publicUser(user), csrfToken: csrfTokenFor(ctx.secret, token) };
  });
}

const siteOrigin = (ctx: AppContext) => new URL(ctx.config.publicUrl).origin;

async function sendSignInLink(ctx: AppContext, email: string, next: string): Promise<void> {
  const row = await findUserByEmail(ctx.db, email);
  if (!row || row.deleted_at) return;
  const token = await createMailToken(ctx.db, { purpose: 'login', userId: row.id, ttlMs: 15 * MINUTE }, ctx.clock.now());
  const link = `${ctx.config.publicUrl}/auth/magic?token=${token}${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`;
  await ctx.mailer.send({
    to: row.email,
    subject: 'Your sign-in link',
    text: `Hello ${row.display_name},\n\nUse this link to sign in. It works once, for 15 minutes:\n${link}\n\nIf you did not ask for it, ignore this mail.`,
  });
}
