import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { InputError } from '../../src/core/errors.js';
import type { CommonJobFlags } from '../../src/jobs/job-run.js';
import { JobRun } from '../../src/jobs/job-run.js';
import { validateConfig } from '../../src/config/validate-config.js';
import type { AdAggregate } from './ad-aggregate.js';
import { generateAdLog, labelsPathFor } from './ad-log-generator.js';
import { adAnalyticsReport } from './ad-report.js';
import { adAnalyticsResults, type AdAnalyticsResults } from './ad-results.js';
import { findAnomalousHours, type AnomalyOptions } from './hourly-anomalies.js';
import { ParallelAggregator } from './parallel-aggregation.js';
import { labelsFileSchema, type PlantedAnomaly } from './planted-anomalies.js';

export const JOB = 'ad-analytics';
/** Size of the log generated when no --input is given: a week of 12 campaigns on 4 exchanges. */
export const BUNDLED_ROWS = 200_000;

/** How the input was read, for the summary. */
export type Execution =
  | { readonly mode: 'file'; readonly workers: number; readonly chunks: number }
  | { readonly mode: 'kafka'; readonly topic: string; readonly group: string; readonly members: number };

export type AdAnalyticsSummaryResults = AdAnalyticsResults & { readonly execution: Execution };

export interface LocalRunOptions {
  /** Undefined: generate the bundled-size log into the output folder first. */
  readonly input: string | undefined;
  readonly labels: string | undefined;
  readonly workers: number;
  readonly anomalies: AnomalyOptions;
}

/** `riskwatch job ad-analytics [--input FILE]`: all cores over one file, then detection and the report. */
export async function runLocal(options: LocalRunOptions, flags: CommonJobFlags, env: PipelineEnvironment, out?: NodeJS.WriteStream): Promise<void> {
  const run = new JobRun(JOB, flags, env, out);
  let input = options.input === undefined ? undefined : resolve(env.baseDir, options.input);
  if (input === undefined) {
    input = run.file('input/ads.csv');
    await generateAdLog({ rows: BUNDLED_ROWS, out: input });
  }
  const labelsPath = options.labels === undefined ? labelsPathFor(input) : resolve(env.baseDir, options.labels);
  const planted = options.labels !== undefined || existsSync(labelsPath) ? await readLabels(labelsPath) : undefined;
  const aggregator = new ParallelAggregator({ path: input, workers: options.workers, scratchDir: run.outDir, executor: options.workers > 1 ? 'threads' : 'here' });
  let merged: { aggregate: AdAggregate; chunks: number } | undefined;
  await run.execute({
    inputs: [input],
    progress: await aggregator.progress(),
    async run(signal) {
      const result = await aggregator.run(run.skipped, signal);
      merged = result;
      return { rows: result.rows, stoppedBy: result.stoppedBy };
    },
    async finish() {
      const execution: Execution = { mode: 'file', workers: options.workers, chunks: merged!.chunks };
      return finishReport(merged!.aggregate, planted, options.anomalies, execution);
    },
  });
}

/** Results, report and summary lines from a merged aggregate: shared by the file, Kafka and merge runs. */
export function finishReport(aggregate: AdAggregate, planted: readonly PlantedAnomaly[] | undefined, anomalyOptions: AnomalyOptions, execution: Execution) {
  const cells = aggregate.sortedCells();
  const results: AdAnalyticsSummaryResults = { ...adAnalyticsResults(cells, findAnomalousHours(cells, anomalyOptions), planted), execution };
  const t = results.totals;
  const rate = (value: number | null, digits = 2, scale = 100): string => (value === null ? '–' : (value * scale).toFixed(digits));
  const lines = [
    `impressions     ${t.impressions} (CTR ${rate(t.ctr)}%, CVR ${rate(t.cvr)}%, CPC ${rate(t.cpc, 3, 1)}, CPM ${rate(t.cpm, 3, 1)})`,
    `anomalous hours ${new Set(results.anomalies.map((a) => `${a.campaign}|${a.exchange}|${a.hour}`)).size} (${results.anomalies.length} metric flags)`,
    ...(results.plantedRecall === null ? [] : [`planted found   ${results.plantedRecall.found} of ${results.plantedRecall.planted}`]),
  ];
  return { results, report: adAnalyticsReport(results, cells), lines };
}

export async function readLabels(path: string): Promise<readonly PlantedAnomaly[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${JOB}: cannot read the labels file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return validateConfig(JSON.parse(text), path, labelsFileSchema).planted;
  } catch (error) {
    throw new InputError(`${JOB}: ${path} is not a labels file written by \`riskwatch job ${JOB} generate\`: ${(error as Error).message}`, { cause: error });
  }
}
