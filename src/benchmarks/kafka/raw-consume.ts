import { Kafka, logLevel } from 'kafkajs';

export interface ConsumeOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  /** Messages in the topic: the run ends when all were read. */
  readonly messages: number;
  /** Same fetch settings as the Kafka source, so the ceiling is the same client's. */
  readonly maxBytesPerPartition: number;
  readonly maxWaitTimeMs: number;
  /** Gives up after this long. */
  readonly timeoutMs: number;
}

/** Throughput of one run: from the first batch received to the last tick done. */
export interface ThroughputRun {
  readonly ticks: number;
  /** From the first fetched batch to the last tick done (the group join is not in it). */
  readonly elapsedMs: number;
  readonly ticksPerSecond: number;
  /** From connecting to the last tick done: join and first fetch included. */
  readonly wallMs: number;
}

/**
 * The ceiling for our client: a plain kafkajs consumer group member that reads the topic from the
 * beginning, JSON.parses each value (what the Kafka source does to a message) and discards it.
 */
export async function consumeRaw(options: ConsumeOptions): Promise<ThroughputRun> {
  const started = performance.now();
  const kafka = new Kafka({ clientId: 'riskwatch-bench-raw', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: options.groupId, maxBytesPerPartition: options.maxBytesPerPartition, maxWaitTimeInMs: options.maxWaitTimeMs });
  let count = 0;
  let firstAt = 0;
  let done!: (at: number) => void;
  const finished = new Promise<number>((resolve) => (done = resolve));
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (firstAt === 0) firstAt = performance.now();
        for (const message of batch.messages) if (message.value !== null) JSON.parse(message.value.toString('utf8'));
        count += batch.messages.length;
        if (count >= options.messages) done(performance.now());
      },
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`raw consumer read ${count} of ${options.messages} messages in ${options.timeoutMs} ms`)), options.timeoutMs).unref(),
    );
    const doneAt = await Promise.race([finished, timeout]);
    const elapsedMs = doneAt - firstAt;
    return { ticks: count, elapsedMs, ticksPerSecond: (count / elapsedMs) * 1000, wallMs: doneAt - started };
  } finally {
    await consumer.disconnect();
  }
}
