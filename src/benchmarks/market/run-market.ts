import type { Detector } from '../../detectors/detector.js';
import type { Ensemble } from '../../detectors/ensemble/ensemble.js';
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { AnomalyLabel } from '../../sources/simulator/anomaly-label.js';
import { MarketSimulator } from '../../sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../sources/simulator/simulator-options.js';
import { nextSessionOpen, SESSION_MS } from '../../sources/simulator/trading-session.js';
import type { Detection } from './match-detections.js';

export interface MarketRunOptions {
  readonly seed: number;
  readonly symbols: number;
  /** Whole trading sessions (09:30-16:00 New York, weekdays) from the simulator's default start. */
  readonly days: number;
  /** Injected anomalies per symbol per session hour; 0 for clean data. */
  readonly anomaliesPerSymbolHour: number;
}

export interface MarketRun {
  readonly options: MarketRunOptions;
  readonly ticks: number;
  readonly labels: readonly AnomalyLabel[];
  readonly detections: readonly Detection[];
  /** Wall time, ms: simulating and detecting. */
  readonly elapsedMs: number;
}

/**
 * Runs `detectors` (fresh state per symbol, as the detect operator keeps it) over a simulated
 * market pulled tick by tick, in event-time order, as fast as it can be generated, and the
 * ensemble over them when given (as the detect operator does). Keeps each event as a Detection;
 * the labels are the simulator's ground truth.
 */
export function runMarket(options: MarketRunOptions, detectors: readonly Detector<unknown>[], ensemble?: Ensemble): MarketRun {
  const started = performance.now();
  const market = new MarketSimulator(
    marketOptionsSchema.parse({
      seed: options.seed,
      symbols: options.symbols,
      durationMs: sessionsDurationMs(Date.parse(marketOptionsSchema.parse({}).start), options.days),
      anomalies: { perSymbolHour: options.anomaliesPerSymbolHour },
    }),
  );
  const states = new Map<string, unknown[]>(market.symbols.map((symbol) => [symbol, detectors.map((d) => d.createState())]));
  const detections: Detection[] = [];
  const count = detectors.length;
  const fired: AnomalyEvent[] = [];
  const keep = (event: AnomalyEvent): void => {
    detections.push({ symbol: event.symbol, detector: event.detector, ts: event.ts, score: event.score });
  };
  let ticks = 0;
  for (let tick = market.next(); tick !== undefined; tick = market.next()) {
    ticks++;
    const symbolStates = states.get(tick.symbol)!;
    for (let i = 0; i < count; i++) {
      const event = detectors[i]!.update(symbolStates[i], tick);
      if (event === undefined) continue;
      keep(event);
      fired.push(event);
    }
    if (fired.length === 0) continue;
    const combined = ensemble?.combine(tick, fired);
    if (combined !== undefined) keep(combined);
    fired.length = 0;
  }
  return { options, ticks, labels: market.labels(), detections, elapsedMs: performance.now() - started };
}

/** From `open` to the close of the `days`-th session (weekends skipped, as the simulator does). */
export function sessionsDurationMs(open: number, days: number): number {
  let last = open;
  for (let day = 1; day < days; day++) last = nextSessionOpen(last);
  return last + SESSION_MS - open;
}
