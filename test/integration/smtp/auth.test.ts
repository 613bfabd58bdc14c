import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeTransport } from '../../../src/alerting/transport-config.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { anomaly, smtpAlertSink } from './alert-sink-fixture.js';

const USER = 'alerts@example.com';
const PASSWORD = 'correct-horse-battery-staple';
const WRONG = 'hunter2-wrong-password';

describe('SMTP authentication', () => {
  let server: TestSmtpServer;
  beforeEach(async () => {
    server = await startSmtpServer({ auth: { user: USER, pass: PASSWORD } });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('sends with the user and password from the environment', async () => {
    const { sink } = await smtpAlertSink(server, { env: { RISKWATCH_SMTP_USER: USER, RISKWATCH_SMTP_PASSWORD: PASSWORD } });
    await sink.write([anomaly()]);
    await sink.close();
    expect(await server.waitForMessages(1)).toHaveLength(1);
    expect(server.authFailures).toBe(0);
    expect(describeTransport(sink.transport)).toBe(`smtp ${USER}@127.0.0.1:${server.port} (STARTTLS if offered)`);
  });

  it('reads the password from RISKWATCH_SMTP_PASSWORD_FILE', async () => {
    const secretFile = join(await mkdtemp(join(tmpdir(), 'riskwatch-secret-')), 'smtp-password');
    await writeFile(secretFile, `${PASSWORD}\n`);
    const { sink } = await smtpAlertSink(server, { env: { RISKWATCH_SMTP_USER: USER, RISKWATCH_SMTP_PASSWORD_FILE: secretFile } });
    await sink.write([anomaly()]);
    await sink.close();
    expect(await server.waitForMessages(1)).toHaveLength(1);
  });

  it('fails a wrong password at once, with a clear error that does not contain the password', async () => {
    const { sink, errors, failedAlertsPath } = await smtpAlertSink(server, {
      env: { RISKWATCH_SMTP_USER: USER, RISKWATCH_SMTP_PASSWORD: WRONG },
    });
    await sink.write([anomaly()]);
    await sink.close();

    expect(server.messages).toEqual([]);
    expect(server.authFailures).toBe(1);
    expect(sink.stats).toMatchObject({ failed: 1, retries: 0 });
    const [failure] = errors;
    expect(failure?.error.retriable).toBe(false);
    expect(failure?.error.message).toMatch(/authentication credentials invalid/i);
    expect(failure?.error.message).toContain(`user "${USER}"; check RISKWATCH_SMTP_USER and RISKWATCH_SMTP_PASSWORD`);

    const everything = [
      failure?.error.message,
      inspect(failure?.error, { depth: 10 }),
      JSON.stringify(failure?.error),
      inspect(sink.transport, { depth: 10 }),
      JSON.stringify(sink.transport),
      await readFile(failedAlertsPath, 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(WRONG);
    expect(everything).not.toContain(Buffer.from(`\0${USER}\0${WRONG}`).toString('base64'));
  });
});
