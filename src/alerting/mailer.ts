import type { OutgoingMail } from './outgoing-mail.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';
import type { MailTransport } from './transport-config.js';

// pipelines/monitor/monitor-options.ts imports the config schema from here.

export interface SendReceipt {
  readonly messageId: string;
  /** Where the mail went: the `.eml` path, or the SMTP server's reply. */
  readonly destination: string;
}

/** Hands mail to a nodemailer transport. `send` rejects with a DeliveryError; it never retries. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendReceipt>;
  close(): Promise<void>;
}

export function createMailer(transport: MailTransport): Mailer {
  switch (transport.kind) {
    case 'outbox':
      return createOutboxMailer(transport.dir);
    case 'smtp':
      return createSmtpMailer(transport);
  }
}
