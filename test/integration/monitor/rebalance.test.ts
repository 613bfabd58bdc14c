import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { producePipeline } from '../../../pipelines/produce/index.js';
import type { PipelineEnvironment } from '../../../src/app/pipeline-definition.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import type { KeyedOperator } from '../../../src/core/keyed-state.js';
import type { Operator, OperatorOutput } from '../../../src/core/operator.js';
import { pipeline } from '../../../src/core/pipeline.js';
import type { RunSummary } from '../../../src/core/run-stats.js';
import { runPipeline } from '../../../src/core/runner.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import { buildDetectors } from '../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { kafkaSource } from '../../../src/sources/kafka-source.js';
import type { RawRecord } from '../../../src/sources/raw-record.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { testEnvironment } from '../../helpers/environment.js';
import { MemorySink } from '../../helpers/memory-sink.js';
import { testServers, uniqueName } from '../../helpers/servers.js';

const PARTITIONS = 12;
const MARKET = { seed: 23, symbols: 24, maxTicks: 2400 };
/** The second load starts a week after the first, so its ticks are told apart by their time. */
const SECOND_START = '2026-01-12T14:30:00Z';
const WAIT_MS = 20_000;

/**
 * Passes raw records on unchanged, noting the partition each symbol was read from (the origin is
 * `topic[partition]@offset`), how many ticks of the second load each symbol had here, and which
 * keys the runner told the operators to release.
 */
class Tap implements Operator<RawRecord, RawRecord> {
  readonly id = 'tap';
  readonly partitionsOf = new Map<string, Set<number>>();
  readonly secondLoad = new Map<string, number>();
  readonly released = new Set<string>();
  private readonly secondLoadFrom = Date.parse(SECOND_START);

  process(record: RawRecord, out: OperatorOutput<RawRecord>): void {
    const { symbol, ts } = record.value as { symbol: string; ts: number };
    const partition = Number(/\[(\d+)\]@\d+$/.exec(record.origin)?.[1]);
    const partitions = this.partitionsOf.get(symbol) ?? new Set<number>();
    partitions.add(partition);
    this.partitionsOf.set(symbol, partitions);
    if (ts >= this.secondLoadFrom) this.secondLoad.set(symbol, (this.secondLoad.get(symbol) ?? 0) + 1);
    out.emit(record);
  }

  release(keys: ReadonlySet<string>): void {
    for (const key of keys) this.released.add(key);
  }
}

/** One riskwatch consumer: Kafka → tap → decode → detectors → memory, running until aborted. */
interface Member {
  readonly clientId: string;
  readonly tap: Tap;
  readonly detect: KeyedOperator<Tick, AnomalyEvent, unknown[]>;
  readonly controller: AbortController;
  readonly running: Promise<RunSummary>;
  readonly failure: () => unknown;
}

function startMember(clientId: string, topic: string, groupId: string, brokers: string[], env: PipelineEnvironment): Member {
  // The shortest heartbeat our schema allows, so each member notices a rebalance quickly.
  const source = kafkaSource({ topic, groupId, kafka: { brokers, clientId }, sessionTimeoutMs: 6000, heartbeatIntervalMs: 200 }, env.logger);
  const tap = new Tap();
  const detect = createDetectOperator(buildDetectors({}));
  const built = pipeline(clientId)
    .from(source)
    .through(tap)
    .through(decodeTicks())
    .through(detect)
    .to(new MemorySink<AnomalyEvent>('events'))
    .deadLettersTo(new MemorySink<DeadLetter>('dead-letters'))
    .build();
  const controller = new AbortController();
  const running = runPipeline(built, { signal: controller.signal, commitIntervalMs: 200 });
  let failure: unknown;
  running.catch((error: unknown) => (failure = error));
  return { clientId, tap, detect, controller, running, failure: () => failure };
}

/** Polls `check` until it holds; throws `what` after `timeoutMs`, or at once when a member failed. */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, members: readonly Member[], timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    for (const member of members) if (member.failure() !== undefined) throw member.failure();
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The group's members (by client id) and their partitions of `topic`, as the coordinator sees them. */
async function groupAssignment(admin: Admin, groupId: string, topic: string): Promise<{ state: string; partitionsOf: Map<string, number[]> }> {
  const group = (await admin.describeGroups([groupId])).groups[0]!;
  const partitionsOf = new Map<string, number[]>();
  for (const member of group.members) {
    const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    partitionsOf.set(member.clientId, [...(assignment?.assignment[topic] ?? [])].sort((a, b) => a - b));
  }
  return { state: group.state, partitionsOf };
}

/** The group's committed offsets are at the end of every partition (an empty one commits nothing: -1). */
async function committedToEnd(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const end = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.offset]));
  // The group's coordinator may still be loading right after the group starts: ask again.
  const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }).catch(() => undefined))?.[0]?.partitions ?? [];
  return committed.length === end.size && committed.every((p) => p.offset === end.get(p.partition) || (p.offset === '-1' && end.get(p.partition) === '0'));
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe('Kafka source scale-out on a real broker: two members of one consumer group', () => {
  const { kafkaBrokers } = testServers();

  it('hands partitions over on a rebalance: the old owner releases their symbols, the new one rebuilds them, no symbol has two owners', async () => {
    const env = testEnvironment(await mkdtemp(join(tmpdir(), 'riskwatch-it-')));
    const topic = uniqueName('ticks');
    const groupId = uniqueName('riskwatch');
    const produce = async (start?: string): Promise<number> => {
      const source = { kind: 'simulator', mode: 'fast', ...MARKET, ...(start === undefined ? {} : { start }) };
      const options = { source, to: { topic, partitions: PARTITIONS, kafka: { brokers: kafkaBrokers } } };
      const producer = await producePipeline.prepare(validateConfig(options, 'produce', producePipeline.options), env);
      return (await runPipeline(producer.pipeline)).recordsOut;
    };
    const admin = new Kafka({ clientId: 'riskwatch-test', brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const members: Member[] = [];
    try {
      // 1. Member A alone reads the first load: it owns all 12 partitions and every symbol's state.
      expect(await produce()).toBe(MARKET.maxTicks);
      const a = startMember('riskwatch-a', topic, groupId, kafkaBrokers, env);
      members.push(a);
      await waitFor('A has committed the first load', () => committedToEnd(admin, groupId, topic), members);
      const partitionOf = new Map<string, number>();
      for (const [symbol, partitions] of a.tap.partitionsOf) {
        expect([...partitions], `partitions of ${symbol}`).toHaveLength(1);
        partitionOf.set(symbol, [...partitions][0]!);
      }
      const symbols = sorted(partitionOf.keys());
      expect(symbols).toHaveLength(MARKET.symbols);
      const symbolsOn = (partitions: readonly number[]): string[] => symbols.filter((s) => partitions.includes(partitionOf.get(s)!));
      expect(sorted(a.detect.state.keys())).toEqual(symbols);
      expect((await groupAssignment(admin, groupId, topic)).partitionsOf).toEqual(new Map([['riskwatch-a', [...Array(PARTITIONS).keys()]]]));

      // 2. Member B joins: the group splits the partitions, A releases the symbols of those it lost.
      const b = startMember('riskwatch-b', topic, groupId, kafkaBrokers, env);
      members.push(b);
      let owned = new Map<string, number[]>();
      await waitFor(
        'the group is stable with both members assigned',
        async () => {
          const group = await groupAssignment(admin, groupId, topic);
          owned = group.partitionsOf;
          return group.state === 'Stable' && owned.size === 2 && [...owned.values()].every((partitions) => partitions.length > 0);
        },
        members,
      );
      const ofA = owned.get('riskwatch-a')!;
      const ofB = owned.get('riskwatch-b')!;
      expect(ofA.filter((p) => ofB.includes(p))).toEqual([]);
      expect([...ofA, ...ofB].sort((x, y) => x - y)).toEqual([...Array(PARTITIONS).keys()]);
      const symbolsOfA = symbolsOn(ofA);
      const symbolsOfB = symbolsOn(ofB);
      // Otherwise nothing moved and the hand-over would go untested.
      expect(symbolsOfB.length).toBeGreaterThan(0);
      // A handles its new assignment a moment after the coordinator settles: give it that moment,
      // then compare (a missing release shows as the full symbol list).
      await waitFor('A has handled its new assignment', () => a.detect.state.size <= symbolsOfA.length, members, 5000).catch(() => undefined);
      expect(sorted(a.detect.state.keys())).toEqual(symbolsOfA);
      expect(sorted(a.tap.released)).toEqual(symbolsOfB);
      // B starts at the group's committed offsets: it has read nothing, so holds no state yet.
      expect(b.detect.state.size).toBe(0);

      // 3. A second load for every symbol: each symbol's ticks go to exactly one member, its owner.
      expect(await produce(SECOND_START)).toBe(MARKET.maxTicks);
      await waitFor('the group has committed the second load', () => committedToEnd(admin, groupId, topic), members);
      expect(sorted(a.tap.secondLoad.keys())).toEqual(symbolsOfA);
      expect(sorted(b.tap.secondLoad.keys())).toEqual(symbolsOfB);
      const ticksRead = [...a.tap.secondLoad.values(), ...b.tap.secondLoad.values()].reduce((sum, n) => sum + n, 0);
      expect(ticksRead).toBe(MARKET.maxTicks);
      expect(sorted(a.detect.state.keys())).toEqual(symbolsOfA);
      expect(sorted(b.detect.state.keys())).toEqual(symbolsOfB);
      expect(b.tap.released.size).toBe(0);

      // 4. Both stop cleanly together, without hanging in the group's last rebalance.
      const stopping = Date.now();
      for (const member of members) member.controller.abort();
      const summaries = await Promise.all(members.map((member) => member.running));
      expect(Date.now() - stopping).toBeLessThan(15_000);
      expect(summaries.map((s) => s.stoppedBy)).toEqual(['signal', 'signal']);
      expect(summaries.map((s) => s.deadLetters)).toEqual([0, 0]);
      expect(summaries[0]!.recordsIn + summaries[1]!.recordsIn).toBe(2 * MARKET.maxTicks);
    } finally {
      for (const member of members) member.controller.abort();
      await Promise.allSettled(members.map((member) => member.running));
      await admin.disconnect();
    }
  }, 60_000);
});
