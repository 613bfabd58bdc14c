import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { createAlertSink, loadAlertSink, messageIdFor } from '../../../src/alerting/alert-sink.js';
import type { Alert } from '../../../src/alerting/decide.js';
import { DeliveryError, type Mailer, type OutgoingMail } from '../../../src/alerting/mailer.js';
import { loadAlertTemplates } from '../../../src/alerting/render.js';
import { loadAlertRules } from '../../../src/alerting/rules.js';
import { anomaly, MINUTE, T0 } from './events.js';
import { multipartParts, parseEml } from './eml.js';

/** Records mails; fails the ones whose symbol is listed. */
function recordingMailer(failSymbols: readonly string[] = []) {
  const sent: OutgoingMail[] = [];
  let closed = false;
  const mailer: Mailer = {
    async send(mail) {
      if (failSymbols.some((symbol) => mail.label.includes(`-${symbol}-`))) {
        throw new DeliveryError('smtp relay: 451 try later', { retriable: true });
      }
      sent.push(mail);
      return { messageId: mail.messageId, destination: 'memory' };
    },
    async close() {
      closed = true;
    },
  };
  return { mailer, sent, isClosed: () => closed };
}

describe('alert sink', () => {
  let outbox: string;
  beforeEach(async () => {
    outbox = join(await mkdtemp(join(tmpdir(), 'riskwatch-alerts-')), 'outbox');
  });

  it('writes one .eml per alert into the outbox, from the shipped rules and templates', async () => {
    const sink = await loadAlertSink({
      rulesPath: 'alerts/rules.yaml',
      transport: { kind: 'outbox', dir: outbox },
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

    expect(sink.stats).toEqual({ events: 3, sent: 1, suppressed: 1, unmatched: 1, failed: 0 });
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

  it('counts and reports a failed send without failing the write', async () => {
    const { mailer, sent } = recordingMailer(['MSFT']);
    const errors: Array<{ error: DeliveryError; alert: Alert }> = [];
    const sink = createAlertSink({
      rules: await loadAlertRules('alerts/rules.yaml'),
      templates: await loadAlertTemplates('alerts/templates'),
      mailer,
      clock: new ManualClock(T0),
      onError: (error, alert) => errors.push({ error, alert }),
    });
    await sink.write([anomaly({ symbol: 'MSFT' }), anomaly({ symbol: 'AAPL' })]);

    expect(sink.stats).toEqual({ events: 2, sent: 1, suppressed: 0, unmatched: 0, failed: 1 });
    expect(sent.map((mail) => mail.label)).toEqual(['2024-03-01T14:30:00.000Z-AAPL-return-zscore']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.message).toBe('smtp relay: 451 try later');
    expect(errors[0]?.error.retriable).toBe(true);
    expect(errors[0]?.alert).toMatchObject({ rule: 'everything-else', event: { symbol: 'MSFT' } });
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
      onError: (error) => errors.push(error),
    });
    await sink.write([anomaly()]);
    expect(sink.stats.failed).toBe(1);
    expect(sent).toHaveLength(0);
    expect(errors[0]).toMatchObject({ message: 'rendering alert: boom', retriable: false });
  });

  it('stamps the Date header from the injected clock and the sender from the rules', async () => {
    const { mailer, sent } = recordingMailer();
    const sink = createAlertSink({
      rules: { ...(await loadAlertRules('alerts/rules.yaml')), from: 'Risk <risk@example.com>' },
      templates: await loadAlertTemplates('alerts/templates'),
      mailer,
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
