import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Environment, resolveTransportConfig } from '../../../src/alerting/resolve-transport.js';
import { type SmtpTransport, describeTransport, transportConfigSchema } from '../../../src/alerting/transport-config.js';
import { ConfigError } from '../../../src/core/errors.js';

const PASSWORD = 's3cr3t-Pa55word';

const files: Readonly<Record<string, string>> = { '/run/secrets/smtp': `${PASSWORD}\n`, '/run/secrets/empty': '\n' };
function readSecretFile(path: string): string {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
  return text.replace(/\r?\n$/, '');
}

const resolve = (config: unknown, env: Environment = {}) => resolveTransportConfig(transportConfigSchema.parse(config), env, readSecretFile);

function problems(config: unknown, env: Environment = {}): string {
  try {
    resolve(config, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the transport to be rejected');
}

describe('resolveTransportConfig', () => {
  it('keeps the outbox when nothing asks for SMTP', () => {
    expect(resolveTransportConfig(undefined, {})).toEqual({ kind: 'outbox', dir: 'outbox' });
    expect(resolve({ kind: 'outbox', dir: 'mail' }, { PATH: '/usr/bin', RISKWATCH_SMTP_HOST: '' })).toEqual({ kind: 'outbox', dir: 'mail' });
  });

  it('completes an SMTP config with defaults', () => {
    expect(resolve({ kind: 'smtp', host: 'smtp.example.com' })).toEqual({
      kind: 'smtp',
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      requireTLS: false,
      tls: { rejectUnauthorized: true },
      connectionTimeoutMs: 10_000,
      greetingTimeoutMs: 10_000,
      socketTimeoutMs: 30_000,
    });
    expect(resolve({ kind: 'smtp', host: 'smtp.example.com', secure: true })).toMatchObject({ port: 465, secure: true });
  });

  it('takes every key from the config', () => {
    const transport = resolve({
      kind: 'smtp',
      host: 'relay.internal',
      port: 2525,
      requireTLS: true,
      auth: { user: 'riskwatch', pass: PASSWORD },
      tls: { rejectUnauthorized: false },
      connectionTimeoutMs: 1_000,
      greetingTimeoutMs: 2_000,
      socketTimeoutMs: 3_000,
    }) as SmtpTransport;
    expect(transport).toMatchObject({ host: 'relay.internal', port: 2525, requireTLS: true, tls: { rejectUnauthorized: false } });
    expect(transport).toMatchObject({ connectionTimeoutMs: 1_000, greetingTimeoutMs: 2_000, socketTimeoutMs: 3_000 });
    expect(transport.auth?.user).toBe('riskwatch');
    expect(transport.auth?.pass.reveal()).toBe(PASSWORD);
  });

  it('lets the environment fill and override the config', () => {
    const transport = resolve(
      { kind: 'smtp', host: 'smtp.example.com', port: 25, auth: { user: 'from-config' } },
      { RISKWATCH_SMTP_PORT: '2587', RISKWATCH_SMTP_SECURE: 'true', RISKWATCH_SMTP_USER: 'from-env', RISKWATCH_SMTP_PASSWORD: PASSWORD },
    ) as SmtpTransport;
    expect(transport).toMatchObject({ host: 'smtp.example.com', port: 2587, secure: true });
    expect(transport.auth?.user).toBe('from-env');
    expect(transport.auth?.pass.reveal()).toBe(PASSWORD);
  });

  it('switches the outbox to SMTP when RISKWATCH_SMTP_HOST is set', () => {
    expect(resolve({ kind: 'outbox' }, { RISKWATCH_SMTP_HOST: 'smtp.example.com' })).toMatchObject({ kind: 'smtp', host: 'smtp.example.com', port: 587 });
  });

  it('reads the password from RISKWATCH_SMTP_PASSWORD_FILE without its trailing newline', () => {
    const transport = resolve({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_USER: 'u', RISKWATCH_SMTP_PASSWORD_FILE: '/run/secrets/smtp' }) as SmtpTransport;
    expect(transport.auth?.pass.reveal()).toBe(PASSWORD);
  });

  it.each([
    ['yes', true],
    ['1', true],
    ['FALSE', false],
    ['0', false],
  ])('reads RISKWATCH_SMTP_SECURE=%s as %s', (text, secure) => {
    expect(resolve({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_SECURE: text })).toMatchObject({ secure });
  });

  it('names the variable and the value for a bad port or flag', () => {
    expect(problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_PORT: 'smtp' })).toBe(
      'environment: RISKWATCH_SMTP_PORT: expected a port number 1..65535, got "smtp"',
    );
    expect(problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_PORT: '70000' })).toBe(
      'environment: RISKWATCH_SMTP_PORT: expected a port number 1..65535, got 70000',
    );
    expect(problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_SECURE: 'maybe' })).toBe(
      'environment: RISKWATCH_SMTP_SECURE: expected true or false, got "maybe"',
    );
  });

  it('says where to put a missing host', () => {
    expect(problems({ kind: 'smtp' })).toBe('alerts.transport.host: missing: set it in the config or RISKWATCH_SMTP_HOST');
  });

  it('rejects SMTP variables that would be ignored by an outbox config', () => {
    expect(problems({ kind: 'outbox' }, { RISKWATCH_SMTP_USER: 'u', RISKWATCH_SMTP_PASSWORD: PASSWORD })).toBe(
      'environment: RISKWATCH_SMTP_USER, RISKWATCH_SMTP_PASSWORD set, but alerts.transport is the outbox: ' +
        'also set RISKWATCH_SMTP_HOST (or alerts.transport.kind: smtp with a host) to send over SMTP, or unset them',
    );
  });

  it('needs a user and a password together', () => {
    expect(problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_USER: 'u' })).toBe(
      'alerts.transport.auth: user "u" has no password: set RISKWATCH_SMTP_PASSWORD or RISKWATCH_SMTP_PASSWORD_FILE',
    );
    expect(problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_PASSWORD: PASSWORD })).toBe(
      'alerts.transport.auth: a password is set but no user: set RISKWATCH_SMTP_USER or alerts.transport.auth.user',
    );
  });

  it('rejects both password variables, and a missing or empty password file', () => {
    const env = { RISKWATCH_SMTP_HOST: 'h', RISKWATCH_SMTP_USER: 'u' };
    expect(problems({ kind: 'outbox' }, { ...env, RISKWATCH_SMTP_PASSWORD: PASSWORD, RISKWATCH_SMTP_PASSWORD_FILE: '/run/secrets/smtp' })).toBe(
      'environment: set RISKWATCH_SMTP_PASSWORD or RISKWATCH_SMTP_PASSWORD_FILE, not both',
    );
    expect(problems({ kind: 'outbox' }, { ...env, RISKWATCH_SMTP_PASSWORD_FILE: '/run/secrets/nope' })).toBe(
      'environment: RISKWATCH_SMTP_PASSWORD_FILE: cannot read /run/secrets/nope (ENOENT)',
    );
    expect(problems({ kind: 'outbox' }, { ...env, RISKWATCH_SMTP_PASSWORD_FILE: '/run/secrets/empty' })).toBe(
      'environment: RISKWATCH_SMTP_PASSWORD_FILE: /run/secrets/empty is empty',
    );
  });

  it('never shows the password: not in errors, logs, JSON or descriptions', () => {
    const messages = [
      problems({ kind: 'smtp' }, { RISKWATCH_SMTP_PASSWORD: PASSWORD }),
      problems({ kind: 'outbox' }, { RISKWATCH_SMTP_PASSWORD: PASSWORD }),
      problems({ kind: 'smtp', host: 'h', auth: { pass: PASSWORD } }, { RISKWATCH_SMTP_PORT: 'x' }),
      problems({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_USER: 'u', RISKWATCH_SMTP_PASSWORD: PASSWORD, RISKWATCH_SMTP_PASSWORD_FILE: '/run/secrets/smtp' }),
    ];
    const transport = resolve({ kind: 'smtp', host: 'h' }, { RISKWATCH_SMTP_USER: 'u', RISKWATCH_SMTP_PASSWORD: PASSWORD });
    const shown = [...messages, JSON.stringify(transport), inspect(transport, { depth: 10 }), `${JSON.stringify({ transport })}`, describeTransport(transport)];
    for (const text of shown) expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify(transport)).toContain('"pass":"[redacted]"');
    expect(describeTransport(transport)).toBe('smtp u@h:587 (STARTTLS if offered)');
  });
});

describe('transportConfigSchema', () => {
  it('rejects unknown keys and bad values in the config', () => {
    expect(transportConfigSchema.safeParse({ kind: 'smtp', hostname: 'h' }).success).toBe(false);
    expect(transportConfigSchema.safeParse({ kind: 'smtp', port: 0 }).success).toBe(false);
    expect(transportConfigSchema.safeParse({ kind: 'smtp', tls: { verify: false } }).success).toBe(false);
    expect(transportConfigSchema.safeParse({ kind: 'smtp', socketTimeoutMs: -1 }).success).toBe(false);
  });
});
