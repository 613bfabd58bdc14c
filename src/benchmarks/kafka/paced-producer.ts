import { Worker } from 'node:worker_threads';

export interface PacedProducerOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly partitions: number;
  /** Ticks per second. */
  readonly rate: number;
  readonly durationMs: number;
  readonly symbols: number;
  readonly seed: number;
}

/** One produce request's share of one partition: offsets baseOffset .. baseOffset + count - 1, sent at `at`. */
export interface SendRecord {
  readonly partition: number;
  readonly baseOffset: number;
  readonly count: number;
  /** Epoch ms (preciseNow) just before the request was sent; also the messages' Kafka timestamp. */
  readonly at: number;
}

type WorkerReply = { ok: true; log: SendRecord[] } | { ok: false; message: string };

/** Runs the paced producer on a worker thread; resolves with its send log once every tick is acknowledged. */
export function runPacedProducer(options: PacedProducerOptions): Promise<SendRecord[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./paced-producer-worker.js', import.meta.url), { workerData: options });
    worker.once('message', (reply: WorkerReply) => {
      if (reply.ok) resolve(reply.log);
      else reject(new Error(`paced producer: ${reply.message}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
