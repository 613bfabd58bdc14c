import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { advancePriceStep, createPriceStep, returnScaleFloor, gapScaleNote, minPriceStdSchema, priceSourceSchema, type PriceSource, type PriceStepState } from './price-step.js';
import { formatPercent, formatPrice, formatSigma, formatSignedPercent, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { createEwmaStats, ewmaCount, ewmaMean, ewmaPush, ewmaStd, type EwmaStats } from './rolling/ewma-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';
import { hasSpread } from './spread.js';

export const EWMA_VOL_BAND = 'ewma-vol-band';

/**
 * EWMA volatility band: EWMA mean and variance of log returns of the mid-quote (see PriceStep),
 * and a price band around the previous price, prev · exp((mean ± k·σ) · gapScale). Each return,
 * divided by its gapScale (√ of how much longer than usual its gap was, at least 1), is tested
 * against the EWMA state before it (itself excluded), then joins it. Flags when
 * |r / gapScale - mean| > k·σ, i.e. the price is outside the band, once `warmup` returns have
 * been absorbed (a symbol's first tick only sets its price). 'warning', 'critical' from criticalK
 * up. No flag while σ is zero (a price that never moved). σ is at least minStd and
 * minPriceStd / price, so after a stretch that barely moved (an illiquid symbol stuck on one
 * price tick), or on a low-priced symbol whose mid moves in half cents, the band does not shrink
 * until a one-tick move is a 10σ alarm. k is high (12) because tick returns are far from normal:
 * their tails are fat and σ over a short span understates them.
 *
 * Event: score |r / gapScale - mean| / σ; observed the price; expected prev · exp(mean · gapScale);
 * lower/upper the band edges as prices (all with σ floored).
 */
export const ewmaVolBandParams = z
  .strictObject({
    alpha: z.number().gt(0).lt(1).default(0.06).describe('EWMA weight of the newest return; span ≈ 2/alpha - 1 (0.06 ≈ 32).'),
    warmup: z.int().min(1).default(50).describe('Returns absorbed before it may flag.'),
    k: z.number().positive().default(12).describe('Band half-width in EWMA σ; flag when |return - mean| > k·σ.'),
    criticalK: z.number().positive().optional().describe('Critical from this many σ up; default 1.75 × k.'),
    minStd: z.number().nonnegative().default(1e-4).describe('Floor on σ, in log-return units (1e-4 = 1 basis point); 0 disables.'),
    minPriceStd: minPriceStdSchema(0.005),
    price: priceSourceSchema,
  })
  .refine(...criticalNotBelow('criticalK', 'k'));

export type EwmaVolBandParams = z.input<typeof ewmaVolBandParams>;

export interface EwmaVolBandState {
  step: PriceStepState;
  returns: EwmaStats;
}

export function createEwmaVolBand(params: EwmaVolBandParams = {}): Detector<EwmaVolBandState> {
  const p = parseParams(ewmaVolBandParams, params, EWMA_VOL_BAND);
  return new EwmaVolBand(p.alpha, p.warmup, p.k, resolveCritical(p.k, p.criticalK), p.minStd, p.minPriceStd, p.price);
}

class EwmaVolBand implements Detector<EwmaVolBandState> {
  readonly id = EWMA_VOL_BAND;

  constructor(
    private readonly alpha: number,
    private readonly warmup: number,
    private readonly k: number,
    private readonly critical: number,
    private readonly minStd: number,
    private readonly minPriceStd: number,
    private readonly source: PriceSource,
  ) {}

  createState(): EwmaVolBandState {
    return { step: createPriceStep(), returns: createEwmaStats(this.alpha) };
  }

  update(state: EwmaVolBandState, tick: Tick): AnomalyEvent | undefined {
    const step = state.step;
    const lastPrice = step.lastPrice;
    const ret = advancePriceStep(step, tick, this.source);
    if (Number.isNaN(ret)) return undefined;
    const x = ret / step.gapScale;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (ewmaCount(returns) >= this.warmup) {
      const mean = ewmaMean(returns);
      const std = ewmaStd(returns);
      const floor = returnScaleFloor(this.minStd, this.minPriceStd, lastPrice);
      const floored = std > floor ? std : floor;
      if (hasSpread(std, mean) && Math.abs(x - mean) > this.k * floored) {
        event = this.flag(tick, step, lastPrice, x, mean, floored, std < floor);
      }
    }
    ewmaPush(returns, x);
    return event;
  }

  private flag(tick: Tick, step: PriceStepState, lastPrice: number, x: number, mean: number, std: number, isFloor: boolean): AnomalyEvent {
    const score = Math.abs(x - mean) / std;
    const g = step.gapScale;
    const price = step.lastPrice;
    const lower = lastPrice * Math.exp((mean - this.k * std) * g);
    const upper = lastPrice * Math.exp((mean + this.k * std) * g);
    const { bid, ask } = tick;
    const isMid = this.source === 'mid' && bid !== undefined && ask !== undefined;
    // A mid can fall on half a tick of its quote.
    const decimals = isMid ? Math.max(priceDecimals(bid), priceDecimals(ask)) + 1 : Math.max(priceDecimals(price), priceDecimals(lastPrice));
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: price,
      expected: lastPrice * Math.exp(mean * g),
      lower,
      upper,
      reason:
        `${tick.symbol} ${isMid ? 'mid-quote' : 'price'} ${formatPrice(price, decimals)} outside band ` +
        `[${formatPrice(lower, decimals)}, ${formatPrice(upper, decimals)}]: return ${formatSignedPercent(x * g)} ` +
        `is ${formatSigma(score)} from its EWMA mean (${formatSignedPercent(mean)}, σ ${formatPercent(std)}${isFloor ? ' (floor)' : ''}${gapScaleNote(g)})`,
    };
  }
}
