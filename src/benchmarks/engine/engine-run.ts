import type { KeyedOperator } from '../../core/keyed-state.js';
import type { OperatorOutput } from '../../core/operator.js';
import { createDetectOperator } from '../../detectors/detect-operator.js';
import type { Detector } from '../../detectors/detector.js';
import type { Ensemble } from '../../detectors/ensemble/ensemble.js';
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { Tick } from '../../ticks/tick.js';

export type DetectOperator = KeyedOperator<Tick, AnomalyEvent, unknown[]>;

/** What the pipeline hands the detect operator, minus any work: the timed runs emit into this. */
export const DISCARD: OperatorOutput<AnomalyEvent> = { emit: () => undefined, reject: () => undefined, side: () => undefined };

/** An output that keeps the (symbol, detector, ts) of every event: the flags two engines must agree on. */
export function flagCollector(flags: Set<string>): OperatorOutput<AnomalyEvent> {
  return { emit: (event) => flags.add(flagKey(event)), reject: () => undefined, side: () => undefined };
}

export function flagKey(event: AnomalyEvent): string {
  return `${event.symbol}|${event.detector}|${event.ts}`;
}

/** A detector set and its ensemble, as the detect operator runs them. */
export interface Engine {
  readonly detectors: readonly Detector<unknown>[];
  readonly ensemble: Ensemble | undefined;
}

export function detectOperator(engine: Engine): DetectOperator {
  return createDetectOperator(engine.detectors, { ensemble: engine.ensemble });
}

/** Per-symbol states, deep-copied, so every timed run starts from the same warmed-up windows. */
export type StateSnapshot = ReadonlyMap<string, unknown[]>;

export function snapshotStates(operator: DetectOperator): StateSnapshot {
  return new Map(structuredClone([...operator.state.entries()]));
}

/** A fresh operator holding a copy of `snapshot`. */
export function restoredOperator(engine: Engine, snapshot: StateSnapshot): DetectOperator {
  const operator = detectOperator(engine);
  for (const [symbol, states] of structuredClone([...snapshot])) operator.state.set(symbol, states);
  return operator;
}

/** Wall time (ms) of the operator's process(tick, out) over the first `count` ticks: the only thing timed. */
export function timeDetection(operator: DetectOperator, ticks: readonly Tick[], count: number, out: OperatorOutput<AnomalyEvent> = DISCARD): number {
  const started = performance.now();
  for (let i = 0; i < count; i++) operator.process(ticks[i]!, out);
  return performance.now() - started;
}

/** A full collection when node runs with --expose-gc, so one run's garbage is not collected in the next's time. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
