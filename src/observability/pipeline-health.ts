import { hostname } from 'node:os';
import { Point } from '@influxdata/influxdb-client';
import type { Clock } from '../core/clock.js';
import type { RunStats } from '../core/run-stats.js';
import { PIPELINE_MEASUREMENT } from '../sinks/influx/points.js';
import type { InfluxWriter } from '../sinks/influx/influx-writer.js';

export interface HealthSources {
  readonly pipeline: string;
  /** Extra counters (alerts sent/failed/suppressed, ...), read at each sample. */
  readonly counters?: () => Readonly<Record<string, number>>;
  /** Messages behind the end of the input (Kafka consumer lag), when the source knows. */
  readonly lag?: () => number | undefined;
}

/**
 * Samples the live run counters every `intervalMs` into the `riskwatch_pipeline` measurement,
 * for the pipeline-health dashboard. The writer is flushed with the sinks at each commit.
 */
export function startHealthSampling(stats: RunStats, writer: InfluxWriter, sources: HealthSources, clock: Clock, intervalMs = 5000): () => Promise<void> {
  const instance = `${hostname()}-${process.pid}`;
  let previousIn = stats.recordsIn;
  let previousAt = clock.now();
  const sample = (): Promise<void> => {
    const now = clock.now();
    const seconds = Math.max(1e-3, (now - previousAt) / 1000);
    const point = new Point(PIPELINE_MEASUREMENT)
      .tag('pipeline', sources.pipeline)
      .tag('instance', instance)
      .intField('ticks_in', stats.recordsIn)
      .intField('events_out', stats.recordsOut)
      .intField('dead_letters', stats.deadLetters)
      .floatField('ticks_per_s', (stats.recordsIn - previousIn) / seconds)
      .timestamp(now);
    const lag = sources.lag?.();
    if (lag !== undefined) point.intField('lag', lag);
    for (const [name, value] of Object.entries(sources.counters?.() ?? {})) point.intField(name, value);
    previousIn = stats.recordsIn;
    previousAt = now;
    return writer.add([point.toLineProtocol()!]);
  };
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  // The last sample, with the final counters; the caller flushes.
  return () => {
    clearInterval(timer);
    return sample();
  };
}
