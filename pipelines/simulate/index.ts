import { resolve } from 'node:path';
import { z } from 'zod';
import { definePipeline, type PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import { pipeline } from '../../src/core/pipeline.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { FILE_FORMATS, formatFromExtension } from '../../src/sources/file-source.js';
import { LabelFile } from '../../src/sources/simulator/label-file.js';
import { marketOptionsSchema } from '../../src/sources/simulator/simulator-options.js';
import { simulatorSource } from '../../src/sources/simulator/simulator-source.js';
import { SESSION_MS } from '../../src/sources/simulator/trading-session.js';
import { TICK_CSV_HEADER, tickToCsvLine } from '../../src/ticks/tick-csv.js';
import type { Tick } from '../../src/ticks/tick.js';

export const simulateOptionsSchema = marketOptionsSchema.extend({
  /** Tick file: `.jsonl` / `.ndjson`, or `.csv` with a header row (columns as TICK_FIELDS). */
  out: z.string().min(1),
  format: z.enum(FILE_FORMATS).optional(),
  /** The injected anomalies, one JSON per line. Default: `<out without extension>.labels.jsonl`. */
  labelsOut: z.string().min(1).optional(),
  deadLetters: z.string().min(1).default('.riskwatch/dead-letters.jsonl'),
});

export type SimulateOptions = z.output<typeof simulateOptionsSchema>;

/**
 * Bounded job: the simulated market, as fast as the disk takes it, into a tick file plus its
 * labels. Without `durationMs` or `maxTicks` it simulates one full session (6h30m).
 */
export const simulatePipeline = definePipeline({
  name: 'simulate',
  description: 'batch job: write simulated ticks and their anomaly labels to files (--set out=FILE)',
  options: simulateOptionsSchema,
  async prepare(options: SimulateOptions, env: PipelineEnvironment) {
    const { out, format: chosenFormat, labelsOut, deadLetters, ...market } = options;
    const outPath = resolve(env.baseDir, out);
    const format = chosenFormat ?? formatFromExtension(out);
    const labels = new LabelFile(resolve(env.baseDir, labelsOut ?? `${out.replace(/\.(jsonl|ndjson|csv)$/i, '')}.labels.jsonl`), { append: false });
    const bounded = market.durationMs !== undefined || market.maxTicks !== undefined;
    const source = simulatorSource({ ...market, ...(bounded ? {} : { durationMs: SESSION_MS }), mode: 'fast' }, { onLabel: labels.write });
    const ticks = createLineFileSink<Tick>(
      format === 'csv'
        ? { id: 'tick-file', path: outPath, append: false, header: TICK_CSV_HEADER, serialize: tickToCsvLine }
        : { id: 'tick-file', path: outPath, append: false },
    );
    let firstTs: number | undefined;
    let lastTs: number | undefined;
    const built = pipeline('simulate')
      .from(source)
      .through<Tick>({
        id: 'time-span',
        process(tick, output) {
          firstTs ??= tick.ts;
          lastTs = tick.ts;
          output.emit(tick);
        },
      })
      .to(ticks)
      .deadLettersTo(createLineFileSink<DeadLetter>({ id: 'dead-letters', path: resolve(env.baseDir, deadLetters) }))
      .build();
    return {
      pipeline: built,
      report(summary) {
        const span = firstTs === undefined || lastTs === undefined ? '' : ` (${new Date(firstTs).toISOString()} .. ${new Date(lastTs).toISOString()})`;
        return [`ticks           ${summary.recordsOut} → ${outPath}${span}`, `labels          ${labels.written} → ${labels.path}`];
      },
    };
  },
});
