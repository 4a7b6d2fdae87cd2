import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { hash, verify } from '@node-rs/argon2';
import type { AppContext } from '../context';
import { isValidEmail, normalizeEmail } from '../../domain/email';
import { MINUTE } from '../../domain/clock';
import { createUser, findUserByEmail, findUserById } from '../../store/users';
import { consumeMailToken, createMailToken, createSession, deleteSession } from '../../store/sessions';
import { audit } from '../../store/audit';
import { HttpError } from '../http-error';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { clearSessionCookie, csrfTokenFor, csrfTokenMatches, loadSessionUser, setSessionCookie } from '../plugins/session';
import { publicUser } from '../views';
import { sendPage } from '../../web/routes';
import { LinkExpired } from '../../web/pages/forms';
import { checkBanEvasion } from '../../moderation/ban-evasion';

export const hashPassword = (password: string) => hash(password, { algorithm: 2 /* Argon2id */ });
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);

// A real hash to verify against when the address is unknown, so response times do not reveal accounts.
let dummyHash: Promise<string> | null = null;

export const Email = Type.String({ minLength: 3, maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 60 });

/** Login and registration limits: per address and per IP, in fixed windows, so the owner is never locked out for long. */
const LIMITS = {
  loginPerEmail: { limit: 10, windowMs: 15 * MINUTE },
  loginPerIp: { limit: 30, windowMs: MINUTE },
  registerPerIp: { limit: 10, windowMs: 60 * MINUTE },
  magicPerEmail: { limit: 3, windowMs: 15 * MINUTE },
};

export async function enforceLimit(ctx: AppContext, key: string, rule: { limit: number; windowMs: number }): Promise<void> {
  const r = await ctx.limiter.hit(key, rule.limit, rule.windowMs, ctx.clock.now().getTime());
  if (!r.allowed) {
    const seconds = Math.ceil(r.retryAfterMs / 1000);
    throw new HttpError(429, 'rate_limited', `Too many attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}

/** Where to come back to: a local path, or a page of a site that embeds the discussion (`embedOrigins`); never anywhere else. */
export function safeNext(next: unknown, embedOrigins: readonly string[] = []): string {
  if (typeof next !== 'string') return '/';
  if (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  try {
    const url = new URL(next);
    if (embedOrigins.includes(url.origin)) return url.href;
  } catch {
    // not a URL
  }
  return '/';
}

function meta(request: FastifyRequest) {
  return { userAgent: request.headers['user-agent'], ip: request.ip };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/auth/register',
    { schema: { body: Type.Object({ email: Email, password: Password, displayName: DisplayName }) } },
    async (request, reply) => {
      const body = request.body as { email: string; password: string; displayName: string };
      const email = body.email.trim().toLowerCase();
      if (!isValidEmail(email)) throw new HttpError(422, 'invalid_input', 'That does not look like an e-mail address.');
      if (!body.displayName.trim()) throw new HttpError(422, 'invalid_input', 'Please choose a display name.');
      await enforceLimit(ctx, `register:ip:${request.ip}`, LIMITS.registerPerIp);
      const now = ctx.clock.now();
      const taken = await ctx.db
        .selectFrom('users')
        .select('id')
        .where((eb) => eb.or([eb('email', '=', email), eb.and([eb('email_normalized', '=', normalizeEmail(email)), eb('deleted_at', 'is', null)])]))
        .executeTakeFirst();
      if (taken) throw new HttpError(409, 'email_taken', 'An account with that e-mail address already exists. Sign in instead.');
      const passwordHash = await hashPassword(body.password);
      const row = await createUser(ctx.db, { email, displayName: body.displayName, passwordHash }, now).catch((err: unknown) => {
        if (String(err).match(/unique|duplicate/i)) throw new HttpError(409, 'email_taken', 'An account with that e-mail address already exists.');
        throw err;
      });
      await audit(ctx.db, { actorId: row.id, action: 'user.registered', targetKind: 'user', targetId: row.id }, now);
      await checkBanEvasion(ctx, row.id, { emailNormalized: row.email_normalized });
      const token = await createSession(ctx.db, row.id, now, meta(request));
      setSessionCookie(ctx, reply, token);
      const user = await loadSessionUser(ctx, row.id);
      return reply.status(201).send({ user: publicUser(user!), csrfToken: csrfTokenFor(ctx.secret, token) });
    },
  );

  app.post('/api/auth/login', { schema: { body: Type.Object({ email: Email, password: Type.String({ maxLength: 200 }) }) } }, async (request, reply) => {
    const body = request.body as { email: string; password: string };
    const email = body.email.trim().toLowerCase();
    await enforceLimit(ctx, `login:ip:${request.ip}`, LIMITS.loginPerIp);
    await enforceLimit(ctx, `login:email:${normalizeEmail(email)}`, LIMITS.loginPerEmail);
    const row = await findUserByEmail(ctx.db, email);
    dummyHash ??= hashPassword('parley-dummy-password');
    const ok = row?.password_hash && !row.deleted_at ? await verifyPassword(row.password_hash, body.password) : await verifyPassword(await dummyHash, body.password).then(() => false);
    if (!row || !ok) throw new HttpError(401, 'bad_credentials', 'That e-mail address and password do not match.');
    await ctx.limiter.reset(`login:email:${normalizeEmail(email)}`);
    const token = await createSession(ctx.db, row.id, ctx.clock.now(), meta(request));
    setSessionCookie(ctx, reply, token);
    const user = await loadSessionUser(ctx, row.id);
    return { user: publicUser(user!), csrfToken: csrfTokenFor(ctx.secret, token) };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    if (request.sessionToken) await deleteSession(ctx.db, request.sessionToken);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  // The header's Sign out: a plain form POST (works without script) carrying the CSRF token in its
  // body, since the session hook runs before the body is read; then back to the page it came from.
  app.withTypeProvider<TypeBoxTypeProvider>().post(
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
      return reply.redirect(safeNext(next, ctx.config.embedOrigins), 303);
    },
  );

  app.get('/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { user: request.user ? publicUser(request.user) : null, csrfToken: csrfTokenFor(ctx.secret, request.sessionToken) };
  });

  app.withTypeProvider<TypeBoxTypeProvider>().post('/api/auth/magic-link', { schema: { body: Type.Object({ email: Email, next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    const email = request.body.email.trim().toLowerCase();
    // The page the reader was on comes back with the link (checked again when it is used).
    const next = safeNext(request.body.next, ctx.config.embedOrigins);
    const limited = await ctx.limiter.hit(`magic:${normalizeEmail(email)}`, LIMITS.magicPerEmail.limit, LIMITS.magicPerEmail.windowMs, ctx.clock.now().getTime());
    const row = limited.allowed ? await findUserByEmail(ctx.db, email) : undefined;
    if (row && !row.deleted_at) {
      const token = await createMailToken(ctx.db, { purpose: 'login', userId: row.id, ttlMs: 15 * MINUTE }, ctx.clock.now());
      const link = `${ctx.config.publicUrl}/auth/magic?token=${token}${next !== '/' ? `&next=${encodeURIComponent(next)}` : ''}`;
      await ctx.mailer.send({
        to: row.email,
        subject: 'Your sign-in link',
        text: `Hello ${row.display_name},\n\nUse this link to sign in. It works once, for 15 minutes:\n${link}\n\nIf you did not ask for it, ignore this mail.`,
      });
    }
    // Always 202, so the answer does not tell whether an account exists.
    return reply.status(202).send({ ok: true });
  });

  app.withTypeProvider<TypeBoxTypeProvider>().get('/auth/magic', { schema: { querystring: Type.Object({ token: Type.String({ maxLength: 200 }), next: Type.Optional(Type.String({ maxLength: 2000 })) }) } }, async (request, reply) => {
    const { token, next } = request.query;
    const now = ctx.clock.now();
    const used = await consumeMailToken(ctx.db, token, 'login', now);
    const row = used?.user_id ? await findUserById(ctx.db, used.user_id) : undefined;
    if (!row || row.deleted_at) {
      const login = `/login${next ? `?next=${encodeURIComponent(safeNext(next, ctx.config.embedOrigins))}` : ''}`;
      return sendPage(ctx, request, reply, { title: 'Link expired' }, LinkExpired({ login }), 400);
    }
    if (!row.email_verified_at) await ctx.db.updateTable('users').set({ email_verified_at: now.toISOString() }).where('id', '=', row.id).execute();
    const session = await createSession(ctx.db, row.id, now, meta(request));
    setSessionCookie(ctx, reply, session);
    return reply.redirect(safeNext(next, ctx.config.embedOrigins));
  });
}
