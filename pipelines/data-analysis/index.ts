import { resolve } from 'node:path';
import { z } from 'zod';
import { definePipeline, type PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import { pipeline } from '../../src/core/pipeline.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { fileSource } from '../../src/sources/file-source.js';
import { createColumnProfiler } from './column-profiler.js';
import { createMarkdownReportSink } from './markdown-report.js';

export const dataAnalysisOptionsSchema = z.strictObject({
  /** CSV file with a header row. */
  input: z.string().min(1),
  /** Markdown report; the profile is also written as JSON beside it. Default: `<input>.report.md`. */
  out: z.string().min(1).optional(),
  /** Categorical column to summarise numeric columns by. */
  groupBy: z.string().min(1).optional(),
  /** Rejected cells and rows. Default: `<out>.dead-letters.jsonl`. */
  deadLetters: z.string().min(1).optional(),
});

export type DataAnalysisOptions = z.output<typeof dataAnalysisOptionsSchema>;

/** Bounded batch job: descriptive statistics of a CSV, written as a Markdown report. */
export const dataAnalysisPipeline = definePipeline({
  name: 'data-analysis',
  description: 'batch job: descriptive statistics of a CSV as a Markdown report (--set input=FILE.csv)',
  options: dataAnalysisOptionsSchema,
  async prepare(options: DataAnalysisOptions, env: PipelineEnvironment) {
    const input = resolve(env.baseDir, options.input);
    const out = resolve(env.baseDir, options.out ?? `${options.input.replace(/\.csv$/i, '')}.report.md`);
    const deadLetterPath = resolve(env.baseDir, options.deadLetters ?? `${out.replace(/\.md$/i, '')}.dead-letters.jsonl`);
    const report = createMarkdownReportSink(out);
    const profiler = createColumnProfiler(
      options.groupBy === undefined ? { source: options.input } : { source: options.input, groupBy: options.groupBy },
    );
    const built = pipeline('data-analysis')
      .from(fileSource({ path: input, format: 'csv' }))
      .through(profiler)
      .to(report)
      .deadLettersTo(createLineFileSink<DeadLetter>({ id: 'dead-letters', path: deadLetterPath }))
      .build();
    return {
      pipeline: built,
      report(summary) {
        const lines = report.reports.map((path) => `report          ${path}`);
        if (summary.deadLetters > 0) lines.push(`rejected cells  ${deadLetterPath}`);
        return lines;
      },
    };
  },
});
