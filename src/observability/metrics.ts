import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { AlertStats } from '../alerting/alert-sink.js';
import type { CheckpointStats } from '../core/checkpoint/checkpointer.js';
import type { Clock } from '../core/clock.js';
import type { RunWatch } from './run-watch.js';

/** What the metrics read, live, when scraped. Optional parts get no metrics when absent. */
export interface MetricSources {
  readonly run: RunWatch;
  readonly clock: Clock;
  readonly alerts?: () => Readonly<AlertStats>;
  /** Messages behind the end of the input (Kafka consumer lag). */
  readonly lag?: () => number;
  /** Lines waiting to be written to InfluxDB. */
  readonly influxBuffered?: () => number;
  /** Lines spooled to disk while InfluxDB was unreachable. */
  readonly influxSpooled?: () => number;
  /** The state checkpoints, when the pipeline is checkpointed. */
  readonly checkpoints?: { readonly stats: CheckpointStats; ageMs(): number | undefined };
}

/**
 * A registry of `riskwatch_*` metrics plus prom-client's process metrics. Every value is read from
 * the live counters in a collect() callback at scrape time, so nothing runs per tick and the
 * metrics cost nothing while nobody scrapes.
 */
export function createMetricsRegistry(sources: MetricSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { run } = sources;
  const counter = (name: string, help: string, read: () => number | undefined): void => {
    new Counter({ name, help, registers: [registry], collect: mirror(read) });
  };
  const gauge = (name: string, help: string, read: () => number | undefined): void => {
    new Gauge({ name, help, registers: [registry], collect: mirror(read) });
  };

  counter('riskwatch_ticks_in_total', 'Records delivered by the source (ticks, invalid ones included; unreadable lines are only dead letters)', () => run.stats?.recordsIn);
  counter('riskwatch_events_out_total', 'Anomaly events written to the outputs', () => run.stats?.recordsOut);
  new Counter({
    name: 'riskwatch_dead_letters_total',
    help: 'Rejected records, by reason code (the dead-letter file has each one)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of deadLettersByCode(run.stats?.deadLettersByReason)) this.inc({ reason }, count);
    },
  });
  gauge('riskwatch_last_commit_age_seconds', 'Seconds since outputs were flushed and the input position committed', () =>
    run.commitAgeSeconds(sources.clock.now()),
  );
  const checkpoints = sources.checkpoints;
  if (checkpoints !== undefined) {
    gauge('riskwatch_checkpoint_age_seconds', 'Seconds since state and input position were last checkpointed: input a crash would read again', () => {
      const age = checkpoints.ageMs();
      return age === undefined ? undefined : age / 1000;
    });
    counter('riskwatch_checkpoints_total', 'State checkpoints written', () => checkpoints.stats.checkpoints);
    gauge('riskwatch_checkpoint_last_bytes', 'Size of the last checkpoint written (changed states only, or all after a compaction)', () => checkpoints.stats.lastBytes);
    gauge('riskwatch_checkpoint_last_duration_seconds', 'Time the last checkpoint took to write and sync', () => checkpoints.stats.lastDurationMs / 1000);
    gauge('riskwatch_checkpoint_file_bytes', 'Size of the checkpoint file', () => checkpoints.stats.fileBytes);
  }
  if (sources.lag !== undefined) gauge('riskwatch_consumer_lag', 'Messages behind the end of the input (Kafka consumer lag)', sources.lag);
  if (sources.influxBuffered !== undefined) gauge('riskwatch_influx_buffered_lines', 'Lines waiting to be written to InfluxDB', sources.influxBuffered);
  if (sources.influxSpooled !== undefined) gauge('riskwatch_influx_spooled_lines', 'Lines spooled to disk while InfluxDB was unreachable', sources.influxSpooled);
  const alerts = sources.alerts;
  if (alerts !== undefined) {
    counter('riskwatch_alerts_sent_total', 'Alert e-mails accepted by the mail transport', () => alerts().mails);
    counter('riskwatch_alerts_failed_total', 'Alert e-mails given up on (in the failed-alerts file)', () => alerts().failed);
    counter('riskwatch_alerts_retries_total', 'Alert e-mail sends that failed and were tried again', () => alerts().retries);
    counter('riskwatch_alerts_suppressed_total', 'Alert notifications silenced, inhibited or muted', () => {
      const s = alerts();
      return s.silenced + s.inhibited + s.muted;
    });
    counter('riskwatch_alerts_held_total', 'Alert notifications held for a budget digest', () => alerts().held);
    counter('riskwatch_alerts_budget_exceeded_total', "Times a recipient's e-mail budget was exceeded", () => alerts().budgetExceeded);
    gauge('riskwatch_alerts_firing', 'Alerts not at ok', () => alerts().firing);
    gauge('riskwatch_alerts_deferred', 'Alert e-mails waiting for the relay to come back (journaled, tried again every 30 s)', () => alerts().deferred);
  }
  return registry;
}

/** A collect() callback that sets an unlabelled metric to the live value; counters have no set(). */
function mirror(read: () => number | undefined): (this: Counter | Gauge) => void {
  return function (this: Counter | Gauge) {
    this.reset();
    const value = read();
    if (value !== undefined) this.inc(value);
  };
}

/** RunStats counts by `step:code`; the metric is by code alone, summed over steps. */
export function deadLettersByCode(byStepAndCode: ReadonlyMap<string, number> | undefined): Map<string, number> {
  const byCode = new Map<string, number>();
  for (const [key, count] of byStepAndCode ?? []) {
    const code = key.slice(key.indexOf(':') + 1);
    byCode.set(code, (byCode.get(code) ?? 0) + count);
  }
  return byCode;
}
