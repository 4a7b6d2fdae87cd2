import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../context';
import { requirePermission } from '../plugins/session';
import { HttpError } from '../http-error';
import { moderationSettings } from '../services/comment-moderation';
import { DEFAULT_MODERATION_SETTINGS, validateSettings } from '../../moderation/settings';
import { replay } from '../../moderation/dry-run';
import { recentForReplay } from '../services/moderation-replay';
import { setSetting } from '../../store/settings';
import { audit } from '../../store/audit';

function validated(input: unknown) {
  const v = validateSettings(input);
  if (!v.ok) throw new HttpError(422, 'invalid_settings', v.errors.map((e) => `${e.path || 'settings'}: ${e.message}`).join('; '), { errors: v.errors });
  return v.settings;
}

export function registerModerationSettingsRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/admin/moderation/settings', async (request) => {
    requirePermission(request, 'configure');
    return { settings: await moderationSettings(ctx.db), defaults: DEFAULT_MODERATION_SETTINGS };
  });

  app.post(
    '/api/admin/moderation/dry-run',
    { schema: { body: Type.Object({ settings: Type.Unknown(), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) }) } },
    async (request) => {
      requirePermission(request, 'configure');
      const body = request.body;
      const proposed = validated(body.settings);
      const days = body.days ?? 30;
      const items = await recentForReplay(ctx, days);
      return { days, ...replay(items, await moderationSettings(ctx.db), proposed) };
    },
  );

  app.put('/api/admin/moderation/settings', { schema: { body: Type.Object({ settings: Type.Unknown(), reason: Type.Optional(Type.String({ maxLength: 500 })) }) } }, async (request) => {
    const actor = requirePermission(request, 'configure');
    const body = request.body;
    const next = validated(body.settings);
    const before = await moderationSettings(ctx.db);
    await setSetting(ctx.db, 'moderation', next);
    await audit(ctx.db, { actorId: actor.id, action: 'moderation.settings_changed', targetKind: 'settings', targetId: 'moderation', reason: body.reason ?? null, before, after: next }, ctx.clock.now());
    return { settings: next };
  });
}
