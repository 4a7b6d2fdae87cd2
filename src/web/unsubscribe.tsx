import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppContext } from '../server/context';
import { sendPage } from './routes';
import { verifyUnsubscribeToken } from '../server/services/reply-notifications';
import { audit } from '../store/audit';
import { findMailSettings, updateUser } from '../store/users';

/* The unsubscribe link of reply e-mails: works without signing in, authenticated by its signed token.
   GET shows a confirmation page with one button (so mail scanners that fetch links change nothing);
   POST turns reply e-mails off, also as RFC 8058 one-click unsubscribe from the mail client. */

const Token = Type.String({ minLength: 10, maxLength: 300 });

function Invalid() {
  return (
    <section>
      <h1>This link does not work</h1>
      <p>The unsubscribe link is incomplete or was changed. You can turn reply e-mails off in your <a href="/account">account settings</a>.</p>
    </section>
  );
}

export function registerUnsubscribeRoutes(server: FastifyInstance, ctx: AppContext): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/unsubscribe', { schema: { querystring: Type.Object({ token: Type.Optional(Token) }) } }, async (request, reply) => {
    const { token } = request.query;
    const userId = token ? verifyUnsubscribeToken(ctx.secret, token) : null;
    const user = userId ? await findMailSettings(ctx.db, userId) : undefined;
    if (!user || !token) return sendPage(ctx, request, reply, { title: 'Unsubscribe' }, <Invalid />, 400);
    return sendPage(
      ctx,
      request,
      reply,
      { title: 'Stop reply e-mails' },
      <section>
        <h1>Stop e-mails about replies?</h1>
        {user.notify_replies === 1 ? (
          <>
            <p>We send {user.email} an e-mail when someone replies to one of your comments. Stop these e-mails?</p>
            <form method="post" action={`/unsubscribe?token=${encodeURIComponent(token)}`}>
              <p><button type="submit">Stop reply e-mails</button></p>
            </form>
          </>
        ) : (
          <p role="status">Reply e-mails to {user.email} are already off. You can turn them back on in your <a href="/account">account settings</a>.</p>
        )}
      </section>,
    );
  });

  app.post(
    '/unsubscribe',
    {
      // The signed token in the URL is the authentication; mail clients post here without any
      // session (RFC 8058 sends "List-Unsubscribe=One-Click", which carries nothing else: the body is ignored).
      config: { csrfExempt: true },
      schema: { querystring: Type.Object({ token: Type.Optional(Token) }) },
    },
    async (request, reply) => {
      const token = request.query.token;
      const userId = token ? verifyUnsubscribeToken(ctx.secret, token) : null;
      const user = userId ? await findMailSettings(ctx.db, userId) : undefined;
      if (!user) return sendPage(ctx, request, reply, { title: 'Unsubscribe' }, <Invalid />, 400);
      if (user.notify_replies === 1) {
        await updateUser(ctx.db, user.id, { notify_replies: 0 });
        await audit(ctx.db, { actorId: user.id, action: 'user.unsubscribed', targetKind: 'user', targetId: user.id, reason: 'reply e-mails', before: { notifyReplies: true }, after: { notifyReplies: false } }, ctx.clock.now());
      }
      return sendPage(
        ctx,
        request,
        reply,
        { title: 'Unsubscribed' },
        <section>
          <h1>You are unsubscribed</h1>
          <p role="status">We will no longer e-mail {user.email} about replies to your comments. You can turn them back on in your <a href="/account">account settings</a>.</p>
        </section>,
      );
    },
  );
}
