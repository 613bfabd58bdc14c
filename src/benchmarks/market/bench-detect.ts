import { buildDetectors, buildEnsemble, type DetectorsConfig } from '../../detectors/registry.js';
import { ANOMALY_KINDS, type AnomalyKind } from '../../sources/simulator/anomaly-label.js';
import { anomalyOptionsSchema } from '../../sources/simulator/simulator-options.js';
import { ENSEMBLE } from '../../detectors/ensemble/ensemble.js';
import { DETECTOR_KINDS, GRACE_MS } from './detector-kinds.js';
import { matchDetections, mergeTallies, type DetectorTally, type KindTally, type MatchRules, type MatchTally } from './match-detections.js';
import { kindMetrics, type KindMetrics } from './metrics.js';
import { runMarket, type MarketRun, type MarketRunOptions } from './run-market.js';

/** The simulator's default anomaly rate (per symbol per session hour), which the runs with anomalies use. */
export const ANOMALIES_PER_SYMBOL_HOUR = anomalyOptionsSchema.parse({}).perSymbolHour;

export interface BenchDetectOptions {
  readonly seeds: readonly number[];
  readonly symbols: number;
  readonly days: number;
  /** Detector parameters, as in the app config; default: every registered detector with defaults. */
  readonly detectors?: DetectorsConfig;
  readonly rules?: MatchRules;
}

/** Runs the planned simulations (in this thread, or in workers: see runInWorkers). */
export type RunMarkets = (jobs: readonly MarketRunOptions[], detectors: DetectorsConfig | undefined) => Promise<readonly MarketRun[]>;

export interface KindResult extends KindMetrics {
  readonly kind: AnomalyKind;
  readonly graceMs: number;
  /** The running detectors mapped to this kind. */
  readonly detectors: readonly string[];
  readonly tally: KindTally;
  /** Events of those detectors on the clean runs, per symbol per trading day. */
  readonly falseAlarmsPerSymbolDay: number;
}

export interface DetectorResult {
  readonly id: string;
  readonly kinds: readonly AnomalyKind[];
  readonly tally: DetectorTally;
  readonly falseAlarmsPerSymbolDay: number;
}

/** The ensemble's events, scored against every label kind. */
export interface EnsembleResult {
  readonly events: number;
  /** Events inside a label of any kind (its grace included). */
  readonly truePositives: number;
  readonly precision: number;
  /** Per kind: labels with an ensemble event in them / labels. */
  readonly recall: Readonly<Record<AnomalyKind, number>>;
  readonly falseAlarmsPerSymbolDay: number;
}

export interface BenchDetectResult {
  readonly seeds: readonly number[];
  readonly symbols: number;
  readonly days: number;
  readonly kinds: readonly KindResult[];
  readonly detectors: readonly DetectorResult[];
  /** Events of all detectors on the clean runs, per symbol per trading day (the ensemble apart). */
  readonly falseAlarmsPerSymbolDay: number;
  /** Absent when the ensemble was off. */
  readonly ensemble?: EnsembleResult;
  readonly ticks: number;
  readonly cleanTicks: number;
  /** Sum of the runs' wall times (they may have run in parallel). */
  readonly elapsedMs: number;
}

/**
 * The market benchmark: for each seed, one simulated run with labelled anomalies (scored by
 * matchDetections: precision, recall, F1 and delay per kind) and one without any (anomaly rate 0,
 * same symbols and random paths otherwise), whose every event is a false alarm.
 */
export async function benchDetect(options: BenchDetectOptions, run: RunMarkets = runHere): Promise<BenchDetectResult> {
  const ids = buildDetectors(options.detectors).map((detector) => detector.id);
  return scoreRuns(options, ids, await run(planRuns(options), options.detectors));
}

/** Two runs per seed: with anomalies at the simulator's default rate, and clean. */
export function planRuns(options: BenchDetectOptions): MarketRunOptions[] {
  return options.seeds.flatMap((seed) =>
    [ANOMALIES_PER_SYMBOL_HOUR, 0].map((rate) => ({ seed, symbols: options.symbols, days: options.days, anomaliesPerSymbolHour: rate })),
  );
}

/** Scores the runs of planRuns; `ids`, the detectors that ran, in order. */
export function scoreRuns(options: BenchDetectOptions, ids: readonly string[], runs: readonly MarketRun[]): BenchDetectResult {
  const rules = options.rules ?? { kinds: DETECTOR_KINDS, graceMs: GRACE_MS };
  const tallies: MatchTally[] = [];
  const ensembleTallies: MatchTally[] = [];
  const ensembleRules: MatchRules = { kinds: { [ENSEMBLE]: ANOMALY_KINDS }, graceMs: rules.graceMs };
  const clean = new Map<string, number>(ids.map((id) => [id, 0]));
  let ticks = 0;
  let cleanTicks = 0;
  let elapsedMs = 0;
  for (const run of runs) {
    elapsedMs += run.elapsedMs;
    if (run.options.anomaliesPerSymbolHour > 0) {
      ticks += run.ticks;
      tallies.push(matchDetections(run.labels, run.detections, rules));
      const combined = run.detections.filter((detection) => detection.detector === ENSEMBLE);
      if (combined.length > 0) ensembleTallies.push(matchDetections(run.labels, combined, ensembleRules));
    } else {
      cleanTicks += run.ticks;
      for (const detection of run.detections) clean.set(detection.detector, (clean.get(detection.detector) ?? 0) + 1);
    }
  }

  const merged = mergeTallies(tallies);
  const symbolDays = options.seeds.length * options.symbols * options.days;
  const perSymbolDay = (events: number): number => events / symbolDays;
  const kinds = ANOMALY_KINDS.map((kind): KindResult => {
    const detectors = ids.filter((id) => rules.kinds[id]?.includes(kind) === true);
    const cleanEvents = detectors.reduce((sum, id) => sum + (clean.get(id) ?? 0), 0);
    const tally = merged.kinds[kind];
    return { kind, graceMs: rules.graceMs[kind], detectors, tally, ...kindMetrics(tally), falseAlarmsPerSymbolDay: perSymbolDay(cleanEvents) };
  });
  const detectors = ids.map(
    (id): DetectorResult => ({
      id,
      kinds: rules.kinds[id] ?? [],
      tally: merged.detectors[id] ?? { events: 0, truePositives: 0, onOtherAnomalies: 0 },
      falseAlarmsPerSymbolDay: perSymbolDay(clean.get(id) ?? 0),
    }),
  );
  const allClean = [...clean].reduce((sum, [id, n]) => (id === ENSEMBLE ? sum : sum + n), 0);
  const ensemble = ensembleResult(mergeTallies(ensembleTallies), perSymbolDay(clean.get(ENSEMBLE) ?? 0), clean.has(ENSEMBLE) || ensembleTallies.length > 0);
  return {
    seeds: options.seeds,
    symbols: options.symbols,
    days: options.days,
    kinds,
    detectors,
    falseAlarmsPerSymbolDay: perSymbolDay(allClean),
    ...(ensemble === undefined ? {} : { ensemble }),
    ticks,
    cleanTicks,
    elapsedMs,
  };
}

function ensembleResult(tally: MatchTally, falseAlarmsPerSymbolDay: number, ran: boolean): EnsembleResult | undefined {
  if (!ran) return undefined;
  const own = tally.detectors[ENSEMBLE] ?? { events: 0, truePositives: 0, onOtherAnomalies: 0 };
  const recall = Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, kindMetrics(tally.kinds[kind]).recall])) as Record<AnomalyKind, number>;
  return {
    events: own.events,
    truePositives: own.truePositives,
    precision: own.events === 0 ? Number.NaN : own.truePositives / own.events,
    recall,
    falseAlarmsPerSymbolDay,
  };
}

/** One run after the other, in this thread. */
export async function runHere(jobs: readonly MarketRunOptions[], detectors: DetectorsConfig | undefined): Promise<readonly MarketRun[]> {
  return jobs.map((job) => {
    const built = buildDetectors(detectors);
    return runMarket(job, built, buildEnsemble(detectors, built));
  });
}
