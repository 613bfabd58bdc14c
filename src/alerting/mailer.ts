import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import * as z from 'zod';
import { RiskwatchError } from '../core/errors.js';

/** A fully rendered e-mail, independent of how it travels. */
export interface OutgoingMail {
  /** `<id@host>`; deterministic so that a duplicate alert collapses in mail clients. */
  readonly messageId: string;
  readonly date: Date;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly priority: 'high' | 'normal' | 'low';
  readonly headers: Readonly<Record<string, string>>;
  /** Short name for transports that store mail by name, e.g. the outbox file name. */
  readonly label: string;
}

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

/** Sending an e-mail failed. `retriable` says whether trying again later could succeed. */
export class DeliveryError extends RiskwatchError {
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super('alert_delivery_failed', message, options);
  }
}

export const transportConfigSchema = z.discriminatedUnion('kind', [
  /** Each mail becomes an RFC 822 `.eml` file in `dir`, for a person to open. */
  z.strictObject({ kind: z.literal('outbox'), dir: z.string().min(1).default('outbox') }),
  z.strictObject({
    kind: z.literal('smtp'),
    host: z.string().min(1),
    port: z.int().min(1).max(65_535).default(587),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  }),
]);

export type TransportConfig = z.output<typeof transportConfigSchema>;

export function createMailer(config: TransportConfig): Mailer {
  switch (config.kind) {
    case 'outbox':
      return createOutboxMailer(config.dir);
    case 'smtp':
      return createSmtpMailer(config);
  }
}

function toNodemailer(mail: OutgoingMail): nodemailer.SendMailOptions {
  return {
    messageId: mail.messageId,
    date: mail.date,
    from: mail.from,
    to: [...mail.to],
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    priority: mail.priority,
    headers: { ...mail.headers },
  };
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EAGAIN',
  'EBUSY',
  'EMFILE',
  'ENFILE',
]);

/** Network trouble, SMTP 4xx replies and exhausted file handles may pass; anything else will not. */
function isTransient(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

function deliveryError(where: string, error: unknown): DeliveryError {
  const detail = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`${where}: ${detail}`, { retriable: isTransient(error), cause: error });
}

/** A file name stem from a label: no path separators, no characters that trouble any file system. */
export function outboxFileStem(label: string): string {
  const stem = label
    .replace(/:/g, '-')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(0, 150);
  return stem === '' ? 'mail' : stem;
}

/** Writes `<stem>-<n>.eml` with the lowest free n, never overwriting an earlier mail. */
async function writeNewFile(dir: string, stem: string, content: Buffer): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}-${n}.eml`);
    try {
      await writeFile(path, content, { flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function createOutboxMailer(dir: string): Mailer {
  // nodemailer builds the MIME message (multipart/alternative, encodings, headers); we only store it.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        await mkdir(dir, { recursive: true });
        const path = await writeNewFile(dir, outboxFileStem(mail.label), info.message as Buffer);
        return { messageId: info.messageId, destination: path };
      } catch (error) {
        throw deliveryError(`outbox ${dir}`, error);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function createSmtpMailer(config: Extract<TransportConfig, { kind: 'smtp' }>): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth === undefined ? {} : { auth: { user: config.auth.user, pass: config.auth.pass } }),
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(toNodemailer(mail));
        return { messageId: info.messageId, destination: `smtp ${config.host}:${config.port}: ${info.response}` };
      } catch (error) {
        throw deliveryError(`smtp ${config.host}:${config.port}`, error);
      }
    },
    async close() {
      transport.close();
    },
  };
}
