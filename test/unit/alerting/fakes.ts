import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SetTimer } from '../../../src/alerting/alert-sink.js';
import { DeliveryError } from '../../../src/alerting/delivery-error.js';
import type { FailedAlertRecord } from '../../../src/alerting/failed-alerts-log.js';
import type { Mailer } from '../../../src/alerting/mailer.js';
import type { OutgoingMail } from '../../../src/alerting/outgoing-mail.js';

/**
 * A mailer that keeps what it is given. `failures` decides, per send attempt (counted from 1),
 * whether that attempt fails and how.
 */
export function recordingMailer(failures: (mail: OutgoingMail, attempt: number) => DeliveryError | undefined = () => undefined) {
  const sent: OutgoingMail[] = [];
  let attempts = 0;
  let closed = false;
  const mailer: Mailer = {
    async send(mail) {
      attempts++;
      const failure = failures(mail, attempts);
      if (failure !== undefined) throw failure;
      sent.push(mail);
      return { messageId: mail.messageId, destination: 'memory' };
    },
    async close() {
      closed = true;
    },
  };
  return { mailer, sent, attempts: () => attempts, isClosed: () => closed };
}

/** A mailer whose sends wait until `release()`, then go to `inner`; for backpressure tests. */
export function gatedMailer(inner: Mailer) {
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const mailer: Mailer = {
    async send(mail) {
      await gate;
      return inner.send(mail);
    },
    close: () => inner.close(),
  };
  return { mailer, release: () => release() };
}

/** Whether `promise` settles within `ms` of wall time (it is not awaited beyond that). */
export function settlesWithin(promise: Promise<unknown>, ms = 20): Promise<boolean> {
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
  ]);
}

export const busy = (): DeliveryError => new DeliveryError('smtp relay: 451 try later', { retriable: true });
export const rejected = (): DeliveryError => new DeliveryError('smtp relay: 550 mailbox unavailable', { retriable: false });

/** Records the waits between attempts instead of waiting. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

/** Timers that fire only when the test says so. */
export function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const setTimer: SetTimer = (callback, ms) => {
    const id = next++;
    pending.set(id, { callback, ms });
    return () => pending.delete(id);
  };
  return {
    setTimer,
    /** Delays of the timers still set. */
    delays: () => [...pending.values()].map((timer) => timer.ms),
    fireAll() {
      const due = [...pending.values()];
      pending.clear();
      for (const timer of due) timer.callback();
    },
  };
}

export async function tempFile(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'riskwatch-alerting-')), name);
}

export async function readFailedAlerts(path: string): Promise<FailedAlertRecord[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FailedAlertRecord);
}
