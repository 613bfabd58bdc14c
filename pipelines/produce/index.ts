import { resolve } from 'node:path';
import { z } from 'zod';
import { definePipeline, type PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { tickInput, tickSourceSchema } from '../../src/app/tick-input.js';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import { createKafkaTickSink, kafkaTickSinkOptionsSchema } from '../../src/sinks/kafka-tick-sink.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { pacedSink } from '../../src/sinks/paced-sink.js';

export const produceOptionsSchema = z.strictObject({
  /** The simulator runs as fast as Kafka takes it unless `rate` is set; a file is read once. */
  source: tickSourceSchema.prefault({ kind: 'simulator', mode: 'fast' }),
  to: kafkaTickSinkOptionsSchema.prefault({}),
  /** Ticks per second at most; unset: as fast as possible. */
  rate: z.number().positive().optional(),
  deadLetters: z.string().min(1).default('.riskwatch/dead-letters.jsonl'),
  /** Injected anomalies, when the source is the simulator. */
  labels: z.string().min(1).default('.riskwatch/labels.jsonl'),
});

export type ProduceOptions = z.output<typeof produceOptionsSchema>;

/** Loads ticks (simulated or from a file) into a Kafka topic, keyed by symbol: demos, tests, benchmarks. */
export const producePipeline = definePipeline({
  name: 'produce',
  description: 'load ticks from the simulator or a file into a Kafka topic (--set to.topic=ticks)',
  options: produceOptionsSchema,
  async prepare(options: ProduceOptions, env: PipelineEnvironment) {
    const input = tickInput('produce', options.source, env, options.labels);
    const kafka = createKafkaTickSink(options.to, env.logger);
    const sink = options.rate === undefined ? kafka : pacedSink(kafka, options.rate, env.clock);
    const built = input.builder
      .to(sink)
      .deadLettersTo(createLineFileSink<DeadLetter>({ id: 'dead-letters', path: resolve(env.baseDir, options.deadLetters) }))
      .build();
    return {
      pipeline: built,
      report() {
        const lines = [`produced        ${kafka.sent()} ticks → ${options.to.topic} on ${options.to.kafka.brokers.join(',')}`];
        if (input.labels !== undefined) lines.push(`labels          ${input.labels.written} → ${input.labels.path}`);
        return lines;
      },
    };
  },
});
