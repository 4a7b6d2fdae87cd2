import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../store/schema';
import { newId } from '../store/ids';
import { markMailFailed, markMailSent, queueMail } from '../store/mail-outbox';
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
      await queueMail(opts.db, { id, to_address: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, created_at: now, sent_at: null, error: null });
      if (!transport) {
        opts.log.info({ to: mail.to, subject: mail.subject }, `mail (dev outbox):\n${mail.text}`);
        return;
      }
      try {
        await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
        await markMailSent(opts.db, id, opts.clock.now().toISOString());
      } catch (err) {
        opts.log.error({ err, to: mail.to }, 'mail delivery failed');
        await markMailFailed(opts.db, id, String(err));
      }
    },
    close() {
      transport?.close();
    },
  };
}
