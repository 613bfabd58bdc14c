import type { Detector } from '../../../src/detectors/detector.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import type { AnomalyKind, AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { MarketSimulator } from '../../../src/sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../../src/sources/simulator/simulator-options.js';
import { SESSION_MS } from '../../../src/sources/simulator/trading-session.js';

export interface MarketRun {
  readonly ticks: number;
  readonly events: readonly AnomalyEvent[];
  readonly labels: readonly AnomalyLabel[];
}

/**
 * Streams a simulated market (default: a full 6.5 h session of 20 symbols, ~790k ticks) through
 * one detector with state per symbol, without keeping the ticks. `perSymbolHour` 0 is a clean market.
 */
export function streamMarket<S>(
  detector: Detector<S>,
  { seed = 1, symbols = 20, durationMs = SESSION_MS, perSymbolHour = 0 }: { seed?: number; symbols?: number; durationMs?: number; perSymbolHour?: number } = {},
): MarketRun {
  const simulator = new MarketSimulator(marketOptionsSchema.parse({ seed, symbols, durationMs, anomalies: { perSymbolHour } }));
  const states = new Map<string, S>();
  const events: AnomalyEvent[] = [];
  let ticks = 0;
  for (let tick = simulator.next(); tick !== undefined; tick = simulator.next()) {
    ticks++;
    let state = states.get(tick.symbol);
    if (state === undefined) states.set(tick.symbol, (state = detector.createState()));
    const event = detector.update(state, tick);
    if (event !== undefined) events.push(event);
  }
  return { ticks, events, labels: simulator.labels() };
}

function within(event: AnomalyEvent, label: AnomalyLabel, graceMs: number): boolean {
  return event.symbol === label.symbol && event.ts >= label.start && event.ts <= label.end + graceMs;
}

/** Labels of `kind`, and how many of them have an event on their symbol within [start, end + graceMs]. */
export function recall(run: MarketRun, kind: AnomalyKind, graceMs: number): { labels: number; caught: number } {
  const labels = run.labels.filter((label) => label.kind === kind);
  return { labels: labels.length, caught: labels.filter((label) => run.events.some((event) => within(event, label, graceMs))).length };
}

/** Events within no label of `kinds` (any kind when omitted): false alarms, or alarms on another kind. */
export function outside(run: MarketRun, graceMs: number, kinds?: readonly AnomalyKind[]): AnomalyEvent[] {
  const labels = kinds === undefined ? run.labels : run.labels.filter((label) => kinds.includes(label.kind));
  return run.events.filter((event) => !labels.some((label) => within(event, label, graceMs)));
}
