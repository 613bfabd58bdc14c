import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingResults } from '../../../pipelines/ml-mortality/training-run.js';
import type { JobSummary } from '../../../src/jobs/job-run.js';
import { REPO_ROOT, runCli } from '../../helpers/cli.js';

const run = promisify(execFile);
const SCRIPTS = join(REPO_ROOT, 'scripts', 'python');

/** Logistic regression is the same convex optimum on both sides: the bound. */
const LOGISTIC_TOLERANCE = 0.01;
/**
 * Boosted trees follow scikit-learn's HistGradientBoostingClassifier (same binning, gain, leaf
 * values, no early stopping), so they agree as closely; this bound leaves room only for
 * floating-point ties between equally good splits. scikit-learn bins a random 200,000-row
 * sample and we an evenly strided one, so above 200,000 rows they may differ more.
 */
const BOOSTING_TOLERANCE = 0.01;

interface ReferenceAucs {
  readonly logistic: { readonly foldAuc: readonly number[]; readonly meanAuc: number };
  readonly boosting: { readonly foldAuc: readonly number[]; readonly meanAuc: number };
}

/** Trains with the job, then lets scikit-learn score the same folds with the same settings. */
async function compareWithSklearn(python: string, dir: string, args: readonly string[], input: string): Promise<{ ours: TrainingResults; reference: ReferenceAucs }> {
  const trained = await runCli(['job', 'ml-mortality', '--progress', 'off', ...args], dir);
  expect(trained.code, trained.stderr).toBe(0);
  const summaryFile = join(dir, 'reports/ml-mortality/summary.json');
  const ours = (JSON.parse(await readFile(summaryFile, 'utf8')) as JobSummary<TrainingResults>).results;
  const { stdout } = await run(python, [join(SCRIPTS, 'ml_mortality_reference.py'), '--input', input, '--folds', join(dir, 'reports/ml-mortality/folds.csv'), '--summary', summaryFile], {
    maxBuffer: 1 << 20,
    // OpenMP threads spinning for cores that other processes hold make scikit-learn many times slower on a busy machine
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return { ours, reference: JSON.parse(stdout) as ReferenceAucs };
}

function expectAgreement(ours: TrainingResults, reference: ReferenceAucs): void {
  for (const [kind, tolerance] of [['logistic', LOGISTIC_TOLERANCE], ['boosting', BOOSTING_TOLERANCE]] as const) {
    const differences = ours.models[kind].foldAuc.map((auc, fold) => auc - reference[kind].foldAuc[fold]!);
    console.info(`ml-mortality vs scikit-learn, ${kind}: mean AUC ${ours.models[kind].auc.mean.toFixed(6)} vs ${reference[kind].meanAuc.toFixed(6)}, largest fold difference ${Math.max(...differences.map(Math.abs)).toExponential(2)}`);
    expect(Math.abs(ours.models[kind].auc.mean - reference[kind].meanAuc)).toBeLessThanOrEqual(tolerance);
    for (const difference of differences) expect(Math.abs(difference)).toBeLessThanOrEqual(tolerance);
  }
}

describe('ml-mortality AUC against scikit-learn on the same folds', () => {
  let python: string;

  beforeAll(async () => {
    // the first run builds the cached venv (pip from PyPI): minutes; later runs reuse it
    const { stdout } = await run(join(SCRIPTS, 'venv.sh'), [], { timeout: 900_000 });
    python = stdout.trim();
  }, 900_000);

  it('agrees on the bundled Worcester Heart Attack Study data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ml-mortality-sklearn-'));
    const { ours, reference } = await compareWithSklearn(python, dir, [], join(REPO_ROOT, 'pipelines/ml-mortality/fixtures/whas500.csv'));
    expectAgreement(ours, reference);
  }, 600_000);

  it('agrees on a synthetic cohort with missing values (imputation) and many distinct values (quantile bins)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ml-mortality-sklearn-'));
    const generated = await runCli(['job', 'ml-mortality', 'generate', '--rows', '3000', '--out', 'cohort.csv', '--seed', '3'], dir);
    expect(generated.code, generated.stderr).toBe(0);
    const { ours, reference } = await compareWithSklearn(python, dir, ['--input', 'cohort.csv', '--c', '0.5', '--trees', '30', '--max-depth', '4'], join(dir, 'cohort.csv'));
    expect(ours.dataset.missing['lactate']).toBeGreaterThan(600);
    expectAgreement(ours, reference);
  }, 600_000);
});
