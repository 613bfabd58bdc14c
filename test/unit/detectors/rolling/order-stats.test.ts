import { max, median, medianAbsoluteDeviation, min, quantile } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  createOrderStats,
  orderStatsCount,
  orderStatsCountBelow,
  orderStatsCountWithin,
  orderStatsMad,
  orderStatsMax,
  orderStatsMedian,
  orderStatsMin,
  orderStatsPush,
  orderStatsQuantile,
  orderStatsSelect,
  type OrderStats,
} from '../../../../src/detectors/rolling/order-stats.js';
import { expectClose, rng } from '../fixtures.js';
import { adversarialSeries, series } from './series.js';

const PROBABILITIES = [0, 0.01, 0.1, 0.25, 0.3, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

/** Height of the tree and whether every node keeps the AVL and size invariants and the key order. */
function checkTree(stats: OrderStats): number {
  const values = stats.window.values;
  const visit = (node: number, low: number, high: number): { height: number; size: number } => {
    if (node === -1) return { height: 0, size: 0 };
    expect(values[node]).toBeGreaterThanOrEqual(low);
    expect(values[node]).toBeLessThanOrEqual(high);
    const l = visit(stats.left[node]!, low, values[node]!);
    const r = visit(stats.right[node]!, values[node]!, high);
    expect(Math.abs(l.height - r.height)).toBeLessThanOrEqual(1);
    expect(stats.height[node]).toBe(Math.max(l.height, r.height) + 1);
    expect(stats.size[node]).toBe(l.size + r.size + 1);
    return { height: stats.height[node]!, size: stats.size[node]! };
  };
  const { height, size } = visit(stats.root, -Infinity, Infinity);
  expect(size).toBe(orderStatsCount(stats));
  return height;
}

/** Pushes every value and compares each statistic with simple-statistics over the same last w values. */
function checkAgainstReference(values: readonly number[], w: number, floor: number): void {
  const stats = createOrderStats(w);
  for (let i = 0; i < values.length; i++) {
    expect(orderStatsPush(stats, values[i]!)).toBe(true);
    const window = values.slice(Math.max(0, i + 1 - w), i + 1);
    expect(orderStatsCount(stats)).toBe(window.length);
    const m = median(window);
    expectClose(orderStatsMedian(stats), m, 1e-9, floor);
    expectClose(orderStatsMad(stats), medianAbsoluteDeviation(window), 1e-9, floor);
    expectClose(orderStatsMin(stats), min(window), 0, floor);
    expectClose(orderStatsMax(stats), max(window), 0, floor);
    const expected = quantile(window, PROBABILITIES);
    PROBABILITIES.forEach((p, k) => expectClose(orderStatsQuantile(stats, p), expected[k]!, 1e-9, floor));
  }
}

describe('rolling order statistics (median, MAD, quantiles)', () => {
  it('matches simple-statistics after every push on random data, for many window sizes', () => {
    for (const w of [1, 2, 3, 4, 5, 17, 64, 200]) {
      checkAgainstReference(series(1500, w, (draw) => 5 + 2 * draw()), w, 1);
    }
  });

  it.each(adversarialSeries(1200).map((s) => [s.name, s] as const))('matches simple-statistics on %s data', (_, { values, floor }) => {
    for (const w of [1, 2, 7, 50, 201]) checkAgainstReference(values, w, floor);
  });

  it('gives exactly the brute-force MAD (same rounding), not just close to it', () => {
    // Values on a coarse grid around a non-representable median expose any other way of computing deviations.
    const uniform = rng(21);
    const values = series(4000, 22, () => 0.1 * Math.floor(uniform() * 30) + (uniform() < 0.5 ? 1e-17 : 0.3));
    const stats = createOrderStats(99);
    values.forEach((value, i) => {
      orderStatsPush(stats, value);
      const window = values.slice(Math.max(0, i - 98), i + 1);
      expect(orderStatsMedian(stats)).toBe(median(window));
      expect(orderStatsMad(stats)).toBe(medianAbsoluteDeviation(window));
    });
  });

  it('stays an AVL tree of height <= 1.44 log2(w) through sorted, reverse and random input', () => {
    const w = 1000;
    const bound = 1.4405 * Math.log2(w + 2);
    for (const values of [series(5000, 1, (_, i) => i), series(5000, 2, (_, i) => -i), series(5000, 3, (draw) => draw())]) {
      const stats = createOrderStats(w);
      values.forEach((value, i) => {
        orderStatsPush(stats, value);
        if (i % 997 === 0) expect(checkTree(stats)).toBeLessThanOrEqual(bound);
      });
      expect(checkTree(stats)).toBeLessThanOrEqual(bound);
    }
  });

  it('selects by rank and counts values below, with duplicates', () => {
    const stats = createOrderStats(6);
    for (const value of [3, 1, 3, 2, 3, 1, 5]) orderStatsPush(stats, value); // window: 1 3 2 3 1 5
    expect([0, 1, 2, 3, 4, 5].map((k) => orderStatsSelect(stats, k))).toEqual([1, 1, 2, 3, 3, 5]);
    expect([0, 1, 1.5, 2, 3, 4, 5, 6].map((x) => orderStatsCountBelow(stats, x))).toEqual([0, 0, 2, 2, 3, 5, 5, 6]);
    expect([[1, 3], [1.5, 2.5], [3, 3], [3.5, 4], [5, 1], [-Infinity, Infinity]].map(([low, high]) => orderStatsCountWithin(stats, low!, high!))).toEqual([5, 1, 2, 0, 0, 6]);
  });

  it('skips NaN and ±Infinity: the window is the last w finite values', () => {
    const clean = series(600, 31, (draw) => draw());
    const dirty = clean.flatMap((value, i) => (i % 7 === 3 ? [Number.NaN, value, Infinity, -Infinity] : [value]));
    const a = createOrderStats(40);
    const b = createOrderStats(40);
    for (const value of clean) orderStatsPush(a, value);
    const accepted = dirty.map((value) => orderStatsPush(b, value));
    expect(accepted.filter((ok) => !ok)).toHaveLength(3 * Math.ceil((600 - 3) / 7));
    expect(orderStatsMedian(b)).toBe(orderStatsMedian(a));
    expect(orderStatsMad(b)).toBe(orderStatsMad(a));
    expect(orderStatsQuantile(b, 0.9)).toBe(orderStatsQuantile(a, 0.9));
  });

  it('reports NaN for every statistic of an empty window', () => {
    const stats = createOrderStats(5);
    orderStatsPush(stats, Number.NaN);
    expect(orderStatsCount(stats)).toBe(0);
    for (const value of [orderStatsMedian(stats), orderStatsMad(stats), orderStatsQuantile(stats, 0.3), orderStatsMin(stats), orderStatsMax(stats)]) {
      expect(value).toBeNaN();
    }
  });

  it('keeps exact results over 10^6 updates of a long window', () => {
    const w = 2001;
    const values = series(1_000_000, 5, (draw, i) => (i % 100_003 === 0 ? 1e12 : 100 + draw()));
    const stats = createOrderStats(w);
    for (const value of values) orderStatsPush(stats, value);
    const window = values.slice(-w);
    expect(orderStatsMedian(stats)).toBe(median(window));
    expect(orderStatsMad(stats)).toBe(medianAbsoluteDeviation(window));
    expect(checkTree(stats)).toBeLessThanOrEqual(1.4405 * Math.log2(w + 2));
  });

  it('rejects a window that is not a positive integer', () => {
    expect(() => createOrderStats(0)).toThrow(RangeError);
    expect(() => createOrderStats(2.5)).toThrow(RangeError);
  });
});
