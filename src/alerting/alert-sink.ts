import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { type Clock, systemClock } from '../core/clock.js';
import type { Sink } from '../core/sink.js';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import { type Alert, createAlertDecider } from './decide.js';
import { createMailer, DeliveryError, type Mailer, type OutgoingMail, type TransportConfig } from './mailer.js';
import { type AlertTemplates, loadAlertTemplates, oneLine, type RenderedAlert } from './render.js';
import { type AlertRules, loadAlertRules } from './rules.js';

/** Live counters; every event received lands in exactly one of sent, suppressed, unmatched, failed. */
export interface AlertStats {
  events: number;
  sent: number;
  /** Matched a rule but fell inside the symbol+detector cool-down. */
  suppressed: number;
  /** Matched no rule, so not e-mailed. */
  unmatched: number;
  /** Could not be rendered or sent; each one was reported to `onError`. */
  failed: number;
}

export interface AlertSink extends Sink<AnomalyEvent> {
  readonly stats: Readonly<AlertStats>;
}

export type AlertErrorHandler = (error: DeliveryError, alert: Alert) => void;

export interface AlertSinkOptions {
  /** Step id in logs and metrics; default `alerts`. */
  readonly id?: string;
  readonly rules: AlertRules;
  readonly templates: AlertTemplates;
  readonly mailer: Mailer;
  /** Stamps the Date header; default system time. */
  readonly clock?: Clock;
  /** Told about every alert that could not be rendered or sent; default writes a line to stderr. */
  readonly onError?: AlertErrorHandler;
}

/** `<sha1(event id)@riskwatch>`: the same event always yields the same Message-ID. */
export function messageIdFor(eventId: string): string {
  return `<${createHash('sha1').update(eventId).digest('hex')}@riskwatch>`;
}

export function composeAlertMail(alert: Alert, rendered: RenderedAlert, from: string, date: Date): OutgoingMail {
  const { event } = alert;
  return {
    messageId: messageIdFor(event.id),
    date,
    from,
    to: alert.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    priority: alert.severity === 'critical' ? 'high' : 'normal',
    headers: {
      'X-Riskwatch-Rule': oneLine(alert.rule),
      'X-Riskwatch-Severity': alert.severity,
      'X-Riskwatch-Event-Id': oneLine(event.id),
    },
    label: `${new Date(event.ts).toISOString()}-${event.symbol}-${event.detector}`,
  };
}

const reportToStderr: AlertErrorHandler = (error, alert) => {
  const event = oneLine(alert.event.id);
  process.stderr.write(`riskwatch alerts: could not send ${alert.rule} alert for ${event}: ${error.message}\n`);
};

/**
 * Decides, renders and sends one e-mail per alerting event. `write` resolves once its alerts are
 * handed over (backpressure); a failed send is counted and reported, never thrown into the pipeline.
 */
export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const { rules, templates, mailer } = options;
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? reportToStderr;
  const decider = createAlertDecider(rules);
  const stats: AlertStats = { events: 0, sent: 0, suppressed: 0, unmatched: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();

  async function deliver(alert: Alert): Promise<void> {
    try {
      const mail = composeAlertMail(alert, templates.render(alert), rules.from, new Date(clock.now()));
      await mailer.send(mail);
      stats.sent++;
    } catch (error) {
      stats.failed++;
      // The mailer only throws DeliveryError; anything else came from rendering.
      const failure =
        error instanceof DeliveryError
          ? error
          : new DeliveryError(`rendering alert: ${(error as Error).message}`, { cause: error });
      onError(failure, alert);
    }
  }

  async function track(sending: Promise<void>): Promise<void> {
    inFlight.add(sending);
    try {
      await sending;
    } finally {
      inFlight.delete(sending);
    }
  }

  return {
    id: options.id ?? 'alerts',
    stats,
    async write(events) {
      for (const event of events) {
        stats.events++;
        const decision = decider.decide(event);
        if (decision.outcome === 'alert') await track(deliver(decision));
        else if (decision.outcome === 'suppressed') stats.suppressed++;
        else stats.unmatched++;
      }
    },
    async flush() {
      await Promise.all(inFlight);
    },
    async close() {
      await Promise.all(inFlight);
      await mailer.close();
    },
  };
}

export interface AlertSinkFiles extends Omit<AlertSinkOptions, 'rules' | 'templates' | 'mailer'> {
  /** e.g. `alerts/rules.yaml`. */
  readonly rulesPath: string;
  /** Default: `templates/` beside the rules file, so rules and their templates travel together. */
  readonly templatesDir?: string;
  /** Default: `.eml` files in `outbox/`. */
  readonly transport?: TransportConfig;
}

/** Loads and validates rules and templates (ConfigError on any problem), then builds the sink. */
export async function loadAlertSink(files: AlertSinkFiles): Promise<AlertSink> {
  const { rulesPath, templatesDir, transport, ...rest } = files;
  const [rules, templates] = await Promise.all([
    loadAlertRules(rulesPath),
    loadAlertTemplates(templatesDir ?? join(dirname(rulesPath), 'templates')),
  ]);
  const mailer = createMailer(transport ?? { kind: 'outbox', dir: 'outbox' });
  return createAlertSink({ ...rest, rules, templates, mailer });
}
