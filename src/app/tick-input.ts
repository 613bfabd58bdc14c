import { resolve } from 'node:path';
import { z } from 'zod';
import { pipeline, type PipelineBuilder } from '../core/pipeline.js';
import type { Source } from '../core/source.js';
import { fileSource, fileSourceOptionsSchema } from '../sources/file-source.js';
import { kafkaSource, kafkaSourceOptionsSchema } from '../sources/kafka-source.js';
import type { RawRecord } from '../sources/raw-record.js';
import { LabelFile } from '../sources/simulator/label-file.js';
import { simulatorOptionsSchema } from '../sources/simulator/simulator-options.js';
import { simulatorSource } from '../sources/simulator/simulator-source.js';
import { decodeTicks, DECODE_TICKS_ID } from '../ticks/decode-ticks.js';
import { createRecordOrigin, type RecordOrigin } from '../ticks/record-origin.js';
import type { Tick } from '../ticks/tick.js';
import { createEventTimeMark, type EventTimeMark, tickOrder, tickOrderOptionsSchema, type TickOrderOptions } from '../ticks/tick-order.js';
import type { PipelineEnvironment } from './pipeline-definition.js';

/**
 * Where a pipeline's ticks come from: the market simulator (default), a CSV/JSONL file, or Kafka.
 * Every kind also takes the tick-order options (`allowedLatenessMs`, `maxAheadMs`).
 */
export const tickSourceSchema = z.preprocess(
  // `kind` may be left out for the simulator, so `--set source.symbols=200` just works.
  (value) => (typeof value === 'object' && value !== null && !('kind' in value) ? { kind: 'simulator', ...value } : value),
  z.discriminatedUnion('kind', [
    simulatorOptionsSchema.extend({ kind: z.literal('simulator'), ...tickOrderOptionsSchema.shape }),
    fileSourceOptionsSchema.extend({ kind: z.literal('file'), ...tickOrderOptionsSchema.shape }),
    kafkaSourceOptionsSchema.extend({ kind: z.literal('kafka'), ...tickOrderOptionsSchema.shape }),
  ]),
);

export type TickSourceOptions = z.output<typeof tickSourceSchema>;

export interface TickInput {
  /** A pipeline whose records are valid ticks; bad raw records are already routed to dead letters. */
  readonly builder: PipelineBuilder<unknown, Tick>;
  /** The simulator's ground truth, when the source is the simulator and `labelsPath` was given. */
  readonly labels?: LabelFile;
  /** How far behind the input's end the pipeline is (Kafka consumer lag). */
  readonly lag?: () => number;
  /** Since when the input has been idle (caught up), undefined while busy; absent: always idle between readings. */
  readonly quietSince?: (now: number) => number | undefined;
  /** Wall ms since the Kafka brokers last answered; undefined before they ever did. */
  readonly brokerSilenceMs?: (now: number) => number | undefined;
  /**
   * The input position of the tick in flight, for the detect operator's evidence (`evidence.origin`);
   * absent for the simulator, which has no positions.
   */
  readonly origin?: RecordOrigin;
  /** The latest event time of the ticks that passed the tick-order step: what alert timing runs on. */
  readonly eventTime: EventTimeMark;
  /** The source can resume from a checkpoint (Kafka); files and the simulator always start over. */
  readonly resumable: boolean;
  /** What shapes the tick-order step's state, for the checkpoint's fingerprint. */
  readonly order: TickOrderOptions;
}

/**
 * Starts pipeline `name` at its tick source: raw sources get the tick decoder, the simulator does
 * not need it. Every kind then goes through the tick-order step (duplicates, seq order, lateness);
 * the simulator's ticks always pass it, at one map lookup each.
 */
export function tickInput(name: string, options: TickSourceOptions, env: PipelineEnvironment, labelsPath?: string): TickInput {
  switch (options.kind) {
    case 'simulator': {
      const { kind: _kind, allowedLatenessMs, maxAheadMs, ...simulator } = options;
      const labels = labelsPath === undefined ? undefined : new LabelFile(resolve(env.baseDir, labelsPath), { append: true });
      const source = simulatorSource(simulator, labels === undefined ? {} : { onLabel: labels.write });
      const eventTime = createEventTimeMark();
      const order = { allowedLatenessMs, maxAheadMs };
      const builder = (pipeline(name).from(source) as PipelineBuilder<unknown, Tick>).through(tickOrder(order, { eventTime }));
      return { builder, eventTime, resumable: canResume(source), order, ...(labels === undefined ? {} : { labels }) };
    }
    case 'file': {
      const { kind: _kind, allowedLatenessMs, maxAheadMs, ...file } = options;
      const source = fileSource({ ...file, path: resolve(env.baseDir, file.path) });
      const origin = createRecordOrigin();
      const eventTime = createEventTimeMark();
      const order = { allowedLatenessMs, maxAheadMs };
      return { builder: decodedTicks(pipeline(name).from(source), order, origin, eventTime), origin, eventTime, resumable: canResume(source), order };
    }
    case 'kafka': {
      const { kind: _kind, allowedLatenessMs, maxAheadMs, ...kafka } = options;
      const source = kafkaSource(kafka, env.logger);
      const origin = createRecordOrigin();
      const eventTime = createEventTimeMark();
      const order = { allowedLatenessMs, maxAheadMs };
      return {
        builder: decodedTicks(pipeline(name).from(source), order, origin, eventTime),
        lag: () => source.lag(),
        brokerSilenceMs: (now: number) => source.silenceMs(now),
        quietSince: (now: number) => source.quietSince(now),
        origin,
        eventTime,
        resumable: canResume(source),
        order,
      };
    }
  }
}

/** Raw records → valid ticks → ticks in order, with the origin of each tick in `origin`. */
function decodedTicks(raw: PipelineBuilder<unknown, RawRecord>, order: TickOrderOptions, origin: RecordOrigin, eventTime: EventTimeMark): PipelineBuilder<unknown, Tick> {
  return raw.through(decodeTicks(DECODE_TICKS_ID, { origin })).through(tickOrder(order, { origin, eventTime }));
}

function canResume(source: Source<unknown>): boolean {
  return source.resume !== undefined;
}
