import type { AlertStats } from '../../src/alerting/alert-sink.js';
import type { Checkpointer } from '../../src/core/checkpoint/checkpointer.js';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import type { AlertRetryWatch } from '../../src/observability/alert-retry-watch.js';
import { createMetricsRegistry } from '../../src/observability/metrics.js';
import { influxProbe, type ObservedInfluxWriter } from '../../src/observability/observed-influx-writer.js';
import { startOpsServer, type OpsOptions, type OpsServer } from '../../src/observability/ops-server.js';
import { checkReadiness, type ReadinessProbe } from '../../src/observability/readiness.js';
import type { RunWatch } from '../../src/observability/run-watch.js';

/** The parts of the monitor its ops endpoints look at; absent ones get no metrics and no probe. */
export interface MonitorOpsSources {
  readonly run: RunWatch;
  readonly influx?: { readonly writer: ObservedInfluxWriter; readonly maxBufferLines: number };
  readonly alerts?: { readonly stats: () => Readonly<AlertStats>; readonly retries: AlertRetryWatch };
  readonly lag?: () => number;
  /** Wall ms since the Kafka brokers last answered. */
  readonly brokerSilenceMs?: (now: number) => number | undefined;
  readonly checkpoints?: Checkpointer;
}

/** Past this without an answer from the brokers (fetches return at least every maxWaitTimeMs), Kafka is down. */
const BROKER_SILENCE_LIMIT_MS = 15_000;

/** Starts the monitor's `/healthz`, `/readyz` and `/metrics` server. */
export function startMonitorOps(options: OpsOptions, sources: MonitorOpsSources, env: PipelineEnvironment): Promise<OpsServer> {
  const { run, influx, alerts, lag, brokerSilenceMs, checkpoints } = sources;
  const registry = createMetricsRegistry({
    run,
    clock: env.clock,
    ...(influx === undefined ? {} : { influxBuffered: () => influx.writer.buffered, influxSpooled: () => influx.writer.spooledLines }),
    ...(alerts === undefined ? {} : { alerts: alerts.stats }),
    ...(lag === undefined ? {} : { lag }),
    ...(checkpoints === undefined ? {} : { checkpoints }),
  });
  const probes: ReadinessProbe[] = [];
  if (influx !== undefined) probes.push(influxProbe(influx.writer, influx.maxBufferLines));
  if (alerts !== undefined) probes.push(alerts.retries.probe);
  if (brokerSilenceMs !== undefined) {
    probes.push((now) => {
      const silence = brokerSilenceMs(now);
      if (silence === undefined) return 'kafka: not connected yet';
      return silence > BROKER_SILENCE_LIMIT_MS ? `kafka: no answer from the brokers for ${Math.round(silence / 1000)} s` : undefined;
    });
  }
  return startOpsServer(options, { registry, readiness: () => checkReadiness(run, probes, env.clock.now()) }, env.logger);
}
