import type { Tick } from '../../ticks/tick.js';
import { AnomalyInjector } from './anomaly-injector.js';
import type { AnomalyLabel } from './anomaly-label.js';
import { EventQueue } from './event-queue.js';
import { Prng } from './prng.js';
import type { MarketOptions } from './simulator-options.js';
import { drawProfile, SymbolModel } from './symbol-model.js';
import { symbolNames } from './symbol-names.js';
import { nextSessionOpen, SESSION_MS } from './trading-session.js';

const MS_PER_HOUR = 3_600_000;

/**
 * The whole simulated market, pulled one tick at a time in event-time order (ties by symbol).
 * Pure and deterministic: no clock, no I/O; the same options give the same ticks and labels.
 * Each symbol has its own random stream and the anomaly schedule another.
 */
export class MarketSimulator {
  readonly symbols: readonly string[];
  /** Index of the current session, from 0; changes when the market reopens after a close. */
  session = 0;
  ticksEmitted = 0;

  private readonly models: SymbolModel[];
  private readonly queue: EventQueue;
  private readonly injector: AnomalyInjector;
  private readonly labelList: AnomalyLabel[] = [];
  private sessionOpen: number;
  private sessionClose: number;
  private readonly endTime: number;
  private readonly maxTicks: number;

  constructor(options: MarketOptions, onLabel?: (label: AnomalyLabel) => void) {
    const start = Date.parse(options.start);
    this.sessionOpen = start;
    this.sessionClose = start + SESSION_MS;
    this.endTime = options.durationMs === undefined ? Number.POSITIVE_INFINITY : start + options.durationMs;
    this.maxTicks = options.maxTicks ?? Number.POSITIVE_INFINITY;
    this.symbols = options.symbolNames ?? symbolNames(options.symbols);
    this.models = this.symbols.map((symbol, i) => {
      const rng = new Prng(options.seed, i + 1);
      return new SymbolModel(drawProfile(symbol, rng, options.ticksPerSecond), rng);
    });
    this.queue = new EventQueue(this.models.length);
    this.models.forEach((model, i) => this.queue.set(i, model.nextArrival(start, 0)));
    const anomalies = options.anomalies;
    this.injector = new AnomalyInjector(
      {
        ratePerMs: (anomalies.perSymbolHour * this.models.length) / MS_PER_HOUR,
        kinds: anomalies.kinds,
        warmupTicks: anomalies.warmupTicks,
      },
      this.models,
      new Prng(options.seed, 0),
      (label) => {
        this.labelList.push(label);
        onLabel?.(label);
      },
      start,
    );
  }

  /** Labels of the anomalies injected so far, in order of their start. */
  labels(): readonly AnomalyLabel[] {
    return this.labelList;
  }

  /** The next tick, or undefined once `durationMs` or `maxTicks` is reached. */
  next(): Tick | undefined {
    if (this.ticksEmitted >= this.maxTicks) return undefined;
    const queue = this.queue;
    for (;;) {
      const index = queue.peek();
      const time = queue.timeOf(index);
      if (time >= this.sessionClose) {
        this.reopen();
        continue;
      }
      if (time >= this.endTime) return undefined;
      this.injector.advanceTo(time);
      const resumeAt = this.injector.beforeTick(index, time);
      if (resumeAt !== undefined) {
        queue.set(index, resumeAt);
        continue;
      }
      const model = this.models[index]!;
      const u = (time - this.sessionOpen) / SESSION_MS;
      const tick = model.tick(time, u);
      queue.set(index, model.nextArrival(time, u));
      this.ticksEmitted++;
      return tick;
    }
  }

  /** Every symbol is past the close: move to the next session's open. */
  private reopen(): void {
    const open = nextSessionOpen(this.sessionOpen);
    this.injector.skip(open - this.sessionClose);
    this.sessionOpen = open;
    this.sessionClose = open + SESSION_MS;
    this.session++;
    for (let i = 0; i < this.models.length; i++) {
      const model = this.models[i]!;
      // No overnight diffusion: the first tick of the day continues from the close.
      model.lastTime = Number.NaN;
      this.queue.set(i, model.nextArrival(open, 0));
    }
  }
}
