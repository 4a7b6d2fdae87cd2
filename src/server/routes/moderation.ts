import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { findLivePostById } from '../../store/posts';
import { HttpError, notFound } from '../http-error';
import { requirePermission, requireUser, type SessionUser } from '../plugins/session';
import { can } from '../../domain/roles';
import { SseHub } from '../../realtime/sse';
import { enforceGate } from '../services/gate';
import { FLAG_REASONS } from '../../domain/flags';
import { listAudit } from '../../store/audit';
import { heldOrRemovedOf } from '../../store/comments';
import { appealsOf, sanctionsOf } from '../../store/sanctions';
import { statementFor } from '../services/statement';
import {
  banUser,
  MOD_CHANNEL,
  REMOVAL_REASONS,
  suspendUser,
  toApiSanction,
  unbanUser,
  waiveStrike,
  loadComment,
  type Actor,
} from '../../moderation/actions';
import { hasOpenFlags } from '../../store/flags';
import { approveComment } from '../services/comments/approve';
import { removeComment } from '../services/comments/remove';
import { flagComment } from '../services/comments/flag';
import { DomainError } from '../../domain/errors';
import { decideAppeal, fileAppeal, toApiAppeal } from '../../moderation/appeals';
import { decideReview } from '../../moderation/ban-evasion';
import { listQueue, QUEUE_KINDS, queueCounts, userDetail } from '../../moderation/queue';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const Reason = Type.String({ minLength: 1, maxLength: 1000 });
const Note = Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]));
const RemovalReasonSchema = Type.Union(REMOVAL_REASONS.map((r) => Type.Literal(r)));

const actorOf = (u: SessionUser): Actor => ({ id: u.id, roles: u.roles });
const moderator = (request: FastifyRequest) => requirePermission(request, 'moderate');

export function registerModerationRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new SseHub(ctx.bus, { slots: ctx.streams });
  app.addHook('preClose', async () => hub.closeAll());

  // ---- readers and supporters ------------------------------------------------------------

  app.post(
    '/api/comments/:id/flag',
    { schema: { params: IdParams, body: Type.Object({ reason: Type.Union(FLAG_REASONS.map((r) => Type.Literal(r))), note: Type.Optional(Type.String({ maxLength: 1000 })) }) } },
    async (request, reply) => {
      const { id } = request.params;
      const user = request.user;
      const target = await loadComment(ctx.db, id);
      // A comment held before it was ever shown is nobody's business but its author's; one the community
      // hid was public, so its flaggers may hear that it already waits for a moderator.
      if (target.status === 'pending' && target.author_id !== user?.id && !(await hasOpenFlags(ctx.db, id))) throw notFound('That comment');
      // A comment under a post readers cannot see (set back to draft) is not there to flag.
      const post = await findLivePostById(ctx.db, target.post_id, ctx.clock.now());
      if (!post) throw notFound('That comment');
      // The gate decides who may flag: signed-in supporters who are neither suspended nor banned, on an open discussion.
      enforceGate('flag', user, post, ctx.clock.now());
      await enforce(ctx, `flag:${user.id}`, 60, 60 * 60_000);
      const body = request.body;
      const result = await flagComment(ctx, user, id, body.reason, body.note?.trim() || null);
      return reply.status(202).send({ ok: true, hidden: result.hidden });
    },
  );

  app.get('/api/comments/:id/statement', { schema: { params: IdParams } }, async (request) => {
    const user = requireUser(request);
    const { id } = request.params;
    const comment = await loadComment(ctx.db, id);
    if (comment.author_id !== user.id && !can(user.roles, 'moderate')) throw notFound('That comment');
    return { statement: await statementFor(ctx, comment.id) };
  });

  app.get('/api/account/moderation', async (request) => {
    const user = requireUser(request);
    const [sanctions, appeals, removed] = await Promise.all([
      sanctionsOf(ctx.db, user.id, 50),
      appealsOf(ctx.db, user.id, 50),
      heldOrRemovedOf(ctx.db, user.id, 50),
    ]);
    const statements = await Promise.all(removed.map((id) => statementFor(ctx, id)));
    return {
      sanction: user.sanction,
      sanctions: sanctions.map((s) => {
        const appeal = appeals.find((a) => a.sanction_id === s.id);
        return { ...toApiSanction(s), appeal: appeal ? toApiAppeal(appeal) : null };
      }),
      statements,
    };
  });

  app.post('/api/appeals', { schema: { body: Type.Object({ sanctionId: Id, body: Type.String({ minLength: 1, maxLength: 4000 }) }) } }, async (request, reply) => {
    const user = requireUser(request);
    await enforce(ctx, `appeal:${user.id}`, 10, 60 * 60_000);
    const body = request.body;
    const appeal = await fileAppeal(ctx, user, body.sanctionId, body.body);
    return reply.status(201).send({ appeal });
  });

  // ---- moderators ------------------------------------------------------------------------

  app.get(
    '/api/mod/queue',
    {
      schema: {
        querystring: Type.Object({
          kind: Type.Optional(Type.Union(QUEUE_KINDS.map((k) => Type.Literal(k)))),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          post: Type.Optional(Type.String({ maxLength: 200 })),
          reason: Type.Optional(Type.String({ maxLength: 60 })),
        }),
      },
    },
    async (request) => {
      moderator(request);
      const q = request.query;
      const [page, counts] = await Promise.all([listQueue(ctx, { ...q, kind: q.kind ?? 'pending' }), queueCounts(ctx)]);
      return { ...page, counts };
    },
  );

  app.get('/api/mod/counts', async (request) => {
    moderator(request);
    return { counts: await queueCounts(ctx) };
  });

  app.post('/api/mod/comments/:id/approve', { schema: { params: IdParams, body: Type.Optional(Type.Object({ note: Note })) } }, async (request) => {
    const actor = moderator(request);
    const { id } = request.params;
    const comment = await approveComment(ctx, actorOf(actor), id, request.body?.note ?? null);
    return { comment };
  });

  app.post(
    '/api/mod/comments/:id/remove',
    { schema: { params: IdParams, body: Type.Object({ reason: RemovalReasonSchema, note: Note, strike: Type.Optional(Type.Boolean()) }) } },
    async (request) => {
      const actor = moderator(request);
      const { id } = request.params;
      const body = request.body;
      return removeComment(ctx, actorOf(actor), id, body);
    },
  );

  /** Several items at once: each is decided on its own; the answer lists what happened to each. */
  app.post(
    '/api/mod/bulk',
    {
      schema: {
        body: Type.Object({
          ids: Type.Array(Id, { minItems: 1, maxItems: 200 }),
          action: Type.Union([Type.Literal('approve'), Type.Literal('remove')]),
          reason: Type.Optional(RemovalReasonSchema),
          note: Note,
          strike: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (request) => {
      const actor = moderator(request);
      const body = request.body;
      const reason = body.reason;
      if (body.action === 'remove' && !reason) throw new HttpError(422, 'invalid_input', 'reason is required to remove.');
      const results: Array<{ id: string; ok: boolean; error?: string }> = [];
      for (const id of [...new Set(body.ids)]) {
        try {
          if (body.action === 'approve') await approveComment(ctx, actorOf(actor), id, body.note ?? null);
          else if (reason) await removeComment(ctx, actorOf(actor), id, { reason, note: body.note ?? null, strike: body.strike });
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof DomainError || err instanceof HttpError)) throw err;
          results.push({ id, ok: false, error: err.code });
        }
      }
      return { results };
    },
  );

  app.post(
    '/api/mod/users/:id/suspend',
    { schema: { params: IdParams, body: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 24 * 365 }), reason: Reason, commentId: Type.Optional(Id) }) } },
    async (request) => {
      const actor = moderator(request);
      const { id } = request.params;
      const body = request.body;
      return { sanction: await suspendUser(ctx, actorOf(actor), id, body) };
    },
  );

  app.post('/api/mod/users/:id/ban', { schema: { params: IdParams, body: Type.Object({ reason: Reason, commentId: Type.Optional(Id) }) } }, async (request) => {
    const actor = moderator(request);
    const { id } = request.params;
    const body = request.body;
    return { sanction: await banUser(ctx, actorOf(actor), id, body) };
  });

  app.post('/api/mod/users/:id/unban', { schema: { params: IdParams, body: Type.Object({ reason: Reason }) } }, async (request) => {
    const actor = moderator(request);
    const { id } = request.params;
    await unbanUser(ctx, actorOf(actor), id, request.body.reason);
    return { ok: true, user: (await userDetail(ctx, id)).user };
  });

  app.post(
    '/api/mod/users/:id/review',
    { schema: { params: IdParams, body: Type.Object({ decision: Type.Union([Type.Literal('confirm'), Type.Literal('clear')]), reason: Reason }) } },
    async (request) => {
      const actor = moderator(request);
      const { id } = request.params;
      const body = request.body;
      await decideReview(ctx, actorOf(actor), id, body.decision, body.reason);
      return { ok: true, user: (await userDetail(ctx, id)).user };
    },
  );

  app.post('/api/mod/strikes/:id/waive', { schema: { params: IdParams, body: Type.Object({ reason: Reason }) } }, async (request) => {
    const actor = moderator(request);
    const { id } = request.params;
    await waiveStrike(ctx, actorOf(actor), id, request.body.reason);
    return { ok: true };
  });

  app.get('/api/mod/users/:id', { schema: { params: IdParams } }, async (request) => {
    moderator(request);
    return userDetail(ctx, request.params.id);
  });

  app.post(
    '/api/mod/appeals/:id/decide',
    { schema: { params: IdParams, body: Type.Object({ decision: Type.Union([Type.Literal('upheld'), Type.Literal('lifted')]), reason: Reason }) } },
    async (request) => {
      const actor = moderator(request);
      const { id } = request.params;
      const body = request.body;
      return { appeal: await decideAppeal(ctx, actorOf(actor), id, body.decision, body.reason) };
    },
  );

  app.get(
    '/api/mod/audit',
    {
      schema: {
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          action: Type.Optional(Type.String({ maxLength: 80 })),
          actor: Type.Optional(Type.String({ maxLength: 64 })),
          target: Type.Optional(Type.String({ maxLength: 64 })),
        }),
      },
    },
    async (request) => {
      moderator(request);
      return listAudit(ctx.db, request.query);
    },
  );

  app.get('/api/mod/events', async (request, reply) => {
    moderator(request);
    reply.hijack();
    await hub.open(MOD_CHANNEL, reply.raw);
  });
}

async function enforce(ctx: AppContext, key: string, limit: number, windowMs: number): Promise<void> {
  const r = await ctx.limiter.hit(key, limit, windowMs, ctx.clock.now().getTime());
  if (!r.allowed) {
    const seconds = Math.ceil(r.retryAfterMs / 1000);
    throw new HttpError(429, 'rate_limited', `Too many requests. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
  }
}
