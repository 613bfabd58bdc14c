import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { parseParams } from './params.js';
import { ringOldest } from './rolling/ring-buffer.js';
import { createRollingExtrema, extremaMax, extremaPush, type RollingExtrema } from './rolling/rolling-extrema.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf } from './severity.js';

export const VOLATILITY_REGIME = 'volatility-regime';

/**
 * A change of volatility regime: the realised volatility (root mean square of log returns, per
 * tick) of the last `short` returns against that of the `long` returns before them. A return
 * leaving the short window joins the long one, so a new regime does not dilute its own baseline.
 * Each window leaves out its largest squared return, so one price jump (the return detectors'
 * job) is not a regime, and does not inflate the baseline for the next `long` ticks either:
 *
 *   vol = √((Σ r² - max r²) / (n - 1))      ratio = vol_short / max(vol_long, minStd)
 *
 * Edge-triggered with hysteresis: flags when ratio ≥ threshold, then stays quiet until the ratio
 * falls below rearm × threshold, so a regime raises one event when it starts, not one per tick.
 * Waits for full windows. 'warning', 'critical' from criticalThreshold up.
 *
 * Event: score the ratio; observed the short volatility; expected the long one (floored); upper
 * the short volatility that flags, threshold × the long one (all per-tick log-return units).
 */
export const volatilityRegimeParams = z
  .strictObject({
    short: z.int().min(3).max(100_000).default(30).describe('Latest returns whose volatility is tested.'),
    long: z.int().min(3).max(1_000_000).default(600).describe('Returns before those that make up the baseline volatility.'),
    sampleMs: z.int().min(0).max(3_600_000).default(1000).describe('Returns between samples of the price this many ms apart (event time); 0: between ticks.'),
    threshold: z.number().gt(1).default(3).describe('Flag when the short volatility is at least threshold × the long one.'),
    rearm: z.number().gt(0).lt(1).default(0.5).describe('After a flag, re-arm once the ratio falls below rearm × threshold.'),
    criticalThreshold: z.number().positive().optional().describe('Critical from this ratio up; default 1.75 × threshold.'),
    minMoves: z.int().min(0).default(8).describe("Flag only when at least this many of the short window's returns are not 0."),
    minStd: z.number().nonnegative().default(1e-4).describe('Floor on the long volatility, in log-return units (1e-4 = 1 basis point); 0 disables.'),
    minPriceStd: z.number().nonnegative().default(0.001).describe('Floor on the long volatility in price units, as minPriceStd / price (0.001: a tenth of a cent); 0 disables.'),
  })
  .refine((p) => p.minMoves <= p.short, { path: ['minMoves'], message: 'minMoves must not exceed short' })
  .refine((p) => p.long >= p.short, { path: ['long'], message: 'long must be at least short' })
  .refine((p) => p.criticalThreshold === undefined || p.criticalThreshold >= p.threshold, {
    path: ['criticalThreshold'],
    message: 'criticalThreshold must be at least threshold',
  });

export type VolatilityRegimeParams = z.input<typeof volatilityRegimeParams>;

export interface VolatilityRegimeState {
  /** Latest valid price (mid-quote or trade), 0 before the first. */
  price: number;
  /** Price at the last sample point, and the next sample point (event time, ms). */
  sampledPrice: number;
  sampleAt: number;
  /** Squared log returns of the short window, and their maximum. */
  short: RollingStats;
  shortMax: RollingExtrema;
  /** Returns in the short window that are not 0. */
  moves: number;
  /** Squared log returns of the long window before it, and their maximum. */
  long: RollingStats;
  longMax: RollingExtrema;
  /** False from a flag until the ratio falls below rearm × threshold. */
  armed: boolean;
}

/**
 * The price whose volatility is measured: the mid-quote when the tick has a two-sided quote,
 * else the trade price; NaN when neither is a positive finite number.
 */
export function referencePrice(tick: Tick): number {
  const { bid, ask } = tick;
  if (bid !== undefined && ask !== undefined && bid > 0 && ask > 0 && bid < Infinity && ask < Infinity) return (bid + ask) / 2;
  const price = tick.price;
  return price > 0 && price < Infinity ? price : NaN;
}

export function createVolatilityRegime(params: VolatilityRegimeParams = {}): Detector<VolatilityRegimeState> {
  const p = parseParams(volatilityRegimeParams, params, VOLATILITY_REGIME);
  return new VolatilityRegime(p.short, p.long, p.sampleMs, p.threshold, p.rearm, resolveCritical(p.threshold, p.criticalThreshold), p.minMoves, p.minStd, p.minPriceStd);
}

/** Root mean square of a window's values but its largest: √((n·mean - max) / (n - 1)). */
export function trimmedVolatility(squares: RollingStats, max: RollingExtrema): number {
  const n = rollingCount(squares);
  const rest = (n * rollingMean(squares) - extremaMax(max)) / (n - 1);
  return rest > 0 ? Math.sqrt(rest) : 0;
}

class VolatilityRegime implements Detector<VolatilityRegimeState> {
  readonly id = VOLATILITY_REGIME;

  constructor(
    private readonly short: number,
    private readonly long: number,
    private readonly sampleMs: number,
    private readonly threshold: number,
    private readonly rearm: number,
    private readonly critical: number,
    private readonly minMoves: number,
    private readonly minStd: number,
    private readonly minPriceStd: number,
  ) {}

  createState(): VolatilityRegimeState {
    return {
      price: 0,
      sampledPrice: 0,
      sampleAt: 0,
      short: createRollingStats(this.short),
      shortMax: createRollingExtrema(this.short),
      moves: 0,
      long: createRollingStats(this.long),
      longMax: createRollingExtrema(this.long),
      armed: true,
    };
  }

  update(state: VolatilityRegimeState, tick: Tick): AnomalyEvent | undefined {
    const price = referencePrice(tick);
    if (Number.isNaN(price)) return undefined;
    const last = state.price;
    state.price = price;
    if (last === 0) {
      state.sampledPrice = price;
      state.sampleAt = tick.ts + this.sampleMs;
      return undefined;
    }
    let ret: number;
    if (this.sampleMs === 0) {
      ret = Math.log(price / last);
    } else {
      if (!(tick.ts >= state.sampleAt)) return undefined;
      // The price prevailing at the sample point is the last one before this tick; sample points
      // passed in silence are skipped, not counted as zero returns.
      ret = Math.log(last / state.sampledPrice);
      state.sampledPrice = last;
      state.sampleAt += (Math.floor((tick.ts - state.sampleAt) / this.sampleMs) + 1) * this.sampleMs;
    }
    return this.push(state, tick, ret * ret);
  }

  private push(state: VolatilityRegimeState, tick: Tick, square: number): AnomalyEvent | undefined {
    const short = state.short;
    const long = state.long;
    if (rollingCount(short) === this.short) {
      const leaving = ringOldest(short.window);
      if (leaving > 0) state.moves--;
      rollingPush(long, leaving);
      extremaPush(state.longMax, leaving);
    }
    if (square > 0) state.moves++;
    rollingPush(short, square);
    extremaPush(state.shortMax, square);
    if (rollingCount(long) < this.long) return undefined;

    const shortVol = trimmedVolatility(short, state.shortMax);
    const longVol = trimmedVolatility(long, state.longMax);
    const floor = Math.max(this.minStd, this.minPriceStd / state.price);
    const baseline = longVol > floor ? longVol : floor;
    if (baseline === 0) return undefined;
    const ratio = shortVol / baseline;
    if (!state.armed) {
      if (ratio < this.rearm * this.threshold) state.armed = true;
      return undefined;
    }
    if (ratio < this.threshold || state.moves < this.minMoves) return undefined;
    state.armed = false;
    return this.flag(tick, ratio, shortVol, baseline, longVol < baseline);
  }

  private flag(tick: Tick, ratio: number, shortVol: number, longVol: number, isFloor: boolean): AnomalyEvent {
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(ratio, this.critical),
      score: ratio,
      observed: shortVol,
      expected: longVol,
      upper: this.threshold * longVol,
      reason:
        `${tick.symbol} volatility regime: realised vol of the last ${this.short} returns ${basisPoints(shortVol)} a tick, ` +
        `${ratio.toFixed(1)}× the ${basisPoints(longVol)}${isFloor ? ' (floor)' : ''} of the ${this.long} before`,
    };
  }
}

/** Per-tick volatilities are a few basis points: `4.2 bp`. */
function basisPoints(fraction: number): string {
  return `${(fraction * 1e4).toFixed(1)} bp`;
}
