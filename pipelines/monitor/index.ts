import { resolve } from 'node:path';
import { loadAlertSink, type AlertSink } from '../../src/alerting/alert-sink.js';
import { definePipeline, type PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import type { DeadLetter } from '../../src/core/dead-letter.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import { pipeline } from '../../src/core/pipeline.js';
import type { Sink } from '../../src/core/sink.js';
import { createDetectOperator } from '../../src/detectors/detect-operator.js';
import { buildDetectors } from '../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../src/events/anomaly-event.js';
import { createConsoleSink } from '../../src/sinks/console-sink.js';
import { createLineFileSink } from '../../src/sinks/line-file-sink.js';
import { fileSource } from '../../src/sources/file-source.js';
import { LabelFile } from '../../src/sources/simulator/label-file.js';
import { simulatorSource } from '../../src/sources/simulator/simulator-source.js';
import { decodeTicks } from '../../src/ticks/decode-ticks.js';
import { monitorOptionsSchema, type MonitorOptions } from './monitor-options.js';

/**
 * The streaming risk monitor: ticks → (decode) → detectors → console, event log and e-mail alerts.
 * Runs until stopped on the simulator; until the end of the file on a replay.
 */
export const monitorPipeline = definePipeline({
  name: 'monitor',
  description: 'streaming risk monitor: ticks → detectors → events and e-mail alerts (default)',
  options: monitorOptionsSchema,
  async prepare(options: MonitorOptions, env: PipelineEnvironment) {
    const path = (p: string): string => resolve(env.baseDir, p);
    const detect = createDetectOperator(buildDetectors(options.detectors));

    const sinks: Sink<AnomalyEvent>[] = [];
    if (options.output.console) sinks.push(createConsoleSink());
    const eventLog = createLineFileSink<AnomalyEvent>({ id: 'event-log', path: path(options.output.events) });
    sinks.push(eventLog);
    let alerts: AlertSink | undefined;
    if (options.alerts.enabled) {
      const transport = options.alerts.transport.kind === 'outbox' ? { ...options.alerts.transport, dir: path(options.alerts.transport.dir) } : options.alerts.transport;
      alerts = await loadAlertSink({
        rulesPath: path(options.alerts.rules),
        transport,
        clock: env.clock,
        onError: (error, alert) => env.logger.error({ err: error, event: alert.event.id, rule: alert.rule }, 'alert not delivered'),
      });
      sinks.push(alerts);
    }
    const deadLetters = createLineFileSink<DeadLetter>({ id: 'dead-letters', path: path(options.output.deadLetters) });

    let labels: LabelFile | undefined;
    let built: Pipeline<unknown, AnomalyEvent>;
    const source = options.source;
    if (source.kind === 'simulator') {
      labels = new LabelFile(path(options.output.labels), { append: true });
      const { kind: _kind, ...simulatorOptions } = source;
      const ticks = simulatorSource(simulatorOptions, { onLabel: labels.write });
      built = pipeline('monitor').from(ticks).through(detect).to(...sinks).deadLettersTo(deadLetters).build() as Pipeline<unknown, AnomalyEvent>;
    } else {
      const { kind: _kind, ...fileOptions } = source;
      const records = fileSource({ ...fileOptions, path: path(fileOptions.path) });
      built = pipeline('monitor')
        .from(records)
        .through(decodeTicks())
        .through(detect)
        .to(...sinks)
        .deadLettersTo(deadLetters)
        .build() as Pipeline<unknown, AnomalyEvent>;
    }

    return {
      pipeline: built as Pipeline<unknown, unknown>,
      report() {
        const lines = [`symbols tracked ${detect.state.size}`, `event log       ${eventLog.path}`, `dead letters    ${deadLetters.path}`];
        if (labels !== undefined) lines.push(`injected        ${labels.written} labelled anomalies → ${labels.path}`);
        if (alerts !== undefined) {
          const s = alerts.stats;
          const where = options.alerts.transport.kind === 'outbox' ? ` → ${path(options.alerts.transport.dir)}/*.eml` : '';
          lines.push(`alerts          ${s.sent} sent${where}, ${s.suppressed} in cool-down, ${s.unmatched} unrouted, ${s.failed} failed`);
        }
        return lines;
      },
    };
  },
});
