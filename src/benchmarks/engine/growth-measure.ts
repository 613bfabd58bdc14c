import { median } from 'simple-statistics';
import { buildDetectors, buildEnsemble } from '../../detectors/registry.js';
import { collectGarbage, DISCARD, detectOperator, timeDetection, type DetectOperator } from './engine-run.js';
import { simulatedMarket, takeTicks } from './market.js';
import { windowedConfig } from './window-config.js';

export interface GrowthConfig {
  readonly symbols: number;
  readonly window: number;
  readonly seed: number;
  /** Ticks streamed through the operator, per symbol on average, before memory is measured. */
  readonly stateTicksPerSymbol: number;
  /** Ticks of each timed run, and the runs (each on the next ticks of the market, after an untimed one). */
  readonly ticks: number;
  readonly repeat: number;
}

export interface GrowthMeasurement {
  readonly symbols: number;
  readonly window: number;
  readonly stateTicks: number;
  /** Grown by building the detector states, after a full GC: V8 heap, array buffers (typed-array windows live there), resident set. */
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
  readonly rssBytes: number;
  readonly ticksPerSecond: number;
  readonly runs: readonly number[];
}

/** The default detector set + ensemble with every count-based window set to `window`. */
export function windowedOperator(window: number | undefined): DetectOperator {
  const config = windowedConfig(window);
  const detectors = buildDetectors(config);
  return detectOperator({ detectors, ensemble: buildEnsemble(config, detectors) });
}

/**
 * Memory and throughput of one configuration, in this process: meant to run in a fresh process
 * started with --expose-gc (see runGrowthInChild), so the memory figures are the detector
 * states' alone. Memory is the growth, after a full GC, from before the operator existed (the
 * simulator already built) to after `stateTicksPerSymbol` × symbols ticks went through it.
 */
export function measureGrowth(config: GrowthConfig): GrowthMeasurement {
  const market = simulatedMarket(config.symbols, config.seed);
  collectGarbage();
  const before = process.memoryUsage();
  const operator = windowedOperator(config.window);
  const stateTicks = config.symbols * config.stateTicksPerSymbol;
  for (let i = 0; i < stateTicks; i++) operator.process(market.next()!, DISCARD);
  collectGarbage();
  const after = process.memoryUsage();
  const runs: number[] = [];
  // Run 0 is untimed: the JIT's warm-up (the state ticks may be too few for it).
  for (let run = 0; run <= config.repeat; run++) {
    const ticks = takeTicks(market, config.ticks);
    collectGarbage();
    const ms = timeDetection(operator, ticks, ticks.length);
    if (run > 0) runs.push((ticks.length / ms) * 1000);
  }
  return {
    symbols: config.symbols,
    window: config.window,
    stateTicks,
    heapBytes: after.heapUsed - before.heapUsed,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    rssBytes: after.rss - before.rss,
    ticksPerSecond: median(runs),
    runs,
  };
}
