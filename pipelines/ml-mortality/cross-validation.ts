import { brierScore, calibrationBins, meanAndSd, rocAuc, rocCurve, type CalibrationBin, type RocPoint } from './classifier-metrics.js';
import { takeRows, type FeatureTable } from './feature-table.js';
import { boostedLogOdds, fitBoostedTrees } from './gradient-boosting.js';
import { fitLogistic, logisticProbability, sigmoid } from './logistic-regression.js';
import { MODEL_KINDS, type ModelKind, type TrainingOptions } from './mortality-model.js';
import { permutationImportance, type BatchScorer } from './permutation-importance.js';
import { foldRows, stratifiedFolds } from './stratified-folds.js';
import { fitStandardization, standardize } from './standardizer.js';

export interface CrossValidationOptions extends TrainingOptions {
  readonly folds: number;
  readonly seed: number;
  /** Held-out rows per fold that permutation importance uses (it rescores them once per feature). */
  readonly importanceRows: number;
}

/** How one model did on held-out folds. */
export interface ModelEvaluation {
  readonly foldAuc: readonly number[];
  readonly auc: { readonly mean: number; readonly sd: number };
  /** AUC of all out-of-fold predictions together. */
  readonly pooledAuc: number;
  readonly brier: number;
  readonly calibration: readonly CalibrationBin[];
  readonly roc: readonly RocPoint[];
  /** Mean AUC drop over folds when the feature is shuffled, largest first. */
  readonly importance: readonly { readonly feature: string; readonly aucDrop: number }[];
  readonly fitSeconds: readonly number[];
}

export interface CrossValidation {
  /** Fold of each row (0-based), as dealt by `stratifiedFolds`. */
  readonly folds: Uint8Array;
  readonly outOfFold: Readonly<Record<ModelKind, Float64Array>>;
  readonly models: Readonly<Record<ModelKind, ModelEvaluation>>;
}

/**
 * Stratified k-fold cross-validation of both models. Each fold learns its own imputation and
 * scaling from its training rows only, so nothing about the held-out rows leaks into training.
 */
export function crossValidate(table: FeatureTable, options: CrossValidationOptions): CrossValidation {
  const p = table.features.length;
  const folds = stratifiedFolds(table.y, options.folds, options.seed);
  const outOfFold = { logistic: new Float64Array(table.rows), boosting: new Float64Array(table.rows) };
  const foldAuc = { logistic: [] as number[], boosting: [] as number[] };
  const fitSeconds = { logistic: [] as number[], boosting: [] as number[] };
  const drops = { logistic: new Float64Array(p), boosting: new Float64Array(p) };

  for (let fold = 0; fold < options.folds; fold++) {
    const { train, test } = foldRows(folds, fold);
    const trainTable = takeRows(table, train);
    const testTable = takeRows(table, test);
    const standardization = fitStandardization(trainTable);
    const zTrain = standardize(trainTable, standardization);
    const zTest = standardize(testTable, standardization);

    let started = performance.now();
    const logistic = fitLogistic(zTrain, trainTable.y, p, { c: options.c });
    fitSeconds.logistic.push((performance.now() - started) / 1000);
    started = performance.now();
    const boosted = fitBoostedTrees(zTrain, trainTable.y, p, options.boosting);
    fitSeconds.boosting.push((performance.now() - started) / 1000);

    const scorers: Record<ModelKind, BatchScorer> = {
      logistic: (z, rows, out) => {
        for (let i = 0; i < rows; i++) out[i] = logisticProbability(logistic, z, i * p);
      },
      boosting: (z, rows, out) => {
        for (let i = 0; i < rows; i++) out[i] = sigmoid(boostedLogOdds(boosted, z, i * p));
      },
    };
    const sample = strided(zTest, testTable.y, p, options.importanceRows);
    for (const kind of MODEL_KINDS) {
      const scores = new Float64Array(test.length);
      scorers[kind](zTest, test.length, scores);
      for (let i = 0; i < test.length; i++) outOfFold[kind][test[i]!] = scores[i]!;
      foldAuc[kind].push(rocAuc(scores, testTable.y));
      const importance = permutationImportance(sample.z, sample.y, p, scorers[kind], options.seed + fold);
      for (let j = 0; j < p; j++) drops[kind][j] = drops[kind][j]! + importance[j]! / options.folds;
    }
  }

  const evaluate = (kind: ModelKind): ModelEvaluation => ({
    foldAuc: foldAuc[kind],
    auc: meanAndSd(foldAuc[kind]),
    pooledAuc: rocAuc(outOfFold[kind], table.y),
    brier: brierScore(outOfFold[kind], table.y),
    calibration: calibrationBins(outOfFold[kind], table.y),
    roc: rocCurve(outOfFold[kind], table.y),
    importance: table.features.map((feature, j) => ({ feature, aucDrop: drops[kind][j]! })).sort((a, b) => b.aucDrop - a.aucDrop),
    fitSeconds: fitSeconds[kind],
  });
  return { folds, outOfFold, models: { logistic: evaluate('logistic'), boosting: evaluate('boosting') } };
}

/** Every k-th row, so at most about `limit` rows, spread over the whole fold. */
function strided(z: Float64Array, y: Uint8Array, p: number, limit: number): { readonly z: Float64Array; readonly y: Uint8Array } {
  const stride = Math.max(1, Math.ceil(y.length / limit));
  if (stride === 1) return { z, y };
  const rows = Math.ceil(y.length / stride);
  const sampleZ = new Float64Array(rows * p);
  const sampleY = new Uint8Array(rows);
  for (let k = 0; k < rows; k++) {
    sampleZ.set(z.subarray(k * stride * p, k * stride * p + p), k * p);
    sampleY[k] = y[k * stride]!;
  }
  return { z: sampleZ, y: sampleY };
}
