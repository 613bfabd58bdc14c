import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { encodeTickMessage } from '../../kafka/tick-message.js';
import { simulatorSource } from '../../sources/simulator/simulator-source.js';
import type { PacedProducerOptions, SendRecord } from './paced-producer.js';
import { preciseNow } from './precise-now.js';

/** How often the producer checks what is due: ticks due in between go out in one request. */
const PACE_MS = 5;

/** A stable symbol → partition map, so the producer knows how many messages each partition got. */
function partitionOf(symbol: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash ^ symbol.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % partitions;
}

async function generate(options: PacedProducerOptions): Promise<Message[]> {
  const total = Math.round((options.rate * options.durationMs) / 1000);
  const source = simulatorSource({ mode: 'fast', seed: options.seed, symbols: options.symbols, maxTicks: total, batchSize: 10_000 });
  const messages: Message[] = [];
  for await (const batch of source.batches(new AbortController().signal)) {
    for (const tick of batch.records) messages.push({ ...encodeTickMessage(tick), partition: partitionOf(tick.symbol, options.partitions) });
  }
  return messages;
}

/**
 * Produces pre-generated ticks at a fixed rate on its own thread (so the producer does not share
 * the monitor's event loop), one request per pacing step, and logs for each request and partition
 * the first offset, the count and the produce time (also the messages' Kafka timestamp).
 */
async function main(options: PacedProducerOptions): Promise<SendRecord[]> {
  const messages = await generate(options);
  const kafka = new Kafka({ clientId: 'riskwatch-bench-paced', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const log: SendRecord[] = [];
  try {
    const start = preciseNow();
    let sent = 0;
    while (sent < messages.length) {
      const due = Math.min(messages.length, Math.floor(((preciseNow() - start) * options.rate) / 1000));
      if (due > sent) {
        const at = preciseNow();
        const timestamp = String(Math.round(at));
        const batch = messages.slice(sent, due);
        const counts = new Map<number, number>();
        for (const message of batch) {
          message.timestamp = timestamp;
          counts.set(message.partition!, (counts.get(message.partition!) ?? 0) + 1);
        }
        const metadata = await producer.send({ topic: options.topic, acks: -1, messages: batch });
        for (const m of metadata) log.push({ partition: m.partition, baseOffset: Number(m.baseOffset), count: counts.get(m.partition) ?? 0, at });
        sent = due;
      }
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
  } finally {
    await producer.disconnect();
  }
  return log;
}

main(workerData as PacedProducerOptions).then(
  (log) => parentPort!.postMessage({ ok: true, log }),
  (error: unknown) => parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
