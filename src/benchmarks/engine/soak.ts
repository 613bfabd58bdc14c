import { linearRegression } from 'simple-statistics';
import type { Tick } from '../../ticks/tick.js';
import { collectGarbage, DISCARD } from './engine-run.js';
import { windowedOperator } from './growth-measure.js';
import { simulatedMarket, takeTicks } from './market.js';

export interface SoakConfig {
  readonly symbols: number;
  readonly window: number | undefined;
  readonly seed: number;
  readonly seconds: number;
  readonly sampleSeconds: number;
}

export interface SoakSample {
  readonly seconds: number;
  readonly ticks: number;
  readonly heapBytes: number;
  readonly rssBytes: number;
}

export interface SoakResult extends SoakConfig {
  readonly ticks: number;
  readonly samples: readonly SoakSample[];
  /** Least-squares slope of heapUsed (after GC) and rss over the samples after the first third, bytes per minute. */
  readonly heapSlopeBytesPerMinute: number;
  readonly rssSlopeBytesPerMinute: number;
}

/** Simulated ticks per symbol in the loop that is replayed: several minutes of market. */
const LOOP_TICKS_PER_SYMBOL = 400;
const BATCH = 10_000;

/**
 * Feeds the detect operator continuously for `seconds` of wall time and samples its memory after
 * a full GC every `sampleSeconds` (run it with --expose-gc; see runGrowthInChild). The input is a
 * few minutes of simulated market replayed lap after lap with its times shifted forward, each tick
 * a new object as a decoder would make it, so the only state that lives on is the operator's.
 * The first third of the samples is left out of the slope: windows and time buffers fill there.
 */
export function soak(config: SoakConfig): SoakResult {
  const loop = takeTicks(simulatedMarket(config.symbols, config.seed), config.symbols * LOOP_TICKS_PER_SYMBOL);
  const lapMs = loop.at(-1)!.ts - loop[0]!.ts + 1000;
  const operator = windowedOperator(config.window);
  const samples: SoakSample[] = [];
  const started = performance.now();
  let ticks = 0;
  let nextSample = config.sampleSeconds;
  for (let lap = 0; ; lap++) {
    const shift = lap * lapMs;
    for (let start = 0; start < loop.length; start += BATCH) {
      const end = Math.min(loop.length, start + BATCH);
      for (let i = start; i < end; i++) operator.process(shifted(loop[i]!, shift), DISCARD);
      ticks += end - start;
      const seconds = (performance.now() - started) / 1000;
      if (seconds < nextSample) continue;
      collectGarbage();
      const memory = process.memoryUsage();
      samples.push({ seconds, ticks, heapBytes: memory.heapUsed, rssBytes: memory.rss });
      nextSample += config.sampleSeconds;
      if (seconds >= config.seconds) {
        const tail = samples.slice(Math.floor(samples.length / 3));
        return {
          ...config,
          ticks,
          samples,
          heapSlopeBytesPerMinute: slopePerMinute(tail, (s) => s.heapBytes),
          rssSlopeBytesPerMinute: slopePerMinute(tail, (s) => s.rssBytes),
        };
      }
    }
  }
}

function shifted(tick: Tick, shift: number): Tick {
  return { ...tick, ts: tick.ts + shift };
}

function slopePerMinute(samples: readonly SoakSample[], value: (sample: SoakSample) => number): number {
  if (samples.length < 2) return Number.NaN;
  return linearRegression(samples.map((s) => [s.seconds / 60, value(s)])).m;
}
