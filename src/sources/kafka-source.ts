import { Kafka, type Consumer, type EachBatchPayload } from 'kafkajs';
import { z } from 'zod';
import { validateConfig } from '../config/validate-config.js';
import type { CheckpointValue } from '../core/checkpoint/checkpointer.js';
import { RiskwatchError } from '../core/errors.js';
import type { Source, SourceBatch, SourceContext, SourcePosition } from '../core/source.js';
import { kafkaClientConfig, kafkaConnectionSchema } from '../kafka/kafka-options.js';
import { decodeTickMessage, DEFAULT_MAX_MESSAGE_BYTES, TickMessageError } from '../kafka/tick-message.js';
import type { Logger } from '../observability/logger.js';
import { Handoff } from './handoff.js';
import type { RawRecord } from './raw-record.js';

export const kafkaSourceOptionsSchema = z.strictObject({
  id: z.string().min(1).default('kafka'),
  kafka: kafkaConnectionSchema.prefault({}),
  topic: z.string().min(1).default('ticks'),
  groupId: z.string().min(1).default('riskwatch'),
  /** Where a group with no committed offset starts. */
  fromBeginning: z.boolean().default(true),
  sessionTimeoutMs: z.int().min(6000).default(30_000),
  heartbeatIntervalMs: z.int().min(100).default(3000),
  /** Longest a fetch waits for new data: bounds how late a quiet member notices a rebalance or a stop. */
  maxWaitTimeMs: z.int().min(10).max(30_000).default(1000),
  /** Upper bound of one fetch per partition; bounds memory with the one-batch hand-off. */
  maxBytesPerPartition: z.int().positive().default(1 << 20),
  /** Longest message value decoded; longer ones are dead-lettered as `too_large` without being parsed. */
  maxMessageBytes: z.int().min(1024).default(DEFAULT_MAX_MESSAGE_BYTES),
});

export type KafkaSourceOptions = z.output<typeof kafkaSourceOptionsSchema>;
export type KafkaSourceOptionsInput = z.input<typeof kafkaSourceOptionsSchema>;

/** Next offsets to read, per `topic:partition`: what a commit stores. */
type Offsets = ReadonlyMap<string, { topic: string; partition: number; offset: string }>;

/**
 * Consumes tick messages with a kafkajs consumer group. Each fetched batch is handed to the
 * runner and kafkajs waits (heartbeating) until the runner has taken it, so a slow pipeline slows
 * fetching. Offsets are committed only when the runner commits, i.e. after the sinks have made
 * the batch's effects durable: at-least-once. When a rebalance takes partitions away, the state
 * of the symbols seen on them is released; the new owner rebuilds it.
 */
export class KafkaSource implements Source<RawRecord> {
  readonly id: string;
  readonly bounded = false;
  private readonly handoff = new Handoff<SourceBatch<RawRecord>>();
  private readonly consumed = new Map<string, { topic: string; partition: number; offset: string }>();
  /** Partition of every symbol seen, to know which state to release on revocation. */
  private readonly partitionOfSymbol = new Map<string, number>();
  private assigned = new Set<number>();
  private readonly lagByPartition = new Map<number, number>();
  private consumer: Consumer | undefined;
  private context: SourceContext | undefined;
  /** Offsets of a restored checkpoint, applied (seek) at the first assignment only. */
  private resumeAt: Offsets | undefined;
  /** Wall time of the last sign of life from the brokers (a fetch, a heartbeat, a join). */
  private contactAt: number | undefined;
  /** Wall time of the last batch handed on, or of the last assignment: the input was busy then. */
  private busyAt: number | undefined;

  /** Which partition each symbol came from, so a restarted process releases what it no longer owns. */
  readonly checkpointState: CheckpointValue = {
    name: 'kafka-partitions',
    snapshot: () => [...this.partitionOfSymbol],
    restore: (value) => {
      for (const [symbol, partition] of value as [string, number][]) this.partitionOfSymbol.set(symbol, partition);
    },
  };

  constructor(
    readonly options: KafkaSourceOptions,
    private readonly logger: Logger,
  ) {
    this.id = options.id;
  }

  get resumeKey(): string {
    return `kafka ${this.options.topic} group ${this.options.groupId}`;
  }

  resume(position: SourcePosition): void {
    this.resumeAt = position.token as Offsets;
  }

  async open(context: SourceContext): Promise<void> {
    this.context = context;
    const kafka = new Kafka(kafkaClientConfig(this.options.kafka, this.logger));
    const consumer = kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      heartbeatInterval: this.options.heartbeatIntervalMs,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
      maxWaitTimeInMs: this.options.maxWaitTimeMs,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.contactAt = context.clock.now();
      this.busyAt = this.contactAt;
      this.onAssignment(event.payload.memberAssignment[this.options.topic] ?? []);
    });
    const contact = (): void => {
      this.contactAt = context.clock.now();
    };
    consumer.on(consumer.events.FETCH, contact);
    consumer.on(consumer.events.HEARTBEAT, contact);
    consumer.on(consumer.events.CRASH, (event) => {
      this.logger.error({ err: event.payload.error, restart: event.payload.restart }, 'kafka consumer crashed');
      if (!event.payload.restart) this.handoff.fail(new RiskwatchError('kafka_consumer_crashed', `kafka consumer stopped: ${event.payload.error.message}`, { cause: event.payload.error }));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.options.topic], fromBeginning: this.options.fromBeginning });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw new RiskwatchError('kafka_unreachable', `cannot consume ${this.options.topic} from ${this.options.kafka.brokers.join(',')}: ${(error as Error).message}`, {
        retriable: true,
        cause: error,
      });
    }
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
  }

  batches(signal: AbortSignal): AsyncGenerator<SourceBatch<RawRecord>> {
    return this.handoff.items(signal);
  }

  async commit(position: SourcePosition): Promise<void> {
    const offsets = [...(position.token as Offsets).values()].filter((entry) => this.assigned.has(entry.partition));
    if (offsets.length === 0 || this.consumer === undefined) return;
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      // A rebalance in progress rejects commits; the new owner re-reads from the last commit.
      this.logger.warn({ err: error }, 'kafka offset commit failed; the records may be read again (at-least-once)');
    }
  }

  /** Wall ms since the brokers last answered (a fetch, a heartbeat), or undefined before they ever did. */
  silenceMs(now: number): number | undefined {
    return this.contactAt === undefined ? undefined : now - this.contactAt;
  }

  /**
   * Since when the input has been idle: no batch for longer than two fetch waits (a fetch with
   * data returns at once, an empty one after maxWaitTimeMs), counted from the last batch or
   * assignment. Undefined while batches flow, and before the first assignment.
   */
  quietSince(now: number): number | undefined {
    const busyAt = this.busyAt;
    if (busyAt === undefined || now - busyAt < 2 * this.options.maxWaitTimeMs) return undefined;
    return busyAt;
  }

  /** Messages between what was fetched and the end of the assigned partitions, as of the last fetches. */
  lag(): number {
    let total = 0;
    for (const [partition, lag] of this.lagByPartition) if (this.assigned.has(partition)) total += lag;
    return total;
  }

  async close(): Promise<void> {
    this.handoff.close();
    await this.consumer?.disconnect();
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const records: RawRecord[] = [];
    const context = this.context!;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      const origin = `${batch.topic}[${batch.partition}]@${message.offset}`;
      const value = decodeTickMessage(message.value, this.options.maxMessageBytes);
      if (value instanceof TickMessageError) {
        context.deadLetter({
          step: this.id,
          reason: { code: value.code, message: value.message },
          // Only the start of the value: enough to recognise it, without a megabyte per dead letter.
          record: message.value?.subarray(0, 4096).toString('utf8') ?? null,
          origin,
          rejectedAt: new Date(context.clock.now()).toISOString(),
        });
      } else {
        records.push({ value, origin });
        const symbol = message.key?.toString('utf8');
        if (symbol !== undefined) this.partitionOfSymbol.set(symbol, batch.partition);
      }
    }
    this.lagByPartition.set(batch.partition, Number(batch.offsetLag()));
    const last = batch.lastOffset();
    const key = `${batch.topic}:${batch.partition}`;
    const next = { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() };
    const token = new Map(this.consumed).set(key, next);
    const position: SourcePosition = { description: `${batch.topic}[${batch.partition}]@${last}`, token };
    // Wait until the runner takes the batch, heartbeating so the group does not think we died.
    this.busyAt = context.clock.now();
    const taken = await this.handoff.put({ records, position }, () => void heartbeat().catch(() => undefined), this.options.heartbeatIntervalMs);
    this.busyAt = context.clock.now();
    if (!taken) return;
    // Moves the fetch position on; what is committed is decided by the runner (commit()).
    this.consumed.set(key, next);
    resolveOffset(last);
  }

  private onAssignment(partitions: readonly number[]): void {
    const next = new Set(partitions);
    const lost = new Set<string>();
    for (const [symbol, partition] of this.partitionOfSymbol) {
      if (!next.has(partition)) {
        lost.add(symbol);
        this.partitionOfSymbol.delete(symbol);
      }
    }
    for (const key of this.consumed.keys()) {
      if (!next.has(Number(key.slice(key.lastIndexOf(':') + 1)))) this.consumed.delete(key);
    }
    this.assigned = next;
    const resumed = this.resumeFromCheckpoint(partitions);
    // Partitions kept through the rebalance (or a consumer restart after a broker outage) go on
    // from what this process read, not from the last commit: the state already has those records.
    for (const at of this.consumed.values()) this.consumer!.seek({ topic: at.topic, partition: at.partition, offset: at.offset });
    this.logger.info({ topic: this.options.topic, partitions, released: lost.size, ...(resumed.length === 0 ? {} : { resumed }) }, 'kafka partitions assigned');
    if (lost.size > 0) this.context?.releaseKeys(lost);
  }

  /**
   * At the first assignment after a restore: the partitions the checkpoint covers are read from its
   * offsets, whatever the group committed since (the state restored matches those offsets). Later
   * assignments of partitions new here start at the committed offsets, without state.
   */
  private resumeFromCheckpoint(partitions: readonly number[]): string[] {
    const checkpoint = this.resumeAt;
    if (checkpoint === undefined) return [];
    this.resumeAt = undefined;
    const resumed: string[] = [];
    for (const partition of partitions) {
      const at = checkpoint.get(`${this.options.topic}:${partition}`);
      if (at === undefined) continue;
      // Read on from here: sought below with the partitions kept.
      this.consumed.set(`${at.topic}:${partition}`, at);
      resumed.push(`${partition}@${at.offset}`);
    }
    return resumed;
  }
}

export function kafkaSource(options: KafkaSourceOptionsInput, logger: Logger): KafkaSource {
  return new KafkaSource(validateConfig(options, 'kafka source', kafkaSourceOptionsSchema), logger);
}
