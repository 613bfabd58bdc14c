import { resolve } from 'node:path';
import { loadAlertSink, type LoadedAlertSink } from '../../src/alerting/load-alert-sink.js';
import { describeTransport } from '../../src/alerting/transport-config.js';
import { definePipeline, type PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { openPipelineCheckpoint } from '../../src/app/pipeline-checkpoint.js';
import { tickInput } from '../../src/app/tick-input.js';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import { EventTimeClock } from '../../src/core/event-time-clock.js';
import type { Sink } from '../../src/core/sink.js';
import { buildDetectOperator } from '../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../src/events/anomaly-event.js';
import { MARKET_BARS } from '../../src/events/market-bar.js';
import { AlertRetryWatch } from '../../src/observability/alert-retry-watch.js';
import { ObservedInfluxWriter } from '../../src/observability/observed-influx-writer.js';
import type { OpsServer } from '../../src/observability/ops-server.js';
import { startHealthSampling } from '../../src/observability/pipeline-health.js';
import { RunWatch } from '../../src/observability/run-watch.js';
import { createMarketBars } from '../../src/operators/market-bars.js';
import { eventTimeCheckpoint } from '../../src/ticks/tick-order.js';
import { createConsoleSink } from '../../src/sinks/console-sink.js';
import { createInfluxSink } from '../../src/sinks/influx/influx-sink.js';
import { barLine, eventLine } from '../../src/sinks/influx/points.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { startMonitorOps } from './monitor-ops.js';
import { monitorOptionsSchema, type MonitorOptions } from './monitor-options.js';

/**
 * The streaming risk monitor: ticks → (decode) → detectors → console, event log and e-mail alerts.
 * Runs until stopped on the simulator and Kafka; until the end of the file on a replay.
 */
export const monitorPipeline = definePipeline({
  name: 'monitor',
  description: 'streaming risk monitor: ticks → detectors → events and e-mail alerts (default)',
  options: monitorOptionsSchema,
  async prepare(options: MonitorOptions, env: PipelineEnvironment) {
    const path = (p: string): string => resolve(env.baseDir, p);
    const input = tickInput('monitor', options.source, env, options.output.labels);
    // Alert timing (group waits, recoveries, budgets) runs on the ticks' event time.
    const eventTime = new EventTimeClock(() => input.eventTime.latest, env.clock, input.quietSince);
    // State is checkpointed with the input position when the input can resume from it (Kafka).
    const checkpointing = options.checkpoint.enabled && input.resumable;

    const sinks: Sink<AnomalyEvent>[] = [];
    if (options.output.console) sinks.push(createConsoleSink());
    const eventLog = createLineFileSink<AnomalyEvent>({ id: 'event-log', path: path(options.output.events) });
    sinks.push(eventLog);
    let alerts: LoadedAlertSink | undefined;
    const alertRetries = new AlertRetryWatch(() => alerts?.stats, env.clock);
    if (options.alerts.enabled) {
      const configured = options.alerts.transport;
      alerts = await loadAlertSink({
        rulesPath: path(options.alerts.rules),
        transport: configured.kind === 'outbox' ? { ...configured, dir: path(configured.dir) } : configured,
        env: process.env,
        retry: options.alerts.retry,
        failedAlertsPath: path(options.alerts.failedAlerts),
        journalPath: path(options.alerts.journal),
        baseDir: env.baseDir,
        clock: env.clock,
        engineClock: eventTime,
        onNotification: (n) =>
          env.logger.info({ notification: n.id, reason: n.reason, route: n.route, to: n.to, alerts: n.alerts.map((a) => `${a.key}:${a.status === 'firing' ? a.level : a.status}`) }, 'alert notification'),
        onRetry: (error, attempt, delayMs, n) => {
          alertRetries.retried();
          env.logger.warn({ err: error, attempt, delayMs, notification: n.id }, 'alert e-mail not accepted; retrying');
        },
        onError: (error, n) =>
          env.logger.error({ err: error, notification: n.id, events: n.alerts.map((a) => a.event.id) }, 'alert e-mail given up; recorded in the failed-alerts file'),
        onRenderWarning: (warning) => env.logger.warn({ warning }, 'alert chart left out'),
        ...(options.alerts.headlines === undefined ? {} : { headlinesPath: path(options.alerts.headlines) }),
        onHeadlinesProblem: (problem) => env.logger.warn({ problem }, 'alert e-mails go without headlines'),
        drainOnClose: !checkpointing,
        onRestoreError: (error) => env.logger.warn({ err: error }, 'alert state not restored from the checkpoint: alerting starts afresh'),
      });
      sinks.push(alerts);
    }
    const deadLetters = createLineFileSink<DeadLetter>({ id: 'dead-letters', path: path(options.output.deadLetters) });

    const labels = input.labels;
    const detect = buildDetectOperator(options.detectors, { origin: input.origin, rulesVersion: alerts?.rules.version });
    let builder = input.builder;
    let influx: ObservedInfluxWriter | undefined;
    if (options.influx.enabled) {
      influx = new ObservedInfluxWriter(options.influx, env.logger, env.clock);
      sinks.push(createInfluxSink('influx-events', influx, eventLine));
      if (options.influx.barSeconds > 0) {
        builder = builder.through(createMarketBars(options.influx.barSeconds * 1000)).sideTo(MARKET_BARS, createInfluxSink('influx-bars', influx, barLine));
      }
    }
    const built = builder.through(detect).to(...sinks).deadLettersTo(deadLetters).build();
    const barSeconds = influx === undefined ? 0 : options.influx.barSeconds;
    const checkpoint = checkpointing
      ? await openPipelineCheckpoint(
          built,
          options.checkpoint,
          { detectors: options.detectors, order: input.order, barSeconds },
          [eventTimeCheckpoint(input.eventTime), eventLog.checkpointState, deadLetters.checkpointState, ...(alerts === undefined ? [] : [alerts.checkpointState])],
          env,
        )
      : undefined;
    let stopSampling: (() => Promise<void>) | undefined;
    const run = new RunWatch(env.clock);
    // Started last, so a failure above leaves no port open.
    let ops: OpsServer | undefined;
    if (options.ops.enabled) {
      const alertSink = alerts;
      ops = await startMonitorOps(
        options.ops,
        {
          run,
          ...(influx === undefined ? {} : { influx: { writer: influx, maxBufferLines: options.influx.maxBufferLines } }),
          ...(alertSink === undefined ? {} : { alerts: { stats: () => alertSink.stats, retries: alertRetries } }),
          ...(input.lag === undefined ? {} : { lag: input.lag }),
          ...(input.brokerSilenceMs === undefined ? {} : { brokerSilenceMs: input.brokerSilenceMs }),
          ...(checkpoint === undefined ? {} : { checkpoints: checkpoint.checkpointer }),
        },
        env,
      );
    }

    return {
      pipeline: built,
      runOptions: {
        commitIntervalMs: options.output.flushIntervalMs,
        beforeCommit: async () => run.committed(),
        ...(checkpoint === undefined ? {} : { checkpoint: checkpoint.checkpoint }),
        onStart(stats) {
          run.started(stats);
          if (influx === undefined) return;
          const counters = (): Record<string, number> =>
            alerts === undefined
              ? {}
              : {
                  alerts_sent: alerts.stats.mails,
                  alerts_failed: alerts.stats.failed,
                  alerts_suppressed: alerts.stats.silenced + alerts.stats.inhibited + alerts.stats.muted,
                  alerts_held: alerts.stats.held,
                  alerts_budget_exceeded: alerts.stats.budgetExceeded,
                  alerts_firing: alerts.stats.firing,
                };
          stopSampling = startHealthSampling(stats, influx, { pipeline: 'monitor', counters, ...(input.lag === undefined ? {} : { lag: input.lag }) }, env.clock);
        },
      },
      async dispose() {
        await checkpoint?.checkpointer.close();
        await ops?.close();
        await stopSampling?.();
        await influx?.close();
      },
      report() {
        const lines = [`symbols tracked ${detect.state.size}`, `event log       ${eventLog.path}`, `dead letters    ${deadLetters.path}`];
        if (influx !== undefined) lines.push(`influxdb        ${influx.written} points → ${options.influx.url} (${options.influx.bucket})`);
        if (ops !== undefined) lines.push(`ops             ${ops.url} (/healthz /readyz /metrics)`);
        if (checkpoint !== undefined) {
          const c = checkpoint.checkpointer.stats;
          lines.push(`checkpoint      ${c.checkpoints} written → ${resolve(env.baseDir, options.checkpoint.path)} (${(c.fileBytes / 1e6).toFixed(1)} MB)`);
        }
        if (labels !== undefined) lines.push(`injected        ${labels.written} labelled anomalies → ${labels.path}`);
        if (alerts !== undefined) {
          const s = alerts.stats;
          lines.push(
            `alerts          ${s.mails} e-mails → ${describeTransport(alerts.transport)} (${s.notifications} notifications, ${s.failed} failed); ` +
              `${s.silenced} silenced, ${s.inhibited} inhibited, ${s.muted} muted, ${s.held} held by budget`,
          );
          if (s.failed > 0) lines.push(`failed alerts   ${path(options.alerts.failedAlerts)}`);
        }
        return lines;
      },
    };
  },
});
