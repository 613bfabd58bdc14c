import { pipeline } from '../../../../src/core/pipeline.js';
import { runPipeline } from '../../../../src/core/runner.js';
import type { DeadLetter } from '../../../../src/core/dead-letter.js';
import type { RawRecord } from '../../../../src/sources/raw-record.js';
import { createColumnProfiler, type ColumnProfilerOptions } from '../../../../pipelines/data-analysis/column-profiler.js';
import type { DatasetProfile } from '../../../../pipelines/data-analysis/dataset-profile.js';
import { ArraySource } from '../../../helpers/array-source.js';
import { MemorySink } from '../../../helpers/memory-sink.js';

/** Runs the profiler over rows as a CSV would give them (line 1 is the header, so row i is on line i + 2). */
export async function profileRows(
  rows: readonly unknown[],
  options: Partial<ColumnProfilerOptions> = {},
): Promise<{ profile: DatasetProfile; rejected: DeadLetter[] }> {
  const records: RawRecord[] = rows.map((value, i) => ({ value, origin: `data.csv:${i + 2}` }));
  const sink = new MemorySink<DatasetProfile>();
  const dead = new MemorySink<DeadLetter>('dead');
  const profiler = createColumnProfiler({ source: 'data.csv', ...options });
  await runPipeline(pipeline('profile').from(new ArraySource(records, 500)).through(profiler).to(sink).deadLettersTo(dead).build());
  if (sink.flushed.length !== 1) throw new Error(`expected one profile, got ${sink.flushed.length}`);
  return { profile: sink.flushed[0]!, rejected: dead.flushed };
}

export function numericOf(profile: DatasetProfile, column: string): DatasetProfile['numeric'][number] {
  const summary = profile.numeric.find((s) => s.column === column);
  if (summary === undefined) throw new Error(`no numeric column ${column}`);
  return summary;
}

export function correlationOf(profile: DatasetProfile, a: string, b: string): number | null | undefined {
  const { columns, matrix } = profile.correlations;
  return matrix[columns.indexOf(a)]?.[columns.indexOf(b)];
}
