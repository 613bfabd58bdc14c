import { describe, expect, it } from 'vitest';
import { brierScore, calibrationBins, meanAndSd, rocAuc, rocCurve } from '../../../../pipelines/ml-mortality/classifier-metrics.js';

describe('rocAuc', () => {
  it('is the share of (death, survivor) pairs ordered right: 3 of 4 here', () => {
    // deaths score 0.35 and 0.8, survivors 0.1 and 0.4: only (0.35, 0.4) is ordered wrong
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a death and a survivor as half a pair', () => {
    // pairs: (0.5, 0.5) tie = ½, (0.5, 0.2), (0.9, 0.5), (0.9, 0.2) right → 3.5 / 4
    expect(rocAuc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1])).toBeCloseTo(0.875, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('rocCurve', () => {
  it('runs from (0, 0) to (1, 1) through one point per distinct score', () => {
    const points = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(points.map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });
});

describe('calibrationBins and brierScore', () => {
  const scores = [0.05, 0.05, 0.15, 0.95, 0.95, 1.0];
  const labels = [0, 1, 0, 1, 1, 0];

  it('groups predictions by tenth of risk with their mean and the observed death rate; 1.0 falls in the last bin', () => {
    const bins = calibrationBins(scores, labels);
    expect(bins).toHaveLength(3);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.1, rows: 2, observedRate: 0.5 });
    expect(bins[0]!.meanPredicted).toBeCloseTo(0.05, 12);
    expect(bins[1]).toMatchObject({ rows: 1, observedRate: 0 });
    expect(bins[1]!.meanPredicted).toBeCloseTo(0.15, 12);
    expect(bins[2]).toMatchObject({ lower: 0.9, upper: 1, rows: 3 });
    expect(bins[2]!.meanPredicted).toBeCloseTo(2.9 / 3, 12);
    expect(bins[2]!.observedRate).toBeCloseTo(2 / 3, 12);
  });

  it('Brier score is the mean squared error of the probabilities', () => {
    // 0.05², 0.95², 0.15², 0.05², 0.05², 1²
    const expected = (0.0025 + 0.9025 + 0.0225 + 0.0025 + 0.0025 + 1) / 6;
    expect(brierScore(scores, labels)).toBeCloseTo(expected, 12);
  });
});

describe('meanAndSd', () => {
  it('uses the sample standard deviation (n − 1), as reported across folds', () => {
    const { mean, sd } = meanAndSd([0.7, 0.8, 0.9]);
    expect(mean).toBeCloseTo(0.8, 12);
    expect(sd).toBeCloseTo(0.1, 12);
  });
});
