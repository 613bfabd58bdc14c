import { mean, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  createRollingStats,
  rollingCount,
  rollingMean,
  rollingPush,
  rollingStd,
  rollingVariance,
} from '../../../src/detectors/rolling/rolling-stats.js';
import { expectClose, normal, rng } from './fixtures.js';

/**
 * Feeds `values` through a window of `w` and compares mean and population variance with
 * simple-statistics (`mean`, `variance`: both population, two-pass) over the same last w values
 * after every push. `floor` is the absolute scale below which errors are compared absolutely.
 */
function checkAgainstReference(values: readonly number[], w: number, floor: { mean: number; variance: number }): void {
  const stats = createRollingStats(w);
  for (let i = 0; i < values.length; i++) {
    rollingPush(stats, values[i]!);
    const window = values.slice(Math.max(0, i + 1 - w), i + 1);
    expect(rollingCount(stats)).toBe(window.length);
    expectClose(rollingMean(stats), mean(window), 1e-9, floor.mean);
    expectClose(rollingVariance(stats), variance(window), 1e-9, floor.variance);
  }
}

function series(n: number, seed: number, f: (draw: () => number, i: number) => number): number[] {
  const draw = normal(rng(seed));
  return Array.from({ length: n }, (_, i) => f(draw, i));
}

describe('rolling mean and variance', () => {
  it('matches simple-statistics on random data, across many recomputes', () => {
    for (const w of [2, 3, 17, 100]) {
      checkAgainstReference(series(3000, w, (draw) => 5 + 2 * draw()), w, { mean: 1, variance: 1 });
    }
  });

  it('matches on heavy-tailed data near zero', () => {
    const values = series(3000, 11, (draw) => draw() / Math.max(0.05, Math.abs(draw())));
    checkAgainstReference(values, 50, { mean: 1e-3, variance: 1e-3 });
  });

  it('keeps the precision of small noise on a huge level (1e9 + N(0, 0.01))', () => {
    // The reference's own error here is ~ (ulp(1e9) / σ)² ≈ 1e-10 relative.
    checkAgainstReference(series(3000, 3, (draw) => 1e9 + 0.01 * draw()), 64, { mean: 1, variance: 1e-4 });
  });

  it('handles alternating extremes', () => {
    checkAgainstReference(series(1000, 5, (_, i) => (i % 2 === 0 ? 1e9 : -1e9)), 7, { mean: 1e9, variance: 1e18 });
    checkAgainstReference(series(1000, 5, (draw, i) => (i % 2 === 0 ? 1e9 + draw() : 1e-9 * draw())), 10, {
      mean: 1e9,
      variance: 1e18,
    });
  });

  it('is back to full precision once a level shift (0 → 1e9 + N(0, 1)) has left the window', () => {
    const w = 50;
    const shift = 1013; // not aligned with the periodic recompute
    const values = series(2000, 9, (draw, i) => (i < shift ? draw() : 1e9 + draw()));
    const stats = createRollingStats(w);
    for (let i = 0; i < values.length; i++) {
      rollingPush(stats, values[i]!);
      if (i >= shift + w - 1) {
        const window = values.slice(i + 1 - w, i + 1);
        expectClose(rollingMean(stats), mean(window));
        expectClose(rollingVariance(stats), variance(window));
      }
    }
  });

  it('is back to full precision as soon as a huge outlier leaves the window', () => {
    const w = 30;
    const values = series(600, 13, (draw, i) => (i % 97 === 50 ? 1e12 : 100 + draw()));
    checkAgainstReference(values, w, { mean: 1, variance: 1 });
  });

  it('gives exactly 0 variance for a constant series', () => {
    const stats = createRollingStats(20);
    for (let i = 0; i < 500; i++) rollingPush(stats, 1e9 + 0.5);
    expect(rollingMean(stats)).toBe(1e9 + 0.5);
    expect(rollingVariance(stats)).toBe(0);
    expect(rollingStd(stats)).toBe(0);
  });

  it('gives exactly 0 variance once a varied stretch has left the window', () => {
    const draw = normal(rng(3));
    const uniform = rng(5);
    let nonZero = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const w = 2 + Math.floor(uniform() * 100);
      const level = [0, 1, 100, 1e9][trial % 4]!;
      const stats = createRollingStats(w);
      for (let i = 0; i < 3 * w; i++) rollingPush(stats, level + draw() * level * 1e-3 + draw());
      const constant = trial % 8 < 4 ? level : level + draw();
      const flat = w + Math.floor(uniform() * 3 * w);
      for (let i = 0; i < flat; i++) {
        rollingPush(stats, constant);
        if (i >= w - 1 && rollingVariance(stats) !== 0) nonZero++;
      }
      expectClose(rollingMean(stats), constant, 1e-15, 1e-300);
    }
    expect(nonZero).toBe(0);
  });

  it('reports an empty window as mean 0, variance 0', () => {
    const stats = createRollingStats(5);
    expect(rollingCount(stats)).toBe(0);
    expect(rollingMean(stats)).toBe(0);
    expect(rollingVariance(stats)).toBe(0);
  });

  it.each([
    ['1e6 + noise', (u: number, _: number) => 1e6 + (u - 0.5)],
    ['1e6 + noise with a 1e12 outlier every 100k', (u: number, i: number) => (i % 100_003 === 0 ? 1e12 : 1e6 + (u - 0.5))],
  ])('does not drift over 10^7 updates on %s', (_, value) => {
    const w = 997; // prime, so the end is not aligned with the periodic recompute
    const updates = 10_000_000;
    const uniform = rng(42);
    const stats = createRollingStats(w);
    const recent = new Float64Array(w);
    for (let i = 0; i < updates; i++) {
      const x = value(uniform(), i);
      recent[i % w] = x;
      rollingPush(stats, x);
    }
    const window = Array.from(recent);
    expect(rollingCount(stats)).toBe(w);
    expectClose(rollingMean(stats), mean(window));
    expectClose(rollingVariance(stats), variance(window));
  });
});
