import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ALERT_RETRY, alertRetrySchema } from '../../../src/alerting/alert-retry.js';
import { type AlertSinkOptions, createAlertSink } from '../../../src/alerting/alert-sink.js';
import { DeliveryError } from '../../../src/alerting/delivery-error.js';
import type { Notification } from '../../../src/alerting/model/notification.js';
import type { OutgoingMail } from '../../../src/alerting/outgoing-mail.js';
import { ManualClock } from '../../../src/core/clock.js';
import { retry, type RetryPolicy } from '../../../src/core/retry.js';
import { engineFrom } from './engine/harness.js';
import { anomaly, T0 } from './events.js';
import { busy, manualTimers, readFailedAlerts, recordingMailer, recordingSleep, rejected, tempFile } from './fakes.js';

// No group wait: a write's events are due at once, so each test is one write.
const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
route:
  receiver: desk
  groupBy: [symbol]
  groupWait: 0s
`;
const POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 300, factor: 2, jitter: 0 };
const WALL = T0 + 90_000;
const AAPL_ID = `default{symbol="AAPL"}|${T0}|1`;

function compose(n: Notification, date: Date): OutgoingMail {
  return {
    messageId: `<${n.id}@test>`,
    date,
    from: 'riskwatch@example.com',
    to: n.to,
    subject: `${n.reason}: ${n.alerts.map((a) => a.key).join(' ')}`,
    text: '',
    html: '',
    priority: 'normal',
    headers: {},
    label: n.id,
  };
}

describe('alert sink retries', () => {
  let failedAlertsPath: string;
  beforeEach(async () => {
    failedAlertsPath = await tempFile('failed-alerts.jsonl');
  });

  function sinkWith(mailer: AlertSinkOptions['mailer'], extra: Partial<AlertSinkOptions> = {}) {
    const errors: { error: DeliveryError; notification: Notification }[] = [];
    const retries: [attempt: number, delayMs: number, notification: string][] = [];
    const { waits, sleep } = recordingSleep();
    const sink = createAlertSink({
      engine: engineFrom(RULES),
      compose,
      mailer,
      failedAlertsPath,
      retry: POLICY,
      sleep,
      clock: new ManualClock(WALL),
      engineClock: new ManualClock(T0),
      setTimer: manualTimers().setTimer,
      onError: (error, notification) => errors.push({ error, notification }),
      onRetry: (_error, attempt, delayMs, notification) => retries.push([attempt, delayMs, notification.id]),
      ...extra,
    });
    return { sink, errors, retries, waits };
  }

  it('retries a transient failure (4xx, network) with backoff until it goes through', async () => {
    const { mailer, sent, attempts } = recordingMailer((_mail, attempt) => (attempt <= 2 ? busy() : undefined));
    const { sink, errors, retries, waits } = sinkWith(mailer);
    await sink.write([anomaly()]);

    expect(attempts()).toBe(3);
    expect(sent.map((mail) => mail.subject)).toEqual(['new: AAPL|return-zscore']);
    expect(waits).toEqual([100, 200]);
    expect(retries).toEqual([
      [1, 100, AAPL_ID],
      [2, 200, AAPL_ID],
    ]);
    expect(errors).toEqual([]);
    expect(sink.stats).toMatchObject({ notifications: 1, mails: 1, retries: 2, failed: 0 });
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([]);
  });

  it('records a permanent failure (5xx) at once in the failed-alerts file and reports it', async () => {
    const { mailer, attempts } = recordingMailer(() => rejected());
    const { sink, errors, waits } = sinkWith(mailer);
    const event = anomaly({ severity: 'critical' });
    await sink.write([event]);

    expect(attempts()).toBe(1);
    expect(waits).toEqual([]);
    expect(errors.map(({ error, notification }) => [error.message, error.retriable, notification.id])).toEqual([
      ['smtp relay: 550 mailbox unavailable', false, AAPL_ID],
    ]);
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([
      {
        failedAt: new Date(WALL).toISOString(),
        error: { code: 'alert_delivery_failed', message: 'smtp relay: 550 mailbox unavailable', retriable: false },
        attempts: 1,
        to: ['desk@example.com'],
        messageId: `<${AAPL_ID}@test>`,
        subject: 'new: AAPL|return-zscore',
        notification: { id: AAPL_ID, reason: 'new', route: 'default', receiver: 'desk', at: T0 },
        alerts: [{ key: 'AAPL|return-zscore', level: 'critical', status: 'firing', event }],
      },
    ]);
    expect(sink.stats).toMatchObject({ notifications: 1, mails: 0, failed: 1, retries: 0 });
  });

  it('records a send that still fails after the last attempt, with the attempts', async () => {
    const { mailer, attempts } = recordingMailer(() => busy());
    const { sink, errors, waits } = sinkWith(mailer);
    await sink.write([anomaly()]);

    expect(attempts()).toBe(4);
    expect(waits).toEqual([100, 200, 300]);
    expect(errors.map(({ error }) => [error.message, error.retriable])).toEqual([['smtp relay: 451 try later (gave up after 4 attempts)', true]]);
    expect(await readFailedAlerts(failedAlertsPath)).toMatchObject([
      {
        error: { code: 'alert_delivery_failed', message: 'smtp relay: 451 try later (gave up after 4 attempts)', retriable: true },
        attempts: 4,
        notification: { id: AAPL_ID, route: 'default', receiver: 'desk' },
        alerts: [{ key: 'AAPL|return-zscore' }],
      },
    ]);
    expect(sink.stats).toMatchObject({ events: 1, notifications: 1, mails: 0, failed: 1, retries: 3 });
  });

  it('does not retry an error that is not a DeliveryError (a bug, not the network)', async () => {
    const { mailer, attempts } = recordingMailer(() => new TypeError('bug') as unknown as DeliveryError);
    const { sink, errors } = sinkWith(mailer);
    await sink.write([anomaly()]);
    expect(attempts()).toBe(1);
    expect(errors[0]?.error).toBeInstanceOf(DeliveryError);
    expect(errors.map(({ error }) => [error.message, error.retriable])).toEqual([['sending alert: bug', false]]);
    expect(sink.stats).toMatchObject({ mails: 0, failed: 1, retries: 0 });
  });

  it('records a notification that cannot be rendered, without a message id', async () => {
    const { mailer, attempts } = recordingMailer();
    const { sink, errors } = sinkWith(mailer, {
      compose: () => {
        throw new Error('boom');
      },
    });
    await sink.write([anomaly()]);
    expect(attempts()).toBe(0);
    expect(errors.map(({ error }) => [error.message, error.retriable])).toEqual([['rendering alert: boom', false]]);
    const [record, ...more] = await readFailedAlerts(failedAlertsPath);
    expect(more).toEqual([]);
    expect(record).toMatchObject({ attempts: 0, error: { code: 'alert_delivery_failed', message: 'rendering alert: boom' }, notification: { id: AAPL_ID } });
    expect(record).not.toHaveProperty('messageId');
    expect(record).not.toHaveProperty('subject');
    expect(sink.stats).toMatchObject({ mails: 0, failed: 1 });
  });

  it('keeps sending the other notifications of a write when one fails', async () => {
    const { mailer, sent } = recordingMailer((mail) => (mail.subject.includes('MSFT') ? rejected() : undefined));
    const { sink, errors } = sinkWith(mailer);
    await sink.write([anomaly({ symbol: 'MSFT' }), anomaly({ symbol: 'AAPL' })]);
    expect(sent.map((mail) => mail.subject)).toEqual(['new: AAPL|return-zscore']);
    expect(errors.map(({ notification }) => notification.id)).toEqual([`default{symbol="MSFT"}|${T0}|2`]);
    expect(sink.stats).toMatchObject({ events: 2, notifications: 2, mails: 1, failed: 1, retries: 0 });
  });

  it('sends the notifications of one write concurrently, so a burst waits once, not once per e-mail', async () => {
    let inFlight = 0;
    let most = 0;
    const { mailer, sent } = recordingMailer();
    const slow: AlertSinkOptions['mailer'] = {
      async send(mail) {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return mailer.send(mail);
      },
      close: () => mailer.close(),
    };
    const { sink } = sinkWith(slow);
    await sink.write(['A', 'B', 'C'].map((symbol) => anomaly({ symbol })));
    expect(sent).toHaveLength(3);
    expect(most).toBe(3);
  });

  it('reports both problems when the failed-alerts file cannot be written', async () => {
    await writeFile(failedAlertsPath, 'a file, not a folder');
    failedAlertsPath = join(failedAlertsPath, 'under-a-file.jsonl');
    const { mailer } = recordingMailer(() => rejected());
    const { sink, errors } = sinkWith(mailer);
    await sink.write([anomaly()]);
    expect(sink.stats.failed).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.message).toMatch(/^smtp relay: 550 mailbox unavailable; and it could not be recorded in .*under-a-file\.jsonl: (ENOTDIR|EEXIST)/);
  });
});

describe('alert retry policy', () => {
  it('makes 6 attempts over about 31 s of waits by default', async () => {
    const { waits, sleep } = recordingSleep();
    await expect(retry(() => Promise.reject(busy()), ALERT_RETRY, { sleep, random: () => 0.5 })).rejects.toThrow();
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('is configurable, with the defaults for what is left out', () => {
    expect(alertRetrySchema.parse({})).toEqual(ALERT_RETRY);
    expect(alertRetrySchema.parse({ attempts: 3, initialDelayMs: 50 })).toEqual({ ...ALERT_RETRY, attempts: 3, initialDelayMs: 50 });
    expect(alertRetrySchema.safeParse({ attempts: 0 }).success).toBe(false);
    expect(alertRetrySchema.safeParse({ jitter: 2 }).success).toBe(false);
    expect(alertRetrySchema.safeParse({ initialDelayMs: 5_000, maxDelayMs: 1_000 }).error?.issues[0]).toMatchObject({
      path: ['maxDelayMs'],
      message: 'maxDelayMs must be at least initialDelayMs',
    });
  });
});
