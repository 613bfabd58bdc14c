import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { validateConfig } from '../config/validate-config.js';
import { ConfigError } from '../core/errors.js';
import { Secret } from './secret.js';
import { type MailTransport, SMTP_TIMEOUT_DEFAULTS, type SmtpConfig, type TransportConfig } from './transport-config.js';

/** Environment variables that fill or override `alerts.transport` (the environment wins). */
export const SMTP_ENV = {
  host: 'RISKWATCH_SMTP_HOST',
  port: 'RISKWATCH_SMTP_PORT',
  secure: 'RISKWATCH_SMTP_SECURE',
  user: 'RISKWATCH_SMTP_USER',
  password: 'RISKWATCH_SMTP_PASSWORD',
  /** A file holding the password (Docker/Kubernetes secrets); one trailing newline is ignored. */
  passwordFile: 'RISKWATCH_SMTP_PASSWORD_FILE',
} as const;

export type Environment = Readonly<Record<string, string | undefined>>;
export type ReadSecretFile = (path: string) => string;

/** `VAR=` (empty) counts as unset, as in shells and compose files. */
const optionalVar = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const gotValue = (issue: { readonly input?: unknown }): string => `got ${JSON.stringify(issue.input)}`;

const portText = z
  .string()
  .regex(/^\d{1,5}$/, { error: (issue) => `expected a port number 1..65535, ${gotValue(issue)}` })
  .transform(Number)
  .pipe(z.int().min(1).max(65_535, { error: (issue) => `expected a port number 1..65535, ${gotValue(issue)}` }));

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { true: true, false: false, 1: true, 0: false, yes: true, no: false };
const booleanText = z.string().transform((text, ctx) => {
  const value = BOOLEAN_WORDS[text.trim().toLowerCase()];
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected true or false, ${gotValue({ input: text })}` });
    return z.NEVER;
  }
  return value;
});

// Password variables are only checked for presence, so no message can ever quote them.
const smtpEnvSchema = z.object({
  [SMTP_ENV.host]: optionalVar(z.string().regex(/^\S+$/, { error: (issue) => `expected a host name, ${gotValue(issue)}` })),
  [SMTP_ENV.port]: optionalVar(portText),
  [SMTP_ENV.secure]: optionalVar(booleanText),
  [SMTP_ENV.user]: optionalVar(z.string()),
  [SMTP_ENV.password]: optionalVar(z.string()),
  [SMTP_ENV.passwordFile]: optionalVar(z.string()),
});

type SmtpEnv = z.output<typeof smtpEnvSchema>;

function readPasswordFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

function passwordFromEnv(vars: SmtpEnv, readSecretFile: ReadSecretFile, problems: string[]): string | undefined {
  const direct = vars[SMTP_ENV.password];
  const path = vars[SMTP_ENV.passwordFile];
  if (path === undefined) return direct;
  if (direct !== undefined) {
    problems.push(`environment: set ${SMTP_ENV.password} or ${SMTP_ENV.passwordFile}, not both`);
    return undefined;
  }
  let secret: string;
  try {
    secret = readSecretFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`environment: ${SMTP_ENV.passwordFile}: cannot read ${path} (${reason})`);
    return undefined;
  }
  if (secret === '') problems.push(`environment: ${SMTP_ENV.passwordFile}: ${path} is empty`);
  return secret === '' ? undefined : secret;
}

function setSmtpVars(vars: SmtpEnv): string[] {
  return Object.values(SMTP_ENV).filter((name) => vars[name] !== undefined);
}

/**
 * The transport to send alerts with: `config` (`alerts.transport`, already validated) filled and
 * overridden by the RISKWATCH_SMTP_* variables in `env`. Setting RISKWATCH_SMTP_HOST switches an
 * outbox config to SMTP, so a deployment can turn on e-mail without editing files.
 * Throws a ConfigError naming every problem; the password never appears in it.
 */
export function resolveTransportConfig(
  config: TransportConfig | undefined,
  env: Environment,
  readSecretFile: ReadSecretFile = readPasswordFile,
): MailTransport {
  const vars = validateConfig(env, 'environment', smtpEnvSchema);
  const configured = config ?? { kind: 'outbox', dir: 'outbox' };
  if (configured.kind === 'outbox' && vars[SMTP_ENV.host] === undefined) {
    const stray = setSmtpVars(vars);
    if (stray.length > 0) {
      throw new ConfigError(
        `environment: ${stray.join(', ')} set, but alerts.transport is the outbox: ` +
          `also set ${SMTP_ENV.host} (or alerts.transport.kind: smtp with a host) to send over SMTP, or unset them`,
      );
    }
    return { kind: 'outbox', dir: configured.dir };
  }
  const smtp: SmtpConfig = configured.kind === 'smtp' ? configured : { kind: 'smtp' };
  const problems: string[] = [];
  const host = vars[SMTP_ENV.host] ?? smtp.host;
  if (host === undefined) problems.push(`alerts.transport.host: missing: set it in the config or ${SMTP_ENV.host}`);
  const secure = vars[SMTP_ENV.secure] ?? smtp.secure ?? false;
  const user = vars[SMTP_ENV.user] ?? smtp.auth?.user;
  const pass = passwordFromEnv(vars, readSecretFile, problems) ?? smtp.auth?.pass;
  if (user !== undefined && pass === undefined && problems.length === 0) {
    problems.push(
      `alerts.transport.auth: user "${user}" has no password: set ${SMTP_ENV.password} or ${SMTP_ENV.passwordFile}`,
    );
  }
  if (user === undefined && pass !== undefined) {
    problems.push(`alerts.transport.auth: a password is set but no user: set ${SMTP_ENV.user} or alerts.transport.auth.user`);
  }
  if (problems.length > 0 || host === undefined) throw new ConfigError(problems.join('\n'));
  return {
    kind: 'smtp',
    host,
    port: vars[SMTP_ENV.port] ?? smtp.port ?? (secure ? 465 : 587),
    secure,
    requireTLS: smtp.requireTLS ?? false,
    ...(user !== undefined && pass !== undefined ? { auth: { user, pass: new Secret(pass) } } : {}),
    tls: { rejectUnauthorized: smtp.tls?.rejectUnauthorized ?? true },
    connectionTimeoutMs: smtp.connectionTimeoutMs ?? SMTP_TIMEOUT_DEFAULTS.connectionTimeoutMs,
    greetingTimeoutMs: smtp.greetingTimeoutMs ?? SMTP_TIMEOUT_DEFAULTS.greetingTimeoutMs,
    socketTimeoutMs: smtp.socketTimeoutMs ?? SMTP_TIMEOUT_DEFAULTS.socketTimeoutMs,
  };
}
