import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { InputError } from '../../src/core/errors.js';
import { pipeline } from '../../src/core/pipeline.js';
import { fileProgress, JobRun, runsPipeline, type CommonJobFlags } from '../../src/jobs/job-run.js';
import { parseRows } from '../../src/operators/parse-rows.js';
import { fileSource } from '../../src/sources/file-source.js';
import { crossValidate, type ModelEvaluation } from './cross-validation.js';
import { FeatureTableBuilder, type FeatureTable } from './feature-table.js';
import { featureColumns, inputColumns, labelledRowSpec } from './input-columns.js';
import { MODEL_KINDS, saveModel, trainModel, type ModelKind } from './mortality-model.js';
import { trainingReport, MODEL_TITLES } from './training-report.js';

export const JOB = 'ml-mortality';
/** Worcester Heart Attack Study (500 patients, death within a year); see fixtures/README.md. */
export const BUNDLED_INPUT = resolve(PACKAGE_ROOT, 'pipelines/ml-mortality/fixtures/whas500.csv');

const commaList = z
  .string()
  .transform((text) => text.split(',').map((name) => name.trim()).filter((name) => name !== ''));

export const trainingFlagsSchema = z.strictObject({
  input: z.string().min(1).optional(),
  label: z.string().min(1).default('died'),
  features: commaList.optional(),
  ignore: commaList.default([]),
  folds: z.coerce.number().int().min(2).max(20).default(5),
  seed: z.coerce.number().int().min(0).default(1),
  c: z.coerce.number().positive().default(1),
  trees: z.coerce.number().int().min(1).max(10_000).default(100),
  learningRate: z.coerce.number().positive().max(1).default(0.1),
  maxDepth: z.coerce.number().int().min(1).max(16).default(3),
  minSamplesLeaf: z.coerce.number().int().min(1).default(20),
  l2: z.coerce.number().min(0).default(0),
  bins: z.coerce.number().int().min(2).max(255).default(255),
  importanceRows: z.coerce.number().int().min(10).default(20_000),
});
export type TrainingFlags = z.output<typeof trainingFlagsSchema>;

type Evaluation = Omit<ModelEvaluation, 'fitSeconds'> & { readonly fitSeconds: { readonly perFold: readonly number[]; readonly final: number } };

export interface TrainingResults {
  /** What both sides of a reference check need to train the same models. */
  readonly settings: {
    readonly label: string;
    readonly features: readonly string[];
    readonly folds: number;
    readonly seed: number;
    readonly c: number;
    readonly boosting: { readonly trees: number; readonly learningRate: number; readonly maxDepth: number; readonly minSamplesLeaf: number; readonly l2: number; readonly maxBins: number };
    readonly importanceRows: number;
  };
  readonly dataset: { readonly rows: number; readonly deaths: number; readonly deathRate: number; readonly missing: Readonly<Record<string, number>> };
  readonly models: Readonly<Record<ModelKind, Evaluation>>;
  readonly logisticCoefficients: readonly { readonly feature: string; readonly perSd: number; readonly oddsRatioPerSd: number }[];
  readonly timings: { readonly readSeconds: number; readonly readRowsPerSecond: number; readonly crossValidationSeconds: number; readonly finalFitSeconds: number };
  readonly files: { readonly model: string; readonly folds: string };
}

/**
 * `riskwatch job ml-mortality`: streams labelled rows into typed arrays, cross-validates logistic
 * regression and gradient-boosted trees on stratified folds, refits both on every row and saves
 * them, and writes folds.csv so a reference implementation can score the very same splits.
 */
export async function runTraining(flags: TrainingFlags, common: CommonJobFlags, env: PipelineEnvironment): Promise<void> {
  const { input, shownInput } = inputFile(flags.input, env);
  const features = featureColumns(input, await inputColumns(input), flags.label, flags.features, flags.ignore);
  const run = new JobRun(JOB, common, env);
  const builder = new FeatureTableBuilder(features, flags.label);
  const source = fileSource({ path: input });
  const built = pipeline(JOB)
    .from(source)
    .through(parseRows('rows', labelledRowSpec(features, flags.label)))
    .to(builder)
    .deadLettersTo(run.skipped)
    .build();
  const boosting = { trees: flags.trees, learningRate: flags.learningRate, maxDepth: flags.maxDepth, minSamplesLeaf: flags.minSamplesLeaf, l2: flags.l2, maxBins: flags.bins };
  const readRows = runsPipeline(built, env);
  let readSeconds = 0;

  await run.execute<TrainingResults>({
    inputs: [shownInput],
    progress: await fileProgress([source]),
    async run(signal) {
      const started = performance.now();
      const read = await readRows(signal);
      readSeconds = (performance.now() - started) / 1000;
      return read;
    },
    async finish() {
      const table = builder.table();
      const deaths = checkTrainable(table, flags.folds, shownInput);
      let started = performance.now();
      const cv = crossValidate(table, { folds: flags.folds, seed: flags.seed, importanceRows: flags.importanceRows, c: flags.c, boosting });
      const crossValidationSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const { model, fitSeconds } = trainModel(table, flags.label, [shownInput], { c: flags.c, boosting });
      const finalFitSeconds = (performance.now() - started) / 1000;
      const modelFile = run.file('model.json');
      const foldsFile = run.file('folds.csv');
      await saveModel(modelFile, model);
      await writeFile(foldsFile, `row,fold\n${Array.from(cv.folds, (fold, row) => `${row},${fold}`).join('\n')}\n`);
      const missing = countMissing(table);
      const shown = (path: string): string => relative(env.baseDir, path) || path;
      const evaluation = (kind: ModelKind): Evaluation => ({ ...cv.models[kind], fitSeconds: { perFold: cv.models[kind].fitSeconds, final: fitSeconds[kind] } });
      const results: TrainingResults = {
        settings: { label: flags.label, features, folds: flags.folds, seed: flags.seed, c: flags.c, boosting, importanceRows: flags.importanceRows },
        dataset: { rows: table.rows, deaths, deathRate: deaths / table.rows, missing },
        models: { logistic: evaluation('logistic'), boosting: evaluation('boosting') },
        logisticCoefficients: features.map((feature, j) => ({ feature, perSd: model.logistic.coefficients[j]!, oddsRatioPerSd: Math.exp(model.logistic.coefficients[j]!) })),
        timings: { readSeconds, readRowsPerSecond: Math.round(table.rows / Math.max(readSeconds, 1e-9)), crossValidationSeconds, finalFitSeconds },
        files: { model: modelFile, folds: foldsFile },
      };
      const report = trainingReport(cv, model, { input: shownInput, rows: table.rows, deaths, missing, seconds: { read: readSeconds, crossValidation: crossValidationSeconds, finalFit: finalFitSeconds }, modelFile: shown(modelFile) });
      const lines = [
        ...MODEL_KINDS.map((kind) => `AUC ${MODEL_TITLES[kind].padEnd(20)} ${cv.models[kind].auc.mean.toFixed(3)} ± ${cv.models[kind].auc.sd.toFixed(3)} (${flags.folds} folds), Brier ${cv.models[kind].brier.toFixed(4)}`),
        `model           ${shown(modelFile)}`,
      ];
      return { results, report, lines };
    },
  });
}

/** The input to read (the bundled data unless one is given) and how reports name it. */
export function inputFile(flag: string | undefined, env: PipelineEnvironment): { readonly input: string; readonly shownInput: string } {
  if (flag === undefined) return { input: BUNDLED_INPUT, shownInput: relative(PACKAGE_ROOT, BUNDLED_INPUT) };
  const input = resolve(env.baseDir, flag);
  return { input, shownInput: relative(env.baseDir, input) || input };
}

/** Deaths in the table; fails when there are too few rows or only one outcome to learn from. */
function checkTrainable(table: FeatureTable, folds: number, input: string): number {
  const deaths = table.y.reduce((sum, v) => sum + v, 0);
  if (deaths < folds || table.rows - deaths < folds) {
    throw new InputError(`${input}: ${table.rows} usable rows with ${deaths} deaths; ${folds}-fold cross-validation needs at least ${folds} deaths and ${folds} survivors`);
  }
  return deaths;
}

function countMissing(table: FeatureTable): Record<string, number> {
  const p = table.features.length;
  const counts = new Array<number>(p).fill(0);
  for (let k = 0; k < table.x.length; k++) if (Number.isNaN(table.x[k])) counts[k % p]!++;
  return Object.fromEntries(table.features.map((name, j) => [name, counts[j]!]));
}
