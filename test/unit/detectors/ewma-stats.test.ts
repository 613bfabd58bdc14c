import { describe, expect, it } from 'vitest';
import { createEwmaStats, ewmaCount, ewmaMean, ewmaPush, ewmaStd, ewmaVariance } from '../../../src/detectors/rolling/ewma-stats.js';
import { expectClose, normal, referenceEwma, rng } from './fixtures.js';

function check(values: readonly number[], alpha: number, floor: { mean: number; variance: number }): void {
  const stats = createEwmaStats(alpha);
  for (let i = 0; i < values.length; i++) {
    ewmaPush(stats, values[i]!);
    const reference = referenceEwma(values.slice(0, i + 1), alpha);
    expect(ewmaCount(stats)).toBe(i + 1);
    expectClose(ewmaMean(stats), reference.mean, 1e-9, floor.mean);
    expectClose(ewmaVariance(stats), reference.variance, 1e-9, floor.variance);
  }
}

function series(n: number, seed: number, f: (draw: () => number, i: number) => number): number[] {
  const draw = normal(rng(seed));
  return Array.from({ length: n }, (_, i) => f(draw, i));
}

describe('EWMA mean and variance', () => {
  it('matches a brute-force weighted mean and variance on random data', () => {
    for (const alpha of [0.01, 0.06, 0.3, 0.9]) {
      check(series(1500, 1, (draw) => 3 + draw()), alpha, { mean: 1, variance: 1 });
    }
  });

  it('matches on small returns around zero', () => {
    check(series(1500, 2, (draw) => 1e-3 * draw()), 0.06, { mean: 1e-6, variance: 1e-9 });
  });

  it('keeps the precision of small noise on a huge level (1e9 + N(0, 1))', () => {
    check(series(1500, 3, (draw) => 1e9 + draw()), 0.06, { mean: 1, variance: 1 });
  });

  it('handles alternating extremes and a level shift', () => {
    check(series(800, 4, (_, i) => (i % 2 === 0 ? 1e9 : -1e9)), 0.06, { mean: 1e9, variance: 1e18 });
    check(series(1500, 5, (draw, i) => (i < 700 ? draw() : 1e9 + draw())), 0.06, { mean: 1, variance: 1 });
  });

  it('seeds with the first value and stays exactly constant on a constant series', () => {
    const stats = createEwmaStats(0.06);
    expect(ewmaMean(stats)).toBe(0);
    for (let i = 0; i < 1000; i++) ewmaPush(stats, 1e9 + 0.25);
    expect(ewmaMean(stats)).toBe(1e9 + 0.25);
    expect(ewmaVariance(stats)).toBe(0);
    expect(ewmaStd(stats)).toBe(0);
  });

  it('rejects alpha outside (0, 1]', () => {
    expect(() => createEwmaStats(0)).toThrow(RangeError);
    expect(() => createEwmaStats(1.5)).toThrow(RangeError);
    expect(() => createEwmaStats(Number.NaN)).toThrow(RangeError);
  });
});
