import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { messageIdFor } from '../../../src/alerting/alert-mail.js';
import { createAlertSink, loadAlertSink } from '../../../src/alerting/alert-sink.js';
import type { Alert } from '../../../src/alerting/decide.js';
import type { DeliveryError } from '../../../src/alerting/delivery-error.js';
import type { Mailer } from '../../../src/alerting/mailer.js';
import { loadAlertTemplates } from '../../../src/alerting/render.js';
import { loadAlertRules } from '../../../src/alerting/rules.js';
import { anomaly, MINUTE, T0 } from './events.js';
import { multipartParts, parseEml } from './eml.js';
import { busy, readFailedAlerts, recordingMailer, recordingSleep } from './fakes.js';

const failsFor = (symbol: string) => (mail: { label: string }) => (mail.label.includes(`-${symbol}-`) ? busy() : undefined);

describe('alert sink', () => {
  let outbox: string;
  let failedAlertsPath: string;
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    outbox = join(dir, 'outbox');
    failedAlertsPath = join(dir, 'failed-alerts.jsonl');
  });

  it('writes one .eml per alert into the outbox, from the shipped rules and templates', async () => {
    const sink = await loadAlertSink({
      rulesPath: 'alerts/rules.yaml',
      transport: { kind: 'outbox', dir: outbox },
      failedAlertsPath,
      clock: new ManualClock(T0 + MINUTE),
    });
    const critical = anomaly({ severity: 'critical', reason: 'return z-score 7.1 above 3.0' });
    await sink.write([
      critical,
      anomaly({ severity: 'critical', ts: T0 + MINUTE }), // same symbol+detector: cooling down
      anomaly({ severity: 'info', symbol: 'MSFT' }), // matches no rule
    ]);
    await sink.flush();
    await sink.close();

    expect(sink.stats).toEqual({ events: 3, sent: 1, suppressed: 1, unmatched: 1, failed: 0, pending: 0, mails: 1, retries: 0 });
    expect(sink.transport).toEqual({ kind: 'outbox', dir: outbox });
    expect(await readdir(outbox)).toEqual(['2024-03-01T14-30-00.000Z-AAPL-return-zscore-1.eml']);
    const eml = parseEml(await readFile(join(outbox, '2024-03-01T14-30-00.000Z-AAPL-return-zscore-1.eml'), 'utf8'));
    expect(eml.headers.get('subject')).toBe('[riskwatch CRITICAL] AAPL return-zscore: return z-score 7.1 above 3.0');
    expect(eml.headers.get('to')).toBe('risk-desk@example.com');
    expect(eml.headers.get('message-id')).toBe(messageIdFor(critical.id));
    expect(eml.headers.get('x-riskwatch-rule')).toBe('critical-anything');
    expect(eml.headers.get('x-priority')).toBe('1 (Highest)');
    expect(multipartParts(eml).map((part) => part.headers.get('content-type'))).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
  });

  it('derives a stable Message-ID from the event id', () => {
    const id = anomaly().id;
    expect(messageIdFor(id)).toMatch(/^<[0-9a-f]{40}@riskwatch>$/);
    expect(messageIdFor(id)).toBe(messageIdFor(id));
    expect(messageIdFor(id)).not.toBe(messageIdFor(anomaly({ ts: T0 + 1 }).id));
  });

  it('counts, records and reports a send that keeps failing, without failing the write', async () => {
    const { mailer, sent } = recordingMailer(failsFor('MSFT'));
    const errors: Array<{ error: DeliveryError; alert: Alert }> = [];
    const { sleep } = recordingSleep();
    const sink = createAlertSink({
      rules: await loadAlertRules('alerts/rules.yaml'),
      templates: await loadAlertTemplates('alerts/templates'),
      mailer,
      failedAlertsPath,
      sleep,
      clock: new ManualClock(T0),
      onError: (error, alert) => errors.push({ error, alert }),
    });
    await sink.write([anomaly({ symbol: 'MSFT' }), anomaly({ symbol: 'AAPL' })]);

    expect(sink.stats).toEqual({ events: 2, sent: 1, suppressed: 0, unmatched: 0, failed: 1, pending: 0, mails: 1, retries: 5 });
    expect(sent.map((mail) => mail.label)).toEqual(['2024-03-01T14:30:00.000Z-AAPL-return-zscore']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.message).toBe('smtp relay: 451 try later (gave up after 6 attempts)');
    expect(errors[0]?.error.retriable).toBe(true);
    expect(errors[0]?.alert).toMatchObject({ rule: 'everything-else', event: { symbol: 'MSFT' } });
    expect(await readFailedAlerts(failedAlertsPath)).toMatchObject([
      { attempts: 6, to: ['risk-desk@example.com'], alerts: [{ rule: 'everything-else', event: { symbol: 'MSFT' } }] },
    ]);
  });

  it('counts an alert that cannot be rendered as failed', async () => {
    const { mailer, sent } = recordingMailer();
    const errors: DeliveryError[] = [];
    const sink = createAlertSink({
      rules: await loadAlertRules('alerts/rules.yaml'),
      templates: {
        render: () => {
          throw new Error('boom');
        },
      },
      mailer,
      failedAlertsPath,
      onError: (error) => errors.push(error),
    });
    await sink.write([anomaly()]);
    expect(sink.stats.failed).toBe(1);
    expect(sent).toHaveLength(0);
    expect(errors[0]).toMatchObject({ message: 'rendering alert: boom', retriable: false });
    const [record] = await readFailedAlerts(failedAlertsPath);
    expect(record).toMatchObject({ attempts: 0, error: { code: 'alert_delivery_failed', message: 'rendering alert: boom' } });
    expect(record).not.toHaveProperty('messageId');
  });

  it('stamps the Date header from the injected clock and the sender from the rules', async () => {
    const { mailer, sent } = recordingMailer();
    const sink = createAlertSink({
      rules: { ...(await loadAlertRules('alerts/rules.yaml')), from: 'Risk <risk@example.com>' },
      templates: await loadAlertTemplates('alerts/templates'),
      mailer,
      failedAlertsPath,
      clock: new ManualClock(T0 + 5_000),
    });
    await sink.write([anomaly()]);
    expect(sent[0]).toMatchObject({ from: 'Risk <risk@example.com>', date: new Date(T0 + 5_000), priority: 'normal' });
  });

  it('waits for sends in flight on flush and close, and closes the mailer', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { mailer, sent, isClosed } = recordingMailer();
    const slowMailer: Mailer = {
      send: async (mail) => {
        await gate;
        return mailer.send(mail);
      },
      close: () => mailer.close(),
    };
    const sink = createAlertSink({
      rules: await loadAlertRules('alerts/rules.yaml'),
      templates: await loadAlertTemplates('alerts/templates'),
      mailer: slowMailer,
      failedAlertsPath,
    });

    const writing = sink.write([anomaly()]);
    let flushed = false;
    const flushing = sink.flush().then(() => {
      flushed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(flushed).toBe(false);

    release();
    await Promise.all([writing, flushing]);
    expect(sent).toHaveLength(1);
    await sink.close();
    expect(isClosed()).toBe(true);
  });

  it('rejects bad configuration when it is built', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    await expect(loadAlertSink({ rulesPath: join(dir, 'rules.yaml') })).rejects.toBeInstanceOf(ConfigError);
  });
});
