import { afterEach, describe, expect, it } from 'vitest';
import { readFailedAlerts } from '../../unit/alerting/fakes.js';
import { anomaly } from '../../unit/alerting/events.js';
import { failFirst, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { smtpAlertSink } from './alert-sink-fixture.js';

describe('alert delivery when the SMTP server fails', () => {
  let server: TestSmtpServer | undefined;
  afterEach(async () => {
    await server?.stop();
  });

  it('retries a 451 and delivers the alert exactly once', async () => {
    server = await startSmtpServer({ reject: failFirst(2, 451) });
    const { sink, errors, failedAlertsPath } = await smtpAlertSink(server);
    await sink.write([anomaly()]);
    await sink.close();

    expect(server.transfers).toBe(3);
    expect(await server.waitForMessages(1)).toHaveLength(1);
    expect(sink.stats).toMatchObject({ sent: 1, mails: 1, retries: 2, failed: 0 });
    expect(errors).toEqual([]);
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([]);
  });

  it('delivers once the server is back after being down', async () => {
    server = await startSmtpServer();
    await server.pause();
    const { sink } = await smtpAlertSink(server);
    const writing = sink.write([anomaly()]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sink.stats.retries).toBeGreaterThan(0);
    await server.resume();
    await writing;
    await sink.close();

    expect(await server.waitForMessages(1)).toHaveLength(1);
    expect(sink.stats).toMatchObject({ sent: 1, failed: 0 });
  });

  it('does not retry a permanent 550, and keeps the alert in the failed-alerts file with the reason', async () => {
    server = await startSmtpServer({ reject: () => ({ code: 550, message: 'Mailbox unavailable' }) });
    const { sink, errors, failedAlertsPath } = await smtpAlertSink(server);
    const event = anomaly({ symbol: 'MSFT' });
    await sink.write([event]);
    await sink.close();

    expect(server.transfers).toBe(1);
    expect(server.messages).toEqual([]);
    expect(sink.stats).toMatchObject({ events: 1, sent: 0, failed: 1, retries: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({ code: 'alert_delivery_failed', retriable: false });
    expect(errors[0]?.error.message).toMatch(new RegExp(`^smtp 127\\.0\\.0\\.1:${server.port}: .*550 Mailbox unavailable`));

    const records = await readFailedAlerts(failedAlertsPath);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      attempts: 1,
      to: ['risk-desk@example.com', 'surveillance@example.com'],
      error: { retriable: false },
      alerts: [{ rule: 'desk', severity: 'warning', event }],
    });
    expect(records[0]?.error.message).toContain('550 Mailbox unavailable');
    expect(records[0]?.subject).toBe('[riskwatch WARNING] MSFT return-zscore: return z-score 4.2 above 3.0');
  });

  it('gives up after the last attempt and records the alert', async () => {
    server = await startSmtpServer({ reject: failFirst(100, 451) });
    const { sink, failedAlertsPath } = await smtpAlertSink(server, {
      retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 10, factor: 1, jitter: 0 },
    });
    await sink.write([anomaly()]);
    await sink.close();

    expect(server.transfers).toBe(3);
    const [record] = await readFailedAlerts(failedAlertsPath);
    expect(record).toMatchObject({ attempts: 3, error: { retriable: true } });
    expect(record?.error.message).toMatch(/451 Requested action aborted: try again later \(gave up after 3 attempts\)$/);
  });
});
