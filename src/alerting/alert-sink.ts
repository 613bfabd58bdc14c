import { dirname, join } from 'node:path';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigError, type RiskwatchError } from '../core/errors.js';
import { retry, type RetryHooks, type RetryPolicy } from '../core/retry.js';
import type { Sink } from '../core/sink.js';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import { composeAlertMail, composeDigestMail } from './alert-mail.js';
import { ALERT_RETRY } from './alert-retry.js';
import { type Alert, createAlertDecider } from './decide.js';
import { DeliveryError } from './delivery-error.js';
import { type Digest, DigestBuffer } from './digest-buffer.js';
import { type DigestTemplates, loadDigestTemplates } from './digest-render.js';
import { appendFailedAlert, DEFAULT_FAILED_ALERTS_PATH, failedAlertRecord, type FailedDelivery } from './failed-alerts-log.js';
import { createMailer, type Mailer } from './mailer.js';
import { oneLine } from './one-line.js';
import type { OutgoingMail } from './outgoing-mail.js';
import { type AlertTemplates, loadAlertTemplates } from './render.js';
import { type Environment, resolveTransportConfig } from './resolve-transport.js';
import { type AlertRules, loadAlertRules } from './rules.js';
import type { MailTransport, TransportConfig } from './transport-config.js';

/**
 * Live counters; every event received is in exactly one of sent, suppressed, unmatched, failed,
 * pending.
 */
export interface AlertStats {
  events: number;
  /** Delivered, alone or in a digest. */
  sent: number;
  /** Matched a rule but fell inside the symbol+detector cool-down. */
  suppressed: number;
  /** Matched no rule, so not e-mailed. */
  unmatched: number;
  /** Could not be rendered or sent: each is in the failed-alerts file and was reported to `onError`. */
  failed: number;
  /** Waiting in an open digest window. */
  pending: number;
  /** E-mails delivered; fewer than `sent` when digests group alerts. */
  mails: number;
  /** Sends that failed and were tried again. */
  retries: number;
}

export interface AlertSink extends Sink<AnomalyEvent> {
  readonly stats: Readonly<AlertStats>;
}

/** `alert` is the first of `alerts`, the alerts the undelivered e-mail carried (more than one for a digest). */
export type AlertErrorHandler = (error: DeliveryError, alert: Alert, alerts: readonly Alert[]) => void;

/** Told before each wait between attempts; for logs and metrics. */
export type AlertRetryHandler = (error: RiskwatchError, attempt: number, delayMs: number, alerts: readonly Alert[]) => void;

/** Starts a wall-time timer; returns a function that cancels it. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export interface AlertSinkOptions {
  /** Step id in logs and metrics; default `alerts`. */
  readonly id?: string;
  readonly rules: AlertRules;
  readonly templates: AlertTemplates;
  /** Required when the rules turn digests on. */
  readonly digestTemplates?: DigestTemplates;
  readonly mailer: Mailer;
  /** Where e-mails that could not be delivered are appended as JSON lines, with the reason. */
  readonly failedAlertsPath: string;
  /** How failed sends are retried; default ALERT_RETRY (6 attempts, about 31 s of waits). */
  readonly retry?: RetryPolicy;
  /** Stamps the Date header and times digest windows on a quiet stream; default system time. */
  readonly clock?: Clock;
  /** Told about every e-mail that was given up on; default writes a line to stderr. */
  readonly onError?: AlertErrorHandler;
  readonly onRetry?: AlertRetryHandler;
  /** Waits between attempts; injected so tests don't wait. */
  readonly sleep?: RetryHooks['sleep'];
  /** Closes a digest when its window ends in wall time; default an unref'd setTimeout. Injected for tests. */
  readonly setTimer?: SetTimer;
}

const reportToStderr: AlertErrorHandler = (error, alert, alerts) => {
  const what = alerts.length > 1 ? `digest of ${alerts.length} alerts` : `${alert.rule} alert for ${oneLine(alert.event.id)}`;
  process.stderr.write(`riskwatch alerts: could not send ${what}: ${error.message}\n`);
};

const unrefTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/** `doing` names the step for errors that are not already DeliveryErrors (a template or mailer bug). */
function asDeliveryError(error: unknown, doing: string, attempts: number): DeliveryError {
  if (!(error instanceof DeliveryError)) {
    return new DeliveryError(`${doing}: ${(error as Error).message}`, { cause: error });
  }
  if (attempts <= 1) return error;
  return new DeliveryError(`${error.message} (gave up after ${attempts} attempts)`, { retriable: error.retriable, cause: error });
}

/**
 * Decides, renders and sends alert e-mails: one per alert, or one per digest when the rules say so.
 *
 * Backpressure: `write` resolves once the e-mails its events completed are delivered or recorded
 * as failed, so a slow or failing server slows the pipeline instead of piling up alerts in memory.
 * The wait is bounded by the retry policy (default about 31 s plus the attempts' timeouts); the
 * e-mails of one batch are sent concurrently, so a burst costs that once, not once per alert.
 * A failure is never thrown into the pipeline: it is counted, appended to the failed-alerts file
 * and reported to `onError`.
 *
 * Digests: alerts in an open window are held in memory until it closes (at most the window) and
 * are not made durable by `flush`; `close` sends them.
 */
export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const { rules, templates, digestTemplates, mailer } = options;
  if (rules.digest !== undefined && digestTemplates === undefined) {
    throw new ConfigError('alert rules turn digests on, but no digest templates were given');
  }
  const clock = options.clock ?? systemClock;
  const onError = options.onError ?? reportToStderr;
  const policy = options.retry ?? ALERT_RETRY;
  const setTimer = options.setTimer ?? unrefTimer;
  const decider = createAlertDecider(rules);
  const digests = rules.digest === undefined ? undefined : new DigestBuffer(rules.digest);
  const stats: AlertStats = { events: 0, sent: 0, suppressed: 0, unmatched: 0, failed: 0, pending: 0, mails: 0, retries: 0 };
  const inFlight = new Set<Promise<void>>();
  /** Highest event time seen: digest windows close in event time first. */
  let watermark = Number.NEGATIVE_INFINITY;
  let cancelTimer: (() => void) | undefined;
  let armedFor: number | undefined;

  function compose(digest: Digest): OutgoingMail {
    const date = new Date(clock.now());
    const [first] = digest.alerts;
    if (digest.alerts.length === 1 && first !== undefined) return composeAlertMail(first, templates.render(first), rules.from, date);
    // Checked when the sink was built: digests exist only with digest templates.
    const rendered = (digestTemplates as DigestTemplates).render(digest.alerts);
    return composeDigestMail(digest.alerts, digest.to, rendered, rules.from, date);
  }

  async function fail(failure: FailedDelivery): Promise<void> {
    stats.failed += failure.alerts.length;
    const first = failure.alerts[0] as Alert;
    try {
      await appendFailedAlert(options.failedAlertsPath, failedAlertRecord(failure, new Date(clock.now())));
    } catch (error) {
      const detail = `${failure.error.message}; and it could not be recorded in ${options.failedAlertsPath}: ${(error as Error).message}`;
      onError(new DeliveryError(detail, { cause: error }), first, failure.alerts);
      return;
    }
    onError(failure.error, first, failure.alerts);
  }

  async function deliver(digest: Digest): Promise<void> {
    const { alerts, to } = digest;
    let mail: OutgoingMail;
    try {
      mail = compose(digest);
    } catch (error) {
      return fail({ error: asDeliveryError(error, 'rendering alert', 0), attempts: 0, to, alerts });
    }
    let attempts = 0;
    try {
      await retry(
        (attempt) => {
          attempts = attempt;
          return mailer.send(mail);
        },
        policy,
        {
          ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
          onRetry: (error, attempt, delayMs) => {
            stats.retries++;
            // retry() only retries errors that are RiskwatchErrors marked retriable.
            options.onRetry?.(error as RiskwatchError, attempt, delayMs, alerts);
          },
        },
      );
      stats.sent += alerts.length;
      stats.mails++;
    } catch (error) {
      await fail({ error: asDeliveryError(error, 'sending alert', attempts), attempts, to, alerts, mail });
    }
  }

  function send(digest: Digest): Promise<void> {
    const sending = deliver(digest).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    return sending;
  }

  function sendDue(now: number): Promise<void>[] {
    return digests === undefined ? [] : digests.due(watermark, now).map(send);
  }

  /** One timer for the earliest wall-time deadline, so a quiet stream still gets its digest out. */
  function armTimer(): void {
    const deadline = digests?.nextDeadline();
    if (deadline === armedFor) return;
    disarmTimer();
    if (deadline === undefined) return;
    armedFor = deadline;
    cancelTimer = setTimer(() => {
      cancelTimer = undefined;
      armedFor = undefined;
      // Closes by the deadline itself, not by reading the clock: a timer that fires a little
      // early, or a manual clock, still closes the digest it was set for.
      void sendDue(deadline);
      syncPending();
      armTimer();
    }, Math.max(0, deadline - clock.now()));
  }

  function disarmTimer(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    armedFor = undefined;
  }

  function syncPending(): void {
    stats.pending = digests?.pending ?? 0;
  }

  return {
    id: options.id ?? 'alerts',
    stats,
    async write(events) {
      const sending: Promise<void>[] = [];
      for (const event of events) {
        stats.events++;
        if (event.ts > watermark) watermark = event.ts;
        const decision = decider.decide(event);
        if (decision.outcome === 'suppressed') stats.suppressed++;
        else if (decision.outcome === 'unmatched') stats.unmatched++;
        else if (digests === undefined) sending.push(send({ to: decision.to, alerts: [decision] }));
        else {
          sending.push(...sendDue(clock.now()));
          const full = digests.add(decision, watermark, clock.now());
          if (full !== undefined) sending.push(send(full));
        }
      }
      sending.push(...sendDue(clock.now()));
      syncPending();
      armTimer();
      await Promise.all(sending);
    },
    async flush() {
      sendDue(clock.now());
      syncPending();
      armTimer();
      await Promise.all(inFlight);
    },
    async close() {
      disarmTimer();
      digests?.drain().forEach(send);
      syncPending();
      await Promise.all(inFlight);
      await mailer.close();
    },
  };
}

export interface AlertSinkFiles extends Omit<AlertSinkOptions, 'rules' | 'templates' | 'digestTemplates' | 'mailer' | 'failedAlertsPath'> {
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
}

export interface LoadedAlertSink extends AlertSink {
  /** The resolved transport; `describeTransport` shows it without the password. */
  readonly transport: MailTransport;
}

/** Loads and validates rules, templates and transport (ConfigError on any problem), then builds the sink. */
export async function loadAlertSink(files: AlertSinkFiles): Promise<LoadedAlertSink> {
  const { rulesPath, templatesDir, transport: configured, env, failedAlertsPath, ...rest } = files;
  const transport = resolveTransportConfig(configured, env ?? {});
  const dir = templatesDir ?? join(dirname(rulesPath), 'templates');
  const rules = await loadAlertRules(rulesPath);
  const [templates, digestTemplates] = await Promise.all([
    loadAlertTemplates(dir),
    rules.digest === undefined ? undefined : loadDigestTemplates(dir),
  ]);
  const sink = createAlertSink({
    ...rest,
    rules,
    templates,
    ...(digestTemplates === undefined ? {} : { digestTemplates }),
    mailer: createMailer(transport),
    failedAlertsPath: failedAlertsPath ?? DEFAULT_FAILED_ALERTS_PATH,
  });
  return { ...sink, transport };
}
