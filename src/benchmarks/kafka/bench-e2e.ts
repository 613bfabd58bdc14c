import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { waitForStableGroup } from './consumer-group.js';
import { FlushLog } from './flush-log.js';
import { createInfluxDatabase, createTopic, freshName } from './fresh-target.js';
import { produceToFlushLatency, type LatencySummary } from './latency.js';
import { loadSimulatedTicks, type LoadResult } from './load-topic.js';
import { startMonitorInProcess, type InProcessMonitor } from './monitor-in-process.js';
import { runPacedProducer } from './paced-producer.js';
import { median } from './quantiles.js';
import { consumeRaw, type ThroughputRun } from './raw-consume.js';

export interface E2eOptions {
  readonly brokers: readonly string[];
  readonly influxUrl: string;
  /** Ticks loaded for the throughput runs. */
  readonly ticks: number;
  readonly symbols: number;
  readonly seed: number;
  readonly partitions: number;
  /** Runs of each consumer (raw, pipeline), interleaved. */
  readonly repeats: number;
  /** Flush-and-commit cadence of the pipeline in the throughput runs (`riskwatch run`: 1000). */
  readonly commitIntervalMs: number;
  /** Input rates (ticks/s) of the latency runs. */
  readonly rates: readonly number[];
  /** Commit cadences the latency runs are repeated with. */
  readonly latencyCommitIntervalsMs: readonly number[];
  readonly latencyDurationMs: number;
  /** Ticks produced in the first part of a latency run are not measured. */
  readonly warmupMs: number;
  readonly progress: (line: string) => void;
}

export interface LatencyRun extends LatencySummary {
  readonly rate: number;
  readonly commitIntervalMs: number;
  readonly produced: number;
  /** Produced ticks / (last send - first send). */
  readonly achievedRate: number;
}

export interface E2eResult {
  readonly options: Omit<E2eOptions, 'progress'>;
  readonly load: LoadResult;
  readonly raw: readonly ThroughputRun[];
  readonly pipeline: readonly ThroughputRun[];
  readonly rawMedian: number;
  readonly pipelineMedian: number;
  /** Median pipeline ticks/s over median raw ticks/s. */
  readonly ratio: number;
  readonly latency: readonly LatencyRun[];
}

/** Fetch settings of the Kafka source (its defaults), for the raw consumer too. */
const SOURCE_FETCH = { maxBytesPerPartition: 1 << 20, maxWaitTimeMs: 1000 };
const RUN_TIMEOUT_MS = 600_000;

/**
 * `riskwatch bench e2e`: loads a topic, then reads it alternately with a plain decoding consumer
 * (the ceiling) and the monitor pipeline to InfluxDB, each with a fresh group from the beginning;
 * then measures produce → durable latency at fixed input rates with a paced producer.
 */
export async function benchE2e(options: E2eOptions): Promise<E2eResult> {
  const { progress, ...printable } = options;
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-bench-'));
  const topics: string[] = [];
  try {
    const topic = freshName('rw_bench_e2e');
    topics.push(topic);
    await createTopic(options.brokers, topic, options.partitions);
    progress(`loading ${options.ticks} ticks (${options.symbols} symbols) into ${topic} (${options.partitions} partitions)...`);
    const load = await loadSimulatedTicks({ brokers: options.brokers, topic, ticks: options.ticks, symbols: options.symbols, seed: options.seed });
    progress(`loaded ${load.ticks} ticks in ${(load.elapsedMs / 1000).toFixed(1)} s (${Math.round((load.ticks / load.elapsedMs) * 1000)}/s)`);
    const bucket = await createInfluxDatabase(options.influxUrl, freshName('rw_bench'));

    const raw: ThroughputRun[] = [];
    const pipeline: ThroughputRun[] = [];
    for (let i = 1; i <= options.repeats; i++) {
      const rawRun = await consumeRaw({ brokers: options.brokers, topic, groupId: freshName('rw_bench_raw'), messages: load.ticks, timeoutMs: RUN_TIMEOUT_MS, ...SOURCE_FETCH });
      raw.push(rawRun);
      progress(`run ${i}/${options.repeats}: raw consumer ${Math.round(rawRun.ticksPerSecond)} ticks/s (${(rawRun.elapsedMs / 1000).toFixed(1)} s)`);
      const monitor = await startMonitorInProcess({
        brokers: options.brokers,
        topic,
        groupId: freshName('rw_bench_monitor'),
        influxUrl: options.influxUrl,
        bucket,
        dir: join(dir, `throughput-${i}`),
        commitIntervalMs: options.commitIntervalMs,
        stopAfter: load.ticks,
      });
      const run = await withDeadline(monitor, RUN_TIMEOUT_MS);
      if (run.ticks < load.ticks) throw new Error(`monitor read ${run.ticks} of ${load.ticks} ticks in ${RUN_TIMEOUT_MS} ms`);
      pipeline.push(run);
      progress(`run ${i}/${options.repeats}: monitor pipeline ${Math.round(run.ticksPerSecond)} ticks/s (${(run.elapsedMs / 1000).toFixed(1)} s)`);
    }

    const latency: LatencyRun[] = [];
    for (const commitIntervalMs of options.latencyCommitIntervalsMs) {
      for (const rate of options.rates) {
        const latencyTopic = freshName('rw_bench_latency');
        topics.push(latencyTopic);
        const result = await measureLatency(options, latencyTopic, bucket, join(dir, `latency-${rate}-${commitIntervalMs}`), rate, commitIntervalMs);
        latency.push(result);
        progress(
          `latency at ${rate} ticks/s, commit every ${commitIntervalMs} ms: p50 ${result.p50Ms.toFixed(0)} ms, p99 ${result.p99Ms.toFixed(0)} ms` +
            ` (achieved ${Math.round(result.achievedRate)} ticks/s)`,
        );
      }
    }
    const rawMedian = median(raw.map((r) => r.ticksPerSecond));
    const pipelineMedian = median(pipeline.map((r) => r.ticksPerSecond));
    return { options: printable, load, raw, pipeline, rawMedian, pipelineMedian, ratio: pipelineMedian / rawMedian, latency };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await deleteTopics(options.brokers, topics);
  }
}

async function measureLatency(options: E2eOptions, topic: string, bucket: string, dir: string, rate: number, commitIntervalMs: number): Promise<LatencyRun> {
  await createTopic(options.brokers, topic, options.partitions);
  const flushes = new FlushLog();
  const groupId = freshName('rw_bench_latency');
  const monitor = await startMonitorInProcess({
    brokers: options.brokers,
    topic,
    groupId,
    influxUrl: options.influxUrl,
    bucket,
    dir,
    commitIntervalMs,
    onFlushed: (at, offsets) => flushes.record(at, offsets),
  });
  const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...options.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    // Produce only once the monitor owns the partitions, so the join is not measured.
    await waitForStableGroup(admin, groupId, topic, 1, 60_000);
    const sends = await runPacedProducer({
      brokers: options.brokers,
      topic,
      partitions: options.partitions,
      rate,
      durationMs: options.latencyDurationMs,
      symbols: options.symbols,
      seed: options.seed,
    });
    const produced = sends.reduce((sum, s) => sum + s.count, 0);
    const deadline = Date.now() + 60_000;
    while (flushes.total() < produced && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const times = sends.map((s) => s.at);
    const span = Math.max(...times) - Math.min(...times);
    return { rate, commitIntervalMs, produced, achievedRate: (produced / span) * 1000, ...produceToFlushLatency(sends, flushes, options.warmupMs) };
  } finally {
    monitor.stop();
    await monitor.done;
    await admin.disconnect();
  }
}

/** The monitor's result, stopping it after `ms` if it has not finished by then. */
async function withDeadline(monitor: InProcessMonitor, ms: number): Promise<Awaited<InProcessMonitor['done']>> {
  const timer = setTimeout(() => monitor.stop(), ms);
  try {
    return await monitor.done;
  } finally {
    clearTimeout(timer);
  }
}

async function deleteTopics(brokers: readonly string[], topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics: [...topics] });
  } catch {
    // Best effort: a left-over benchmark topic only takes disk space.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
