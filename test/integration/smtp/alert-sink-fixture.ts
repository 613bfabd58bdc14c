import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type AlertErrorHandler, type LoadedAlertSink, loadAlertSink } from '../../../src/alerting/alert-sink.js';
import type { Environment } from '../../../src/alerting/resolve-transport.js';
import type { TransportConfig } from '../../../src/alerting/transport-config.js';
import type { RetryPolicy } from '../../../src/core/retry.js';
import type { DeliveryError } from '../../../src/alerting/delivery-error.js';
import type { Alert } from '../../../src/alerting/decide.js';
import type { TestSmtpServer } from '../../helpers/smtp-server.js';

/** Short waits, so a test that needs several retries takes well under a second or two. */
export const FAST_RETRY: RetryPolicy = { attempts: 8, initialDelayMs: 25, maxDelayMs: 200, factor: 2, jitter: 0 };

export const RULES = `
cooldown: 0s
from: "riskwatch <riskwatch@localhost>"
rules:
  - name: desk
    match: {}
    to: [risk-desk@example.com, surveillance@example.com]
`;

export interface SmtpSinkSetup {
  readonly rules?: string;
  /** Added to the RISKWATCH_SMTP_HOST/PORT that point at `server`. */
  readonly env?: Environment;
  readonly transport?: TransportConfig;
  readonly retry?: RetryPolicy;
}

export interface SmtpSinkUnderTest {
  readonly sink: LoadedAlertSink;
  readonly errors: Array<{ error: DeliveryError; alerts: readonly Alert[] }>;
  readonly failedAlertsPath: string;
  readonly dir: string;
}

/** An alert sink built the way the monitor builds it: rules file, shipped templates, transport from the environment. */
export async function smtpAlertSink(server: TestSmtpServer, setup: SmtpSinkSetup = {}): Promise<SmtpSinkUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-smtp-'));
  const rulesPath = join(dir, 'rules.yaml');
  await writeFile(rulesPath, setup.rules ?? RULES);
  const errors: SmtpSinkUnderTest['errors'] = [];
  const onError: AlertErrorHandler = (error, _alert, alerts) => errors.push({ error, alerts });
  const failedAlertsPath = join(dir, 'failed-alerts.jsonl');
  const sink = await loadAlertSink({
    rulesPath,
    templatesDir: resolve('alerts/templates'),
    transport: setup.transport ?? { kind: 'smtp' },
    env: { RISKWATCH_SMTP_HOST: server.host, RISKWATCH_SMTP_PORT: String(server.port), ...setup.env },
    failedAlertsPath,
    retry: setup.retry ?? FAST_RETRY,
    onError,
  });
  return { sink, errors, failedAlertsPath, dir };
}
