import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../store/schema';
import { newId } from '../store/ids';
import type { Clock } from '../domain/clock';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Records the mail in the outbox and, when SMTP is configured, delivers it. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/* Every mail is kept in mail_outbox. With PARLEY_SMTP_URL unset, that outbox is where mail ends up
   (admins read it at /admin/outbox, and the log prints it) so the demo works without a mail server. */
export function createMailer(opts: { smtpUrl: string | null; from: string; db: Kysely<Database>; clock: Clock; log: FastifyBaseLogger }): Mailer {
  const transport: Transporter | null = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    async send(mail) {
      const id = newId();
      const now = opts.clock.now().toISOString();
      await opts.db
        .insertInto('mail_outbox')
        .values({ id, to_address: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, created_at: now, sent_at: null, error: null })
        .execute();
      if (!transport) {
        opts.log.info({ to: mail.to, subject: mail.subject }, `mail (dev outbox):\n${mail.text}`);
        return;
      }
      try {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
        await opts.db.updateTable('mail_outbox').set({ sent_at: opts.clock.now().toISOString() }).where('id', '=', id).execute();
      } catch (err) {
        opts.log.error({ err, to: mail.to }, 'mail delivery failed');
        await opts.db.updateTable('mail_outbox').set({ error: String(err) }).where('id', '=', id).execute();
      }
    },
    close() {
      transport?.close();
    },
  };
}
