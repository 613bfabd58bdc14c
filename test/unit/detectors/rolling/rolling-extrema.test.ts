import { max, min } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { createRollingExtrema, extremaCount, extremaMax, extremaMin, extremaPush } from '../../../../src/detectors/rolling/rolling-extrema.js';
import { createMonotonicDeque, dequeEvictBefore, dequeFront, dequeGrow, dequePush } from '../../../../src/detectors/rolling/monotonic-deque.js';
import { expectClose } from '../fixtures.js';
import { adversarialSeries, series } from './series.js';

function checkAgainstReference(values: readonly number[], w: number, floor: number): void {
  const extrema = createRollingExtrema(w);
  values.forEach((value, i) => {
    expect(extremaPush(extrema, value)).toBe(true);
    const window = values.slice(Math.max(0, i + 1 - w), i + 1);
    expect(extremaCount(extrema)).toBe(window.length);
    // Exact: min and max pick a value, they compute nothing (0 tolerance; ±0 compare equal).
    expectClose(extremaMin(extrema), min(window), 0, floor);
    expectClose(extremaMax(extrema), max(window), 0, floor);
  });
}

describe('rolling min and max (monotonic deques)', () => {
  it('matches simple-statistics after every push on random data', () => {
    for (const w of [1, 2, 3, 10, 100, 500]) checkAgainstReference(series(3000, w, (draw) => draw()), w, 1);
  });

  it.each(adversarialSeries(1500).map((s) => [s.name, s] as const))('matches simple-statistics on %s data', (_, { values, floor }) => {
    for (const w of [1, 2, 7, 64, 333]) checkAgainstReference(values, w, floor);
  });

  it('holds at most w candidates: a strictly decreasing run fills the max deque exactly', () => {
    const extrema = createRollingExtrema(50);
    for (let i = 0; i < 1000; i++) extremaPush(extrema, -i);
    expect(extrema.max.size).toBe(50);
    expect(extrema.min.size).toBe(1);
    expect(extremaMax(extrema)).toBe(-950);
  });

  it('skips NaN and ±Infinity: the window is the last w finite values', () => {
    const extrema = createRollingExtrema(3);
    const accepted = [5, Number.NaN, 1, Infinity, 4, -Infinity, 2].map((value) => extremaPush(extrema, value));
    expect(accepted).toEqual([true, false, true, false, true, false, true]);
    expect([extremaMin(extrema), extremaMax(extrema), extremaCount(extrema)]).toEqual([1, 4, 3]);
  });

  it('reports NaN when empty', () => {
    const extrema = createRollingExtrema(4);
    expect(extremaMin(extrema)).toBeNaN();
    expect(extremaMax(extrema)).toBeNaN();
  });

  it('keeps its candidates in order when a wrapped deque grows', () => {
    const deque = createMonotonicDeque(4, false);
    for (let seq = 0; seq < 6; seq++) {
      dequeEvictBefore(deque, seq - 3);
      dequePush(deque, seq, seq); // increasing: every value stays a candidate for the min
    }
    expect(deque.head).not.toBe(0);
    dequeGrow(deque, 8);
    expect(Array.from(deque.values.subarray(0, deque.size))).toEqual([2, 3, 4, 5]);
    dequeEvictBefore(deque, 4);
    expect(dequeFront(deque)).toBe(4);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => createRollingExtrema(0)).toThrow(RangeError);
  });
});
