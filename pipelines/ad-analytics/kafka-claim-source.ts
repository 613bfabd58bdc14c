import { Kafka, type Admin, type Consumer, type EachBatchPayload } from 'kafkajs';
import { RiskwatchError } from '../../src/core/errors.js';
import type { Source, SourceBatch, SourceContext } from '../../src/core/source.js';
import { kafkaClientConfig, type KafkaConnection } from '../../src/kafka/kafka-options.js';
import type { Logger } from '../../src/observability/logger.js';
import { Handoff } from '../../src/sources/handoff.js';
import type { RawRecord } from '../../src/sources/raw-record.js';

/** Offset ranges [from, to) this member read, per partition: what its partial aggregate holds. */
export type ClaimedRanges = Record<string, [number, number][]>;

export interface KafkaClaimSourceOptions {
  readonly kafka: KafkaConnection;
  readonly topic: string;
  readonly group: string;
  /** How often the group's committed offsets are checked for the end of the input. */
  readonly pollMs?: number;
  /** Claim nothing until the group has this many members, so the first process up does not read it all alone. */
  readonly members?: number;
}

/** How long a member waiting for the others holds a batch before it lets kafkajs fetch again. */
const WAIT_FOR_MEMBERS_MS = 200;

/**
 * Reads an ad-log topic once, as one member of a consumer group, up to the end offsets seen at
 * start: a bounded source. Each fetched batch is claimed before it is handed on: its offsets are
 * committed first, and only if the commit succeeds (this member still owns the partition in the
 * group's current generation) do its rows enter the pipeline. So every offset is aggregated by
 * exactly one member even across rebalances, and the members' partial aggregates add up to the
 * whole topic exactly. A member that dies after claiming loses its rows for the run: run again
 * with a new group. The input ends for every member once the group has committed every
 * partition's end offset. Records are JSON rows; their origin is `topic/partition@offset`.
 */
export class KafkaClaimSource implements Source<RawRecord> {
  readonly id = 'kafka-ad-log';
  readonly bounded = true;
  readonly claimed: ClaimedRanges = {};
  readonly progress = { recordsEmitted: 0, total: 0 };
  private readonly handoff = new Handoff<SourceBatch<RawRecord>>();
  private readonly kafka: Kafka;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private ends = new Map<number, number>();
  private context: SourceContext | undefined;
  /** Batches between the start of their claim and the runner taking them. */
  private inFlight = 0;
  private poller: NodeJS.Timeout | undefined;
  private groupComplete: boolean;

  constructor(
    private readonly options: KafkaClaimSourceOptions,
    logger: Logger,
  ) {
    this.kafka = new Kafka(kafkaClientConfig(options.kafka, logger));
    this.groupComplete = (options.members ?? 1) <= 1;
  }

  async open(context: SourceContext): Promise<void> {
    this.context = context;
    const { topic, group } = this.options;
    try {
      this.admin = this.kafka.admin();
      await this.admin.connect();
      const offsets = await this.admin.fetchTopicOffsets(topic);
      // Partitions with nothing to read (empty, or all past retention) are not waited for.
      this.ends = new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
      this.progress.total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
      const consumer = this.kafka.consumer({ groupId: group, maxWaitTimeInMs: 250 });
      this.consumer = consumer;
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) this.handoff.fail(new RiskwatchError('kafka_consumer_crashed', `kafka consumer stopped: ${event.payload.error.message}`, { cause: event.payload.error }));
      });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
    } catch (error) {
      await this.close();
      throw new RiskwatchError('kafka_unreachable', `cannot consume ${topic} as group ${group} from ${this.options.kafka.brokers.join(',')}: ${(error as Error).message}`, {
        retriable: true,
        cause: error,
      });
    }
    this.poller = setInterval(() => void this.checkEnd(), this.options.pollMs ?? 500);
  }

  async *batches(signal: AbortSignal): AsyncGenerator<SourceBatch<RawRecord>> {
    for await (const batch of this.handoff.items(signal)) {
      this.progress.recordsEmitted += batch.records.length;
      yield batch;
    }
  }

  async close(): Promise<void> {
    if (this.poller !== undefined) clearInterval(this.poller);
    this.handoff.close();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale()) return;
    if (!(await this.othersJoined())) {
      // Unresolved, so fetched again; meanwhile the joining members trigger the rebalance that splits the partitions.
      await heartbeat();
      await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_MEMBERS_MS));
      return;
    }
    const partition = batch.partition;
    const end = this.ends.get(partition) ?? 0;
    const messages = batch.messages.filter((m) => Number(m.offset) < end);
    if (messages.length === 0) {
      // Past the end seen at start: not this run's; moving the fetch position on stops refetching them.
      resolveOffset(batch.lastOffset());
      return;
    }
    this.inFlight++;
    try {
      const from = Number(messages[0]!.offset);
      const to = Number(messages[messages.length - 1]!.offset) + 1;
      try {
        await this.consumer!.commitOffsets([{ topic: batch.topic, partition, offset: String(to) }]);
      } catch {
        // No longer ours (a rebalance): whoever owns the partition now reads these from the last commit.
        return;
      }
      addRange(this.claimed, partition, from, to);
      const records: RawRecord[] = [];
      for (const message of messages) {
        const origin = `${batch.topic}/${partition}@${message.offset}`;
        const text = message.value?.toString('utf8') ?? '';
        try {
          records.push({ value: JSON.parse(text) as unknown, origin });
        } catch (error) {
          this.context!.deadLetter({
            step: this.id,
            reason: { code: 'malformed', message: `not valid JSON: ${(error as Error).message}` },
            record: text,
            origin,
            rejectedAt: new Date(this.context!.clock.now()).toISOString(),
          });
        }
      }
      await this.handoff.put({ records, position: { description: `${batch.topic}/${partition}@${to - 1}`, token: to } }, () => void heartbeat().catch(() => undefined));
      resolveOffset(batch.lastOffset());
    } finally {
      this.inFlight--;
    }
  }

  private async othersJoined(): Promise<boolean> {
    if (this.groupComplete) return true;
    try {
      const { groups } = await this.admin!.describeGroups([this.options.group]);
      // Stable: the rebalance that took the newcomers in is over, and this member holds its share only.
      const group = groups[0];
      this.groupComplete = group?.state === 'Stable' && group.members.length >= (this.options.members ?? 1);
    } catch {
      // Asked again with the next batch.
    }
    return this.groupComplete;
  }

  /** Ends the input once nothing of ours is in flight and the group has claimed every partition to its end. */
  private async checkEnd(): Promise<void> {
    if (this.inFlight > 0 || this.admin === undefined) return;
    try {
      const [committed] = await this.admin.fetchOffsets({ groupId: this.options.group, topics: [this.options.topic] });
      const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      for (const [partition, end] of this.ends) if ((at.get(partition) ?? -1) < end) return;
      if (this.inFlight === 0) this.handoff.close();
    } catch {
      // Checked again at the next poll.
    }
  }
}

function addRange(claimed: ClaimedRanges, partition: number, from: number, to: number): void {
  const ranges = (claimed[String(partition)] ??= []);
  const last = ranges[ranges.length - 1];
  if (last !== undefined && last[1] === from) last[1] = to;
  else ranges.push([from, to]);
}
