import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkBanEvasion } from '../../moderation/ban-evasion';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { HttpError } from '../http-error';
import { enforceLimit } from '../services/limits';
import { csrfTokenFor, signedInUser, startSession } from '../plugins/session';
import { publicUser } from '../views';
import { applySsoSupporter } from '../../store/supporters';
import { normalizeEmail } from '../../domain/email';
import { canonicalize, hasMalformedPercentEncoding } from '../../domain/embed-page';
import { findPostByCanonicalUrl, type EmbeddedPostRow } from '../../store/posts';
import { createEmbeddedPost, EmbedPageError } from '../services/embedded-posts';
import { resolveSsoAccount, sendSsoLinkConfirmation, verifySsoToken } from '../services/sso';
import { HOUR, isoFromDateString, isoFromUnixSeconds, MINUTE } from '../../domain/clock';

/* Embedding Parley's discussion on other sites:
   - POST /api/embed/posts creates (once) the post behind a page of an allowed site, from its canonical URL;
   - POST /api/auth/sso signs in a user of the host site from a short-lived HS256 JWT. */


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

/** Seconds since the epoch or an ISO date → ISO string; null when absent, unusable or beyond any stored time. */
function claimDate(v: unknown): string | null {
  if (typeof v === 'number') return isoFromUnixSeconds(v);
  if (typeof v === 'string') return isoFromDateString(v);
  return null;
}

export function registerEmbedRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
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
      // title is what older loaders send: the discussion takes the title the page itself declares.
      schema: { body: Type.Object({ url: Type.String({ minLength: 8, maxLength: 2000 }), title: Type.Optional(Type.String({ maxLength: 300 })) }) },
    },
    async (request, reply) => {
      cors(ctx, request, reply);
      const { url } = request.body;
      if (hasMalformedPercentEncoding(url)) throw new HttpError(400, 'bad_url', 'url has a malformed percent-encoding.');
      const u = canonicalize(url);
      if (!u) throw new HttpError(422, 'invalid_input', 'url must be an http(s) address.');
      if (!ctx.config.embedOrigins.some((o) => new URL(o).origin === u.origin)) {
        throw new HttpError(403, 'origin_not_allowed', 'This site is not allowed to create discussions here.');
      }
      const origin = request.headers.origin;
      if (origin && origin !== u.origin && origin !== new URL(ctx.config.publicUrl).origin) {
        throw new HttpError(403, 'origin_not_allowed', 'A page can only create the discussion for its own site.');
      }
      const view = (p: EmbeddedPostRow) => ({ id: p.id, slug: p.slug, title: p.title, canonicalUrl: p.canonical_url, commentCount: p.comment_count, discussion: p.discussion });
      const existing = await findPostByCanonicalUrl(ctx.db, u.toString());
      if (existing) return reply.status(200).send({ post: view(existing) });
      // Reading the page costs a request to the host: limited per IP before it happens.
      await enforceLimit(ctx, `embed-post:${request.ip}`, { limit: 60, windowMs: HOUR });
      try {
        const { post, created } = await createEmbeddedPost(ctx, u);
        return reply.status(created ? 201 : 200).send({ post: view(post) });
      } catch (err) {
        if (err instanceof EmbedPageError) throw new HttpError(422, err.code, err.message);
        throw err;
      }
    },
  );

  app.post('/api/auth/sso', { schema: { body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }) } }, async (request, reply) => {
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
    const session = await startSession(ctx, request, reply, userId);
    const user = await signedInUser(ctx, userId);
    return { user: publicUser(user), csrfToken: csrfTokenFor(ctx.secret, session) };
  });
}
