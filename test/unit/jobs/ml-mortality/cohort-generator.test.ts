import { describe, expect, it } from 'vitest';
import { drawPatient } from '../../../../pipelines/ml-mortality/cohort-generator.js';
import { crossValidate } from '../../../../pipelines/ml-mortality/cross-validation.js';
import { FeatureTableBuilder } from '../../../../pipelines/ml-mortality/feature-table.js';
import { Prng } from '../../../../src/sources/simulator/prng.js';

const FEATURES = ['age', 'male', 'heartRate', 'systolicBp', 'respRate', 'spo2', 'creatinine', 'lactate', 'bmi', 'diabetes', 'heartFailure', 'copd', 'cancer'];

describe('synthetic cohort', () => {
  const random = new Prng(11);
  const patients = Array.from({ length: 20_000 }, () => drawPatient(random));

  it('has the documented death rate and lactate missing more often in low-risk patients', () => {
    const deathRate = patients.filter((p) => p.died === 1).length / patients.length;
    expect(deathRate).toBeGreaterThan(0.11);
    expect(deathRate).toBeLessThan(0.15);
    const missingShare = (group: typeof patients): number => group.filter((p) => Number.isNaN(p.lactate)).length / group.length;
    expect(missingShare(patients.filter((p) => p.risk <= 0.2))).toBeCloseTo(0.45, 1);
    expect(missingShare(patients.filter((p) => p.risk > 0.2))).toBeCloseTo(0.15, 1);
  });

  it('has non-linear effects that boosted trees pick up and logistic regression misses', () => {
    const builder = new FeatureTableBuilder(FEATURES, 'died');
    for (const patient of patients.slice(0, 10_000)) builder.add(patient as unknown as Record<string, number>);
    const cv = crossValidate(builder.table(), {
      folds: 3,
      seed: 1,
      importanceRows: 500,
      c: 1,
      boosting: { trees: 100, learningRate: 0.1, maxDepth: 3, minSamplesLeaf: 20, l2: 0, maxBins: 64 },
    });
    expect(cv.models.boosting.auc.mean).toBeGreaterThan(cv.models.logistic.auc.mean + 0.01);
    // age has the largest single effect in the generator
    expect(cv.models.boosting.importance[0]!.feature).toBe('age');
  });
});
