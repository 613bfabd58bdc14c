import { afterEach, describe, expect, it } from 'vitest';
import { notificationMessageId } from '../../../src/alerting/render/notification-mail.js';
import { failFirst, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import { readFailedAlerts } from '../../unit/alerting/fakes.js';
import { anomaly, smtpAlertSink } from './alert-sink-fixture.js';

describe('alert delivery when the SMTP server fails', () => {
  let server: TestSmtpServer | undefined;
  afterEach(async () => {
    await server?.stop();
  });

  it('retries a 451 and delivers the notification exactly once, under one Message-ID', async () => {
    server = await startSmtpServer({ reject: failFirst(3, 451) });
    const { sink, notifications, errors, failedAlertsPath } = await smtpAlertSink(server);
    await sink.write([anomaly()]);
    await sink.close();

    expect(notifications).toHaveLength(1);
    const messageId = notificationMessageId(notifications[0]!);
    expect(server.transfers).toBe(4);
    expect(server.transferMessageIds).toEqual([messageId, messageId, messageId, messageId]);
    expect(server.messages.map((mail) => mail.messageId)).toEqual([messageId]);
    expect(sink.stats).toMatchObject({ notifications: 1, mails: 1, retries: 3, failed: 0 });
    expect(errors).toEqual([]);
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([]);
  });

  it('delivers once the server is back after being down', async () => {
    server = await startSmtpServer();
    await server.pause();
    const { sink, retries } = await smtpAlertSink(server);
    await sink.write([anomaly()]);
    // Closing sends what the group wait still holds; the connection is refused until resume.
    const closing = sink.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(retries.length).toBeGreaterThan(0);
    await server.resume();
    await closing;

    expect(await server.waitForMessages(1)).toHaveLength(1);
    expect(server.transfers).toBe(1);
    expect(sink.stats).toMatchObject({ mails: 1, failed: 0, retries: retries.length });
  });

  it('does not retry a permanent 550, and keeps the notification in the failed-alerts file with the reason', async () => {
    server = await startSmtpServer({ reject: () => ({ code: 550, message: 'Mailbox unavailable' }) });
    const { sink, notifications, errors, failedAlertsPath } = await smtpAlertSink(server);
    const event = anomaly({ symbol: 'MSFT', reason: 'MSFT return -1.51% is 4.2σ from its 300-tick mean', observed: -0.0151 });
    await sink.write([event]);
    await sink.close();

    expect(server.transfers).toBe(1);
    expect(server.messages).toEqual([]);
    expect(sink.stats).toMatchObject({ events: 1, notifications: 1, mails: 0, failed: 1, retries: 0 });
    const [notification] = notifications;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.notification).toBe(notification);
    expect(errors[0]?.error).toMatchObject({ code: 'alert_delivery_failed', retriable: false });
    expect(errors[0]?.error.message).toMatch(new RegExp(`^smtp 127\\.0\\.0\\.1:${server.port}: .*550 Mailbox unavailable`));

    const records = await readFailedAlerts(failedAlertsPath);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      attempts: 1,
      to: ['risk-desk@example.com', 'surveillance@example.com'],
      error: { code: 'alert_delivery_failed', retriable: false },
      messageId: notificationMessageId(notification!),
      subject: '[riskwatch WARNING] MSFT price drop: return-zscore 4.2σ',
      notification: { id: notification!.id, reason: 'new', route: 'desk', receiver: 'risk-desk', at: notification!.at },
      alerts: [{ key: 'MSFT|return-zscore', level: 'warning', status: 'firing', event }],
    });
    expect(records[0]?.error.message).toContain('550 Mailbox unavailable');
  });

  it('gives up after the last attempt and records the notification', async () => {
    server = await startSmtpServer({ reject: failFirst(100, 451) });
    const { sink, failedAlertsPath } = await smtpAlertSink(server, {
      retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 10, factor: 1, jitter: 0 },
    });
    await sink.write([anomaly()]);
    await sink.close();

    expect(server.transfers).toBe(3);
    expect(sink.stats).toMatchObject({ mails: 0, failed: 1, retries: 2 });
    const [record] = await readFailedAlerts(failedAlertsPath);
    expect(record).toMatchObject({ attempts: 3, error: { retriable: true } });
    expect(record?.error.message).toMatch(/451 Requested action aborted: try again later \(gave up after 3 attempts\)$/);
  });
});
