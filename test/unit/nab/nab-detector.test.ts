import { describe, expect, it } from 'vitest';
import { createOrderStats, orderStatsPush } from '../../../src/detectors/rolling/order-stats.js';
import { createRollingStats, rollingPush } from '../../../src/detectors/rolling/rolling-stats.js';
import { FLAT_HISTORY_DIGITS, tailSurpriseDigits } from '../../../src/nab/detector/tail-surprise.js';
import { createNabDetector } from '../../../src/nab/nab-detector.js';
import { twoSidedTailDigits } from '../../../src/nab/normal-tail.js';
import { T0 } from './series.js';

/** A deterministic wiggle with standard deviation about 0.7, so the tests need no random seed. */
const wiggle = (i: number): number => Math.sin(i * 1.3) + 0.5 * Math.cos(i * 0.7);

function scoreAll(values: readonly number[]): number[] {
  const detector = createNabDetector();
  return values.map((value, i) => detector.score(T0 + i * 60_000, value));
}

function history(values: readonly number[]): { order: ReturnType<typeof createOrderStats>; moments: ReturnType<typeof createRollingStats> } {
  const order = createOrderStats(values.length);
  const moments = createRollingStats(values.length);
  for (const x of values) {
    orderStatsPush(order, x);
    rollingPush(moments, x);
  }
  return { order, moments };
}

describe('twoSidedTailDigits', () => {
  it('is −log10 P(|Z| ≥ z), and keeps growing where 1 − P would round to 1', () => {
    expect(twoSidedTailDigits(0)).toBeCloseTo(0, 6);
    expect(twoSidedTailDigits(1.959964)).toBeCloseTo(-Math.log10(0.05), 5);
    expect(twoSidedTailDigits(3.290527)).toBeCloseTo(3, 5);
    expect(twoSidedTailDigits(12)).toBeGreaterThan(twoSidedTailDigits(10));
  });
});

describe('tailSurpriseDigits', () => {
  // 0..99: median 49.5.
  const { order, moments } = history(Array.from({ length: 100 }, (_, i) => i));

  it('is the empirical two-sided tail inside the window\'s range', () => {
    expect(tailSurpriseDigits(order, moments, 49.5)).toBeCloseTo(0, 12);
    // 0..9 and 90..99 are at least 40.5 from the median: 20 of 100.
    expect(tailSurpriseDigits(order, moments, 90)).toBeCloseTo(-Math.log10(21 / 101), 12);
  });

  it('extends the tail with a Gaussian one beyond the range, growing with distance', () => {
    const justBeyond = tailSurpriseDigits(order, moments, 100);
    const farBeyond = tailSurpriseDigits(order, moments, 200);
    expect(justBeyond).toBeGreaterThanOrEqual(Math.log10(101));
    expect(farBeyond).toBeGreaterThan(justBeyond + 3);
    // Symmetric about the median.
    expect(tailSurpriseDigits(order, moments, -101)).toBeCloseTo(farBeyond, 6);
  });

  it('treats any move away from a flat history as the largest surprise', () => {
    const flat = history(Array.from({ length: 50 }, () => 7));
    expect(tailSurpriseDigits(flat.order, flat.moments, 7)).toBe(0);
    expect(tailSurpriseDigits(flat.order, flat.moments, 7.001)).toBe(FLAT_HISTORY_DIGITS);
  });
});

describe('the NAB detector', () => {
  const quiet = Array.from({ length: 700 }, (_, i) => 100 + wiggle(i));

  it('scores 0 until it has history, in [0, 1] after, and stays low on a clean wiggle', () => {
    const scores = scoreAll(quiet);
    expect(scores.slice(0, 100).every((score) => score === 0)).toBe(true);
    expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
    expect(Math.max(...scores.slice(100))).toBeLessThan(0.1);
  });

  it('stays quiet on a periodic series whose jumps are routine', () => {
    const square = Array.from({ length: 3000 }, (_, i) => (Math.floor(i / 40) % 2 === 0 ? 10 : 20) + 0.1 * wiggle(i));
    expect(Math.max(...scoreAll(square).slice(100))).toBeLessThan(0.1);
  });

  it('flags a spike, then stays quiet for a while, then flags a new extreme', () => {
    const values = [...quiet];
    values[400] = 130;
    values[450] = 130;
    // Two 130s are in the window by then: only a larger spike is news.
    values[600] = 200;
    const scores = scoreAll(values);
    expect(scores[400]).toBe(1);
    expect(scores[450]).toBe(0);
    // Rows 401..599 are quiet after the alarm at 400.
    expect(scores[599]).toBe(0);
    expect(scores[600]).toBeGreaterThan(0.5);
  });

  it('flags a level shift on its first row', () => {
    const values = quiet.map((value, i) => (i >= 500 ? value + 10 : value));
    const scores = scoreAll(values);
    expect(Math.max(...scores.slice(100, 500))).toBeLessThan(0.1);
    expect(scores[500]).toBe(1);
  });

  it('flags a change of texture with every value inside the usual range: a noisy series going flat', () => {
    const values = quiet.map((value, i) => (i >= 500 ? 100 : value));
    const scores = scoreAll(values);
    expect(Math.max(...scores.slice(100, 500))).toBeLessThan(0.1);
    // The spread of the last 12 rows falls below anything seen within those 12 rows.
    expect(Math.max(...scores.slice(500, 512))).toBeGreaterThan(0.5);
  });

  it('is causal: a row\'s score does not depend on the rows after it', () => {
    const values = quiet.map((value, i) => (i % 97 === 0 ? value + 5 : value));
    const prefix = scoreAll(values.slice(0, 300));
    expect(scoreAll(values).slice(0, 300)).toEqual(prefix);
    const changedFuture = values.map((value, i) => (i >= 300 ? -value : value));
    expect(scoreAll(changedFuture).slice(0, 300)).toEqual(prefix);
  });

  it('treats any move after a flat history as the largest surprise', () => {
    const values = [...Array.from({ length: 200 }, () => 7), 7.001];
    expect(scoreAll(values).at(-1)).toBe(1);
  });
});
