import type { CheckpointValue } from '../core/checkpoint/checkpointer.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Sink } from '../core/sink.js';
import type { AnomalyEvent } from '../events/anomaly-event.js';
import type { AlertEngine, AlertEngineStats } from './alert-engine.js';
import type { AlertEngineSnapshot } from './engine-snapshot.js';
import { createDelivery, type DeliveryOptions, type DeliveryStats } from './notification-delivery.js';
import type { Notification } from './model/notification.js';

export type AlertStats = AlertEngineStats & DeliveryStats;

export interface AlertSink extends Sink<AnomalyEvent> {
  readonly stats: Readonly<AlertStats>;
  readonly engine: AlertEngine;
  /**
   * The engine's state for pipeline checkpoints (alert levels, waiting groups, budgets). Its
   * snapshot resolves once every e-mail the engine decided up to it is journaled, so a restore
   * never forgets an e-mail: what it decided is either sent or in the journal.
   */
  readonly checkpointState: CheckpointValue;
}

/** Starts a wall-time timer; returns a function that cancels it. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export interface AlertSinkOptions extends Omit<DeliveryOptions, 'clock'> {
  /** Step id in logs and metrics; default `alerts`. */
  readonly id?: string;
  readonly engine: AlertEngine;
  /** Wall time for Date headers and timers; default system time. */
  readonly clock?: Clock;
  /**
   * Engine time: group waits, recoveries and budgets run on it. Default `clock`; the monitor
   * passes event time (EventTimeClock), so replays decide the same e-mails as live runs.
   */
  readonly engineClock?: Clock;
  /** Told about every notification decided, before it is sent; for logs. */
  readonly onNotification?: (notification: Notification) => void;
  /** Wakes the sink at the engine's next deadline; default an unref'd setTimeout. Injected for tests. */
  readonly setTimer?: SetTimer;
  /** How long (wall ms) deferred e-mails wait before they are tried again; default 30 s. */
  readonly redeliverAfterMs?: number;
  /**
   * Whether `close` sends what is still waiting (groups in their wait, held digests); default true.
   * False when the engine is checkpointed: what waits is in the checkpoint and goes out, on time,
   * after the restart.
   */
  readonly drainOnClose?: boolean;
  /** Told when a checkpointed engine state cannot be restored (then it starts empty). */
  readonly onRestoreError?: (error: Error) => void;
}

/** How early a timer may fire and still count as on time. */
const TIMER_SLACK_MS = 100;

const unrefTimer: SetTimer = (callback, ms) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Feeds events to the alert engine and sends the notifications it decides. A timer wakes it at the
 * engine's next deadline, so a group wait or a recovery happens on a quiet stream too.
 *
 * Backpressure: `write` resolves once the e-mails its events made due are delivered or recorded
 * as failed, so a failing server slows the pipeline instead of piling up alerts in memory.
 * Alerts waiting in a group are in memory until sent, or in the pipeline's checkpoint
 * (`checkpointState`); without one, `close` sends everything pending.
 */
export function createAlertSink(options: AlertSinkOptions): AlertSink {
  const { engine } = options;
  const clock = options.clock ?? systemClock;
  const engineClock = options.engineClock ?? clock;
  const setTimer = options.setTimer ?? unrefTimer;
  const delivery = createDelivery({
    ...options,
    clock,
    onDefer: (error, notification) => {
      scheduleRedelivery();
      options.onDefer?.(error, notification);
    },
    // Counters move while a send is being retried, so an outage shows in the health metrics.
    onRetry: (error, attempt, delayMs, notification) => {
      syncStats();
      options.onRetry?.(error, attempt, delayMs, notification);
    },
  });
  const stats = engine.stats as AlertStats;
  const inFlight = new Set<Promise<void>>();
  let cancelTimer: (() => void) | undefined;
  let armedFor: number | undefined;

  const syncStats = (): void => {
    Object.assign(stats, delivery.stats);
  };
  // From the start, so mails/failed/retries read 0 (not undefined) before the first delivery.
  syncStats();

  function send(notifications: readonly Notification[]): Promise<void>[] {
    return notifications.map((notification) => {
      options.onNotification?.(notification);
      return track(delivery.deliver(notification));
    });
  }

  // E-mails an earlier run journaled and never finished go out first, in the background.
  for (const pending of options.journal?.recovered() ?? []) track(delivery.resend(pending));

  let cancelRedelivery: (() => void) | undefined;
  /** One timer for all deferred e-mails: a relay that is down is asked again every redeliverAfterMs. */
  function scheduleRedelivery(): void {
    if (cancelRedelivery !== undefined) return;
    cancelRedelivery = setTimer(() => {
      cancelRedelivery = undefined;
      void track(delivery.redeliver());
    }, options.redeliverAfterMs ?? 30_000);
  }

  function stopRedelivery(): void {
    cancelRedelivery?.();
    cancelRedelivery = undefined;
  }

  function track(sending: Promise<void>): Promise<void> {
    const tracked = sending.finally(() => {
      inFlight.delete(tracked);
      syncStats();
    });
    inFlight.add(tracked);
    return tracked;
  }

  function armTimer(): void {
    const deadline = engine.nextDeadline();
    if (deadline === armedFor) return;
    cancelTimer?.();
    cancelTimer = undefined;
    armedFor = deadline;
    if (deadline === undefined) return;
    cancelTimer = setTimer(
      () => {
        cancelTimer = undefined;
        armedFor = undefined;
        const now = engineClock.now();
        // At least the deadline: a timer that fires a little early still does what it was set for.
        // Far from it, engine time stood still (the input is catching up): it waits for the ticks.
        if (now >= deadline - TIMER_SLACK_MS) void Promise.all(send(engine.advance(Math.max(deadline, now))));
        armTimer();
      },
      Math.max(0, deadline - engineClock.now()),
    );
  }

  return {
    id: options.id ?? 'alerts',
    stats,
    engine,
    checkpointState: {
      name: 'alerts',
      async snapshot() {
        const snapshot = engine.snapshot();
        await delivery.journaled();
        return snapshot;
      },
      restore(value) {
        try {
          engine.restore(value as AlertEngineSnapshot);
          armTimer();
        } catch (error) {
          options.onRestoreError?.(error as Error);
        }
      },
    },
    async write(events) {
      for (const event of events) engine.observe(event);
      const sending = send(engine.advance(engineClock.now()));
      armTimer();
      await Promise.all(sending);
    },
    async flush() {
      send(engine.advance(engineClock.now()));
      armTimer();
      await Promise.all(inFlight);
    },
    async close() {
      cancelTimer?.();
      cancelTimer = undefined;
      if (options.drainOnClose ?? true) send(engine.drain(engineClock.now()));
      await Promise.all(inFlight);
      // One last try for what was deferred; what still fails stays in the journal for the next start.
      stopRedelivery();
      if (delivery.stats.deferred > 0) await track(delivery.redeliver());
      stopRedelivery();
      await options.mailer.close();
      await options.journal?.close();
    },
  };
}
