import { median } from 'simple-statistics';
import { buildDetectors, buildEnsemble } from '../../detectors/registry.js';
import type { MarketSimulator } from '../../sources/simulator/market-simulator.js';
import { simulatedMarket, takeTicks } from './market.js';
import { buildNaiveDetectors } from './naive-detectors.js';
import {
  collectGarbage,
  detectOperator,
  flagCollector,
  restoredOperator,
  snapshotStates,
  timeDetection,
  type Engine,
  type StateSnapshot,
} from './engine-run.js';
import { windowedConfig, windowFillTicks } from './window-config.js';

export interface EngineBenchOptions {
  readonly symbols: number;
  /** Ticks each timed run of the optimized engine processes. */
  readonly ticks: number;
  /** Ticks each timed run of the naive engine processes (the first of the same ticks): it is far slower. */
  readonly naiveTicks: number;
  /** Timed runs of each engine, after one untimed warm-up run. */
  readonly repeat: number;
  readonly seed: number;
  /** The window configurations to compare: undefined for the default windows, else every count-based window set to it. */
  readonly windows: readonly (number | undefined)[];
}

export interface Timing {
  readonly ticks: number;
  /** Of each timed run, in run order. */
  readonly ticksPerSecond: readonly number[];
  readonly median: number;
}

/** The (symbol, detector, ts) sets of both engines over the same ticks. */
export interface FlagCheck {
  readonly ticks: number;
  readonly optimized: number;
  readonly naive: number;
  readonly onlyOptimized: number;
  readonly onlyNaive: number;
  /** A few of the flags only one engine raised, `symbol|detector|ts`. */
  readonly examples: readonly string[];
}

export interface EngineCase {
  readonly window: number | undefined;
  /** Ticks streamed through both engines before the timed ones, so their windows are full. */
  readonly warmupTicks: number;
  readonly optimized: Timing;
  readonly naive: Timing;
  /** Median optimized ticks/s over median naive ticks/s. */
  readonly speedup: number;
  readonly flags: FlagCheck;
}

export interface EngineBenchResult {
  readonly options: EngineBenchOptions;
  readonly detectors: readonly string[];
  readonly cases: readonly EngineCase[];
  readonly elapsedMs: number;
}

/**
 * The detector engine benchmark. For each window configuration: the default detector set and
 * ensemble (the optimized engine) and the same set with its rolling-window detectors written the
 * obvious way (buildNaiveDetectors), each behind the detect operator as the pipeline runs it.
 *
 * Both engines are fed the same simulated ticks until their windows are full (warm-up: about
 * windowFillTicks per symbol), then their per-symbol states are snapshotted. The next `ticks`
 * ticks are generated into memory; each timed run restores the snapshot into a fresh operator and
 * times only process(tick, out) over them, with a no-op out. Runs alternate between the engines, so
 * the noise of a shared machine falls on both; medians are reported. The flags (symbol,
 * detector, ts) of both engines over the warm-up and the naive engine's ticks must be the same set.
 */
export function benchEngine(options: EngineBenchOptions, progress: (line: string) => void = () => undefined): EngineBenchResult {
  const started = performance.now();
  const cases = options.windows.map((window) => benchCase(options, window, progress));
  return { options, detectors: buildDetectors().map((d) => d.id), cases, elapsedMs: performance.now() - started };
}

function benchCase(options: EngineBenchOptions, window: number | undefined, progress: (line: string) => void): EngineCase {
  const label = window === undefined ? 'default windows' : `${window}-tick windows`;
  const config = windowedConfig(window);
  const real = buildDetectors(config);
  const naive = buildNaiveDetectors(config);
  const optimized: Engine = { detectors: real, ensemble: buildEnsemble(config, real) };
  const reference: Engine = { detectors: naive, ensemble: buildEnsemble(config, naive) };

  const market = simulatedMarket(options.symbols, options.seed);
  const warmupTicks = Math.ceil(options.symbols * windowFillTicks(window) * 1.05);
  progress(`${label}: warming up both engines on ${warmupTicks.toLocaleString('en-US')} ticks`);
  const optimizedFlags = new Set<string>();
  const naiveFlags = new Set<string>();
  const [optimizedSnapshot, naiveSnapshot] = warmUp(market, warmupTicks, [optimized, optimizedFlags], [reference, naiveFlags]);
  const ticks = takeTicks(market, options.ticks);
  const naiveTicks = Math.min(options.naiveTicks, options.ticks);

  // Untimed first run of each: the flag check over the naive engine's ticks, and the JIT's warm-up.
  timeDetection(restoredOperator(optimized, optimizedSnapshot), ticks, naiveTicks, flagCollector(optimizedFlags));
  timeDetection(restoredOperator(reference, naiveSnapshot), ticks, naiveTicks, flagCollector(naiveFlags));
  const flags = compareFlags(warmupTicks + naiveTicks, optimizedFlags, naiveFlags);

  const optimizedRates: number[] = [];
  const naiveRates: number[] = [];
  for (let run = 1; run <= options.repeat; run++) {
    collectGarbage();
    const a = restoredOperator(optimized, optimizedSnapshot);
    optimizedRates.push((ticks.length / timeDetection(a, ticks, ticks.length)) * 1000);
    collectGarbage();
    const b = restoredOperator(reference, naiveSnapshot);
    naiveRates.push((naiveTicks / timeDetection(b, ticks, naiveTicks)) * 1000);
    progress(`${label}: run ${run}/${options.repeat}: optimized ${rate(optimizedRates.at(-1)!)}, naive ${rate(naiveRates.at(-1)!)} ticks/s`);
  }
  const optimizedTiming = timing(ticks.length, optimizedRates);
  const naiveTiming = timing(naiveTicks, naiveRates);
  return { window, warmupTicks, optimized: optimizedTiming, naive: naiveTiming, speedup: optimizedTiming.median / naiveTiming.median, flags };
}

/** Streams `count` ticks of `market` through both engines (flags into their sets); their states after. */
function warmUp(
  market: MarketSimulator,
  count: number,
  [optimized, optimizedFlags]: readonly [Engine, Set<string>],
  [reference, naiveFlags]: readonly [Engine, Set<string>],
): [StateSnapshot, StateSnapshot] {
  const a = detectOperator(optimized);
  const b = detectOperator(reference);
  const outA = flagCollector(optimizedFlags);
  const outB = flagCollector(naiveFlags);
  for (let i = 0; i < count; i++) {
    const tick = market.next()!;
    a.process(tick, outA);
    b.process(tick, outB);
  }
  return [snapshotStates(a), snapshotStates(b)];
}

export function compareFlags(ticks: number, optimized: ReadonlySet<string>, naive: ReadonlySet<string>): FlagCheck {
  const onlyOptimized = [...optimized].filter((flag) => !naive.has(flag));
  const onlyNaive = [...naive].filter((flag) => !optimized.has(flag));
  return {
    ticks,
    optimized: optimized.size,
    naive: naive.size,
    onlyOptimized: onlyOptimized.length,
    onlyNaive: onlyNaive.length,
    examples: [...onlyOptimized.slice(0, 3).map((f) => `optimized only: ${f}`), ...onlyNaive.slice(0, 3).map((f) => `naive only: ${f}`)],
  };
}

function timing(ticks: number, ticksPerSecond: readonly number[]): Timing {
  return { ticks, ticksPerSecond, median: median([...ticksPerSecond]) };
}

function rate(ticksPerSecond: number): string {
  return Math.round(ticksPerSecond).toLocaleString('en-US');
}
