import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatPercent, formatSigma, formatSignedPercent } from './format.js';
import { advancePriceStep, createPriceStep, returnScaleFloor, gapScaleNote, type PriceSource, type PriceStepState } from './price-step.js';
import { parseParams } from './params.js';
import { zScoreParamsSchema } from './zscore-params.js';
import {
  createOrderStats,
  orderStatsCount,
  orderStatsCountWithin,
  orderStatsDeviationQuantile,
  orderStatsMad,
  orderStatsMedian,
  orderStatsPush,
  type OrderStats,
} from './rolling/order-stats.js';
import { resolveCritical, severityOf } from './severity.js';

export const ROBUST_ZSCORE = 'robust-zscore';

/** 1 / Φ⁻¹(3/4): makes the MAD of normal data an estimate of its σ. */
export const MAD_TO_SIGMA = 1.4826;
/** 1 / Φ⁻¹(7/8): the same for the upper quartile of absolute deviations. */
export const UPPER_QUARTILE_TO_SIGMA = 1 / 1.1503;

/**
 * Robust z-score of log returns: (r - median) / (1.4826 · MAD) over the previous `window` returns
 * (itself excluded), then r joins the window. The median and MAD ignore the tails, so a burst of
 * large moves does not widen the yardstick it is measured with, as it does for a σ: this one
 * keeps flagging each big move of a volatile stretch and each step of a staircase of jumps.
 * O(log w) per tick (see OrderStats): the exact MAD costs O(log² w), so it is computed only
 * for a return that might flag, after a rank count in O(log w) has ruled out the rest.
 *
 * Sticky prices: when more than half of the returns are equal (mostly 0: the price did not
 * move), the MAD is 0 and says nothing about the moves that do happen. Then the scale is the
 * upper quartile of |r - median| / 1.1503 instead (the same σ for normal data), the next robust
 * measure up; a fixed floor in its place would turn the one-tick bounce of a low-priced symbol
 * (a cent is 20 bp of $5) into an alarm. The scale is at least `minStd` (2 bp by default, twice
 * the other detectors' floor: with about half the returns 0, the MAD lands on a fraction of a
 * cent, and a two-cent bounce of a $20 symbol would be 6σ); with minStd 0, a zero scale means no
 * flag. Flags when |z| ≥ threshold: 'warning', 'critical' from criticalThreshold up.
 *
 * Event: score |z|; observed the log return; expected the window median; lower/upper the returns
 * at ±threshold robust σ (fractions, not prices), with the scale floored as in z.
 */
export const robustZScoreParams = zScoreParamsSchema({
  window: 200,
  minWindow: 3,
  threshold: 6,
  minStd: 2e-4,
  minPriceStd: 0.005,
  windowDoc: 'Previous log returns the median and MAD are taken over.',
  scaleDoc: 'robust σ (1.4826 × MAD)',
});

export type RobustZScoreParams = z.input<typeof robustZScoreParams>;

export interface RobustZScoreState {
  step: PriceStepState;
  returns: OrderStats;
}

export function createRobustZScore(params: RobustZScoreParams = {}): Detector<RobustZScoreState> {
  const p = parseParams(robustZScoreParams, params, ROBUST_ZSCORE);
  return new RobustZScore(
    p.window,
    p.minSamples ?? p.window,
    p.threshold,
    resolveCritical(p.threshold, p.criticalThreshold),
    p.minStd,
    p.minPriceStd,
    p.price,
  );
}

class RobustZScore implements Detector<RobustZScoreState> {
  readonly id = ROBUST_ZSCORE;

  constructor(
    private readonly window: number,
    private readonly minSamples: number,
    private readonly threshold: number,
    private readonly critical: number,
    private readonly minStd: number,
    private readonly minPriceStd: number,
    private readonly source: PriceSource,
  ) {}

  createState(): RobustZScoreState {
    return { step: createPriceStep(), returns: createOrderStats(this.window) };
  }

  update(state: RobustZScoreState, tick: Tick): AnomalyEvent | undefined {
    const step = state.step;
    const ret = advancePriceStep(step, tick, this.source);
    if (Number.isNaN(ret)) return undefined;
    const x = ret / step.gapScale;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (orderStatsCount(returns) >= this.minSamples) {
      const median = orderStatsMedian(returns);
      const deviation = Math.abs(x - median);
      const floor = returnScaleFloor(this.minStd, this.minPriceStd, step.lastPrice);
      if (deviation >= this.threshold * floor && this.madMayBeWithin(returns, median, deviation)) {
        const mad = orderStatsMad(returns, median);
        const scale = mad > 0 ? MAD_TO_SIGMA * mad : UPPER_QUARTILE_TO_SIGMA * orderStatsDeviationQuantile(returns, 0.75, median);
        const floored = scale > floor ? scale : floor;
        const z = (x - median) / floored;
        if (floored > 0 && Math.abs(z) >= this.threshold) {
          const basis = scale < floored ? 'floor' : mad > 0 ? 'MAD' : 'MAD 0: upper quartile';
          event = this.flag(tick, ret, z, median, floored, basis, step.gapScale, orderStatsCount(returns));
        }
      }
    }
    orderStatsPush(returns, x);
    return event;
  }

  /**
   * Cheap pre-check before the O(log² w) MAD, in O(log w): false when fewer than half of the
   * window lie within deviation / (threshold · 1.4826) of the median, for then the MAD exceeds
   * that and |z| < threshold. The interval is widened by a hair so rounding can only keep a
   * tick for the exact test, never skip one that flags.
   */
  private madMayBeWithin(returns: OrderStats, median: number, deviation: number): boolean {
    const bound = deviation / (this.threshold * MAD_TO_SIGMA);
    const slack = 1e-9 * bound + 4 * Number.EPSILON * Math.abs(median);
    const within = orderStatsCountWithin(returns, median - bound - slack, median + bound + slack);
    return within > Math.floor((orderStatsCount(returns) - 1) / 2);
  }

  private flag(tick: Tick, ret: number, z: number, median: number, scale: number, basis: string, gapScale: number, samples: number): AnomalyEvent {
    const score = Math.abs(z);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: ret,
      expected: median * gapScale,
      lower: (median - this.threshold * scale) * gapScale,
      upper: (median + this.threshold * scale) * gapScale,
      reason:
        `${tick.symbol} return ${formatSignedPercent(ret)} is ${formatSigma(z)} from its ${samples}-tick median ` +
        `(${formatSignedPercent(median)}, robust σ ${formatPercent(scale)} (${basis})${gapScaleNote(gapScale)})`,
    };
  }
}
