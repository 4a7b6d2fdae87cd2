import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { createSession, deleteSession, findSession, SESSION_DAYS, sha256 } from '../../store/sessions';
import { findUserById, toApiUser, type ApiUser } from '../../store/users';
import { can, type Permission } from '../../domain/roles';
import { HttpError } from '../http-error';

export const SESSION_COOKIE = 'parley_session';

export interface SessionUser extends ApiUser {
  email: string;
  emailNormalized: string;
  reviewState: string | null;
  createdAt: string;
  supporterSince: string | null;
  /** Published comments, as the user row counted them when the request began. */
  publishedCommentCount: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
}

/** The CSRF token of a session: an HMAC of it, so nothing extra is stored. */
export function csrfTokenFor(secret: string, sessionToken: string | null): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken ? sha256(sessionToken) : 'anonymous'}`).digest('base64url');
}

/** Whether `token` is this session's CSRF token (for forms that carry it in their body). */
export function csrfTokenMatches(secret: string, sessionToken: string | null, token: string): boolean {
  return safeEqual(token, csrfTokenFor(secret, sessionToken));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function loadSessionUser(ctx: AppContext, userId: string): Promise<SessionUser | null> {
  const row = await findUserById(ctx.db, userId);
  if (!row || row.deleted_at) return null;
  const api = await toApiUser(ctx.db, row, ctx.clock.now());
  return {
    ...api,
    email: row.email,
    emailNormalized: row.email_normalized,
    reviewState: row.review_state,
    createdAt: row.created_at,
    supporterSince: row.supporter_since,
    publishedCommentCount: row.published_comment_count,
  };
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: SESSION_DAYS * 86_400,
  });
}

/**
 * Signs this browser in as `userId`. A session the browser already carried (someone else's left
 * behind, or one planted to sign the victim in as the attacker) ends here rather than living on.
 */
export async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
  const carried = request.cookies[SESSION_COOKIE];
  if (carried) await deleteSession(ctx.db, carried);
  const token = await createSession(ctx.db, userId, ctx.clock.now(), { userAgent: request.headers['user-agent'], ip: request.ip });
  setSessionCookie(ctx, reply, token);
  return token;
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerSession(app: FastifyInstance, ctx: AppContext): void {
  const siteOrigin = new URL(ctx.config.publicUrl).origin;
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await findSession(ctx.db, token, ctx.clock.now());
      if (session) {
        request.user = await loadSessionUser(ctx, session.user_id);
        request.sessionToken = request.user ? token : null;
      }
      if (!request.user) {
        clearSessionCookie(reply);
        if (session) await deleteSession(ctx.db, token);
      }
    }

    // CSRF: a browser's unsafe request must prove it comes from Parley's own pages.
    if (!UNSAFE.has(request.method) || request.routeOptions.config?.csrfExempt) return;
    const header = request.headers['x-parley-csrf'];
    const tokenOk = typeof header === 'string' && safeEqual(header, csrfTokenFor(ctx.secret, request.sessionToken));
    if (tokenOk) return;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (origin === siteOrigin) return;
      throw new HttpError(403, 'csrf', 'This request came from another site. Reload the page and try again.');
    }
    // No Origin and no token: refuse when a cookie session would otherwise act (or the browser says cross-site).
    if (request.cookies[SESSION_COOKIE] || request.headers['sec-fetch-site'] === 'cross-site') {
      throw new HttpError(403, 'csrf', 'Missing CSRF token. Reload the page and try again.');
    }
  });
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw new HttpError(401, 'sign_in_required', 'Please sign in first.');
  return request.user;
}

export function requirePermission(request: FastifyRequest, permission: Permission): SessionUser {
  const user = requireUser(request);
  if (!can(user.roles, permission)) throw new HttpError(403, 'forbidden', 'Your role does not allow this.');
  return user;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    csrfExempt?: boolean;
  }
}
