import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { validateConfig } from '../../src/config/validate-config.js';
import { addCommonJobFlags, commonJobFlags } from '../../src/jobs/job-run.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { writeCohort } from './cohort-generator.js';
import { predictFlagsSchema, runPredict } from './predict-run.js';
import { JOB, runTraining, trainingFlagsSchema } from './training-run.js';

const generateFlagsSchema = z.strictObject({
  rows: z.coerce.number().int().min(1),
  out: z.string().min(1),
  seed: z.coerce.number().int().min(0).default(1),
});

/**
 * `riskwatch job ml-mortality`: patient mortality from tabular clinical features. Trains logistic
 * regression and gradient-boosted trees with stratified cross-validation (ROC AUC, calibration,
 * permutation importance), saves both; `predict` scores new rows, `generate` writes a synthetic cohort.
 */
export const mlMortalityJob: JobDefinition = {
  name: JOB,
  description: 'patient mortality: logistic regression vs gradient-boosted trees, k-fold AUC, calibration, importance; saves the model (predict, generate)',
  register(command: Command, env) {
    addCommonJobFlags(
      command
        .option('--input <file>', 'labelled rows, .csv or .jsonl (default: the bundled Worcester Heart Attack Study, 500 patients)')
        .option('--label <column>', 'the outcome column, 1 = died, 0 = survived', 'died')
        .option('--features <a,b,...>', 'feature columns (default: every column but the label and --ignore)')
        .option('--ignore <a,b,...>', 'columns that are not features (ids, follow-up times)')
        .option('--folds <k>', 'cross-validation folds (stratified)', '5')
        .option('--seed <n>', 'seed of the fold assignment and of permutation importance', '1')
        .option('--c <value>', 'logistic regression: inverse L2 strength, as scikit-learn C', '1')
        .option('--trees <n>', 'boosting: trees', '100')
        .option('--learning-rate <r>', 'boosting: shrinkage of each tree', '0.1')
        .option('--max-depth <n>', 'boosting: depth of each tree', '3')
        .option('--min-samples-leaf <n>', 'boosting: fewest rows in a leaf', '20')
        .option('--l2 <value>', 'boosting: L2 penalty on leaf values', '0')
        .option('--bins <n>', 'boosting: histogram bins per feature (2-255)', '255')
        .option('--importance-rows <n>', 'held-out rows per fold that permutation importance rescores', '20000'),
    ).action(async (raw: Record<string, unknown>) => {
      const own = Object.fromEntries(Object.keys(trainingFlagsSchema.shape).map((key) => [key, raw[key]]));
      const flags = validateConfig(own, `${JOB} flags`, trainingFlagsSchema);
      await runTraining(flags, commonJobFlags(raw), env());
    });

    command
      .command('predict')
      .description('score rows (CSV or JSONL) with a saved model: P(died) by each model per row, plus summary.json and report.html beside them')
      .option('--model <file>', 'model.json written by the training run', `reports/${JOB}/model.json`)
      .option('--input <file>', 'rows with the model\'s feature columns (default: the bundled data)')
      .option('--out <path>', 'the scores: a .csv file, or a folder for scores.csv', `reports/${JOB}-predict`)
      .option('--id <column>', 'an identifier column copied into the scores')
      .option('--max-skipped <n>', 'bad rows tolerated before exiting with status 3 (they are skipped and reported either way)', '0')
      .option('--progress <mode>', 'auto (a bar on a terminal, lines otherwise), bar, lines or off', 'auto')
      .action(async (raw: Record<string, unknown>) => {
        await runPredict(validateConfig(raw, `${JOB} predict flags`, predictFlagsSchema), env());
      });

    command
      .command('generate')
      .description('write a synthetic ICU cohort (CSV) with realistic, documented effects on mortality, for inputs of any size')
      .requiredOption('--rows <n>', 'patients to write')
      .requiredOption('--out <file>', 'the CSV to write')
      .option('--seed <n>', 'random seed (same seed, same file)', '1')
      .action(async (raw: Record<string, unknown>) => {
        const flags = validateConfig(raw, `${JOB} generate flags`, generateFlagsSchema);
        const started = performance.now();
        const path = resolve(env().baseDir, flags.out);
        const { deaths } = await writeCohort(path, flags.rows, flags.seed);
        const seconds = (performance.now() - started) / 1000;
        process.stderr.write(`wrote ${flags.rows} patients (${deaths} deaths) to ${path} in ${seconds.toFixed(1)} s (${Math.round(flags.rows / seconds)}/s)\n`);
      });
  },
};
