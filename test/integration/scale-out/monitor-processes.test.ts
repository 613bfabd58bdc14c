import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MonitorGroup, type StoppedMember } from '../../../src/benchmarks/kafka/monitor-group.js';
import { checkOwnership, readJsonLines } from '../../../src/benchmarks/kafka/ownership-check.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { encodeTickMessage } from '../../../src/kafka/tick-message.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { CLI } from '../../helpers/cli.js';
import { createInfluxBucket, testServers, uniqueName } from '../../helpers/servers.js';

const PROCESSES = 3;
const PARTITIONS = 12;
const SYMBOLS = 36;
const TICKS_PER_SYMBOL = 400;
const LOADED = SYMBOLS * TICKS_PER_SYMBOL;
const OPEN = Date.UTC(2026, 0, 5, 14, 30);

/**
 * Every tick is a trade printed outside its quote, and fat-finger is set to flag any such print:
 * each tick becomes exactly one fat-finger event (symbol, ts) in the event log of the process that
 * processed it, so the event logs say which process processed which tick.
 */
function witnessTicks(): Tick[] {
  const ticks: Tick[] = [];
  for (let k = 0; k < TICKS_PER_SYMBOL; k++) {
    for (let s = 0; s < SYMBOLS; s++) ticks.push({ symbol: `W${s}`, ts: OPEN + k * 1000 + s, price: 101 + (k % 7) * 0.01, size: 100, bid: 100, ask: 100.02 });
  }
  return ticks;
}
const WITNESS_DETECTORS = { 'fat-finger': { spreads: 0, minBps: 0.0001 }, ensemble: false };

async function loadTicks(brokers: string[], topic: string, ticks: readonly Tick[]): Promise<void> {
  const producer = new Kafka({ clientId: 'riskwatch-test', brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < ticks.length; i += 2000) await producer.send({ topic, acks: -1, messages: ticks.slice(i, i + 2000).map(encodeTickMessage) });
  } finally {
    await producer.disconnect();
  }
}

/** The ts of every tick each process flagged, by symbol. */
async function witnessedBy(member: StoppedMember): Promise<Map<string, number[]>> {
  const bySymbol = new Map<string, number[]>();
  for await (const event of readJsonLines<AnomalyEvent>(member.process.eventsPath)) {
    if (event.detector !== 'fat-finger') continue;
    bySymbol.set(event.symbol, [...(bySymbol.get(event.symbol) ?? []), event.ts]);
  }
  return bySymbol;
}

describe('scale-out: real riskwatch processes in one consumer group', () => {
  const { kafkaBrokers, influxUrl } = testServers();

  it(`${PROCESSES} processes on ${PARTITIONS} partitions: every tick processed once, each symbol by one process, offsets committed to the end`, async () => {
    const topic = uniqueName('ticks');
    const admin = new Kafka({ clientId: 'riskwatch-test', brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }], waitForLeaders: true });
    await admin.disconnect();
    const group = await MonitorGroup.start({
      cli: CLI,
      dir: await mkdtemp(join(tmpdir(), 'riskwatch-it-')),
      namePrefix: 'riskwatch',
      processes: PROCESSES,
      brokers: kafkaBrokers,
      topic,
      groupId: uniqueName('riskwatch'),
      influx: { url: influxUrl, bucket: await createInfluxBucket(influxUrl, uniqueName('rw')) },
      options: { detectors: WITNESS_DETECTORS },
    });
    let members: StoppedMember[];
    try {
      // Load only once every process holds partitions, so nothing is read before the last joins.
      const assignment = await group.settle(40_000);
      expect([...assignment.values()].flat().sort((a, b) => a - b)).toEqual([...Array(PARTITIONS).keys()]);
      await loadTicks(kafkaBrokers, topic, witnessTicks());
      await group.waitUntilCommittedToEnd(40_000, { atLeast: LOADED });
    } finally {
      members = await group.stop();
    }

    expect(members.map((m) => m.exitCode)).toEqual(Array(PROCESSES).fill(0));
    expect(members.map((m) => m.deadLetters)).toEqual(Array(PROCESSES).fill(0));
    expect(members.map((m) => m.lateAssignments), 'rebalances while the ticks were read').toEqual(Array(PROCESSES).fill(0));
    const witnessed = await Promise.all(members.map(witnessedBy));
    const check = checkOwnership(
      members.map((m, i) => ({
        name: m.process.options.name,
        recordsIn: m.recordsIn,
        symbolsTracked: m.symbolsTracked,
        partitions: m.process.assignments.at(-1)?.partitions ?? [],
        lateAssignments: m.lateAssignments,
        eventSymbols: new Set(witnessed[i]!.keys()),
      })),
      { partitions: PARTITIONS, symbols: SYMBOLS, loaded: LOADED },
    );
    expect(check.problems).toEqual([]);
    // Every process did part of the work.
    for (const member of members) expect(member.recordsIn).toBeGreaterThan(0);

    // Per tick: each symbol's ticks all in one process, each exactly once, in order.
    const owners = new Map<string, number>();
    witnessed.forEach((bySymbol, i) => {
      for (const [symbol, times] of bySymbol) {
        expect(owners.has(symbol), `${symbol} processed by two processes`).toBe(false);
        owners.set(symbol, i);
        expect(times, `ticks of ${symbol}`).toEqual(Array.from({ length: TICKS_PER_SYMBOL }, (_, k) => OPEN + k * 1000 + Number(symbol.slice(1))));
      }
    });
    expect(owners.size).toBe(SYMBOLS);
    expect(witnessed.reduce((sum, bySymbol) => sum + [...bySymbol.values()].reduce((n, times) => n + times.length, 0), 0)).toBe(LOADED);
  }, 90_000);
});
