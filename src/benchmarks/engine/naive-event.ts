import { eventId, type AnomalyEvent } from '../../events/anomaly-event.js';
import type { Tick } from '../../ticks/tick.js';
import { severityOf } from '../../detectors/severity.js';

/**
 * The event a naive detector raises: the fields the flag comparison and the ensemble read (id,
 * detector, ts, score, severity), with a short reason instead of the real detectors' prose.
 */
export function naiveEvent(tick: Tick, detector: string, score: number, critical: number, observed: number, expected: number): AnomalyEvent {
  return {
    id: eventId(tick.symbol, detector, tick.ts),
    symbol: tick.symbol,
    ts: tick.ts,
    detector,
    severity: severityOf(score, critical),
    score,
    observed,
    expected,
    reason: `${tick.symbol} ${detector} (naive reference) score ${score.toFixed(2)}`,
  };
}

/** Appends `value` to a window kept as a plain array, dropping the oldest beyond `capacity`: the obvious way. */
export function pushWindow(window: number[], value: number, capacity: number): void {
  window.push(value);
  if (window.length > capacity) window.shift();
}
