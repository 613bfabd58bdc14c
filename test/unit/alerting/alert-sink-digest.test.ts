import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlertSinkOptions, createAlertSink, loadAlertSink } from '../../../src/alerting/alert-sink.js';
import type { Alert } from '../../../src/alerting/decide.js';
import type { DeliveryError } from '../../../src/alerting/delivery-error.js';
import { type DigestTemplates, loadDigestTemplates } from '../../../src/alerting/digest-render.js';
import { type AlertTemplates, loadAlertTemplates } from '../../../src/alerting/render.js';
import { type AlertRules, parseAlertRules } from '../../../src/alerting/rules.js';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { anomaly, MINUTE, T0 } from './events.js';
import { manualTimers, readFailedAlerts, recordingMailer, rejected, tempFile } from './fakes.js';

const RULES_YAML = `
cooldown: 0s
digest: { window: 1m, maxAlerts: 4 }
rules:
  - { name: critical, match: { severity: [critical] }, to: [oncall@example.com] }
  - { name: desk, match: {}, to: [desk@example.com] }
`;
const RULES: AlertRules = parseAlertRules(RULES_YAML, 'rules.yaml');
const WALL = Date.UTC(2026, 0, 5);

describe('alert sink in digest mode', () => {
  let templates: AlertTemplates;
  let digestTemplates: DigestTemplates;
  let failedAlertsPath: string;
  beforeAll(async () => {
    templates = await loadAlertTemplates('alerts/templates');
    digestTemplates = await loadDigestTemplates('alerts/templates');
  });
  beforeEach(async () => {
    failedAlertsPath = await tempFile('failed-alerts.jsonl');
  });

  function digestSink(extra: Partial<AlertSinkOptions> = {}) {
    const recording = recordingMailer();
    const clock = new ManualClock(WALL);
    const timers = manualTimers();
    const errors: Array<{ error: DeliveryError; alerts: readonly Alert[] }> = [];
    const sink = createAlertSink({
      rules: RULES,
      templates,
      digestTemplates,
      mailer: recording.mailer,
      failedAlertsPath,
      clock,
      setTimer: timers.setTimer,
      sleep: async () => {},
      onError: (error, _alert, alerts) => errors.push({ error, alerts }),
      ...extra,
    });
    return { sink, sent: recording.sent, clock, timers, errors };
  }

  const subjects = (mails: readonly { subject: string }[]) => mails.map((mail) => mail.subject);

  it('holds alerts until event time passes the window, then sends one e-mail per recipient list', async () => {
    const { sink, sent } = digestSink();
    await sink.write([
      anomaly({ symbol: 'AAPL', ts: T0 }),
      anomaly({ symbol: 'MSFT', ts: T0 + 10_000, severity: 'critical' }),
      anomaly({ symbol: 'NVDA', ts: T0 + 20_000 }),
    ]);
    expect(sent).toEqual([]);
    expect(sink.stats).toMatchObject({ events: 3, pending: 3, sent: 0 });

    await sink.write([anomaly({ symbol: 'IBM', ts: T0 + 70_000 })]);
    expect(subjects(sent)).toEqual([
      '[riskwatch] 2 alerts: 2 warning (AAPL, NVDA)',
      '[riskwatch CRITICAL] MSFT return-zscore: return z-score 4.2 above 3.0',
    ]);
    expect(sent.map((mail) => mail.to)).toEqual([['desk@example.com'], ['oncall@example.com']]);
    expect(sink.stats).toMatchObject({ events: 4, sent: 3, mails: 2, pending: 1, failed: 0 });
  });

  it('sends a digest as soon as it holds maxAlerts', async () => {
    const { sink, sent } = digestSink();
    await sink.write(['A', 'B', 'C', 'D', 'E'].map((symbol) => anomaly({ symbol })));
    expect(subjects(sent)).toEqual(['[riskwatch] 4 alerts: 4 warning (A, B, +2)']);
    expect(sink.stats).toMatchObject({ sent: 4, pending: 1 });
  });

  it('closes by wall time on flush when the stream has gone quiet', async () => {
    const { sink, sent, clock } = digestSink();
    await sink.write([anomaly({ symbol: 'A' }), anomaly({ symbol: 'B' })]);
    clock.advance(MINUTE - 1);
    await sink.flush();
    expect(sent).toEqual([]);
    clock.advance(1);
    await sink.flush();
    expect(subjects(sent)).toEqual(['[riskwatch] 2 alerts: 2 warning (A, B)']);
  });

  it('closes by a wall-time timer when nothing else happens, even on a clock that stands still', async () => {
    const { sink, sent, timers } = digestSink();
    await sink.write([anomaly({ symbol: 'A' }), anomaly({ symbol: 'B' })]);
    expect(timers.delays()).toEqual([MINUTE]);
    timers.fireAll();
    await sink.flush();
    expect(subjects(sent)).toEqual(['[riskwatch] 2 alerts: 2 warning (A, B)']);
    expect(sink.stats).toMatchObject({ pending: 0, sent: 2 });
    expect(timers.delays()).toEqual([]);
  });

  it('keeps one timer, for the earliest window', async () => {
    const { sink, timers, clock } = digestSink();
    await sink.write([anomaly({ symbol: 'A' })]);
    clock.advance(10_000);
    await sink.write([anomaly({ symbol: 'B', severity: 'critical' })]);
    await sink.flush();
    expect(timers.delays()).toEqual([MINUTE]);
    await sink.close();
    expect(timers.delays()).toEqual([]);
  });

  it('sends every open digest on close, and closes the mailer', async () => {
    const recording = recordingMailer();
    const { sink } = digestSink({ mailer: recording.mailer });
    await sink.write([anomaly({ symbol: 'A' }), anomaly({ symbol: 'B' }), anomaly({ symbol: 'C', severity: 'critical' })]);
    await sink.close();
    expect(recording.sent).toHaveLength(2);
    expect(recording.isClosed()).toBe(true);
    const { stats } = sink;
    expect(stats.events).toBe(stats.sent + stats.suppressed + stats.unmatched + stats.failed + stats.pending);
  });

  it('records an undeliverable digest once, with all its alerts, and counts each alert as failed', async () => {
    const { mailer } = recordingMailer(() => rejected());
    const { sink, errors } = digestSink({ mailer });
    await sink.write([anomaly({ symbol: 'A' }), anomaly({ symbol: 'B' })]);
    await sink.close();

    expect(sink.stats).toMatchObject({ events: 2, sent: 0, failed: 2, pending: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.alerts.map((alert) => alert.event.symbol)).toEqual(['A', 'B']);
    const records = await readFailedAlerts(failedAlertsPath);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ subject: '[riskwatch] 2 alerts: 2 warning (A, B)', attempts: 1 });
    expect(records[0]?.alerts.map((alert) => alert.event.symbol)).toEqual(['A', 'B']);
  });

  it('needs digest templates when the rules turn digests on', () => {
    const { mailer } = recordingMailer();
    expect(() => createAlertSink({ rules: RULES, templates, mailer, failedAlertsPath })).toThrow(ConfigError);
  });

  it('loads the digest templates beside the rules', async () => {
    const rulesPath = await tempFile('rules.yaml');
    await writeFile(rulesPath, RULES_YAML);
    const outbox = resolve(dirname(rulesPath), 'outbox');
    const sink = await loadAlertSink({ rulesPath, templatesDir: 'alerts/templates', failedAlertsPath, transport: { kind: 'outbox', dir: outbox } });
    await sink.write([anomaly({ symbol: 'A' }), anomaly({ symbol: 'B' })]);
    await sink.close();
    expect(sink.stats).toMatchObject({ sent: 2, mails: 1 });
  });
});
