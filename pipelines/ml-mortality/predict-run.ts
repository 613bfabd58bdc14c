import { basename, dirname, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { InputError } from '../../src/core/errors.js';
import { pipeline } from '../../src/core/pipeline.js';
import { commonJobFlagsSchema, fileProgress, JobRun, runsPipeline } from '../../src/jobs/job-run.js';
import { HtmlReport } from '../../src/reports/html-report.js';
import type { ChartSpec } from '../../src/reports/vega-svg.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { fileSource } from '../../src/sources/file-source.js';
import { inputColumns } from './input-columns.js';
import { loadModel, MODEL_KINDS } from './mortality-model.js';
import { RISK_BINS, scoreRows, type RowScore, type ScoreTally } from './row-scorer.js';
import { inputFile, JOB } from './training-run.js';
import { MODEL_TITLES } from './training-report.js';

export const PREDICT_JOB = `${JOB}-predict`;

export const predictFlagsSchema = z.strictObject({
  model: z.string().min(1).default(`reports/${JOB}/model.json`),
  input: z.string().min(1).optional(),
  /** A .csv path is the scores file; anything else is a folder for scores.csv. */
  out: z.string().min(1).default(`reports/${PREDICT_JOB}`),
  id: z.string().min(1).optional(),
  maxSkipped: commonJobFlagsSchema.shape.maxSkipped,
  progress: commonJobFlagsSchema.shape.progress,
});
export type PredictFlags = z.output<typeof predictFlagsSchema>;

export interface PredictResults {
  readonly model: string;
  readonly scores: string;
  readonly rows: number;
  readonly meanRisk: Readonly<Record<(typeof MODEL_KINDS)[number], number>>;
  /** Rows per twentieth of predicted risk, per model. */
  readonly histogram: Readonly<Record<(typeof MODEL_KINDS)[number], readonly number[]>>;
}

/**
 * `riskwatch job ml-mortality predict`: scores rows (CSV or JSONL) with a saved model, streamed
 * in constant memory, into a CSV of the input line, the optional id, and both models' P(died).
 * Summary and report go beside the scores.
 */
export async function runPredict(flags: PredictFlags, env: PipelineEnvironment): Promise<void> {
  const modelFile = resolve(env.baseDir, flags.model);
  const model = await loadModel(modelFile);
  const { input, shownInput } = inputFile(flags.input, env);
  const columns = await inputColumns(input);
  const absent = [...model.features.map((f) => f.name), ...(flags.id === undefined ? [] : [flags.id])].filter((name) => !columns.includes(name));
  if (absent.length > 0) throw new InputError(`${basename(input)}:1: no column ${absent.map((name) => `"${name}"`).join(', ')}, which the model (${flags.model}) needs`);

  const scoresFile = resolve(env.baseDir, flags.out.toLowerCase().endsWith('.csv') ? flags.out : `${flags.out}/scores.csv`);
  const run = new JobRun(PREDICT_JOB, { out: dirname(scoresFile), maxSkipped: flags.maxSkipped, progress: flags.progress }, env);
  const scorer = scoreRows('score', model, flags.id);
  const line = (score: RowScore): string =>
    `${score.origin.slice(score.origin.lastIndexOf(':') + 1)},${flags.id === undefined ? '' : `${csvText(score.id ?? '')},`}${score.logistic.toFixed(6)},${score.boosting.toFixed(6)}`;
  const scores = createLineFileSink<RowScore>({ id: 'scores', path: scoresFile, append: false, header: `line,${flags.id === undefined ? '' : `${flags.id},`}p_logistic,p_boosting`, serialize: line });
  const source = fileSource({ path: input });
  const built = pipeline(PREDICT_JOB).from(source).through(scorer).to(scores).deadLettersTo(run.skipped).build();
  const shownScores = relative(env.baseDir, scoresFile) || scoresFile;

  await run.execute<PredictResults>({
    inputs: [shownInput],
    progress: await fileProgress([source]),
    run: runsPipeline(built, env),
    async finish() {
      const { tally } = scorer;
      const meanRisk = { logistic: tally.sums.logistic / Math.max(tally.rows, 1), boosting: tally.sums.boosting / Math.max(tally.rows, 1) };
      const results: PredictResults = {
        model: flags.model,
        scores: scoresFile,
        rows: tally.rows,
        meanRisk,
        histogram: { logistic: Array.from(tally.histogram.logistic), boosting: Array.from(tally.histogram.boosting) },
      };
      const report = new HtmlReport('Mortality risk scores', `${shownInput} scored with ${flags.model}`);
      report
        .section('Scores')
        .metrics({ 'rows scored': tally.rows, ...Object.fromEntries(MODEL_KINDS.map((kind) => [`mean risk, ${MODEL_TITLES[kind]}`, Number(meanRisk[kind].toFixed(4))])) })
        .text(`Per row: P(died) by each model, in ${shownScores}. The model was trained on ${model.trainedOn.rows} rows (${model.trainedOn.inputs.join(', ')}) with ${model.trainedOn.deaths} deaths.`)
        .chart(riskHistogram(tally), 'Rows per twentieth of predicted risk.');
      return { results, report, lines: [`scores          ${shownScores}`, ...MODEL_KINDS.map((kind) => `mean risk       ${meanRisk[kind].toFixed(4)} (${MODEL_TITLES[kind]})`)] };
    },
  });
}

function riskHistogram(tally: ScoreTally): ChartSpec {
  const values = MODEL_KINDS.flatMap((kind) => Array.from(tally.histogram[kind], (rows, bin) => ({ model: MODEL_TITLES[kind], risk: (bin / RISK_BINS).toFixed(2), rows })));
  return {
    width: 460,
    height: 260,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'risk', type: 'ordinal', title: 'predicted risk (bin start)' },
      xOffset: { field: 'model', type: 'nominal' },
      y: { field: 'rows', type: 'quantitative' },
      color: { field: 'model', type: 'nominal' },
    },
  } as ChartSpec;
}

/** A CSV field, quoted when it holds a comma, quote or line break. */
function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
