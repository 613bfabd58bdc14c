import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_RETRY, alertRetrySchema } from '../../../src/alerting/alert-retry.js';
import { type AlertSinkOptions, createAlertSink } from '../../../src/alerting/alert-sink.js';
import type { Alert } from '../../../src/alerting/decide.js';
import { DeliveryError } from '../../../src/alerting/delivery-error.js';
import { type AlertRules, parseAlertRules } from '../../../src/alerting/rules.js';
import { type AlertTemplates, loadAlertTemplates } from '../../../src/alerting/render.js';
import { ManualClock } from '../../../src/core/clock.js';
import { retry, type RetryPolicy } from '../../../src/core/retry.js';
import { anomaly, T0 } from './events.js';
import { busy, readFailedAlerts, recordingMailer, recordingSleep, rejected, tempFile } from './fakes.js';

const RULES: AlertRules = parseAlertRules('cooldown: 0s\nrules: [{ name: desk, match: {}, to: [desk@example.com] }]', 'rules.yaml');
const POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 300, factor: 2, jitter: 0 };

describe('alert sink retries', () => {
  let templates: AlertTemplates;
  let failedAlertsPath: string;
  beforeAll(async () => {
    templates = await loadAlertTemplates('alerts/templates');
  });
  beforeEach(async () => {
    failedAlertsPath = await tempFile('failed-alerts.jsonl');
  });

  function sinkWith(mailer: AlertSinkOptions['mailer'], extra: Partial<AlertSinkOptions> = {}) {
    const errors: Array<{ error: DeliveryError; alerts: readonly Alert[] }> = [];
    const retries: Array<[attempt: number, delayMs: number]> = [];
    const { waits, sleep } = recordingSleep();
    const sink = createAlertSink({
      rules: RULES,
      templates,
      mailer,
      failedAlertsPath,
      retry: POLICY,
      sleep,
      clock: new ManualClock(T0),
      onError: (error, _alert, alerts) => errors.push({ error, alerts }),
      onRetry: (_error, attempt, delayMs) => retries.push([attempt, delayMs]),
      ...extra,
    });
    return { sink, errors, retries, waits };
  }

  it('retries a transient failure (4xx, network) with backoff until it goes through', async () => {
    const { mailer, sent } = recordingMailer((_mail, attempt) => (attempt <= 2 ? busy() : undefined));
    const { sink, errors, retries, waits } = sinkWith(mailer);
    await sink.write([anomaly()]);

    expect(sent).toHaveLength(1);
    expect(waits).toEqual([100, 200]);
    expect(retries).toEqual([
      [1, 100],
      [2, 200],
    ]);
    expect(errors).toEqual([]);
    expect(sink.stats).toMatchObject({ sent: 1, mails: 1, retries: 2, failed: 0 });
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([]);
  });

  it('fails a permanent failure (5xx) at once', async () => {
    const { mailer, attempts } = recordingMailer(() => rejected());
    const { sink, errors, waits } = sinkWith(mailer);
    await sink.write([anomaly()]);

    expect(attempts()).toBe(1);
    expect(waits).toEqual([]);
    expect(errors.map(({ error }) => error.message)).toEqual(['smtp relay: 550 mailbox unavailable']);
    expect(sink.stats).toMatchObject({ sent: 0, failed: 1, retries: 0 });
  });

  it('does not retry an error that is not a DeliveryError (a bug, not the network)', async () => {
    const { mailer, attempts } = recordingMailer(() => new TypeError('bug') as unknown as DeliveryError);
    const { sink, errors } = sinkWith(mailer);
    await sink.write([anomaly()]);
    expect(attempts()).toBe(1);
    expect(errors[0]?.error).toBeInstanceOf(DeliveryError);
    expect(errors[0]?.error.message).toBe('sending alert: bug');
    expect(sink.stats.failed).toBe(1);
  });

  it('records an alert that still fails after the last attempt, with the reason', async () => {
    const { mailer, attempts } = recordingMailer(() => busy());
    const { sink, errors, waits } = sinkWith(mailer, { clock: new ManualClock(T0 + 90_000) });
    const event = anomaly({ reason: 'spike' });
    await sink.write([event]);

    expect(attempts()).toBe(4);
    expect(waits).toEqual([100, 200, 300]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({ retriable: true, message: 'smtp relay: 451 try later (gave up after 4 attempts)' });
    expect(await readFailedAlerts(failedAlertsPath)).toEqual([
      {
        failedAt: new Date(T0 + 90_000).toISOString(),
        error: { code: 'alert_delivery_failed', message: 'smtp relay: 451 try later (gave up after 4 attempts)', retriable: true },
        attempts: 4,
        to: ['desk@example.com'],
        messageId: expect.stringMatching(/^<[0-9a-f]{40}@riskwatch>$/),
        subject: '[riskwatch WARNING] AAPL return-zscore: spike',
        alerts: [{ rule: 'desk', severity: 'warning', event }],
      },
    ]);
    expect(sink.stats).toMatchObject({ events: 1, sent: 0, failed: 1, retries: 3 });
  });

  it('sends the alerts of one batch concurrently, so a burst waits once, not once per alert', async () => {
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
    expect(errors[0]?.error.message).toMatch(
      /^smtp relay: 550 mailbox unavailable; and it could not be recorded in .*under-a-file\.jsonl: (ENOTDIR|EEXIST)/,
    );
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
