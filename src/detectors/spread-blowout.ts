import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import { formatBps } from './bps.js';
import type { Detector } from './detector.js';
import { formatPrice, priceDecimals } from './format.js';
import { parseParams } from './params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';

export const SPREAD_BLOWOUT = 'spread-blowout';

/**
 * A quote spread that blows out against its own recent history. Works on the log of the relative
 * spread, x = ln((ask - bid) / mid): spreads are positive and skewed, and a blow-out is a ratio,
 * so logs make it a shift. Each quote is compared with the mean and population σ of x over the
 * previous `window` quotes (itself excluded), then joins them:
 *
 *   ratio = exp(x - mean)   (the spread over the baseline's geometric mean)
 *   z     = (x - mean) / max(σ, minStd)
 *
 * Flags when ratio ≥ `ratio` AND z ≥ k: the ratio test alone fires on a symbol whose spread
 * always jumps around, the z test alone on one pinned at one price tick (σ ≈ 0; hence the floor).
 * Ticks without a quote, and locked or crossed quotes (crossed-quote's business), are skipped.
 *
 * Edge-triggered: a flag disarms it until the spread is back under `rearm` × the baseline, so one
 * blow-out raises one event. The quotes of a blow-out are kept out of the baseline, so its σ still
 * describes normal quotes when the next one comes (a blow-out inside the window would inflate σ
 * enough to hide the next); but only for `window` quotes: a spread that stays wide that long
 * joins the baseline and becomes the new normal instead of an alarm that never ends.
 *
 * Event: score the ratio ('critical' from criticalRatio up); observed the relative spread,
 * expected the baseline's geometric mean, upper the relative spread that would have flagged.
 */
export const spreadBlowoutParams = z
  .strictObject({
    window: z.int().min(2).max(1_000_000).default(200).describe('Previous quotes the baseline is taken over.'),
    minSamples: z.int().min(2).default(50).describe('Quotes in the baseline before it may flag.'),
    ratio: z.number().gt(1).default(2.5).describe("Flag only when the spread is at least ratio × the baseline's geometric mean."),
    k: z.number().positive().default(3).describe('Flag only when the log spread is at least k σ above the baseline mean.'),
    minStd: z.number().nonnegative().default(0.1).describe('Floor on σ of the log spread (0.1 ≈ 10% spread noise); 0 disables.'),
    rearm: z.number().gte(1).default(1.5).describe('After a flag, re-arm once the spread is below rearm × the baseline.'),
    criticalRatio: z.number().positive().optional().describe('Critical from this ratio up; default 1.75 × ratio.'),
  })
  .refine((p) => p.minSamples <= p.window, { path: ['minSamples'], message: 'minSamples must not exceed window' })
  .refine((p) => p.rearm <= p.ratio, { path: ['rearm'], message: 'rearm must not exceed ratio' })
  .refine(...criticalNotBelow('criticalRatio', 'ratio'));

export type SpreadBlowoutParams = z.input<typeof spreadBlowoutParams>;

export interface SpreadBlowoutState {
  /** ln(relative spread) of the previous `window` quotes. */
  spreads: RollingStats;
  /** False from a flag until the spread is back under rearm × the baseline. */
  armed: boolean;
  /** Quotes of the current blow-out kept out of the baseline so far. */
  held: number;
}

export function createSpreadBlowout(params: SpreadBlowoutParams = {}): Detector<SpreadBlowoutState> {
  const p = parseParams(spreadBlowoutParams, params, SPREAD_BLOWOUT);
  return new SpreadBlowout(p.window, p.minSamples, p.ratio, p.k, p.minStd, p.rearm, resolveCritical(p.ratio, p.criticalRatio));
}

class SpreadBlowout implements Detector<SpreadBlowoutState> {
  readonly id = SPREAD_BLOWOUT;
  private readonly logRatio: number;
  private readonly logRearm: number;

  constructor(
    private readonly window: number,
    private readonly minSamples: number,
    ratio: number,
    private readonly k: number,
    private readonly minStd: number,
    rearm: number,
    private readonly critical: number,
  ) {
    this.logRatio = Math.log(ratio);
    this.logRearm = Math.log(rearm);
  }

  createState(): SpreadBlowoutState {
    return { spreads: createRollingStats(this.window), armed: true, held: 0 };
  }

  update(state: SpreadBlowoutState, tick: Tick): AnomalyEvent | undefined {
    const bid = tick.bid;
    const ask = tick.ask;
    if (bid === undefined || ask === undefined || !(bid > 0 && ask > bid && ask < Infinity)) return undefined;
    const x = Math.log((2 * (ask - bid)) / (ask + bid));
    const spreads = state.spreads;
    if (rollingCount(spreads) >= this.minSamples) {
      const mean = rollingMean(spreads);
      const lift = x - mean;
      if (!state.armed) {
        if (lift < this.logRearm) {
          state.armed = true;
          state.held = 0;
        } else if (state.held < this.window) {
          state.held++;
          return undefined;
        }
      } else if (lift >= this.logRatio) {
        const std = Math.max(rollingStd(spreads), this.minStd);
        if (lift >= this.k * std) {
          state.armed = false;
          state.held = 1;
          return this.flag(tick, bid, ask, x, mean, std, rollingCount(spreads));
        }
      }
    }
    rollingPush(spreads, x);
    return undefined;
  }

  private flag(tick: Tick, bid: number, ask: number, x: number, mean: number, std: number, samples: number): AnomalyEvent {
    const ratio = Math.exp(x - mean);
    const observed = Math.exp(x);
    const expected = Math.exp(mean);
    const decimals = Math.max(priceDecimals(bid), priceDecimals(ask));
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(ratio, this.critical),
      score: ratio,
      observed,
      expected,
      upper: Math.exp(mean + Math.max(this.logRatio, this.k * std)),
      reason:
        `${tick.symbol} spread blow-out: ${formatBps(observed)} (bid ${formatPrice(bid, decimals)}, ask ${formatPrice(ask, decimals)}) ` +
        `is ${ratio.toFixed(1)}× its usual ${formatBps(expected)} over the last ${samples} quotes ` +
        `(z ${((x - mean) / std).toFixed(1)})`,
    };
  }
}
