import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { RiskwatchError } from '../../src/core/errors.js';
import type { SkippedRowsReport } from '../../src/jobs/skipped-rows.js';
import { ensureTopic } from '../../src/kafka/ensure-topic.js';
import { kafkaClientConfig, type KafkaConnection } from '../../src/kafka/kafka-options.js';
import type { Logger } from '../../src/observability/logger.js';
import type { PartialAggregate } from './ad-aggregate.js';
import type { ClaimedRanges } from './kafka-claim-source.js';

/** Cells per message: keeps each well under Kafka's default 1 MB message limit. */
const CELLS_PER_MESSAGE = 5000;

/** What one member read: the offsets it claimed, its row counts and its partial aggregate. */
export interface MemberPartial {
  readonly member: string;
  readonly rows: number;
  readonly claimed: ClaimedRanges;
  readonly skipped: SkippedRowsReport;
  /** The aggregate in pieces, each a partial of its own (they merge like any partials). */
  readonly pieces: PartialAggregate[];
}

interface PartialMessage {
  readonly group: string;
  readonly member: string;
  readonly piece: number;
  readonly pieces: number;
  readonly partial: PartialAggregate;
  /** On piece 0 only. */
  readonly rows?: number;
  readonly claimed?: ClaimedRanges;
  readonly skipped?: SkippedRowsReport;
}

/** The topic partial aggregates of `topic` go to: `<topic>.partials`, one partition, keyed by group. */
export function partialsTopic(topic: string): string {
  return `${topic}.partials`;
}

/**
 * Publishes a member's partial to `<topic>.partials`. Kafka rather than a shared folder: the
 * members of a group may run on machines that share nothing but the brokers.
 */
export async function publishPartial(
  connection: KafkaConnection,
  logger: Logger,
  topic: string,
  group: string,
  part: Omit<MemberPartial, 'member' | 'pieces'> & { readonly partial: PartialAggregate },
): Promise<string> {
  const kafka = new Kafka(kafkaClientConfig(connection, logger));
  await ensureTopic(kafka, partialsTopic(topic), 1);
  const member = randomUUID();
  const pieces = splitPartial(part.partial);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const messages = pieces.map((partial, piece) => {
      const head = piece === 0 ? { rows: part.rows, claimed: part.claimed, skipped: part.skipped } : {};
      const message: PartialMessage = { group, member, piece, pieces: pieces.length, partial, ...head };
      return { key: group, value: JSON.stringify(message) };
    });
    await producer.send({ topic: partialsTopic(topic), acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
  return member;
}

/** Every complete member partial of `group` published so far (read to the topic's end). */
export async function readPartials(connection: KafkaConnection, logger: Logger, topic: string, group: string): Promise<MemberPartial[]> {
  const kafka = new Kafka(kafkaClientConfig(connection, logger));
  const admin = kafka.admin();
  await admin.connect();
  let end: number;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(partialsTopic(topic))) return [];
    end = Number((await admin.fetchTopicOffsets(partialsTopic(topic)))[0]?.high ?? 0);
  } finally {
    await admin.disconnect();
  }
  const messages: PartialMessage[] = [];
  if (end > 0) {
    // A throwaway group that commits nothing: every reader sees the whole topic.
    const consumer = kafka.consumer({ groupId: `riskwatch-ad-merge-${randomUUID()}`, maxWaitTimeInMs: 250 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [partialsTopic(topic)], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            if (message.key?.toString('utf8') === group && message.value !== null) messages.push(JSON.parse(message.value.toString('utf8')) as PartialMessage);
            if (Number(message.offset) + 1 >= end) resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }
  const byMember = new Map<string, PartialMessage[]>();
  for (const message of messages) byMember.set(message.member, [...(byMember.get(message.member) ?? []), message]);
  const members: MemberPartial[] = [];
  for (const [member, parts] of byMember) {
    const head = parts.find((p) => p.piece === 0);
    if (head === undefined || parts.length !== head.pieces) continue;
    members.push({ member, rows: head.rows ?? 0, claimed: head.claimed ?? {}, skipped: head.skipped!, pieces: parts.map((p) => p.partial) });
  }
  return members;
}

/**
 * Whether the members' claimed ranges cover every partition's [low, high) exactly once: then
 * their partials add up to the whole topic. Returns what is missing, or throws on an overlap
 * (a group reused for two runs).
 */
export function coverage(members: readonly MemberPartial[], offsets: readonly { partition: number; low: number; high: number }[]): { complete: boolean; missing: string[] } {
  const missing: string[] = [];
  for (const { partition, low, high } of offsets) {
    if (high <= low) continue;
    const ranges = members.flatMap((m) => m.claimed[String(partition)] ?? []).sort((a, b) => a[0] - b[0]);
    let at = low;
    for (const [from, to] of ranges) {
      if (from < at) throw new RiskwatchError('partials_overlap', `partition ${partition}: offsets from ${from} were aggregated twice; use a new --group for each run`);
      if (from > at) missing.push(`${partition}:${at}-${from - 1}`);
      at = to;
    }
    if (at < high) missing.push(`${partition}:${at}-${high - 1}`);
  }
  return { complete: missing.length === 0, missing };
}

function splitPartial(partial: PartialAggregate): PartialAggregate[] {
  const n = partial.cells.hour.length;
  if (n <= CELLS_PER_MESSAGE) return [partial];
  const pieces: PartialAggregate[] = [];
  const c = partial.cells;
  for (let from = 0; from < n; from += CELLS_PER_MESSAGE) {
    const to = Math.min(n, from + CELLS_PER_MESSAGE);
    pieces.push({
      campaigns: partial.campaigns,
      exchanges: partial.exchanges,
      cells: {
        campaign: c.campaign.slice(from, to),
        exchange: c.exchange.slice(from, to),
        hour: c.hour.slice(from, to),
        impressions: c.impressions.slice(from, to),
        clicks: c.clicks.slice(from, to),
        conversions: c.conversions.slice(from, to),
        costMicros: c.costMicros.slice(from, to),
        rows: c.rows.slice(from, to),
      },
    });
  }
  return pieces;
}
