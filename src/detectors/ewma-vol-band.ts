import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { advanceLogReturn, type LastPrice } from './log-return.js';
import { formatPercent, formatPrice, formatSigma, formatSignedPercent, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { createEwmaStats, ewmaCount, ewmaMean, ewmaPush, ewmaStd, type EwmaStats } from './rolling/ewma-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';
import { hasSpread } from './spread.js';

export const EWMA_VOL_BAND = 'ewma-vol-band';

/**
 * EWMA volatility band: EWMA mean and variance of log returns, and a price band around the
 * previous price, prev · exp(mean ± k·σ). Each return is tested against the EWMA state before
 * it (itself excluded), then joins it. Flags when |return - mean| > k·σ, i.e. the price is outside
 * the band, once `warmup` returns have been absorbed (a symbol's first tick only sets its price).
 * 'warning', 'critical' from criticalK up. No flag while σ is zero (a price that never moved).
 * σ is at least `minStd`, so after a stretch that barely moved (an illiquid symbol stuck on one
 * price tick) the band does not shrink until a one-tick move is a 10σ alarm.
 *
 * Event: score |return - mean| / σ; observed the price; expected prev · exp(mean);
 * lower/upper the band edges as prices (all with σ floored).
 */
export const ewmaVolBandParams = z
  .strictObject({
    alpha: z.number().gt(0).lt(1).default(0.06).describe('EWMA weight of the newest return; span ≈ 2/alpha - 1 (0.06 ≈ 32).'),
    warmup: z.int().min(1).default(50).describe('Returns absorbed before it may flag.'),
    k: z.number().positive().default(5).describe('Band half-width in EWMA σ; flag when |return - mean| > k·σ.'),
    criticalK: z.number().positive().optional().describe('Critical from this many σ up; default 1.75 × k.'),
    minStd: z.number().nonnegative().default(1e-4).describe('Floor on σ, in log-return units (1e-4 = 1 basis point); 0 disables.'),
  })
  .refine(...criticalNotBelow('criticalK', 'k'));

export type EwmaVolBandParams = z.input<typeof ewmaVolBandParams>;

export interface EwmaVolBandState extends LastPrice {
  returns: EwmaStats;
}

export function createEwmaVolBand(params: EwmaVolBandParams = {}): Detector<EwmaVolBandState> {
  const p = parseParams(ewmaVolBandParams, params, EWMA_VOL_BAND);
  return new EwmaVolBand(p.alpha, p.warmup, p.k, resolveCritical(p.k, p.criticalK), p.minStd);
}

class EwmaVolBand implements Detector<EwmaVolBandState> {
  readonly id = EWMA_VOL_BAND;

  constructor(
    private readonly alpha: number,
    private readonly warmup: number,
    private readonly k: number,
    private readonly critical: number,
    private readonly minStd: number,
  ) {}

  createState(): EwmaVolBandState {
    return { lastPrice: 0, returns: createEwmaStats(this.alpha) };
  }

  update(state: EwmaVolBandState, tick: Tick): AnomalyEvent | undefined {
    const lastPrice = state.lastPrice;
    const ret = advanceLogReturn(state, tick.price);
    if (Number.isNaN(ret)) return undefined;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (ewmaCount(returns) >= this.warmup) {
      const mean = ewmaMean(returns);
      const std = ewmaStd(returns);
      const floored = Math.max(std, this.minStd);
      if (hasSpread(std, mean) && Math.abs(ret - mean) > this.k * floored) {
        event = this.flag(tick, lastPrice, ret, mean, floored, std < floored);
      }
    }
    ewmaPush(returns, ret);
    return event;
  }

  private flag(tick: Tick, lastPrice: number, ret: number, mean: number, std: number, isFloor: boolean): AnomalyEvent {
    const score = Math.abs(ret - mean) / std;
    const lower = lastPrice * Math.exp(mean - this.k * std);
    const upper = lastPrice * Math.exp(mean + this.k * std);
    const decimals = Math.max(priceDecimals(tick.price), priceDecimals(lastPrice));
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: tick.price,
      expected: lastPrice * Math.exp(mean),
      lower,
      upper,
      reason:
        `${tick.symbol} price ${formatPrice(tick.price, decimals)} outside band ` +
        `[${formatPrice(lower, decimals)}, ${formatPrice(upper, decimals)}]: return ${formatSignedPercent(ret)} ` +
        `is ${formatSigma(score)} from its EWMA mean (${formatSignedPercent(mean)}, σ ${formatPercent(std)}${isFloor ? ' (floor)' : ''})`,
    };
  }
}
