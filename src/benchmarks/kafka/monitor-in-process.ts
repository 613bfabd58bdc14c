import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { validateConfig } from '../../config/validate-config.js';
import { systemClock } from '../../core/clock.js';
import type { RunSummary } from '../../core/run-stats.js';
import { runPipeline } from '../../core/runner.js';
import type { Source, SourceBatch } from '../../core/source.js';
import { createLogger } from '../../observability/logger.js';
import { preciseNow } from './precise-now.js';
import type { ThroughputRun } from './raw-consume.js';
import { nextOffsets, recordsUpTo } from './source-offsets.js';

export interface InProcessMonitorOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly influxUrl: string;
  readonly bucket: string;
  /** Folder for the event log and dead letters. */
  readonly dir: string;
  /** The runner's flush-and-commit cadence (`riskwatch run` uses 1000). */
  readonly commitIntervalMs: number;
  /** Stop once this many messages were read and everything they caused is flushed. */
  readonly stopAfter?: number;
  /** After the sinks flushed (InfluxDB write acknowledged, event log fsynced), before each commit. */
  readonly onFlushed?: (at: number, offsets: ReadonlyMap<number, number>) => void;
}

export interface MonitorRun extends ThroughputRun {
  readonly summary: RunSummary;
}

export interface InProcessMonitor {
  readonly done: Promise<MonitorRun>;
  stop(): void;
}

/**
 * The monitor pipeline exactly as `riskwatch run monitor --set source.kind=kafka --set
 * influx.enabled=true` builds it (alerts off, console off), run in this process so that the
 * runner's flush-before-commit hook can time when each offset's effects became durable.
 */
export async function startMonitorInProcess(options: InProcessMonitorOptions): Promise<InProcessMonitor> {
  const env = { clock: systemClock, logger: createLogger('warn'), baseDir: options.dir };
  const config = {
    source: { kind: 'kafka', topic: options.topic, groupId: options.groupId, fromBeginning: true, kafka: { brokers: options.brokers, clientId: 'riskwatch-bench' } },
    influx: { enabled: true, url: options.influxUrl, bucket: options.bucket, token: 'bench:bench', org: '' },
    alerts: { enabled: false },
    output: { console: false, events: 'events.jsonl', deadLetters: 'dead-letters.jsonl', labels: 'labels.jsonl' },
    checkpoint: { path: `${options.groupId}.checkpoint.bin` },
  };
  const prepared = await monitorPipeline.prepare(validateConfig(config, 'monitor', monitorPipeline.options), env);
  const controller = new AbortController();
  const stopAfter = options.stopAfter ?? Number.POSITIVE_INFINITY;
  let startedAt = preciseNow();
  let firstBatchAt = 0;
  let doneAt = 0;

  const inner = prepared.pipeline.source;
  // Notes when the first batch arrives, and stops the run right after the batch that completes
  // `stopAfter` (the runner then flushes and commits at once, so the end is not rounded up to the
  // next commit tick).
  const source: Source<unknown> = {
    id: inner.id,
    bounded: inner.bounded,
    open: async (context) => {
      startedAt = preciseNow();
      await inner.open?.(context);
    },
    async *batches(signal): AsyncGenerator<SourceBatch<unknown>> {
      for await (const batch of inner.batches(signal)) {
        if (firstBatchAt === 0) firstBatchAt = preciseNow();
        if (batch.position !== undefined && recordsUpTo(nextOffsets(batch.position)) >= stopAfter) controller.abort();
        yield batch;
      }
    },
    commit: async (position) => inner.commit?.(position),
    close: async () => inner.close?.(),
  };

  const run = async (): Promise<MonitorRun> => {
    try {
      const summary = await runPipeline(
        { ...prepared.pipeline, source },
        {
          ...prepared.runOptions,
          signal: controller.signal,
          clock: env.clock,
          commitIntervalMs: options.commitIntervalMs,
          beforeCommit: async (position) => {
            if (position === undefined) return;
            const at = preciseNow();
            const offsets = nextOffsets(position);
            options.onFlushed?.(at, offsets);
            if (doneAt === 0 && recordsUpTo(offsets) >= stopAfter) doneAt = at;
          },
        },
      );
      const endAt = doneAt === 0 ? preciseNow() : doneAt;
      const elapsedMs = endAt - firstBatchAt;
      return { ticks: summary.recordsIn, elapsedMs, ticksPerSecond: (summary.recordsIn / elapsedMs) * 1000, wallMs: endAt - startedAt, summary };
    } finally {
      await prepared.dispose?.();
    }
  };
  return { done: run(), stop: () => controller.abort() };
}
