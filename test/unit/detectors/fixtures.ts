import { weightedMean, weightedVariance } from 'simple-statistics';
import { expect } from 'vitest';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import type { Detector } from '../../../src/detectors/detector.js';
import type { Tick } from '../../../src/ticks/tick.js';

/** Seeded uniform [0, 1) generator (mulberry32), so every run sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller) from a uniform generator. */
export function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Geometric random walk with log-return σ `sigma`; `jumps` maps a tick index to an extra log return. */
export function randomWalk(n: number, seed: number, sigma = 0.001, jumps: ReadonlyMap<number, number> = new Map()): number[] {
  const draw = normal(rng(seed));
  const prices: number[] = [100];
  for (let i = 1; i < n; i++) {
    const price = prices[i - 1]! * Math.exp(sigma * draw() + (jumps.get(i) ?? 0));
    prices.push(Math.round(price * 10_000) / 10_000);
  }
  return prices;
}

export const T0 = Date.UTC(2024, 0, 2, 14, 30);

export function ticks(symbol: string, prices: readonly number[], sizes?: readonly number[]): Tick[] {
  return prices.map((price, i) => ({ symbol, ts: T0 + i * 1000, price, size: sizes?.[i] ?? 100 }));
}

/** Feeds `ticks` to one detector with fresh state; the event per tick index (undefined when none). */
export function run<S>(detector: Detector<S>, input: readonly Tick[]): (AnomalyEvent | undefined)[] {
  const state = detector.createState();
  return input.map((tick) => detector.update(state, tick));
}

/** |actual - expected| <= rel · max(|expected|, floor): relative, with an absolute floor near zero. */
export function expectClose(actual: number, expected: number, rel = 1e-9, floor = 1e-300): void {
  const tolerance = rel * Math.max(Math.abs(expected), floor);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    expect.fail(`expected ${actual} to be within ${rel} (relative) of ${expected}`);
  }
}

/**
 * Brute-force EWMA over `values`: weight alpha(1-alpha)^k for the value k steps old, the
 * remaining (1-alpha)^(n-1) on the first; weighted mean and population variance by simple-statistics.
 */
export function referenceEwma(values: readonly number[], alpha: number): { mean: number; variance: number } {
  const n = values.length;
  const weights = values.map((_, i) => (i === 0 ? (1 - alpha) ** (n - 1) : alpha * (1 - alpha) ** (n - 1 - i)));
  return { mean: weightedMean([...values], weights), variance: weightedVariance([...values], weights) };
}

/** ln(p_i / p_{i-1}) for i >= 1, at index i (index 0 unused). */
export function logReturns(prices: readonly number[]): number[] {
  return prices.map((price, i) => (i === 0 ? Number.NaN : Math.log(price / prices[i - 1]!)));
}
