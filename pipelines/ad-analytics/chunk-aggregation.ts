import type { DeadLetter } from '../../src/core/dead-letter.js';
import type { StopCause } from '../../src/core/run-stats.js';
import { pipeline } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/runner.js';
import { LastRecordSink } from '../../src/sinks/last-record-sink.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { fileSource, type FileFormat, type FileSource } from '../../src/sources/file-source.js';
import { AdAggregate, type PartialAggregate } from './ad-aggregate.js';
import { aggregateAdRows } from './ad-rows.js';

/** One newline-aligned byte range of an ad log, as a worker reads it. */
export interface ChunkTask {
  readonly path: string;
  readonly format: FileFormat;
  readonly startByte: number;
  readonly endByte: number;
  /** The CSV header line, for a range below it. */
  readonly csvHeader?: string;
  /** Where this range's skipped rows go (line numbers counted from the range's start). */
  readonly skippedPath: string;
}

/** What one range gave: its partial aggregate and how it was read. */
export interface ChunkResult {
  readonly partial: PartialAggregate;
  /** Records read (the source's count; rejected rows included). */
  readonly rows: number;
  /** Physical lines in the range, header excluded: what the next range's line numbers start after. */
  readonly lines: number;
  readonly skipped: number;
  readonly stoppedBy: StopCause;
}

/**
 * The ad-analytics pipeline over one byte range: file source → parse-and-aggregate step → a sink
 * that keeps the one partial aggregate the step emits when the range ends. Rejected rows go to
 * the range's own JSONL file; the caller re-numbers their lines.
 */
export function chunkAggregation(task: ChunkTask): { readonly source: FileSource; run(signal: AbortSignal): Promise<ChunkResult> } {
  const source = fileSource({
    id: 'ad-log',
    path: task.path,
    format: task.format,
    startByte: task.startByte,
    endByte: task.endByte,
    batchSize: 4096,
    readChunkBytes: 1 << 20,
    ...(task.csvHeader === undefined ? {} : { csvHeader: task.csvHeader }),
  });
  const aggregate = new AdAggregate();
  const keep = new LastRecordSink<PartialAggregate>('partial-aggregate');
  const built = pipeline('ad-analytics')
    .from(source)
    .through(aggregateAdRows('ad-rows', aggregate))
    .to(keep)
    .deadLettersTo(createLineFileSink<DeadLetter>({ id: 'skipped-rows', path: task.skippedPath, append: false }))
    .build();
  return {
    source,
    async run(signal) {
      const summary = await runPipeline(built, { signal, commitIntervalMs: 60_000 });
      return {
        partial: keep.last ?? aggregate.toPartial(),
        rows: summary.recordsIn,
        lines: source.progress.linesRead,
        skipped: summary.deadLetters,
        stoppedBy: summary.stoppedBy,
      };
    },
  };
}
