import type { AnomalyKind, AnomalyLabel } from './anomaly-label.js';
import type { Prng } from './prng.js';
import type { SymbolModel } from './symbol-model.js';

export interface InjectorOptions {
  /** Mean anomalies per simulated millisecond across the market; 0 disables injection. */
  readonly ratePerMs: number;
  readonly kinds: readonly AnomalyKind[];
  /** A symbol gets no anomaly before it has produced this many ticks (detectors warm up). */
  readonly warmupTicks: number;
}

/** After an anomaly ends, its symbol is left alone this long, so detectors see normal data again. */
const COOL_DOWN_MS = 60_000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** An anomaly assigned to a symbol: pending until the symbol's next tick, then active until `end`. */
interface Assignment {
  readonly kind: AnomalyKind;
  readonly magnitude: number;
  readonly durationMs: number;
  end: number;
  active: boolean;
}

/**
 * Schedules anomalies as a Poisson process over the market, picks a kind from a shuffled bag (so
 * every enabled kind keeps appearing) and a warmed-up, undisturbed symbol, and applies the anomaly
 * when that symbol next ticks, reporting a label at that moment.
 */
export class AnomalyInjector {
  private nextAt: number;
  private bag: AnomalyKind[] = [];
  private readonly assignments: (Assignment | undefined)[];
  private readonly quietUntil: Float64Array;
  private readonly eligible: number[] = [];

  constructor(
    private readonly options: InjectorOptions,
    private readonly models: readonly SymbolModel[],
    private readonly rng: Prng,
    private readonly onLabel: (label: AnomalyLabel) => void,
    start: number,
  ) {
    this.assignments = new Array<Assignment | undefined>(models.length).fill(undefined);
    this.quietUntil = new Float64Array(models.length);
    this.nextAt = options.ratePerMs > 0 ? start + rng.exponential(1 / options.ratePerMs) : Number.POSITIVE_INFINITY;
  }

  /** Assigns every anomaly scheduled up to `time` (market event time). */
  advanceTo(time: number): void {
    while (this.nextAt <= time) {
      this.assign(this.nextAt);
      this.nextAt += this.rng.exponential(1 / this.options.ratePerMs);
    }
  }

  /** Shifts the pending schedule by `gapMs` (the market was closed). */
  skip(gapMs: number): void {
    this.nextAt += gapMs;
  }

  /**
   * Called when symbol `index` is about to tick at `time`: starts or ends its anomaly. Returns the
   * time the symbol resumes when the tick must be swallowed (stale feed), otherwise undefined.
   */
  beforeTick(index: number, time: number): number | undefined {
    const assignment = this.assignments[index];
    if (assignment === undefined) return undefined;
    const model = this.models[index]!;
    if (assignment.active) {
      if (time <= assignment.end) return undefined;
      this.finish(index, model, assignment);
      return undefined;
    }
    assignment.active = true;
    assignment.end = time + assignment.durationMs;
    this.start(model, assignment);
    this.onLabel({
      kind: assignment.kind,
      symbol: model.profile.symbol,
      start: Math.floor(time),
      end: Math.floor(assignment.end),
      detail: { magnitude: assignment.magnitude, durationMs: Math.round(assignment.durationMs) },
    });
    if (assignment.kind === 'stale_feed') {
      this.finish(index, model, assignment);
      return assignment.end;
    }
    if (assignment.kind === 'price_jump') this.finish(index, model, assignment);
    return undefined;
  }

  private assign(time: number): void {
    const eligible = this.eligible;
    eligible.length = 0;
    for (let i = 0; i < this.models.length; i++) {
      const free = this.assignments[i] === undefined && this.quietUntil[i]! <= time;
      if (free && this.models[i]!.ticks >= this.options.warmupTicks) eligible.push(i);
    }
    if (eligible.length === 0) return;
    const index = eligible[this.rng.int(eligible.length)]!;
    this.assignments[index] = this.draw(this.nextKind());
  }

  private nextKind(): AnomalyKind {
    if (this.bag.length === 0) {
      this.bag = [...this.options.kinds];
      for (let i = this.bag.length - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        [this.bag[i], this.bag[j]] = [this.bag[j]!, this.bag[i]!];
      }
    }
    return this.bag.pop()!;
  }

  private draw(kind: AnomalyKind): Assignment {
    const rng = this.rng;
    const assignment = (magnitude: number, durationMs: number): Assignment => ({
      kind,
      magnitude,
      durationMs,
      end: 0,
      active: false,
    });
    switch (kind) {
      case 'price_jump':
        return assignment(rng.sign() * rng.between(0.015, 0.05), 0);
      case 'volume_spike':
        return assignment(rng.between(8, 25), rng.between(15 * SECOND, MINUTE));
      case 'spread_blowout':
        return assignment(rng.between(6, 20), rng.between(10 * SECOND, MINUTE));
      case 'crossed_quote':
        return assignment(rng.between(2, 15), rng.between(0.5 * SECOND, 3 * SECOND));
      case 'stale_feed': {
        const durationMs = rng.between(30 * SECOND, 3 * MINUTE);
        return assignment(durationMs / SECOND, durationMs);
      }
      case 'volatility_regime':
        return assignment(rng.between(3, 6), rng.between(2 * MINUTE, 8 * MINUTE));
    }
  }

  private start(model: SymbolModel, assignment: Assignment): void {
    switch (assignment.kind) {
      case 'price_jump':
        // Expressed as a relative change; the model moves in log price.
        model.jump(Math.log1p(assignment.magnitude));
        break;
      case 'volume_spike':
        model.sizeMultiplier = assignment.magnitude;
        model.rateMultiplier = 3;
        break;
      case 'spread_blowout':
        model.spreadMultiplier = assignment.magnitude;
        break;
      case 'crossed_quote':
        model.crossBps = assignment.magnitude;
        break;
      case 'volatility_regime':
        model.volatilityMultiplier = assignment.magnitude;
        break;
      case 'stale_feed':
        break;
    }
  }

  private finish(index: number, model: SymbolModel, assignment: Assignment): void {
    model.sizeMultiplier = 1;
    model.rateMultiplier = 1;
    model.spreadMultiplier = 1;
    model.crossBps = 0;
    model.volatilityMultiplier = 1;
    this.assignments[index] = undefined;
    this.quietUntil[index] = assignment.end + COOL_DOWN_MS;
  }
}
