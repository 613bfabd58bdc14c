import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import type { DeliveryError } from './delivery-error.js';
import type { AlertLevel } from './model/alert-level.js';
import type { AlertSnapshot, Notification } from './model/notification.js';
import type { OutgoingMail } from './outgoing-mail.js';

export const DEFAULT_FAILED_ALERTS_PATH = '.riskwatch/failed-alerts.jsonl';

/** One line of the failed-alerts file: an e-mail that was given up on, with everything needed to resend it. */
export interface FailedAlertRecord {
  readonly failedAt: string;
  readonly error: { readonly code: string; readonly message: string; readonly retriable: boolean };
  /** Sends tried; 0 when the mail could not even be rendered. */
  readonly attempts: number;
  readonly to: readonly string[];
  /** Absent when rendering failed. */
  readonly messageId?: string;
  readonly subject?: string;
  readonly notification: { readonly id: string; readonly reason: string; readonly route: string; readonly receiver: string; readonly at: number };
  readonly alerts: ReadonlyArray<{ readonly key: string; readonly level: AlertLevel; readonly status: AlertSnapshot['status']; readonly event: AnomalyEvent }>;
}

export interface FailedDelivery {
  readonly error: DeliveryError;
  readonly attempts: number;
  readonly notification: Notification;
  readonly mail?: OutgoingMail;
}

export function failedAlertRecord(failure: FailedDelivery, failedAt: Date): FailedAlertRecord {
  const { error, mail, notification } = failure;
  return {
    failedAt: failedAt.toISOString(),
    error: { code: error.code, message: error.message, retriable: error.retriable },
    attempts: failure.attempts,
    to: notification.to,
    ...(mail === undefined ? {} : { messageId: mail.messageId, subject: mail.subject }),
    notification: { id: notification.id, reason: notification.reason, route: notification.route, receiver: notification.receiver, at: notification.at },
    alerts: notification.alerts.map(({ key, level, status, event }) => ({ key, level, status, event })),
  };
}

/**
 * Appends one JSON line per undelivered e-mail and syncs it to disk before returning: the sink's
 * flush (and so the source commit) comes after, so a failed alert is never only in memory.
 */
export async function appendFailedAlert(path: string, record: FailedAlertRecord): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a');
  try {
    await file.write(`${JSON.stringify(record)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
}
