import { mkdir, stat, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { PipelineEnvironment } from '../app/pipeline-definition.js';
import { InputError, RiskwatchError } from '../core/errors.js';
import type { Pipeline } from '../core/pipeline.js';
import type { StopCause } from '../core/run-stats.js';
import { runPipeline } from '../core/runner.js';
import { abortOnSignals } from '../core/shutdown.js';
import { validateConfig } from '../config/validate-config.js';
import type { FileSource } from '../sources/file-source.js';
import { ReportSection, type HtmlReport } from '../reports/html-report.js';
import { startProgress, type ProgressProbe } from './progress.js';
import { SkippedRows, type SkippedRowsReport } from './skipped-rows.js';

export const commonJobFlagsSchema = z.strictObject({
  /** Folder for summary.json, report.html and skipped-rows.jsonl. Default: reports/<job>. */
  out: z.string().min(1).optional(),
  /** Skipped (rejected) rows tolerated before the job exits non-zero. */
  maxSkipped: z.coerce.number().int().min(0).default(0),
  progress: z.enum(['auto', 'bar', 'lines', 'off']).default('auto'),
});
export type CommonJobFlags = z.output<typeof commonJobFlagsSchema>;

/** Adds the flags every job has. */
export function addCommonJobFlags(command: Command): Command {
  return command
    .option('--out <dir>', 'folder for summary.json, report.html and skipped-rows.jsonl (default reports/<job>)')
    .option('--max-skipped <n>', 'bad rows tolerated before the job exits with status 3 (they are skipped and reported either way)', '0')
    .option('--progress <mode>', 'auto (a bar on a terminal, lines otherwise), bar, lines or off', 'auto');
}

/** Validates the common flags out of commander's parsed options. */
export function commonJobFlags(raw: Record<string, unknown>): CommonJobFlags {
  return validateConfig({ out: raw['out'], maxSkipped: raw['maxSkipped'], progress: raw['progress'] }, 'job flags', commonJobFlagsSchema);
}

/** How a job's input went: what the pipeline run reports. */
export interface InputRun {
  /** Records read (rows the source could split; unparseable lines are counted as skipped). */
  readonly rows: number;
  readonly stoppedBy: StopCause;
}

/** What a job does, handed to `JobRun.execute`. */
export interface JobPlan<Results> {
  /** Input files or URLs, for the summary. */
  readonly inputs: readonly string[];
  readonly progress: ProgressProbe;
  /** Reads the whole input (usually `runsPipeline(...)`). */
  run(signal: AbortSignal): Promise<InputRun>;
  /** Once the input is read: the job's results (JSON-safe) and its report. */
  finish(): Promise<{ readonly results: Results; readonly report: HtmlReport; readonly lines?: readonly string[] }>;
}

/** The JSON summary every job writes: the same envelope, the job's own `results` inside. */
export interface JobSummary<Results> {
  readonly job: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly inputs: readonly string[];
  readonly rows: { readonly read: number; readonly skipped: number; readonly perSecond: number };
  readonly skipped: Omit<SkippedRowsReport, 'count'>;
  readonly outputs: { readonly summary: string; readonly report: string };
  readonly results: Results;
}

/**
 * One run of a job: owns its output folder and dead-letter file, shows progress, and writes the
 * JSON summary and HTML report. Bad rows are skipped, counted and written with their reason; if
 * there are more than `--max-skipped`, the job still writes its outputs, then fails with status 3
 * naming the first bad rows (file, line, field).
 */
export class JobRun {
  readonly outDir: string;
  readonly skipped: SkippedRows;

  constructor(
    readonly job: string,
    readonly flags: CommonJobFlags,
    readonly env: PipelineEnvironment,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.outDir = resolve(env.baseDir, flags.out ?? `reports/${job}`);
    this.skipped = new SkippedRows(this.file('skipped-rows.jsonl'));
  }

  /** A path in the output folder. */
  file(name: string): string {
    return resolve(this.outDir, name);
  }

  async execute<Results>(plan: JobPlan<Results>): Promise<JobSummary<Results>> {
    await mkdir(this.outDir, { recursive: true });
    const startedAt = this.env.clock.now();
    const shutdown = abortOnSignals((signal) => this.out.write(`\n${signal} received: stopping ${this.job}...\n`));
    const progress = startProgress(this.job, plan.progress, this.flags.progress, this.out);
    let input: InputRun;
    try {
      input = await plan.run(shutdown.signal);
    } finally {
      progress.stop();
      shutdown.dispose();
    }
    if (input.stoppedBy === 'signal') {
      throw new RiskwatchError('interrupted', `${this.job}: stopped before the input ended; no report written`);
    }
    const { results, report, lines = [] } = await plan.finish();
    const durationMs = this.env.clock.now() - startedAt;
    const skipped = this.skipped.report();
    const summaryPath = this.file('summary.json');
    const reportPath = this.file('report.html');
    const summary: JobSummary<Results> = {
      job: this.job,
      startedAt: new Date(startedAt).toISOString(),
      durationMs,
      inputs: plan.inputs,
      rows: { read: input.rows, skipped: skipped.count, perSecond: durationMs > 0 ? Math.round((input.rows / durationMs) * 1000) : 0 },
      skipped: { byReason: skipped.byReason, examples: skipped.examples, file: skipped.file },
      outputs: { summary: summaryPath, report: reportPath },
      results,
    };
    report.prepend(runSection(summary));
    await writeFile(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
    await writeFile(reportPath, await report.render());
    this.out.write(`${formatJobSummary(summary, lines, this.env.baseDir)}\n`);
    if (skipped.count > this.flags.maxSkipped) {
      throw new InputError(
        `${this.job}: ${skipped.count} bad row(s) skipped (allowed: ${this.flags.maxSkipped}); first: ${skipped.examples.join('; ')}. ` +
          `All of them are in ${skipped.file}; fix the input or pass --max-skipped ${skipped.count}.`,
      );
    }
    return summary;
  }
}

/** The run's input figures, first in every report. */
function runSection(summary: JobSummary<unknown>): ReportSection {
  const section = new ReportSection('Run').metrics({
    'rows read': summary.rows.read,
    'rows skipped': summary.rows.skipped,
    'rows per second': summary.rows.perSecond,
    'duration (s)': summary.durationMs / 1000,
  });
  section.text(`Input: ${summary.inputs.join(', ')}. Started ${summary.startedAt}.`);
  if (summary.rows.skipped > 0) {
    section.table(
      ['first skipped rows (all are in skipped-rows.jsonl)'],
      summary.skipped.examples.map((example) => [example]),
    );
  }
  return section;
}

function formatJobSummary(summary: JobSummary<unknown>, lines: readonly string[], baseDir: string): string {
  const shown = (path: string): string => relative(baseDir, path) || path;
  const out = [
    '',
    `riskwatch job ${summary.job}: done in ${(summary.durationMs / 1000).toFixed(1)} s`,
    `  rows read       ${summary.rows.read} (${summary.rows.perSecond}/s)`,
    `  rows skipped    ${summary.rows.skipped}${summary.skipped.file === undefined ? '' : ` (${shown(summary.skipped.file)})`}`,
    ...lines.map((line) => `  ${line}`),
    `  report          ${shown(summary.outputs.report)}`,
    `  summary         ${shown(summary.outputs.summary)}`,
  ];
  return out.join('\n');
}

/** `run` for a plan whose work is one pipeline. */
export function runsPipeline(pipeline: Pipeline<unknown, unknown>, env: PipelineEnvironment): (signal: AbortSignal) => Promise<InputRun> {
  return async (signal) => {
    const summary = await runPipeline(pipeline, { signal, clock: env.clock });
    return { rows: summary.recordsIn, stoppedBy: summary.stoppedBy };
  };
}

/** Progress of file sources: bytes read of their total size. */
export async function fileProgress(sources: readonly FileSource[]): Promise<ProgressProbe> {
  let total = 0;
  for (const source of sources) total += (await stat(source.options.path).catch(() => ({ size: 0 }))).size;
  return {
    unit: 'bytes',
    total,
    done: () => sources.reduce((sum, source) => sum + source.progress.bytesRead, 0),
    rows: () => sources.reduce((sum, source) => sum + source.progress.recordsEmitted, 0),
  };
}
