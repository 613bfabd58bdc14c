import * as z from 'zod';
import type { Secret } from './secret.js';

// Two shapes: what the config file may say (SMTP fields optional, because the environment may
// fill them, see resolve-transport.ts) and the complete transport a mailer is built from.

const port = z.int().min(1).max(65_535);
const timeoutMs = z.int().min(1).max(600_000);

const outboxConfigSchema = z.strictObject({
  kind: z.literal('outbox'),
  /** Each mail becomes an RFC 822 `.eml` file in `dir`, for a person to open. */
  dir: z.string().min(1).default('outbox'),
});

const smtpConfigSchema = z.strictObject({
  kind: z.literal('smtp'),
  host: z.string().min(1).optional(),
  /** Default 465 when `secure`, else 587. */
  port: port.optional(),
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().optional(),
  /** Refuse to send unless the server upgrades to TLS with STARTTLS. */
  requireTLS: z.boolean().optional(),
  /** Better given as RISKWATCH_SMTP_USER and RISKWATCH_SMTP_PASSWORD(_FILE) than in a file. */
  auth: z.strictObject({ user: z.string().min(1).optional(), pass: z.string().min(1).optional() }).optional(),
  /** `rejectUnauthorized: false` accepts self-signed certificates (test relays only). */
  tls: z.strictObject({ rejectUnauthorized: z.boolean().optional() }).optional(),
  connectionTimeoutMs: timeoutMs.optional(),
  greetingTimeoutMs: timeoutMs.optional(),
  socketTimeoutMs: timeoutMs.optional(),
});

/** `alerts.transport` as written in the config; RISKWATCH_SMTP_* variables may fill or override it. */
export const transportConfigSchema = z.discriminatedUnion('kind', [outboxConfigSchema, smtpConfigSchema]);

export type TransportConfig = z.output<typeof transportConfigSchema>;
export type SmtpConfig = z.output<typeof smtpConfigSchema>;

export interface OutboxTransport {
  readonly kind: 'outbox';
  readonly dir: string;
}

export interface SmtpTransport {
  readonly kind: 'smtp';
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly requireTLS: boolean;
  readonly auth?: { readonly user: string; readonly pass: Secret };
  readonly tls: { readonly rejectUnauthorized: boolean };
  readonly connectionTimeoutMs: number;
  readonly greetingTimeoutMs: number;
  readonly socketTimeoutMs: number;
}

/** A complete, validated transport: what `createMailer` takes. */
export type MailTransport = OutboxTransport | SmtpTransport;

/**
 * Short enough that one stuck attempt does not eat the retry budget (nodemailer's own defaults
 * are minutes).
 */
export const SMTP_TIMEOUT_DEFAULTS = {
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  socketTimeoutMs: 30_000,
} as const;

/** For logs and reports: never shows the password. */
export function describeTransport(transport: MailTransport): string {
  if (transport.kind === 'outbox') return `outbox ${transport.dir}`;
  const user = transport.auth === undefined ? '' : `${transport.auth.user}@`;
  const tls = transport.secure ? 'TLS' : transport.requireTLS ? 'STARTTLS required' : 'STARTTLS if offered';
  return `smtp ${user}${transport.host}:${transport.port} (${tls})`;
}
