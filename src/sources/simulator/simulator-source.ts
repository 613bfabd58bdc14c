import type { Clock } from '../../core/clock.js';
import { RiskwatchError } from '../../core/errors.js';
import type { Source, SourceBatch, SourceContext } from '../../core/source.js';
import type { Tick } from '../../ticks/tick.js';
import { validateConfig } from '../../config/validate-config.js';
import { ReplayPacer } from '../replay-pacer.js';
import { abortableSleep, yieldToEventLoop, type Sleep } from '../sleep.js';
import type { AnomalyLabel } from './anomaly-label.js';
import { MarketSimulator } from './market-simulator.js';
import { simulatorOptionsSchema, type SimulatorOptions, type SimulatorOptionsInput } from './simulator-options.js';

export interface SimulatorDeps {
  /** Called as each anomaly starts, before the batch holding its first tick is handed out. */
  readonly onLabel?: (label: AnomalyLabel) => void;
  readonly sleep?: Sleep;
}

/**
 * A simulated market as a source of valid ticks (see MarketSimulator), with labelled anomalies.
 * `live` mode paces ticks in wall time at `speed` (using the run's clock; overnight closes are
 * not waited out); `fast` mode emits as fast as the pipeline pulls. Bounded when `durationMs` or
 * `maxTicks` is set.
 */
export class SimulatorSource implements Source<Tick> {
  readonly id: string;
  readonly bounded: boolean;
  private readonly market: MarketSimulator;
  private readonly sleep: Sleep;
  private clock: Clock | undefined;
  private emitted = 0;

  constructor(
    readonly options: SimulatorOptions,
    deps: SimulatorDeps = {},
  ) {
    this.id = options.id;
    this.bounded = options.durationMs !== undefined || options.maxTicks !== undefined;
    this.market = new MarketSimulator(options, deps.onLabel);
    this.sleep = deps.sleep ?? abortableSleep;
  }

  get symbols(): readonly string[] {
    return this.market.symbols;
  }

  /** Labels of the anomalies started so far. */
  labels(): readonly AnomalyLabel[] {
    return this.market.labels();
  }

  async open(context: SourceContext): Promise<void> {
    this.clock = context.clock;
  }

  batches(signal: AbortSignal): AsyncGenerator<SourceBatch<Tick>> {
    if (this.options.mode === 'fast') return this.fast(signal);
    const clock = this.clock;
    if (clock === undefined) throw new RiskwatchError('source_not_open', `${this.id}: call open() before batches()`);
    return this.live(signal, new ReplayPacer(this.options.speed, clock));
  }

  private async *fast(signal: AbortSignal): AsyncGenerator<SourceBatch<Tick>> {
    const { batchSize } = this.options;
    const market = this.market;
    while (!signal.aborted) {
      const batch: Tick[] = [];
      while (batch.length < batchSize) {
        const tick = market.next();
        if (tick === undefined) break;
        batch.push(tick);
      }
      if (batch.length === 0) return;
      yield this.toBatch(batch);
      // Generating is pure CPU: without this an abort (SIGINT) could never be delivered.
      await yieldToEventLoop();
    }
  }

  private async *live(signal: AbortSignal, pacer: ReplayPacer): AsyncGenerator<SourceBatch<Tick>> {
    const { batchSize } = this.options;
    const market = this.market;
    let session = market.session;
    let batch: Tick[] = [];
    while (!signal.aborted) {
      const tick = market.next();
      if (tick === undefined) break;
      if (market.session !== session) {
        session = market.session;
        pacer.rebase(tick.ts);
      }
      const wait = pacer.delay(tick.ts);
      if (wait > 0) {
        if (batch.length > 0) {
          yield this.toBatch(batch);
          batch = [];
        }
        await this.sleep(wait, signal);
        if (signal.aborted) return;
      }
      batch.push(tick);
      if (batch.length >= batchSize) {
        yield this.toBatch(batch);
        batch = [];
        // Behind schedule nothing sleeps; let timers and signals run.
        await yieldToEventLoop();
      }
    }
    if (batch.length > 0 && !signal.aborted) yield this.toBatch(batch);
  }

  private toBatch(records: Tick[]): SourceBatch<Tick> {
    this.emitted += records.length;
    const count = this.emitted;
    const last = records[records.length - 1]!;
    return {
      records,
      position: { description: `${this.id}#${count}@${new Date(last.ts).toISOString()}`, token: count },
    };
  }
}

/** Validates options (throws ConfigError) and builds the source. */
export function simulatorSource(options: SimulatorOptionsInput = {}, deps: SimulatorDeps = {}): SimulatorSource {
  return new SimulatorSource(validateConfig(options, 'simulator', simulatorOptionsSchema), deps);
}
