import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../../src/core/errors.js';
import { formatIssues } from '../../src/config/validate-config.js';
import type { FeatureTable } from './feature-table.js';
import { boostedLogOdds, fitBoostedTrees, type BoostingOptions } from './gradient-boosting.js';
import { fitLogistic, logisticProbability, sigmoid } from './logistic-regression.js';
import { fitStandardization, standardize, standardizeRow } from './standardizer.js';

export const MODEL_FORMAT = 'riskwatch-mortality-model';
export const MODEL_VERSION = 1;

export const MODEL_KINDS = ['logistic', 'boosting'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface TrainingOptions {
  /** Logistic regression's inverse L2 strength (scikit-learn's `C`). */
  readonly c: number;
  readonly boosting: BoostingOptions;
}

const treeSchema = z.strictObject({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(z.number()),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(z.number()),
});

/** The saved model file: versioned, self-describing (feature names, imputation, scaling), both models. */
export const savedModelSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  label: z.string(),
  features: z.array(z.strictObject({ name: z.string(), mean: z.number(), scale: z.number().positive() })).min(1),
  trainedOn: z.strictObject({ rows: z.number().int(), deaths: z.number().int(), inputs: z.array(z.string()) }),
  logistic: z.strictObject({ c: z.number().positive(), intercept: z.number(), coefficients: z.array(z.number()) }),
  boosting: z.strictObject({
    trees: z.number().int(),
    learningRate: z.number(),
    maxDepth: z.number().int(),
    minSamplesLeaf: z.number().int(),
    l2: z.number(),
    maxBins: z.number().int(),
    baseScore: z.number(),
    forest: z.array(treeSchema),
  }),
});
export type SavedModel = z.output<typeof savedModelSchema>;

/** Both models fitted on the whole table, with the standardization they share, and how long each fit took. */
export function trainModel(table: FeatureTable, label: string, inputs: readonly string[], options: TrainingOptions): { readonly model: SavedModel; readonly fitSeconds: Readonly<Record<ModelKind, number>> } {
  const p = table.features.length;
  const standardization = fitStandardization(table);
  const z = standardize(table, standardization);
  let started = performance.now();
  const logistic = fitLogistic(z, table.y, p, { c: options.c });
  const logisticSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const boosted = fitBoostedTrees(z, table.y, p, options.boosting);
  const boostingSeconds = (performance.now() - started) / 1000;
  const model: SavedModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    label,
    features: table.features.map((name, j) => ({ name, mean: standardization.means[j]!, scale: standardization.scales[j]! })),
    trainedOn: { rows: table.rows, deaths: table.y.reduce((sum, v) => sum + v, 0), inputs: [...inputs] },
    logistic: { c: options.c, intercept: logistic.intercept, coefficients: [...logistic.coefficients] },
    boosting: { ...options.boosting, baseScore: boosted.baseScore, forest: [...boosted.trees] },
  };
  return { model, fitSeconds: { logistic: logisticSeconds, boosting: boostingSeconds } };
}

/** Scores raw feature rows with a saved model; reuses one buffer, so scoring allocates nothing per row. */
export class ModelScorer {
  private readonly z: Float64Array;
  private readonly standardization: { readonly means: number[]; readonly scales: number[] };
  private readonly boosted: { readonly baseScore: number; readonly trees: SavedModel['boosting']['forest'] };

  constructor(readonly model: SavedModel) {
    this.z = new Float64Array(model.features.length);
    this.standardization = { means: model.features.map((f) => f.mean), scales: model.features.map((f) => f.scale) };
    this.boosted = { baseScore: model.boosting.baseScore, trees: model.boosting.forest };
  }

  /** P(died) by each model for the row at `offset` of `x` (raw values in the model's feature order, NaN = missing). */
  score(x: ArrayLike<number>, offset: number): { readonly logistic: number; readonly boosting: number } {
    standardizeRow(x, offset, this.standardization, this.z, 0, this.z.length);
    return { logistic: logisticProbability(this.model.logistic, this.z, 0), boosting: sigmoid(boostedLogOdds(this.boosted, this.z, 0)) };
  }
}

export async function saveModel(path: string, model: SavedModel): Promise<void> {
  await writeFile(path, `${JSON.stringify(model)}\n`);
}

/** Reads and checks a model file; a wrong or damaged file is bad input (exit 3) naming what is wrong. */
export async function loadModel(path: string): Promise<SavedModel> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read model ${path} (${error.code ?? error.message}); train one first with: riskwatch job ml-mortality`, { cause: error });
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`model ${path}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = savedModelSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`${formatIssues(`model ${path}`, parsed.error.issues)}\n(expected a ${MODEL_FORMAT} v${MODEL_VERSION} file, as written by riskwatch job ml-mortality)`);
  return parsed.data;
}
