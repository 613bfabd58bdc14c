import { describe, expect, it } from 'vitest';
import { f1Score, kindMetrics, median } from '../../../src/benchmarks/market/metrics.js';

describe('benchmark metrics', () => {
  it('computes precision over events, recall over labels, their F1 and the median delay', () => {
    const metrics = kindMetrics({ labels: 10, detected: 8, events: 16, truePositives: 12, onOtherAnomalies: 3, delaysMs: [5, 1, 3, 100] });
    expect(metrics.precision).toBe(0.75);
    expect(metrics.recall).toBe(0.8);
    expect(metrics.f1).toBeCloseTo((2 * 0.75 * 0.8) / 1.55, 12);
    expect(metrics.medianDelayMs).toBe(4);
  });

  it('leaves undefined what has no denominator', () => {
    const none = kindMetrics({ labels: 0, detected: 0, events: 0, truePositives: 0, onOtherAnomalies: 0, delaysMs: [] });
    expect([none.precision, none.recall, none.f1, none.medianDelayMs]).toEqual([NaN, NaN, NaN, NaN]);
    const missed = kindMetrics({ labels: 5, detected: 0, events: 0, truePositives: 0, onOtherAnomalies: 0, delaysMs: [] });
    expect([missed.precision, missed.recall, missed.f1]).toEqual([NaN, 0, NaN]);
  });

  it('has F1 0 when precision and recall are both 0', () => {
    expect(f1Score(0, 0)).toBe(0);
    expect(f1Score(1, 1)).toBe(1);
  });

  it('takes the median of odd and even counts without reordering its input', () => {
    const values = [9, 1, 5];
    expect(median(values)).toBe(5);
    expect(values).toEqual([9, 1, 5]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
