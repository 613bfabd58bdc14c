import type { Detector } from '../../../src/detectors/detector.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import type { AnomalyKind, AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { MarketSimulator } from '../../../src/sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../../src/sources/simulator/simulator-options.js';
import type { Tick } from '../../../src/ticks/tick.js';

export interface SimulatedMarket {
  readonly ticks: readonly Tick[];
  readonly labels: readonly AnomalyLabel[];
}

/** A simulated market from the session open: only `kinds` injected (none when perSymbolHour is 0). */
export function simulateMarket(options: {
  seed: number;
  symbols: number;
  minutes: number;
  kinds?: readonly AnomalyKind[];
  perSymbolHour?: number;
}): SimulatedMarket {
  const market = new MarketSimulator(
    marketOptionsSchema.parse({
      seed: options.seed,
      symbols: options.symbols,
      durationMs: options.minutes * 60_000,
      anomalies: { perSymbolHour: options.perSymbolHour ?? 6, ...(options.kinds === undefined ? {} : { kinds: options.kinds }) },
    }),
  );
  const ticks: Tick[] = [];
  for (let tick = market.next(); tick !== undefined; tick = market.next()) ticks.push(tick);
  return { ticks, labels: market.labels() };
}

/** Runs one detector over a multi-symbol stream with per-symbol state; every event. */
export function detectAll<S>(detector: Detector<S>, ticks: readonly Tick[]): AnomalyEvent[] {
  const states = new Map<string, S>();
  const events: AnomalyEvent[] = [];
  for (const tick of ticks) {
    let state = states.get(tick.symbol);
    if (state === undefined) states.set(tick.symbol, (state = detector.createState()));
    const event = detector.update(state, tick);
    if (event !== undefined) events.push(event);
  }
  return events;
}

/** Whether an event falls on the label's symbol within [start, end + graceMs]. */
export function onLabel(event: AnomalyEvent, label: AnomalyLabel, graceMs = 10_000): boolean {
  return event.symbol === label.symbol && event.ts >= label.start && event.ts <= label.end + graceMs;
}
