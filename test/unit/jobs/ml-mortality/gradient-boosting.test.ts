import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../pipelines/ml-mortality/classifier-metrics.js';
import { binThresholds, boostedLogOdds, fitBoostedTrees } from '../../../../pipelines/ml-mortality/gradient-boosting.js';
import { Prng } from '../../../../src/sources/simulator/prng.js';

const OPTIONS = { trees: 20, learningRate: 0.3, maxDepth: 2, minSamplesLeaf: 5, l2: 0, maxBins: 255 };

describe('binThresholds', () => {
  it('puts edges halfway between distinct values when there are few', () => {
    expect(Array.from(binThresholds(Float64Array.from([3, 1, 2, 2]), 4, 1, 0, 255))).toEqual([1.5, 2.5]);
  });

  it('uses quantiles with midpoint interpolation when there are more values than bins', () => {
    // 0..99, 4 bins: positions 24.75, 49.5, 74.25 → midpoints 24.5, 49.5, 74.5
    const column = Float64Array.from({ length: 100 }, (_, i) => 99 - i);
    expect(Array.from(binThresholds(column, 100, 1, 0, 4))).toEqual([24.5, 49.5, 74.5]);
  });
});

describe('fitBoostedTrees', () => {
  it('finds a step in the risk: the first split falls between the rows on either side of it', () => {
    const x = Float64Array.from({ length: 200 }, (_, i) => i / 200);
    const y = Uint8Array.from(x, (v) => (v >= 0.6 ? 1 : 0));
    const model = fitBoostedTrees(x, y, 1, OPTIONS);
    expect(model.trees[0]!.feature[0]).toBe(0);
    expect(model.trees[0]!.threshold[0]).toBeCloseTo((0.595 + 0.6) / 2, 12);
    expect(boostedLogOdds(model, [0.2], 0)).toBeLessThan(-2);
    expect(boostedLogOdds(model, [0.9], 0)).toBeGreaterThan(2);
  });

  it('starts from the log-odds of the base rate', () => {
    const y = Uint8Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const model = fitBoostedTrees(new Float64Array(100), y, 1, OPTIONS);
    expect(model.baseScore).toBeCloseTo(Math.log(20 / 80), 12);
    // a constant feature cannot be split: every tree is a single zero-gain leaf
    expect(model.trees.every((tree) => tree.feature.length === 1)).toBe(true);
  });

  it('learns an interaction that no single feature shows (XOR), which a linear model cannot', () => {
    const random = new Prng(3);
    const rows = 2000;
    const x = new Float64Array(rows * 2);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      x[i * 2] = random.uniform();
      x[i * 2 + 1] = random.uniform();
      y[i] = (x[i * 2]! > 0.5) !== (x[i * 2 + 1]! > 0.5) ? 1 : 0;
    }
    const model = fitBoostedTrees(x, y, 2, { ...OPTIONS, trees: 50 });
    const scores = Float64Array.from({ length: rows }, (_, i) => boostedLogOdds(model, x, i * 2));
    expect(rocAuc(scores, y)).toBeGreaterThan(0.97);
  });
});
