import { describe, expect, it } from 'vitest';
import { LATENCY_RANGE, LogHistogram } from '../../../../pipelines/vr-telemetry/log-histogram.js';

describe('LogHistogram', () => {
  it('gives nearest-rank percentiles of 1..1000 ms within its stated resolution, with exact count, sum, min and max', () => {
    const histogram = new LogHistogram(LATENCY_RANGE);
    for (let ms = 1000; ms >= 1; ms--) histogram.record(ms);
    expect(histogram.relativeError).toBeCloseTo(Math.sqrt(1.005) - 1, 12);
    expect(histogram.relativeError).toBeLessThan(0.0025);
    // Nearest rank of n = 1000: p50 is the 500th smallest value, p99 the 990th.
    for (const [q, exact] of [[0.5, 500], [0.9, 900], [0.95, 950], [0.99, 990], [0.001, 1], [1, 1000]] as const) {
      expect(Math.abs(histogram.quantile(q) - exact) / exact).toBeLessThanOrEqual(histogram.relativeError);
    }
    expect(histogram.count).toBe(1000);
    expect(histogram.mean()).toBe(500.5);
    expect(histogram.min).toBe(1);
    expect(histogram.max).toBe(1000);
  });

  it('reports the exact value when every sample is the same, and clamps the extremes to min and max', () => {
    const histogram = new LogHistogram(LATENCY_RANGE);
    for (let i = 0; i < 10; i++) histogram.record(11.1);
    expect(histogram.quantile(0.5)).toBe(11.1);
    expect(histogram.quantile(0.99)).toBe(11.1);
  });

  it('keeps values outside the range in one bucket each: below as the range\'s lowest, above as the exact max', () => {
    const histogram = new LogHistogram(LATENCY_RANGE);
    histogram.record(0);
    histogram.record(0.05);
    histogram.record(20_000);
    expect(histogram.quantile(0.01)).toBe(0.1);
    expect(histogram.quantile(1)).toBe(20_000);
    expect(histogram.buckets()).toEqual([]);
    expect(new LogHistogram(LATENCY_RANGE).quantile(0.5)).toBeNaN();
  });

  it('lists non-empty buckets whose edges hold their values', () => {
    const histogram = new LogHistogram(LATENCY_RANGE);
    histogram.record(8);
    histogram.record(8);
    histogram.record(16);
    const buckets = histogram.buckets();
    expect(buckets.map((b) => b.count)).toEqual([2, 1]);
    expect(buckets[0]!.lower).toBeLessThanOrEqual(8);
    expect(buckets[0]!.upper).toBeGreaterThan(8);
    expect(buckets[1]!.lower).toBeLessThanOrEqual(16);
    expect(buckets[1]!.upper).toBeGreaterThan(16);
  });
});
