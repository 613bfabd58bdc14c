import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { parseParams } from './params.js';
import { referencePrice, returnScaleFloor } from './price-step.js';
import { ringOldest } from './rolling/ring-buffer.js';
import { createRollingExtrema, extremaMax, extremaPush, type RollingExtrema } from './rolling/rolling-extrema.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';

export const VOLATILITY_REGIME = 'volatility-regime';

/**
 * A change of volatility regime: the realised volatility (root mean square of log returns) of the
 * last `short` returns against that of the `long` returns before them. A return leaving the
 * short window joins the long one, so a new regime does not dilute its own baseline.
 *
 * What is measured, and why:
 * - The mid-quote, not the trade price (which it falls back to on ticks without a two-sided
 *   quote; a crossed quote is skipped, see PriceStep): trades bounce between bid and ask, and on
 *   the trade price a spread that widens looks like a volatility regime while a real one drowns
 *   in the bounce.
 * - Returns between samples of that price every `sampleMs` of event time (the price prevailing at
 *   each sample point), not between ticks: volatility per unit of time does not change with the
 *   tick rate, and one-tick flicker of the quote averages out. Sample points passed in silence
 *   are skipped, not counted as zero returns, so a halt or the overnight close does not flush
 *   the windows. sampleMs 0 takes returns between ticks.
 * - Each window leaves out its largest squared return, so one price jump (the return detectors'
 *   job) is not a regime, and does not inflate the baseline for the `long` samples after it:
 *
 *     vol = √((Σ r² - max r²) / (n - 1))      ratio = vol_short / max(vol_long, floor)
 *
 * - The floor is the larger of minStd and minPriceStd / price: a low-priced symbol moves in
 *   steps of a cent that are many basis points, and a calm stretch of it would otherwise make a
 *   few one-cent steps look like a regime.
 * - The baseline is recent: by default the two minutes before the short window, not ten.
 *   Volatility clusters (it stays high or low for minutes) and follows the intraday profile, so
 *   a longer baseline lags the level the short window is compared with, and keeps an earlier
 *   burst or regime in it long after it has ended, masking the next one. On the market benchmark,
 *   at the same threshold, a baseline of 120 returns caught 0.88 of the injected regimes where
 *   600 caught 0.75, with fewer false alarms on clean data, not more.
 *
 * Edge-triggered with hysteresis: flags when ratio ≥ threshold, then stays quiet until the ratio
 * falls below rearm × threshold, so a regime raises one event when it starts, not one per
 * sample. Waits for full windows. 'warning', 'critical' from criticalThreshold up.
 *
 * Event: score the ratio; observed the short volatility; expected the long one (floored); upper
 * the short volatility that flags, threshold × the long one (log-return units per sample).
 */
export const volatilityRegimeParams = z
  .strictObject({
    short: z.int().min(3).max(100_000).default(30).describe('Latest returns whose volatility is tested.'),
    long: z.int().min(3).max(1_000_000).default(120).describe('Returns before those that make up the baseline volatility (120 of 1 s: the two minutes before).'),
    sampleMs: z.int().min(0).max(3_600_000).default(1000).describe('Returns between samples of the price this many ms apart (event time); 0: between ticks.'),
    threshold: z.number().gt(1).default(2.4).describe('Flag when the short volatility is at least threshold × the long one.'),
    rearm: z.number().gt(0).lt(1).default(0.5).describe('After a flag, re-arm once the ratio falls below rearm × threshold.'),
    criticalThreshold: z.number().positive().optional().describe('Critical from this ratio up; default 1.75 × threshold.'),
    minStd: z.number().nonnegative().default(5e-5).describe('Floor on the long volatility, in log-return units (5e-5 = half a basis point); 0 disables.'),
    minPriceStd: z.number().nonnegative().default(0.002).describe('Floor on the long volatility in price units, as minPriceStd / price (0.002: a fifth of a cent); 0 disables.'),
  })
  .refine((p) => p.long >= p.short, { path: ['long'], message: 'long must be at least short' })
  .refine(...criticalNotBelow('criticalThreshold', 'threshold'));

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
  /** Squared log returns of the long window before it, and their maximum. */
  long: RollingStats;
  longMax: RollingExtrema;
  /** False from a flag until the ratio falls below rearm × threshold. */
  armed: boolean;
}

export function createVolatilityRegime(params: VolatilityRegimeParams = {}): Detector<VolatilityRegimeState> {
  const p = parseParams(volatilityRegimeParams, params, VOLATILITY_REGIME);
  return new VolatilityRegime(p, resolveCritical(p.threshold, p.criticalThreshold));
}

/** Root mean square of a window's values but its largest: √((n·mean - max) / (n - 1)). */
export function trimmedVolatility(squares: RollingStats, max: RollingExtrema): number {
  const n = rollingCount(squares);
  const rest = (n * rollingMean(squares) - extremaMax(max)) / (n - 1);
  return rest > 0 ? Math.sqrt(rest) : 0;
}

class VolatilityRegime implements Detector<VolatilityRegimeState> {
  readonly id = VOLATILITY_REGIME;
  private readonly short: number;
  private readonly long: number;
  private readonly sampleMs: number;
  private readonly threshold: number;
  private readonly rearm: number;
  private readonly minStd: number;
  private readonly minPriceStd: number;

  constructor(
    p: z.output<typeof volatilityRegimeParams>,
    private readonly critical: number,
  ) {
    this.short = p.short;
    this.long = p.long;
    this.sampleMs = p.sampleMs;
    this.threshold = p.threshold;
    this.rearm = p.rearm;
    this.minStd = p.minStd;
    this.minPriceStd = p.minPriceStd;
  }

  createState(): VolatilityRegimeState {
    return {
      price: 0,
      sampledPrice: 0,
      sampleAt: 0,
      short: createRollingStats(this.short),
      shortMax: createRollingExtrema(this.short),
      long: createRollingStats(this.long),
      longMax: createRollingExtrema(this.long),
      armed: true,
    };
  }

  update(state: VolatilityRegimeState, tick: Tick): AnomalyEvent | undefined {
    const price = referencePrice(tick, 'mid');
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
      // The price prevailing at the sample point is the last one before this tick.
      ret = Math.log(last / state.sampledPrice);
      state.sampledPrice = last;
      state.sampleAt += (Math.floor((tick.ts - state.sampleAt) / this.sampleMs) + 1) * this.sampleMs;
    }
    return this.push(state, tick, ret * ret);
  }

  private push(state: VolatilityRegimeState, tick: Tick, square: number): AnomalyEvent | undefined {
    const short = state.short;
    if (rollingCount(short) === this.short) {
      const leaving = ringOldest(short.window);
      rollingPush(state.long, leaving);
      extremaPush(state.longMax, leaving);
    }
    rollingPush(short, square);
    extremaPush(state.shortMax, square);
    if (rollingCount(state.long) < this.long) return undefined;

    const shortVol = trimmedVolatility(short, state.shortMax);
    const longVol = trimmedVolatility(state.long, state.longMax);
    const floor = returnScaleFloor(this.minStd, this.minPriceStd, state.price);
    const baseline = longVol > floor ? longVol : floor;
    if (baseline === 0) return undefined;
    const ratio = shortVol / baseline;
    if (!state.armed) {
      if (ratio < this.rearm * this.threshold) state.armed = true;
      return undefined;
    }
    if (ratio < this.threshold) return undefined;
    state.armed = false;
    return this.flag(tick, ratio, shortVol, baseline, longVol < baseline);
  }

  private flag(tick: Tick, ratio: number, shortVol: number, longVol: number, isFloor: boolean): AnomalyEvent {
    const per = this.sampleMs === 0 ? 'a tick' : `per ${this.sampleMs / 1000} s`;
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
        `${tick.symbol} volatility regime: realised vol ${basisPoints(shortVol)} ${per} over the last ${this.short} returns, ` +
        `${ratio.toFixed(1)}× the ${basisPoints(longVol)}${isFloor ? ' (floor)' : ''} of the ${this.long} before`,
    };
  }
}

/** Volatilities per sample are a few basis points: `4.2 bp`. */
function basisPoints(fraction: number): string {
  return `${(fraction * 1e4).toFixed(1)} bp`;
}
