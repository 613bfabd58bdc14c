import { describe, expect, it } from 'vitest';
import { foldRows, stratifiedFolds } from '../../../../pipelines/ml-mortality/stratified-folds.js';

describe('stratifiedFolds', () => {
  const y = Uint8Array.from({ length: 100 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 deaths

  it('gives every fold the same number of rows and of deaths', () => {
    const folds = stratifiedFolds(y, 5, 7);
    for (let fold = 0; fold < 5; fold++) {
      const { train, test } = foldRows(folds, fold);
      expect(test.length).toBe(20);
      expect(train.length).toBe(80);
      expect(Array.from(test).filter((row) => y[row] === 1)).toHaveLength(6);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(stratifiedFolds(y, 5, 7)).toEqual(stratifiedFolds(y, 5, 7));
    expect(stratifiedFolds(y, 5, 8)).not.toEqual(stratifiedFolds(y, 5, 7));
  });

  it('keeps fold sizes within one row when classes do not divide evenly', () => {
    const uneven = Uint8Array.from({ length: 23 }, (_, i) => (i < 7 ? 1 : 0));
    const sizes = [0, 1, 2, 3].map((fold) => foldRows(stratifiedFolds(uneven, 4, 1), fold).test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b)).toBe(23);
  });
});
