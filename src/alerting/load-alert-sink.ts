import { dirname, join, resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import { AlertEngine } from './alert-engine.js';
import { type AlertSink, type AlertSinkOptions, createAlertSink } from './alert-sink.js';
import { loadAlertingConfig, type LoadedAlertingConfig } from './config/alerting-config.js';
import { DEFAULT_FAILED_ALERTS_PATH } from './failed-alerts-log.js';
import { HeadlinesWatcher } from './headlines/headlines-watcher.js';
import { MailJournal } from './mail-journal.js';
import { createMailer } from './mailer.js';
import { composeNotificationMail } from './render/notification-mail.js';
import { loadNotificationTemplates } from './render/notification-templates.js';
import { type Environment, resolveTransportConfig } from './resolve-transport.js';
import { SilenceWatcher } from './suppress/silence-watcher.js';
import type { MailTransport, TransportConfig } from './transport-config.js';

export interface AlertSinkFiles extends Omit<AlertSinkOptions, 'engine' | 'compose' | 'mailer' | 'failedAlertsPath' | 'journal'> {
  /** e.g. `alerts/rules.yaml`. */
  readonly rulesPath: string;
  /** Default: `templates/` beside the rules file, so rules and their templates travel together. */
  readonly templatesDir?: string;
  /** `alerts.transport` from the config. Default: `.eml` files in `outbox/`. */
  readonly transport?: TransportConfig;
  /** Where RISKWATCH_SMTP_* are read from (pass `process.env`); default none. */
  readonly env?: Environment;
  /** Default `.riskwatch/failed-alerts.jsonl`, relative to the working folder. */
  readonly failedAlertsPath?: string;
  /** Write-ahead journal of the e-mails (see mail-journal.ts); absent: none. */
  readonly journalPath?: string;
  /** Resolves the rules' relative `silences` path; default the working folder. */
  readonly baseDir?: string;
  /** Told when a chart could not be drawn (the e-mail goes without it). */
  readonly onRenderWarning?: (warning: string) => void;
  /** The news job's headlines index: e-mails list the latest headlines of their symbols. Absent: none. */
  readonly headlinesPath?: string;
  /** Told once per state of the headlines file that gives none (missing, invalid); default stderr. */
  readonly onHeadlinesProblem?: (message: string) => void;
}

export interface LoadedAlertSink extends AlertSink {
  /** The resolved transport; `describeTransport` shows it without the password. */
  readonly transport: MailTransport;
  readonly rules: LoadedAlertingConfig;
  readonly silencesPath: string;
}

/**
 * Loads and validates rules, templates, transport and silences (ConfigError on any problem, so a
 * monitor with a broken rules file fails at start with the file named), then builds the sink.
 */
export async function loadAlertSink(files: AlertSinkFiles): Promise<LoadedAlertSink> {
  const { rulesPath, templatesDir, transport: configured, env, failedAlertsPath, baseDir, onRenderWarning, journalPath, headlinesPath, onHeadlinesProblem, ...rest } = files;
  const transport = resolveTransportConfig(configured, env ?? {});
  const rules = await loadAlertingConfig(rulesPath);
  const headlines =
    headlinesPath === undefined
      ? undefined
      : new HeadlinesWatcher({ path: headlinesPath, clock: rest.clock ?? systemClock, onProblem: onHeadlinesProblem ?? ((message) => process.stderr.write(`riskwatch: ${message}\n`)) });
  const templates = await loadNotificationTemplates(templatesDir ?? join(dirname(rulesPath), 'templates'), headlines);
  const silencesPath = resolve(baseDir ?? process.cwd(), rules.config.silences);
  const watcher = new SilenceWatcher({ path: silencesPath, clock: rest.clock ?? systemClock });
  await watcher.load();
  const engine = new AlertEngine({ rules, silences: () => watcher.current() });
  // Opened last: nothing after it can fail and leave the journal open.
  const journal = journalPath === undefined ? undefined : await MailJournal.open(journalPath);
  const sink = createAlertSink({
    ...rest,
    engine,
    async compose(notification, date) {
      const rendered = await templates.render(notification);
      for (const warning of rendered.warnings) onRenderWarning?.(warning);
      return composeNotificationMail(notification, rendered, rules.config.from, date);
    },
    mailer: createMailer(transport),
    failedAlertsPath: failedAlertsPath ?? DEFAULT_FAILED_ALERTS_PATH,
    ...(journal === undefined ? {} : { journal }),
  });
  return { ...sink, transport, rules, silencesPath };
}
