import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { nabSeriesRows, probationaryLength, scaledSigmoid } from '../../../src/nab/nab-row-weights.js';
import { minutes, windowOfRows } from './series.js';

describe('scaledSigmoid', () => {
  it('is NAB\'s 2/(1+e^{5x}) − 1, i.e. −tanh(5x/2), and exactly −1 beyond x = 3', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(Math.tanh(2.5), 15);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.9866142981514303, 15);
    expect(scaledSigmoid(3)).toBeGreaterThan(-1);
    expect(scaledSigmoid(3.0001)).toBe(-1);
  });
});

describe('probationaryLength', () => {
  it('is min(floor(0.15 n), 750)', () => {
    expect(probationaryLength(20)).toBe(3);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(5000)).toBe(750);
    expect(probationaryLength(22695)).toBe(750);
  });
});

describe('nabSeriesRows', () => {
  // 20 rows, one window over rows 10..14 (width 5); rows 0..2 are probationary.
  const timestamps = minutes(20);
  const scores = new Float64Array(20).map((_, i) => i / 100);
  const rows = nabSeriesRows('s.csv', timestamps, scores, [windowOfRows(timestamps, 10, 14)]);
  const at = (row: number): { window: number; weight: number } => ({ window: rows.windows[row - 3]!, weight: rows.weights[row - 3]! });

  it('drops the probationary rows', () => {
    expect(rows.scores.length).toBe(17);
    expect(rows.scores[0]).toBe(0.03);
    expect(rows.windowCount).toBe(1);
    expect(rows.scoredWindows).toBe(1);
  });

  it('rewards a detection by its place in the window: 1 at its first row, falling towards its end', () => {
    // Relative position −(right − i + 1)/width, divided by scaledSigmoid(−1): row 12 → tanh(1.5)/tanh(2.5).
    expect(at(10)).toEqual({ window: 0, weight: 1 });
    expect(at(11).weight).toBeCloseTo(0.9771068409226047, 12);
    expect(at(12).weight).toBeCloseTo(0.9174286804284078, 12);
    expect(at(13).weight).toBeCloseTo(0.7719269398210887, 12);
    expect(at(14)).toEqual({ window: 0, weight: expect.closeTo(0.4683868439022782, 12) as number });
  });

  it('charges a false positive fully before the first window, and by its distance past the previous window after one', () => {
    expect(at(3)).toEqual({ window: -1, weight: -1 });
    expect(at(9)).toEqual({ window: -1, weight: -1 });
    // x = (i − right)/(width − 1): row 15 → 0.25, row 16 → 0.5, row 19 → 1.25.
    expect(at(15).weight).toBeCloseTo(-0.5545997223493823, 12);
    expect(at(16).weight).toBeCloseTo(-0.8482836399575129, 12);
    expect(at(19).weight).toBeCloseTo(-0.996146530673345, 12);
    expect(at(15).window).toBe(-1);
  });

  it('does not count a window that lies wholly in the probationary period', () => {
    const early = nabSeriesRows('s.csv', timestamps, scores, [windowOfRows(timestamps, 0, 2), windowOfRows(timestamps, 10, 14)]);
    expect(early.windowCount).toBe(2);
    expect(early.scoredWindows).toBe(1);
    expect(early.windows[10 - 3]).toBe(1);
    // Rows after the early window are weighed by their distance past it (width 3: x = (i − 2)/2, beyond 3 from row 9).
    expect(early.weights[0]).toBeCloseTo(scaledSigmoid(0.5), 12);
    expect(early.weights[9 - 3]).toBe(-1);
  });

  it('finds windows at the first row with their timestamps, as NAB does with repeated timestamps', () => {
    const repeated = new Float64Array([...minutes(12), ...minutes(12).map((t) => t + 11 * 60_000)]);
    const found = nabSeriesRows('s.csv', repeated, new Float64Array(24), [{ startMs: repeated[5]!, endMs: repeated[11]! }]);
    // Rows 11 and 12 share a timestamp; the window ends at row 11.
    expect(found.windows[11 - 3]).toBe(0);
    expect(found.windows[12 - 3]).toBe(-1);
  });

  it('rejects a window that does not start and end at rows of the series', () => {
    expect(() => nabSeriesRows('s.csv', timestamps, scores, [{ startMs: timestamps[4]! + 1, endMs: timestamps[8]! }])).toThrow(InputError);
  });
});
