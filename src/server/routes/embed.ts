import { createHash } from 'node:crypto';
import { checkBanEvasion } from '../../moderation/ban-evasion';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { enforceLimit } from './auth';
import { csrfTokenFor, loadSessionUser, setSessionCookie } from '../plugins/session';
import { publicUser } from '../views';
import { createSession } from '../../store/sessions';
import type { Db } from '../../store/users';
import { resolveSsoAccount, sendSsoLinkConfirmation, verifySsoToken } from '../services/sso';
import { newId } from '../../store/ids';
import { audit } from '../../store/audit';
import { normalizeEmail } from '../../domain/email';
import { OPEN_ENDED } from '../../domain/supporter';
import { HOUR, MINUTE } from '../../domain/clock';

/* Embedding Parley's discussion on other sites:
   - POST /api/embed/posts creates (once) the post behind a page of an allowed site, from its canonical URL;
   - POST /api/auth/sso signs in a user of the host site from a short-lived HS256 JWT. */

/** The canonical form Parley keys embedded posts by: scheme, host, path and query; no fragment. */
export function canonicalize(raw: string): URL | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.username || u.password) return null;
  u.hash = '';
  return u;
}

/** A slug from the URL's path ("/2026/05/my-story.html" → "2026-05-my-story"), or "page" for the site root. */
export function slugFromUrl(u: URL): string {
  const path = decodeURIComponent(u.pathname).replace(/\.(html?|php|aspx?)$/i, '');
  const slug = path
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
  return slug || 'page';
}

function allowedOrigin(ctx: AppContext, origin: string | undefined): string | null {
  if (!origin) return null;
  return ctx.config.embedOrigins.some((o) => new URL(o).origin === origin) ? origin : null;
}

/** CORS for the embedding sites: the embed loader may call this from the host page itself. */
function cors(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): void {
  const origin = allowedOrigin(ctx, request.headers.origin);
  if (!origin) return;
  reply.header('access-control-allow-origin', origin);
  reply.header('vary', 'Origin');
}

function ssoInvalid(message = 'The sign-in token is not valid. Reload the page and try again.'): HttpError {
  return new HttpError(401, 'sso_invalid', message);
}

/** Seconds since the epoch or an ISO date → ISO string; null when absent or unusable. */
function claimDate(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000).toISOString();
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return null;
}

/**
 * Applies the host site's word on supporter status: a supporter_grants row with note 'sso' stands
 * for it (replaced when the host changes its end date, revoked when the host says no), and
 * users.supporter_until takes the latest end among what still holds.
 */
async function applySsoSupporter(trx: Db, userId: string, claim: { supporter: boolean; until: string | null }, now: Date): Promise<void> {
  const user = await trx.selectFrom('users').select(['supporter_until', 'supporter_since']).where('id', '=', userId).executeTakeFirstOrThrow();
  const active = await trx.selectFrom('supporter_grants').selectAll().where('user_id', '=', userId).where('note', '=', 'sso').where('revoked_at', 'is', null).execute();
  const effective = (g: { until: string | null }) => g.until ?? OPEN_ENDED;
  const wanted = claim.supporter ? claim.until : undefined;
  const keep = wanted !== undefined ? active.find((g) => g.until === wanted) : undefined;
  const revoked = active.filter((g) => g !== keep);
  if (revoked.length) {
    await trx.updateTable('supporter_grants').set({ revoked_at: now.toISOString() }).where('id', 'in', revoked.map((g) => g.id)).execute();
  }
  if (wanted !== undefined && !keep) {
    await trx.insertInto('supporter_grants').values({ id: newId(now.getTime()), user_id: userId, until: wanted, note: 'sso', granted_by: null, created_at: now.toISOString(), revoked_at: null }).execute();
  }
  // What the cached end was made of: support from elsewhere (donations, admin grants) stays.
  let base = user.supporter_until;
  if (base !== null && revoked.some((g) => effective(g) === base)) {
    const others = await trx
      .selectFrom('supporter_grants')
      .select('until')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('note', '!=', 'sso')
      .execute();
    base = others.map(effective).filter((u) => u > now.toISOString()).sort().pop() ?? null;
  }
  const candidates = [base, wanted === undefined ? null : (wanted ?? OPEN_ENDED)].filter((v): v is string => v !== null);
  const until = candidates.sort().pop() ?? null;
  const becomes = until !== null && until > now.toISOString();
  await trx
    .updateTable('users')
    .set({ supporter_until: until, supporter_since: becomes ? (user.supporter_since ?? now.toISOString()) : user.supporter_since })
    .where('id', '=', userId)
    .execute();
}

export function registerEmbedRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.options('/api/embed/posts', async (request, reply) => {
    cors(ctx, request, reply);
    reply.header('access-control-allow-methods', 'POST');
    reply.header('access-control-allow-headers', 'content-type');
    reply.header('access-control-max-age', '600');
    return reply.status(204).send();
  });

  app.post(
    '/api/embed/posts',
    {
      // Acts on no session: it is authorised by the URL's origin being one the site allows.
      config: { csrfExempt: true },
      schema: { body: Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }), title: Type.String({ minLength: 1, maxLength: 300 }) }) },
    },
    async (request, reply) => {
      cors(ctx, request, reply);
      const body = request.body as { url: string; title: string };
      const u = canonicalize(body.url);
      if (!u) throw new HttpError(422, 'invalid_input', 'url must be an http(s) address.');
      if (!ctx.config.embedOrigins.some((o) => new URL(o).origin === u.origin)) {
        throw new HttpError(403, 'origin_not_allowed', 'This site is not allowed to create discussions here.');
      }
      const origin = request.headers.origin;
      if (origin && origin !== u.origin && origin !== new URL(ctx.config.publicUrl).origin) {
        throw new HttpError(403, 'origin_not_allowed', 'A page can only create the discussion for its own site.');
      }
      const title = body.title.replace(/\s+/g, ' ').trim();
      if (!title) throw new HttpError(422, 'invalid_input', 'title must not be blank.');
      const canonical = u.toString();
      const view = (p: { id: string; slug: string; title: string; canonical_url: string | null; comment_count: number; discussion: string }) => ({
        id: p.id,
        slug: p.slug,
        title: p.title,
        canonicalUrl: p.canonical_url,
        commentCount: p.comment_count,
        discussion: p.discussion,
      });
      const find = () => ctx.db.selectFrom('posts').select(['id', 'slug', 'title', 'canonical_url', 'comment_count', 'discussion']).where('canonical_url', '=', canonical).executeTakeFirst();
      const existing = await find();
      if (existing) return reply.status(200).send({ post: view(existing) });
      await enforceLimit(ctx, `embed-post:${request.ip}`, { limit: 60, windowMs: HOUR });

      const now = ctx.clock.now();
      const base = slugFromUrl(u);
      const taken = await ctx.db.selectFrom('posts').select('id').where('slug', '=', base).executeTakeFirst();
      // Another page (or a post of Parley's own) has that slug: a suffix from the URL keeps it stable.
      const slug = taken ? `${base.slice(0, 110)}-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}` : base;
      const row = {
        id: newId(now.getTime()),
        slug,
        title,
        standfirst: '',
        body_md: '',
        body_html: '',
        author_id: null,
        status: 'published',
        published_at: now.toISOString(),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        version: 1,
        discussion: 'open',
        discussion_closes_at: null,
        featured_image_url: null,
        featured_image_alt: null,
        sources: '[]',
        comment_count: 0,
        canonical_url: canonical,
        import_key: null,
      };
      try {
        await ctx.db.insertInto('posts').values(row).execute();
      } catch (err) {
        // Two first views at once: the other one created it.
        const raced = await find();
        if (raced) return reply.status(200).send({ post: view(raced) });
        throw err;
      }
      await audit(ctx.db, { actorId: null, action: 'post.embedded', targetKind: 'post', targetId: row.id, reason: canonical, after: { slug, title } }, now);
      return reply.status(201).send({ post: view(row) });
    },
  );

  app.withTypeProvider<TypeBoxTypeProvider>().post('/api/auth/sso', { schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }) } }, async (request, reply) => {
    if (!ctx.config.ssoSecret) throw new HttpError(404, 'sso_disabled', 'Single sign-on is not set up on this site.');
    await enforceLimit(ctx, `sso:ip:${request.ip}`, { limit: 60, windowMs: MINUTE });
    const now = ctx.clock.now();
    const c = await verifySsoToken(ctx, request.body.token);
    const claims = c.raw;

    const account = await ctx.db.transaction().execute(async (trx) => {
      const found = await resolveSsoAccount(trx, c, now);
      if (!('user' in found)) return found;
      if (typeof claims.supporter === 'boolean') {
        const until = claims.supporter_until === undefined || claims.supporter_until === null ? null : claimDate(claims.supporter_until);
        if (claims.supporter_until !== undefined && claims.supporter_until !== null && until === null) throw ssoInvalid('supporter_until must be a date.');
        await applySsoSupporter(trx, found.user.id, { supporter: claims.supporter, until }, now);
      }
      return found;
    });
    if (!('user' in account)) {
      await sendSsoLinkConfirmation(ctx, account.confirmLinkTo, c.sub);
      throw new HttpError(409, 'sso_link_confirmation_sent', 'An account with this e-mail address already exists here. We sent a link to that address: open it to connect the two, then reload this page.');
    }
    const userId = account.user.id;
    // The subject is a ban identity as much as the address: a banned person signing in again through the host is recognised by either.
    await checkBanEvasion(ctx, userId, { emailNormalized: normalizeEmail(c.email), ssoSubject: c.sub });
    const session = await createSession(ctx.db, userId, now, { userAgent: request.headers['user-agent'], ip: request.ip });
    setSessionCookie(ctx, reply, session);
    const user = await loadSessionUser(ctx, userId);
    return { user: publicUser(user!), csrfToken: csrfTokenFor(ctx.secret, session) };
  });
}
