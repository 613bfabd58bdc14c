import type { Clock } from '../core/clock.js';
import type { RiskwatchError } from '../core/errors.js';
import { retry, type RetryHooks, type RetryPolicy } from '../core/retry.js';
import { ALERT_RETRY } from './alert-retry.js';
import { DeliveryError } from './delivery-error.js';
import { appendFailedAlert, failedAlertRecord, type FailedDelivery } from './failed-alerts-log.js';
import type { MailJournal, PendingMail } from './mail-journal.js';
import type { Mailer } from './mailer.js';
import type { Notification } from './model/notification.js';
import { oneLine } from './one-line.js';
import type { OutgoingMail } from './outgoing-mail.js';

/** Told about every e-mail that was given up on (it is also in the failed-alerts file). */
export type DeliveryErrorHandler = (error: DeliveryError, notification: Notification) => void;
/** Told before each wait between attempts; for logs. */
export type DeliveryRetryHandler = (error: RiskwatchError, attempt: number, delayMs: number, notification: Notification) => void;

export interface DeliveryOptions {
  /** Renders a notification into an e-mail dated `date` (wall time). */
  readonly compose: (notification: Notification, date: Date) => OutgoingMail | Promise<OutgoingMail>;
  readonly mailer: Mailer;
  /** Where e-mails that could not be delivered are appended as JSON lines, with the reason. */
  readonly failedAlertsPath: string;
  /** Default ALERT_RETRY (6 attempts, about 31 s of waits). */
  readonly retry?: RetryPolicy;
  /** Wall time, for the Date header. */
  readonly clock: Clock;
  readonly onError?: DeliveryErrorHandler;
  readonly onRetry?: DeliveryRetryHandler;
  /** Waits between attempts; injected so tests don't wait. */
  readonly sleep?: RetryHooks['sleep'];
  /**
   * Write-ahead journal: an e-mail is recorded before it is sent, so a crash does not lose it. With
   * it, an e-mail whose retries run out on a passing failure is deferred (see redeliver), not failed.
   */
  readonly journal?: MailJournal;
  /** Told when an e-mail is deferred; for logs. */
  readonly onDefer?: DeliveryErrorHandler;
}

export interface DeliveryStats {
  /** E-mails accepted by the transport. */
  mails: number;
  /** E-mails given up on (in the failed-alerts file). */
  failed: number;
  /** Sends that failed and were tried again. */
  retries: number;
  /** E-mails whose retries ran out on a passing failure (relay down): kept in the journal, sent again later. */
  deferred: number;
}

const reportToStderr: DeliveryErrorHandler = (error, notification) => {
  process.stderr.write(`riskwatch alerts: could not send ${oneLine(notification.id)}: ${error.message}\n`);
};

/** `doing` names the step for errors that are not already DeliveryErrors (a template or mailer bug). */
function asDeliveryError(error: unknown, doing: string, attempts: number): DeliveryError {
  if (!(error instanceof DeliveryError)) return new DeliveryError(`${doing}: ${(error as Error).message}`, { cause: error });
  if (attempts <= 1) return error;
  return new DeliveryError(`${error.message} (gave up after ${attempts} attempts)`, { retriable: error.retriable, cause: error });
}

/**
 * Renders and sends one notification, retrying what the transport says is retriable. A failure
 * is never thrown: it is counted, appended (synced) to the failed-alerts file and reported; with a
 * journal, a passing failure that outlasts the retries defers the e-mail instead.
 */
export interface Delivery {
  readonly stats: Readonly<DeliveryStats>;
  deliver(notification: Notification): Promise<void>;
  /** Sends again an e-mail an earlier run journaled but never finished, as it was. */
  resend(pending: PendingMail): Promise<void>;
  /** Tries the deferred e-mails again (each with the full retry policy). */
  redeliver(): Promise<void>;
  /**
   * Resolves once every notification handed to `deliver` so far is in the journal (or finished):
   * a checkpoint of the engine that decided them must not be on disk before they are.
   */
  journaled(): Promise<void>;
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { compose, mailer, clock, journal } = options;
  const policy = options.retry ?? ALERT_RETRY;
  const onError = options.onError ?? reportToStderr;
  const stats: DeliveryStats = { mails: 0, failed: 0, retries: 0, deferred: 0 };
  /** Retries ran out on a retriable error: still pending in the journal, tried again by redeliver(). */
  const deferred = new Map<string, PendingMail>();

  async function fail(failure: FailedDelivery): Promise<void> {
    stats.failed++;
    try {
      await appendFailedAlert(options.failedAlertsPath, failedAlertRecord(failure, new Date(clock.now())));
    } catch (error) {
      const detail = `${failure.error.message}; and it could not be recorded in ${options.failedAlertsPath}: ${(error as Error).message}`;
      onError(new DeliveryError(detail, { cause: error }), failure.notification);
      return;
    }
    onError(failure.error, failure.notification);
  }

  /** Notifications handed to deliver() and not yet journaled (or finished). */
  const journaling = new Set<Promise<unknown>>();

  function deliver(notification: Notification): Promise<void> {
    const recorded = record(notification);
    journaling.add(recorded);
    return recorded.then((mail) => {
      journaling.delete(recorded);
      return mail === undefined ? undefined : send(notification, mail);
    });
  }

  /** Renders the e-mail and journals it; undefined when it must not be sent (failed, or already sent). Never rejects. */
  async function record(notification: Notification): Promise<OutgoingMail | undefined> {
    let mail: OutgoingMail;
    try {
      mail = await compose(notification, new Date(clock.now()));
    } catch (error) {
      await fail({ error: asDeliveryError(error, 'rendering alert', 0), attempts: 0, notification });
      return undefined;
    }
    try {
      // Already pending (an earlier run's, being resent) or already sent: once per Message-ID.
      if (journal !== undefined && !(await journal.queued(notification, mail))) return undefined;
    } catch (error) {
      // Sending unjournaled beats not sending: only a crash before it is delivered would lose it.
      onError(new DeliveryError(`alert journal ${journal?.path}: ${(error as Error).message}; sending without it`, { cause: error }), notification);
    }
    return mail;
  }

  async function send(notification: Notification, mail: OutgoingMail): Promise<void> {
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
            options.onRetry?.(error as RiskwatchError, attempt, delayMs, notification);
          },
        },
      );
      stats.mails++;
    } catch (error) {
      const failure = asDeliveryError(error, 'sending alert', attempts);
      if (journal !== undefined && failure.retriable) {
        // The relay is down or busy: nothing is lost by waiting; the journal keeps it pending.
        deferred.set(mail.messageId, { notification, mail });
        stats.deferred = deferred.size;
        options.onDefer?.(failure, notification);
        return;
      }
      await fail({ error: failure, attempts, notification, mail });
    }
    await journal?.done(mail.messageId).catch((error: unknown) => {
      onError(new DeliveryError(`alert journal ${journal.path}: ${(error as Error).message}; a restart may send this e-mail again`, { cause: error }), notification);
    });
  }

  async function redeliver(): Promise<void> {
    const due = [...deferred.values()];
    deferred.clear();
    stats.deferred = 0;
    await Promise.all(due.map(({ notification, mail }) => send(notification, mail)));
  }

  return {
    stats,
    deliver,
    resend: ({ notification, mail }) => send(notification, mail),
    redeliver,
    journaled: async () => {
      await Promise.all(journaling);
    },
  };
}
