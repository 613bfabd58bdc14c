import { tickInput, tickSourceSchema } from '../../app/tick-input.js';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { ManualClock } from '../../core/clock.js';
import { EventTimeClock } from '../../core/event-time-clock.js';
import { runPipeline } from '../../core/runner.js';
import type { Sink } from '../../core/sink.js';
import { buildDetectOperator, type DetectorsConfig } from '../../detectors/registry.js';
import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { Tick } from '../../ticks/tick.js';
import { AlertEngine, type QuietDecision, type SilenceCheck } from '../alert-engine.js';
import type { LoadedAlertingConfig } from '../config/alerting-config.js';
import type { Notification } from '../model/notification.js';

export interface RehearsalInput {
  /** CSV or JSONL tick file. */
  readonly ticksPath: string;
  readonly rules: LoadedAlertingConfig;
  readonly detectors: DetectorsConfig;
  readonly silences?: SilenceCheck;
  /** Engine time let run on after the last tick, so waits, recoveries and digests still due show. */
  readonly afterMs: number;
  readonly env: PipelineEnvironment;
}

/** What happened, in engine (= event) time order. */
export type PlanEntry = { readonly kind: 'notification'; readonly notification: Notification } | { readonly kind: 'quiet'; readonly decision: QuietDecision };

export interface Rehearsal {
  readonly entries: readonly PlanEntry[];
  readonly ticks: number;
  readonly rejected: number;
  readonly events: number;
  readonly symbols: number;
  readonly firstTs: number;
  readonly lastTs: number;
  readonly engine: AlertEngine;
}

/**
 * Replays a tick file through the monitor's detectors and the alert engine on a fake clock: engine
 * time is the ticks' event time, never the wall clock, so the plan is the same on every run and
 * is what the monitor decides on the same ticks.
 */
export async function rehearseAlerts(input: RehearsalInput): Promise<Rehearsal> {
  const entries: PlanEntry[] = [];
  const engine = new AlertEngine({
    rules: input.rules,
    ...(input.silences === undefined ? {} : { silences: () => input.silences! }),
    onQuiet: (decision) => entries.push({ kind: 'quiet', decision }),
  });
  const record = (notifications: readonly Notification[]): void => {
    for (const notification of notifications) entries.push({ kind: 'notification', notification });
  };

  const tickInputResult = tickInput('alerts-test', tickSourceSchema.parse({ kind: 'file', path: input.ticksPath }), input.env);
  // A wall clock that never moves: EventTimeClock then reads pure event time.
  const clock = new EventTimeClock(() => tickInputResult.eventTime.latest, new ManualClock(0));
  const detect = buildDetectOperator(input.detectors, { origin: tickInputResult.origin, rulesVersion: input.rules.version });
  let ticks = 0;
  let firstTs = Number.NaN;
  let lastTs = Number.NaN;
  const eventsSink: Sink<AnomalyEvent> = {
    id: 'alert-plan',
    async write(events) {
      // As the alert sink does: each event at its own time, then what is due.
      for (const event of events) engine.observe(event);
      record(engine.advance(clock.now()));
    },
    async flush() {},
    async close() {},
  };
  let rejected = 0;
  const built = tickInputResult.builder
    .through<Tick>({
      id: 'tick-span',
      process(tick, out) {
        ticks++;
        if (Number.isNaN(firstTs)) firstTs = tick.ts;
        lastTs = tick.ts;
        out.emit(tick);
      },
    })
    .through(detect)
    .to(eventsSink)
    .deadLettersTo({
      id: 'rejected',
      async write(letters) {
        rejected += letters.length;
      },
      async flush() {},
      async close() {},
    })
    .build();
  await runPipeline(built);
  if (!Number.isNaN(lastTs)) record(engine.advance(lastTs + input.afterMs));
  return { entries, ticks, rejected, events: engine.stats.events, symbols: detect.state.size, firstTs, lastTs, engine };
}
