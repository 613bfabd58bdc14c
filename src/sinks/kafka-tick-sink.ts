import { CompressionTypes, Kafka, type Producer } from 'kafkajs';
import { z } from 'zod';
import { RiskwatchError } from '../core/errors.js';
import type { Sink } from '../core/sink.js';
import { ensureTopic } from '../kafka/ensure-topic.js';
import { kafkaClientConfig, kafkaConnectionSchema } from '../kafka/kafka-options.js';
import { encodeTickMessage } from '../kafka/tick-message.js';
import type { Logger } from '../observability/logger.js';
import type { Tick } from '../ticks/tick.js';

export const kafkaTickSinkOptionsSchema = z.strictObject({
  kafka: kafkaConnectionSchema.prefault({}),
  topic: z.string().min(1).default('ticks'),
  /** Partitions of the topic when this sink has to create it. */
  partitions: z.int().min(1).max(10_000).default(12),
  compression: z.enum(['none', 'gzip']).default('none'),
});

export type KafkaTickSinkOptions = z.output<typeof kafkaTickSinkOptionsSchema>;

/**
 * Produces ticks keyed by symbol (one symbol → one partition → order kept), JSON values,
 * acknowledged by all in-sync replicas with an idempotent producer, so a retried send does not
 * write a tick twice.
 */
export function createKafkaTickSink(options: KafkaTickSinkOptions, logger: Logger): Sink<Tick> & { readonly sent: () => number } {
  const kafka = new Kafka(kafkaClientConfig(options.kafka, logger));
  let producer: Producer | undefined;
  let sent = 0;
  const compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return {
    id: 'kafka-ticks',
    sent: () => sent,
    async open() {
      try {
        if (await ensureTopic(kafka, options.topic, options.partitions)) {
          logger.info({ topic: options.topic, partitions: options.partitions }, 'created topic');
        }
        producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
      } catch (error) {
        throw new RiskwatchError('kafka_unreachable', `cannot produce to ${options.topic} on ${options.kafka.brokers.join(',')}: ${(error as Error).message}`, {
          retriable: true,
          cause: error,
        });
      }
    },
    async write(ticks) {
      if (producer === undefined) throw new Error('kafka sink: write before open');
      await producer.send({ topic: options.topic, acks: -1, compression, messages: ticks.map(encodeTickMessage) });
      sent += ticks.length;
    },
    // Every send is acknowledged before write resolves: nothing to flush.
    async flush() {},
    async close() {
      await producer?.disconnect();
    },
  };
}
