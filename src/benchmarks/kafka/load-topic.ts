import { Kafka, logLevel } from 'kafkajs';
import { encodeTickMessage } from '../../kafka/tick-message.js';
import { simulatorSource } from '../../sources/simulator/simulator-source.js';

export interface LoadOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly ticks: number;
  readonly symbols: number;
  readonly seed: number;
  /**
   * Load in one transaction and leave it open: consumers (read_committed, kafkajs' default) see
   * nothing until `commit` is called, then every tick at once.
   */
  readonly holdInTransaction?: boolean;
}

export interface LoadResult {
  readonly ticks: number;
  readonly elapsedMs: number;
  /** Makes a held load visible (a no-op otherwise). Commit markers take one offset per partition. */
  commit(): Promise<void>;
}

/** Longest a held load may stay uncommitted (the broker aborts it after that). */
const HOLD_MS = 600_000;

/** Messages per produce request: large, so loading a million ticks takes seconds. */
const SEND_BATCH = 20_000;

/**
 * Loads simulated ticks into an existing topic as fast as one producer can: the same messages as
 * `riskwatch produce` (encodeTickMessage, keyed by symbol), but large requests, and the next batch
 * is generated while the previous one is in flight. One request at a time keeps each symbol's
 * ticks in order.
 */
export async function loadSimulatedTicks(options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const kafka = new Kafka({ clientId: 'riskwatch-bench-load', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const held = options.holdInTransaction === true;
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    ...(held ? { transactionalId: `${options.topic}-load`, transactionTimeout: HOLD_MS } : {}),
  });
  await producer.connect();
  const source = simulatorSource({ mode: 'fast', seed: options.seed, symbols: options.symbols, maxTicks: options.ticks, batchSize: SEND_BATCH });
  let sent = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  try {
    const sender = held ? await producer.transaction() : producer;
    for await (const batch of source.batches(new AbortController().signal)) {
      const messages = batch.records.map(encodeTickMessage);
      await inFlight;
      inFlight = sender.send({ topic: options.topic, acks: -1, messages });
      sent += messages.length;
    }
    await inFlight;
    const elapsedMs = performance.now() - started;
    if (!held) {
      await producer.disconnect();
      return { ticks: sent, elapsedMs, commit: async () => undefined };
    }
    return {
      ticks: sent,
      elapsedMs,
      commit: async () => {
        try {
          await (sender as Awaited<ReturnType<typeof producer.transaction>>).commit();
        } finally {
          await producer.disconnect();
        }
      },
    };
  } catch (error) {
    await producer.disconnect();
    throw error;
  }
}
