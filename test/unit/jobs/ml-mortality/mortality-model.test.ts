import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureTableBuilder } from '../../../../pipelines/ml-mortality/feature-table.js';
import { boostedLogOdds } from '../../../../pipelines/ml-mortality/gradient-boosting.js';
import { logisticProbability, sigmoid } from '../../../../pipelines/ml-mortality/logistic-regression.js';
import { loadModel, ModelScorer, saveModel, trainModel } from '../../../../pipelines/ml-mortality/mortality-model.js';
import { InputError } from '../../../../src/core/errors.js';
import { Prng } from '../../../../src/sources/simulator/prng.js';

const BOOSTING = { trees: 10, learningRate: 0.3, maxDepth: 2, minSamplesLeaf: 5, l2: 0, maxBins: 32 };

/** 300 rows, risk rising with `a`, `b` sometimes missing. */
function smallTable() {
  const random = new Prng(5);
  const builder = new FeatureTableBuilder(['a', 'b'], 'died');
  for (let i = 0; i < 300; i++) {
    const a = 50 + 10 * random.normal();
    builder.add({ a, b: i % 7 === 0 ? undefined : random.normal(), died: random.uniform() < sigmoid((a - 50) / 5) ? 1 : 0 });
  }
  return builder.table();
}

describe('saved model', () => {
  const table = smallTable();
  const { model } = trainModel(table, 'died', ['small.csv'], { c: 1, boosting: BOOSTING });

  it('scores a raw row as the fitted models do after imputing the mean and standardizing by hand', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ml-mortality-model-'));
    await saveModel(join(dir, 'model.json'), model);
    const scorer = new ModelScorer(await loadModel(join(dir, 'model.json')));
    const [a, b] = model.features;
    for (const row of [[60, 0.5], [40, Number.NaN]]) {
      const z = [(row[0]! - a!.mean) / a!.scale, Number.isNaN(row[1]) ? 0 : (row[1]! - b!.mean) / b!.scale];
      const score = scorer.score(row, 0);
      expect(score.logistic).toBeCloseTo(logisticProbability(model.logistic, z, 0), 14);
      expect(score.boosting).toBeCloseTo(sigmoid(boostedLogOdds({ baseScore: model.boosting.baseScore, trees: model.boosting.forest }, z, 0)), 14);
    }
    expect(scorer.score([70, 0], 0).logistic).toBeGreaterThan(scorer.score([30, 0], 0).logistic);
  });

  it('records the imputation mean over present values only', () => {
    let sum = 0;
    let count = 0;
    for (let i = 0; i < table.rows; i++) {
      const b = table.x[i * 2 + 1]!;
      if (!Number.isNaN(b)) [sum, count] = [sum + b, count + 1];
    }
    expect(count).toBe(300 - 43);
    expect(model.features[1]!.mean).toBeCloseTo(sum / count, 12);
  });

  it('refuses a file that is not a model, naming the file and what is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ml-mortality-model-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ ...model, version: 99 }));
    await expect(loadModel(join(dir, 'bad.json'))).rejects.toThrow(InputError);
    await expect(loadModel(join(dir, 'bad.json'))).rejects.toThrow(/bad\.json.*version/s);
  });
});
