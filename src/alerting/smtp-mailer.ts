import nodemailer from 'nodemailer';
import { deliveryError } from './delivery-error.js';
import type { Mailer } from './mailer.js';
import { toNodemailer } from './outgoing-mail.js';
import { SMTP_ENV } from './resolve-transport.js';
import type { SmtpTransport } from './transport-config.js';

/** At most this many connections at once; further mails queue in the pool. */
const MAX_CONNECTIONS = 3;

function authHint(transport: SmtpTransport, error: unknown): string {
  if ((error as { code?: unknown } | null)?.code !== 'EAUTH') return '';
  const who = transport.auth === undefined ? 'no user given' : `user "${transport.auth.user}"`;
  return ` (${who}; check ${SMTP_ENV.user} and ${SMTP_ENV.password} or alerts.transport.auth)`;
}

/** Sends over SMTP through a small connection pool, so a burst of alerts does not open a connection each. */
export function createSmtpMailer(transport: SmtpTransport): Mailer {
  const smtp = nodemailer.createTransport({
    pool: true,
    maxConnections: MAX_CONNECTIONS,
    host: transport.host,
    port: transport.port,
    secure: transport.secure,
    requireTLS: transport.requireTLS,
    tls: { rejectUnauthorized: transport.tls.rejectUnauthorized },
    connectionTimeout: transport.connectionTimeoutMs,
    greetingTimeout: transport.greetingTimeoutMs,
    socketTimeout: transport.socketTimeoutMs,
    ...(transport.auth === undefined ? {} : { auth: { user: transport.auth.user, pass: transport.auth.pass.reveal() } }),
  });
  const where = `smtp ${transport.host}:${transport.port}`;
  return {
    async send(mail) {
      try {
        const info = await smtp.sendMail(toNodemailer(mail));
        return { messageId: info.messageId, destination: `${where}: ${info.response}` };
      } catch (error) {
        throw deliveryError(where, error, authHint(transport, error));
      }
    },
    async close() {
      smtp.close();
    },
  };
}
