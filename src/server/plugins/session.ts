import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { createSession, deleteSession, findSessionStamp, SESSION_DAYS, sha256 } from '../../store/sessions';
import { apiUserOf, findUserById, getRoles, openSanctions, type ApiUser } from '../../store/users';
import type { UsersTable } from '../../store/schema';
import type { SanctionRecord } from '../../domain/sanctions';
import { can, type Permission, type Role } from '../../domain/roles';
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

/** What a session's user is made of: the account row, its roles and its open sanctions. */
interface UserSource {
  row: UsersTable;
  roles: Role[];
  sanctions: SanctionRecord[];
}

async function loadUserSource(ctx: AppContext, userId: string): Promise<UserSource | null> {
  const row = await findUserById(ctx.db, userId);
  if (!row || row.deleted_at) return null;
  const [roles, sanctions] = await Promise.all([getRoles(ctx.db, userId), openSanctions(ctx.db, userId)]);
  return { row, roles, sanctions };
}

/** The request's user as of `now` (supporter periods and sanctions end by themselves), a new object each time. */
function sessionUserOf(source: UserSource, publishedCommentCount: number, now: Date): SessionUser {
  const { row } = source;
  return {
    ...apiUserOf(row, [...source.roles], source.sanctions, now),
    email: row.email,
    emailNormalized: row.email_normalized,
    reviewState: row.review_state,
    createdAt: row.created_at,
    supporterSince: row.supporter_since,
    publishedCommentCount,
  };
}

export async function loadSessionUser(ctx: AppContext, userId: string): Promise<SessionUser | null> {
  const source = await loadUserSource(ctx, userId);
  return source && sessionUserOf(source, source.row.published_comment_count, ctx.clock.now());
}

/** The session user of an account that was just signed in (it exists: its session row was just written). */
export async function signedInUser(ctx: AppContext, userId: string): Promise<SessionUser> {
  const user = await loadSessionUser(ctx, userId);
  if (!user) throw new Error(`account ${userId} vanished while signing in`);
  return user;
}

/** Users of recent sessions kept in memory, per node; at most this many sessions. */
const KNOWN_SESSIONS = 10_000;

interface KnownSession {
  userId: string;
  /** The user's auth_version when `source` was read. */
  version: number;
  source: UserSource;
  /** The user as built at one time, and the times at which it would be built differently (a
      supporter period or a sanction begins or ends). */
  built: { at: string; user: SessionUser } | null;
  changesAt: string[];
  /** The store's change mark when the session was last checked, and what that check found. */
  mark: string | null;
  expiresAt: string;
  publishedCommentCount: number;
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

  // A request checks its session and the user's auth_version in one query (a change to the account,
  // its roles or sanctions moves the version, on whichever node it is made) and builds its user from
  // what this node read at that version, reading it again only after a change. While nothing at all
  // has been written to the database since a session's last check (the store's change mark), the
  // check is not repeated.
  const known = new Map<string, KnownSession>();
  async function sessionUser(token: string, now: Date): Promise<{ user: SessionUser | null; found: boolean }> {
    const mark = ctx.store.changeMark();
    let entry = known.get(token);
    const at = now.toISOString();
    if (entry && mark !== null && entry.mark === mark && entry.expiresAt > at) {
      return { user: userAt(entry, entry.publishedCommentCount, now, at), found: true };
    }
    const stamp = await findSessionStamp(ctx.db, token, now);
    if (!stamp) {
      known.delete(token);
      return { user: null, found: false };
    }
    if (!entry || entry.userId !== stamp.user_id || entry.version !== stamp.auth_version) {
      known.delete(token);
      const source = await loadUserSource(ctx, stamp.user_id);
      if (!source) return { user: null, found: true };
      // The version read with the row: a change after it (to the roles, say) shows as a newer one next time.
      const changesAt = [source.row.supporter_until, ...source.sanctions.flatMap((x) => [x.starts_at, x.ends_at])].filter((x): x is string => x !== null);
      entry = { userId: stamp.user_id, version: source.row.auth_version, source, built: null, changesAt, mark: null, expiresAt: '', publishedCommentCount: 0 };
      const oldest = known.keys().next();
      if (known.size >= KNOWN_SESSIONS && !oldest.done) known.delete(oldest.value);
      known.set(token, entry);
    }
    // The mark from before the check: a write during it shows as a new mark next time.
    entry.mark = mark;
    entry.expiresAt = stamp.expires_at;
    entry.publishedCommentCount = stamp.published_comment_count;
    return { user: userAt(entry, stamp.published_comment_count, now, at), found: true };
  }

  /** The session's user at `now` (ISO `at`): built again only when a supporter period or sanction began or ended in between
      (a new comment count, which moves with every comment the user writes, is only put in its place). */
  function userAt(entry: KnownSession, count: number, now: Date, at: string): SessionUser {
    const b = entry.built;
    if (b) {
      const [lo, hi] = b.at < at ? [b.at, at] : [at, b.at];
      // Every rule of that kind holds from an instant on (a period is active while its end is later than now).
      if (!entry.changesAt.some((x) => lo < x && x <= hi)) return { ...b.user, roles: [...b.user.roles], publishedCommentCount: count };
    }
    const user = sessionUserOf(entry.source, count, now);
    entry.built = { at, user };
    return { ...user, roles: [...user.roles] };
  }

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const { user, found } = await sessionUser(token, ctx.clock.now());
      request.user = user;
      request.sessionToken = user ? token : null;
      if (!user) {
        clearSessionCookie(reply);
        if (found) await deleteSession(ctx.db, token);
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
