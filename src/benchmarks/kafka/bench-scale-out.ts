import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import { createInfluxDatabase, createTopic, freshName } from './fresh-target.js';
import { loadSimulatedTicks, type LoadResult } from './load-topic.js';
import { MonitorGroup } from './monitor-group.js';
import { checkOwnership, readJsonLines, type OwnershipCheck } from './ownership-check.js';

export interface ScaleOutOptions {
  /** The built CLI the processes run: `dist/src/cli/main.js`. */
  readonly cli: string;
  readonly brokers: readonly string[];
  readonly influxUrl: string;
  readonly ticks: number;
  readonly symbols: number;
  readonly seed: number;
  readonly partitions: number;
  readonly processCounts: readonly number[];
  readonly progress: (line: string) => void;
}

export interface ScaleOutMember {
  readonly name: string;
  readonly recordsIn: number;
  readonly symbolsTracked: number;
  readonly partitions: readonly number[];
  readonly eventSymbols: number;
}

export interface ScaleOutRun {
  readonly processes: number;
  /** Ticks / time from the load becoming visible (group settled) until everything was committed. */
  readonly ticksPerSecond: number;
  readonly elapsedMs: number;
  /** From spawning the processes until everything was committed. */
  readonly wallMs: number;
  readonly members: readonly ScaleOutMember[];
  readonly check: OwnershipCheck;
}

export interface ScaleOutResult {
  readonly options: Omit<ScaleOutOptions, 'progress' | 'cli'>;
  readonly runs: readonly ScaleOutRun[];
}

const TIMEOUT_MS = 600_000;

/**
 * `riskwatch bench scale-out`: for each process count, loads a fresh topic, starts that many
 * `riskwatch run monitor` processes in a fresh consumer group, times them until the group has
 * committed the end of the topic, stops them and checks each symbol had exactly one owner.
 */
export async function benchScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const { progress, cli, ...printable } = options;
  const topics: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-bench-'));
  try {
    const bucket = await createInfluxDatabase(options.influxUrl, freshName('rw_bench'));
    const runs: ScaleOutRun[] = [];
    for (const processes of options.processCounts) {
      const topic = freshName('rw_bench_scale');
      topics.push(topic);
      await createTopic(options.brokers, topic, options.partitions);
      progress(`loading ${options.ticks} ticks (${options.symbols} symbols) into ${topic} (${options.partitions} partitions), held in a transaction...`);
      const load = await loadSimulatedTicks({ brokers: options.brokers, topic, ticks: options.ticks, symbols: options.symbols, seed: options.seed, holdInTransaction: true });
      const run = await scaleOutRun({ cli, dir: await mkdtemp(join(dir, `p${processes}-`)), topic, bucket, processes, options, load });
      runs.push(run);
      progress(`${processes} process(es): ${Math.round(run.ticksPerSecond)} ticks/s; ${run.check.ok ? 'one owner per symbol' : run.check.problems.join('; ')}`);
    }
    return { options: printable, runs };
  } finally {
    await rm(dir, { recursive: true, force: true });
    const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...options.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect().then(() => admin.deleteTopics({ topics })).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The ticks are loaded in a transaction left open: the processes start, join and settle seeing
 * nothing, and the clock starts when the commit makes every tick visible at once, so no process
 * reads ahead of the others and the join is not timed.
 */
async function scaleOutRun(run: { cli: string; dir: string; topic: string; bucket: string; processes: number; options: ScaleOutOptions; load: LoadResult }): Promise<ScaleOutRun> {
  const { options, load } = run;
  const spawnedAt = Date.now();
  const group = await MonitorGroup.start({
    cli: run.cli,
    dir: run.dir,
    namePrefix: 'riskwatch',
    processes: run.processes,
    brokers: options.brokers,
    topic: run.topic,
    groupId: freshName('rw_bench_scale'),
    influx: { url: options.influxUrl, bucket: run.bucket },
  });
  let visibleAt = 0;
  let failure: unknown;
  try {
    await group.settle(60_000);
    await load.commit();
    visibleAt = Date.now();
    await group.waitUntilCommittedToEnd(TIMEOUT_MS, { trailingMarkers: 1, atLeast: load.ticks });
  } catch (error) {
    failure = error;
  }
  const doneAt = Date.now();
  const stopped = await group.stop();
  if (failure !== undefined) throw failure;
  const members = await Promise.all(
    stopped.map(async (member) => {
      const eventSymbols = new Set<string>();
      for await (const event of readJsonLines<AnomalyEvent>(member.process.eventsPath)) eventSymbols.add(event.symbol);
      return {
        name: member.process.options.name,
        recordsIn: member.recordsIn,
        symbolsTracked: member.symbolsTracked,
        partitions: member.process.assignments.at(-1)?.partitions ?? [],
        lateAssignments: member.lateAssignments,
        eventSymbols,
      };
    }),
  );
  const check = checkOwnership(members, { partitions: options.partitions, symbols: options.symbols, loaded: load.ticks });
  const elapsedMs = doneAt - visibleAt;
  return {
    processes: run.processes,
    ticksPerSecond: (load.ticks / elapsedMs) * 1000,
    elapsedMs,
    wallMs: doneAt - spawnedAt,
    members: members.map((m) => ({ name: m.name, recordsIn: m.recordsIn, symbolsTracked: m.symbolsTracked, partitions: m.partitions, eventSymbols: m.eventSymbols.size })),
    check,
  };
}
