import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryError } from '../../../src/alerting/delivery-error.js';
import { type LoadedAlertSink, loadAlertSink } from '../../../src/alerting/load-alert-sink.js';
import type { Notification } from '../../../src/alerting/model/notification.js';
import type { Environment } from '../../../src/alerting/resolve-transport.js';
import type { TransportConfig } from '../../../src/alerting/transport-config.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { RetryPolicy } from '../../../src/core/retry.js';
import { type AnomalyEvent, eventId } from '../../../src/events/anomaly-event.js';
import type { EventEvidence } from '../../../src/events/event-evidence.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import type { TestSmtpServer } from '../../helpers/smtp-server.js';

/** Short waits, so a test that needs several retries takes well under a second or two. */
export const FAST_RETRY: RetryPolicy = { attempts: 8, initialDelayMs: 25, maxDelayMs: 200, factor: 2, jitter: 0 };

/** 2024-03-01 09:30:00 New York: engine time of the first event in these tests. */
export const T0 = Date.UTC(2024, 2, 1, 14, 30, 0);
export const GROUP_WAIT_MS = 10_000;

/**
 * One route, one receiver with two recipients, one e-mail per symbol. The group wait is real
 * (10 s of engine time, as in production) but costs nothing: engine time is a ManualClock, so a
 * test moves it past the wait and flushes, or closes the sink (which sends what is pending).
 * With `groupWait: 0s` the events of one write would not share an e-mail: the engine flushes a
 * group formed at `now` before it applies the next event at the same `now`.
 */
export const RULES = `
from: "riskwatch <riskwatch@localhost>"
receivers:
  - name: risk-desk
    to: [risk-desk@example.com, surveillance@example.com]
    timeZone: America/New_York
route:
  receiver: risk-desk
  groupBy: [symbol]
  groupWait: ${GROUP_WAIT_MS / 1000}s
  groupInterval: 5m
  repeatInterval: 4h
  routes:
    - name: desk
      match: {}
`;

export interface SmtpSinkSetup {
  readonly rules?: string;
  /** Added to the RISKWATCH_SMTP_HOST/PORT that point at `server`. */
  readonly env?: Environment;
  readonly transport?: TransportConfig;
  readonly retry?: RetryPolicy;
  /** Journal the e-mails (`<dir>/alert-journal.jsonl`), deferring those whose retries run out, tried again after this many ms. */
  readonly redeliverAfterMs?: number;
}

export interface SmtpSinkUnderTest {
  readonly sink: LoadedAlertSink;
  /** Engine time; starts at T0. */
  readonly clock: ManualClock;
  /** Every notification the engine decided, in order, before it was sent. */
  readonly notifications: Notification[];
  readonly errors: Array<{ error: DeliveryError; notification: Notification }>;
  /** Sends that failed and are tried again, as the sink reports them before each wait. */
  readonly retries: Array<{ attempt: number; delayMs: number; notification: Notification }>;
  readonly failedAlertsPath: string;
  readonly dir: string;
}

/**
 * An alert sink built the way the monitor builds it: rules file, shipped templates, SMTP transport
 * from the environment; engine time on a ManualClock (the monitor's is event time), wall time
 * (the Date header) fixed at T0.
 */
export async function smtpAlertSink(server: TestSmtpServer, setup: SmtpSinkSetup = {}): Promise<SmtpSinkUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-smtp-'));
  const rulesPath = join(dir, 'rules.yaml');
  await writeFile(rulesPath, setup.rules ?? RULES);
  const clock = new ManualClock(T0);
  const notifications: Notification[] = [];
  const errors: SmtpSinkUnderTest['errors'] = [];
  const retries: SmtpSinkUnderTest['retries'] = [];
  const failedAlertsPath = join(dir, 'failed-alerts.jsonl');
  const sink = await loadAlertSink({
    rulesPath,
    templatesDir: join(REPO_ROOT, 'alerts', 'templates'),
    transport: setup.transport ?? { kind: 'smtp' },
    env: { RISKWATCH_SMTP_HOST: server.host, RISKWATCH_SMTP_PORT: String(server.port), ...setup.env },
    failedAlertsPath,
    baseDir: dir,
    retry: setup.retry ?? FAST_RETRY,
    clock: new ManualClock(T0),
    engineClock: clock,
    onNotification: (notification) => notifications.push(notification),
    onError: (error, notification) => errors.push({ error, notification }),
    onRetry: (_error, attempt, delayMs, notification) => retries.push({ attempt, delayMs, notification }),
    ...(setup.redeliverAfterMs === undefined ? {} : { journalPath: join(dir, 'alert-journal.jsonl'), redeliverAfterMs: setup.redeliverAfterMs }),
  });
  return { sink, clock, notifications, errors, retries, failedAlertsPath, dir };
}

/** 30 ticks a second apart ending at `ts`, the last one jumping: enough for a chart. */
export function recentEvidence(ts: number): EventEvidence {
  const count = 30;
  return {
    input: { from: 'ticks[3]@5091', to: 'ticks[3]@5120' },
    params: { threshold: 4, window: 300 },
    recent: {
      ts: Array.from({ length: count }, (_, i) => ts - (count - 1 - i) * 1000),
      price: Array.from({ length: count }, (_, i) => (i === count - 1 ? 190 : 187 + (i % 5) * 0.1)),
      size: Array.from({ length: count }, (_, i) => (i === count - 1 ? 5000 : 100 + i)),
    },
    quality: { ticks: count, gaps: 0, maxGapMs: 1000, late: 0, duplicates: 0 },
  };
}

/** An anomaly event at T0 with evidence; the id follows the symbol|detector|ts convention. */
export function anomaly(overrides: Partial<Omit<AnomalyEvent, 'id'>> = {}): AnomalyEvent {
  const base = {
    symbol: 'AAPL',
    ts: T0,
    detector: 'return-zscore',
    severity: 'warning' as const,
    score: 4.2,
    observed: 0.0151,
    expected: 0.0001,
    lower: -0.003,
    upper: 0.003,
    reason: 'AAPL return +1.51% is 4.2σ from its 300-tick mean',
    ...overrides,
  };
  return { id: eventId(base.symbol, base.detector, base.ts), evidence: recentEvidence(base.ts), ...base };
}
