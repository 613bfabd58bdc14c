import { max, mean, min, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import {
  createTimeWindowStats,
  timeWindowAdvance,
  timeWindowCount,
  timeWindowMax,
  timeWindowMean,
  timeWindowMin,
  timeWindowPush,
  timeWindowStd,
  timeWindowVariance,
  type TimeWindowStats,
} from '../../../../src/detectors/rolling/time-window-stats.js';
import { expectClose, rng } from '../fixtures.js';
import { adversarialSeries, series } from './series.js';

/** Timestamps with bursts (many values in one ms) and gaps longer than the span. */
function bursty(n: number, seed: number): number[] {
  const uniform = rng(seed);
  const times: number[] = [];
  let t = 1_700_000_000_000;
  for (let i = 0; i < n; i++) {
    const u = uniform();
    t += u < 0.3 ? 0 : u < 0.97 ? Math.floor(uniform() * 40) : 2000 + Math.floor(uniform() * 3000);
    times.push(t);
  }
  return times;
}

function check(stats: TimeWindowStats, window: readonly number[], floor: number): void {
  expect(timeWindowCount(stats)).toBe(window.length);
  if (window.length === 0) return;
  expectClose(timeWindowMean(stats), mean(window), 1e-9, floor);
  expectClose(timeWindowVariance(stats), variance(window), 1e-9, floor * floor);
  expectClose(timeWindowMin(stats), min(window), 0, floor);
  expectClose(timeWindowMax(stats), max(window), 0, floor);
}

/** Pushes (times[i], values[i]) and compares with simple-statistics over the values with ts > t - span. */
function checkAgainstReference(times: readonly number[], values: readonly number[], spanMs: number, floor: number): void {
  const stats = createTimeWindowStats(spanMs);
  let from = 0;
  for (let i = 0; i < values.length; i++) {
    expect(timeWindowPush(stats, times[i]!, values[i]!)).toBe(true);
    while (times[from]! <= times[i]! - spanMs) from++;
    check(stats, values.slice(from, i + 1), floor);
  }
}

describe('time-window mean, variance, min and max', () => {
  it('matches simple-statistics over the values of the last spanMs, on bursty timestamps', () => {
    const times = bursty(4000, 1);
    for (const span of [1, 50, 500, 5000]) checkAgainstReference(times, series(4000, span, (draw) => 5 + 2 * draw()), span, 1);
  });

  // Squares of ±1e300 overflow: their variance is out of range for any method.
  const cases = adversarialSeries(2000).filter((s) => s.name !== 'huge magnitudes');
  it.each(cases.map((s) => [s.name, s] as const))('matches simple-statistics on %s data', (_, { values, floor }) => {
    checkAgainstReference(bursty(values.length, 2), values, 300, floor);
  });

  it('grows past its initial 64 slots when a burst fills the span, and keeps every value', () => {
    const values = series(5000, 3, (draw) => draw());
    const stats = createTimeWindowStats(1000);
    values.forEach((value) => timeWindowPush(stats, 42, value));
    expect(stats.values.length).toBe(8192);
    expect(stats.truncated).toBe(0);
    check(stats, values, 1);
    timeWindowAdvance(stats, 1042);
    expect(timeWindowCount(stats)).toBe(0);
    expect(timeWindowMean(stats)).toBe(0);
    expect(timeWindowMin(stats)).toBeNaN();
  });

  it('evicts early at maxCapacity, counting it, so a burst keeps the last maxCapacity values', () => {
    const values = series(1000, 4, (draw) => draw());
    const stats = createTimeWindowStats(60_000, 100);
    values.forEach((value, i) => timeWindowPush(stats, i, value));
    expect(stats.values.length).toBe(100);
    expect(stats.truncated).toBe(900);
    check(stats, values.slice(-100), 1);
  });

  it('treats a late timestamp as the newest, and evicts by time on advance', () => {
    const stats = createTimeWindowStats(100);
    timeWindowPush(stats, 1000, 1);
    timeWindowPush(stats, 1050, 2);
    timeWindowPush(stats, 990, 3); // late: counts as arriving at 1050
    timeWindowAdvance(stats, 1100); // (1000, 1100]: 1 leaves
    check(stats, [2, 3], 1);
    timeWindowAdvance(stats, 1149);
    check(stats, [2, 3], 1);
    timeWindowAdvance(stats, 1150);
    expect(timeWindowCount(stats)).toBe(0);
  });

  it('gives exactly 0 variance once only identical values are left', () => {
    const values = series(400, 5, (d, i) => (i < 200 ? 1e9 + d() : 1e9 + 0.5));
    const stats = createTimeWindowStats(50);
    values.forEach((value, i) => {
      timeWindowPush(stats, i, value);
      if (i >= 250) expect(timeWindowVariance(stats)).toBe(0);
    });
    expect(timeWindowStd(stats)).toBe(0);
  });

  it('does not drift over 10^6 updates through growth, bursts and emptying', () => {
    const times = bursty(1_000_000, 9);
    const values = series(1_000_000, 10, (draw, i) => (i % 100_003 === 0 ? 1e12 : 1e6 + draw()));
    const stats = createTimeWindowStats(2000);
    values.forEach((value, i) => timeWindowPush(stats, times[i]!, value));
    const last = times[times.length - 1]!;
    check(stats, values.filter((_, i) => times[i]! > last - 2000), 1);
  });

  it('skips NaN and ±Infinity values and timestamps', () => {
    const stats = createTimeWindowStats(100);
    expect([timeWindowPush(stats, 1, Number.NaN), timeWindowPush(stats, Number.NaN, 1), timeWindowPush(stats, 2, -Infinity)]).toEqual([false, false, false]);
    expect(timeWindowCount(stats)).toBe(0);
  });

  it('rejects a span or capacity out of range', () => {
    expect(() => createTimeWindowStats(0)).toThrow(RangeError);
    expect(() => createTimeWindowStats(Infinity)).toThrow(RangeError);
    expect(() => createTimeWindowStats(10, 0)).toThrow(RangeError);
  });
});
