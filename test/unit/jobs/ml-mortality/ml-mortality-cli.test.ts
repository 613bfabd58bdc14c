import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelScorer } from '../../../../pipelines/ml-mortality/mortality-model.js';
import type { PredictResults } from '../../../../pipelines/ml-mortality/predict-run.js';
import type { TrainingResults } from '../../../../pipelines/ml-mortality/training-run.js';
import type { JobSummary } from '../../../../src/jobs/job-run.js';
import { REPO_ROOT, runCli } from '../../../helpers/cli.js';

const FIXTURE = join(REPO_ROOT, 'pipelines/ml-mortality/fixtures/whas500.csv');

/**
 * Per-fold AUC of scikit-learn 1.6.1 (SimpleImputer → StandardScaler → LogisticRegression(C=1))
 * on the job's default folds of the bundled data, from scripts/python/ml_mortality_reference.py;
 * the integration test recomputes them with scikit-learn on every run.
 */
const SKLEARN_LOGISTIC_FOLD_AUC = [0.8095238095238095, 0.7251984126984127, 0.7390873015873016, 0.8396752917300863, 0.867579908675799];

describe('riskwatch job ml-mortality (CLI, bundled WHAS500 data)', () => {
  let dir: string;
  let trained: { code: number | null; stderr: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ml-mortality-cli-'));
    trained = await runCli(['job', 'ml-mortality', '--progress', 'off'], dir);
  }, 60_000);

  it('trains on the bundled data with no arguments: 500 patients, 138 deaths within a year, AUCs as scikit-learn on the same folds', async () => {
    expect(trained.code, trained.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, 'reports/ml-mortality/summary.json'), 'utf8')) as JobSummary<TrainingResults>;
    expect(summary.rows).toMatchObject({ read: 500, skipped: 0 });
    expect(summary.results.dataset).toMatchObject({ rows: 500, deaths: 138 });
    summary.results.models.logistic.foldAuc.forEach((auc, fold) => expect(auc).toBeCloseTo(SKLEARN_LOGISTIC_FOLD_AUC[fold]!, 6));
    expect(summary.results.models.boosting.auc.mean).toBeGreaterThan(0.7);
    // age is the strongest predictor of death after a heart attack in WHAS (Hosmer, Lemeshow & May)
    expect(summary.results.models.logistic.importance[0]!.feature).toBe('age');
    const folds = (await readFile(join(dir, 'reports/ml-mortality/folds.csv'), 'utf8')).trim().split('\n');
    expect(folds).toHaveLength(501);
    const html = await readFile(join(dir, 'reports/ml-mortality/report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(3);
  });

  it('predict scores rows with the saved model: one line per input row, the same P(died) as the model file gives', async () => {
    const run = await runCli(['job', 'ml-mortality', 'predict', '--progress', 'off', '--out', 'scores.csv'], dir);
    expect(run.code, run.stderr).toBe(0);
    const lines = (await readFile(join(dir, 'scores.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('line,p_logistic,p_boosting');
    expect(lines).toHaveLength(501);
    const scorer = new ModelScorer(await loadModel(join(dir, 'reports/ml-mortality/model.json')));
    const rows = (await readFile(FIXTURE, 'utf8')).trim().split('\n').slice(1);
    for (const k of [0, 1, 250, 499]) {
      const [line, logistic, boosting] = lines[k + 1]!.split(',').map(Number);
      const expected = scorer.score(rows[k]!.split(',').map(Number), 0);
      expect(line).toBe(k + 2);
      expect(logistic).toBeCloseTo(expected.logistic, 6);
      expect(boosting).toBeCloseTo(expected.boosting, 6);
    }
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as JobSummary<PredictResults>;
    expect(summary.results.rows).toBe(500);
    // a logistic model with an intercept reproduces the training death rate on its training rows
    expect(summary.results.meanRisk.logistic).toBeCloseTo(138 / 500, 2);
  });

  it('skips a bad row, counts it, and exits 3 naming file, line and field (training and predict)', async () => {
    const bad = (await readFile(FIXTURE, 'utf8')).split('\n');
    bad[3] = bad[3]!.replace(/^[^,]*/, 'old');
    await writeFile(join(dir, 'bad.csv'), bad.join('\n'));
    const train = await runCli(['job', 'ml-mortality', '--progress', 'off', '--input', 'bad.csv', '--out', 'bad-run', '--folds', '2', '--trees', '5'], dir);
    expect(train.code).toBe(3);
    expect(train.stderr).toContain('bad.csv:4: field "age": expected a number, got "old"');
    const summary = JSON.parse(await readFile(join(dir, 'bad-run/summary.json'), 'utf8')) as JobSummary<TrainingResults>;
    expect(summary.rows).toMatchObject({ read: 500, skipped: 1 });
    expect(summary.results.dataset.rows).toBe(499);

    const predict = await runCli(['job', 'ml-mortality', 'predict', '--progress', 'off', '--input', 'bad.csv', '--out', 'bad-scores'], dir);
    expect(predict.code).toBe(3);
    expect(predict.stderr).toContain('bad.csv:4: field "age"');
    expect((await readFile(join(dir, 'bad-scores/scores.csv'), 'utf8')).trim().split('\n')).toHaveLength(500);
  }, 60_000);
});
