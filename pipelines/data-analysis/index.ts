import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { validateConfig } from '../../src/config/validate-config.js';
import { RiskwatchError } from '../../src/core/errors.js';
import { pipeline } from '../../src/core/pipeline.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { addCommonJobFlags, commonJobFlags, fileProgress, JobRun, runsPipeline, type CommonJobFlags, type JobSummary } from '../../src/jobs/job-run.js';
import { fileSource, formatFromExtension } from '../../src/sources/file-source.js';
import { createColumnProfiler } from './column-profiler.js';
import { writeDailySectorFile } from './daily-sector-returns.js';
import type { DatasetProfile } from './dataset-profile.js';
import { buildProfileReport } from './profile-report.js';
import { ProfileSink } from './profile-sink.js';

const JOB = 'data-analysis';
/** The bundled input: `generate --rows 2520 --seed 1`, 70 trading days of 36 stocks. */
export const BUNDLED_INPUT = join(PACKAGE_ROOT, 'pipelines', JOB, 'fixtures', 'daily-sector-returns.csv');
/** Grouping used on the bundled input when --group-by is not given. */
const BUNDLED_GROUP_BY = 'sector';

export const dataAnalysisFlagsSchema = z.strictObject({
  /** CSV with a header row, or JSONL of objects. Default: the bundled fixture. */
  input: z.string().min(1).optional(),
  /** Column whose values group the rows for per-group statistics. */
  groupBy: z.string().min(1).optional(),
});
export type DataAnalysisFlags = z.output<typeof dataAnalysisFlagsSchema>;

export const generateFlagsSchema = z.strictObject({
  out: z.string().min(1),
  rows: z.coerce.number().int().min(1).max(1e10),
  seed: z.coerce.number().int(),
});

/** Profiles a CSV or JSONL file; the profile is the summary's `results`. */
export async function runDataAnalysis(flags: DataAnalysisFlags, common: CommonJobFlags, env: PipelineEnvironment, out?: NodeJS.WriteStream): Promise<JobSummary<DatasetProfile>> {
  const input = flags.input === undefined ? BUNDLED_INPUT : resolve(env.baseDir, flags.input);
  const groupBy = flags.groupBy ?? (flags.input === undefined ? BUNDLED_GROUP_BY : undefined);
  const format = formatFromExtension(input);
  const run = new JobRun(JOB, common, env, out);
  const source = fileSource({ path: input, format });
  const profiler = createColumnProfiler({ source: basename(input), fixedColumns: format === 'csv', ...(groupBy === undefined ? {} : { groupBy }) });
  const result = new ProfileSink();
  const built = pipeline(JOB).from(source).through(profiler).to(result).deadLettersTo(run.skipped).build();
  return run.execute({
    inputs: [flags.input ?? input],
    progress: await fileProgress([source]),
    run: runsPipeline(built, env),
    async finish() {
      const profile = result.profile;
      if (profile === undefined) throw new RiskwatchError('no_profile', `${JOB}: the input ended without a profile`);
      const lines = [`columns         ${profile.numeric.length} numeric, ${profile.categorical.length} categorical`];
      return { results: profile, report: buildProfileReport(profile), lines };
    },
  });
}

/** `riskwatch job data-analysis [--input FILE] [--group-by COLUMN]` and its `generate` sub-command. */
export const dataAnalysisJob: JobDefinition = {
  name: JOB,
  description: 'profile a CSV/JSONL file: statistics, distributions, correlations, group-by (bundled: daily stock returns)',
  register(command: Command, env: () => PipelineEnvironment) {
    addCommonJobFlags(
      command
        .option('--input <file>', 'CSV with a header row, or JSONL of objects (default: the bundled daily-sector-returns.csv)')
        .option('--group-by <column>', 'column whose values group the rows (default on the bundled input: sector)'),
    ).action(async (raw: Record<string, unknown>) => {
      const flags = validateConfig({ input: raw['input'], groupBy: raw['groupBy'] }, 'data-analysis flags', dataAnalysisFlagsSchema);
      await runDataAnalysis(flags, commonJobFlags(raw), env());
    });
    command
      // The file is an argument, not --out: commander hands options after a sub-command to the parent's own --out.
      .command('generate <file>')
      .description('write synthetic daily returns and volumes of 36 stocks in 6 sectors (deterministic), e.g. a large input to measure throughput')
      .option('--rows <n>', 'rows to write (36 per trading day)', '2520')
      .option('--seed <n>', 'random seed: the same seed writes the same file', '1')
      .action(async (file: string, raw: Record<string, unknown>) => {
        const flags = validateConfig({ out: file, rows: raw['rows'], seed: raw['seed'] }, 'data-analysis generate flags', generateFlagsSchema);
        const path = resolve(env().baseDir, flags.out);
        const written = await writeDailySectorFile(path, flags.rows, flags.seed, formatFromExtension(path));
        process.stderr.write(`riskwatch job data-analysis generate: ${written} rows → ${flags.out}\n`);
      });
  },
};
