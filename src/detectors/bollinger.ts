import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatPrice, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';
import { hasSpread } from './spread.js';

export const BOLLINGER = 'bollinger';

/**
 * Bollinger %b of the price: where it sits in the band mean ± k·σ of the previous `window` prices
 * (σ population, as charting packages draw it), 0 at the lower edge and 1 at the upper:
 *
 *   %b = (price - (mean - k·σ)) / (2·k·σ)
 *
 * The band comes from the prices before the tick (itself excluded, as for the other detectors):
 * a band that includes the price can never leave it by much (|price - mean| ≤ σ·√(w - 1)).
 * Prices leave a 2σ band all the time, so this is a context signal kept conservative: it flags
 * only a price far outside, %b > 1 + outside or %b < -outside (default 1.5: beyond 4σ past the
 * edge, 8σ from the mean). σ is at least `minStd` × mean, so a band that collapsed while the
 * price sat still does not turn the next one-cent move into an alarm; no flag while the window
 * has no spread at all. 'warning', 'critical' from criticalOutside up.
 *
 * Event: score how far outside the band, in band widths (%b - 1 above, -%b below); observed the
 * price; expected the mean; lower/upper the band edges (σ floored).
 */
export const bollingerParams = z
  .strictObject({
    window: z.int().min(2).max(1_000_000).default(20).describe('Previous prices the band is drawn from.'),
    k: z.number().positive().default(2).describe('Band half-width in σ of those prices.'),
    outside: z.number().positive().default(1.5).describe('Flag when %b > 1 + outside or %b < -outside (in band widths past the edge).'),
    criticalOutside: z.number().positive().optional().describe('Critical from this far outside up; default 1.75 × outside.'),
    minStd: z.number().nonnegative().default(2e-4).describe('Floor on σ as a fraction of the mean price (2e-4 = 2 basis points); 0 disables.'),
  })
  .refine(...criticalNotBelow('criticalOutside', 'outside'));

export type BollingerParams = z.input<typeof bollingerParams>;

export interface BollingerState {
  prices: RollingStats;
}

export function createBollinger(params: BollingerParams = {}): Detector<BollingerState> {
  const p = parseParams(bollingerParams, params, BOLLINGER);
  return new Bollinger(p.window, p.k, p.outside, resolveCritical(p.outside, p.criticalOutside), p.minStd);
}

class Bollinger implements Detector<BollingerState> {
  readonly id = BOLLINGER;

  constructor(
    private readonly window: number,
    private readonly k: number,
    private readonly outside: number,
    private readonly critical: number,
    private readonly minStd: number,
  ) {}

  createState(): BollingerState {
    return { prices: createRollingStats(this.window) };
  }

  update(state: BollingerState, tick: Tick): AnomalyEvent | undefined {
    const price = tick.price;
    if (!(price > 0 && price < Infinity)) return undefined;
    const prices = state.prices;
    let event: AnomalyEvent | undefined;
    if (rollingCount(prices) === this.window) {
      const mean = rollingMean(prices);
      const std = rollingStd(prices);
      if (hasSpread(std, mean)) {
        const floor = this.minStd * mean;
        const floored = std > floor ? std : floor;
        const lower = mean - this.k * floored;
        const percentB = (price - lower) / (2 * this.k * floored);
        const score = percentB > 1 ? percentB - 1 : -percentB;
        if (score > this.outside) event = this.flag(tick, percentB, score, mean, floored, std < floored);
      }
    }
    rollingPush(prices, price);
    return event;
  }

  private flag(tick: Tick, percentB: number, score: number, mean: number, std: number, isFloor: boolean): AnomalyEvent {
    const lower = mean - this.k * std;
    const upper = mean + this.k * std;
    const decimals = priceDecimals(tick.price);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: tick.price,
      expected: mean,
      lower,
      upper,
      reason:
        `${tick.symbol} price ${formatPrice(tick.price, decimals)} far ${percentB > 1 ? 'above' : 'below'} its ` +
        `${this.window}-tick Bollinger band [${formatPrice(lower, decimals)}, ${formatPrice(upper, decimals)}]: ` +
        `%b ${percentB.toFixed(2)} (mean ${formatPrice(mean, decimals)}, σ ${formatPrice(std, decimals + 1)}${isFloor ? ' (floor)' : ''})`,
    };
  }
}
