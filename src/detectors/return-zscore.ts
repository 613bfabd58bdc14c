import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { advancePriceStep, createPriceStep, returnScaleFloor, gapScaleNote, type PriceSource, type PriceStepState } from './price-step.js';
import { formatPercent, formatSigma, formatSignedPercent } from './format.js';
import { parseParams } from './params.js';
import { zScoreParamsSchema } from './zscore-params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf } from './severity.js';
import { hasSpread } from './spread.js';

export const RETURN_ZSCORE = 'return-zscore';

/**
 * Rolling z-score of log returns of the mid-quote (see PriceStep: the trade price bounces
 * between bid and ask). Each return is scored against the mean and population σ of the previous
 * `window` returns (itself excluded), then joins the window:
 *
 *   z = (r / gapScale - mean) / max(σ, minStd, minPriceStd / price)
 *
 * - The floors: a window that barely moved (an illiquid symbol stuck on one price tick) must not
 *   turn its next one-tick move into a 10σ alarm, and a low-priced symbol's mid moves in half
 *   cents that are many basis points (half a cent is 10 bp of $5).
 * - r is divided by gapScale = √(gap / usual gap), at least 1, before it is scored and joins the
 *   window: the first return after a silence spans more time, and so more diffusion.
 *
 * Flags when |z| ≥ threshold: 'warning', 'critical' from criticalThreshold up. No flag while the
 * window has no spread (e.g. a price flat for a whole window).
 *
 * Event: score |z|; observed the log return; expected the window mean; lower/upper the returns
 * at ±threshold σ (all as fractions, not prices, σ floored as in z), all three times gapScale.
 */
export const returnZScoreParams = zScoreParamsSchema({
  window: 100,
  minWindow: 2,
  threshold: 12,
  minStd: 1e-4,
  minPriceStd: 0.005,
  windowDoc: 'Previous log returns the mean and σ are taken over.',
  scaleDoc: 'σ',
});

export type ReturnZScoreParams = z.input<typeof returnZScoreParams>;

export interface ReturnZScoreState {
  step: PriceStepState;
  returns: RollingStats;
}

export function createReturnZScore(params: ReturnZScoreParams = {}): Detector<ReturnZScoreState> {
  const p = parseParams(returnZScoreParams, params, RETURN_ZSCORE);
  return new ReturnZScore(
    p.window,
    p.minSamples ?? p.window,
    p.threshold,
    resolveCritical(p.threshold, p.criticalThreshold),
    p.minStd,
    p.minPriceStd,
    p.price,
  );
}

class ReturnZScore implements Detector<ReturnZScoreState> {
  readonly id = RETURN_ZSCORE;

  constructor(
    private readonly window: number,
    private readonly minSamples: number,
    private readonly threshold: number,
    private readonly critical: number,
    private readonly minStd: number,
    private readonly minPriceStd: number,
    private readonly source: PriceSource,
  ) {}

  createState(): ReturnZScoreState {
    return { step: createPriceStep(), returns: createRollingStats(this.window) };
  }

  update(state: ReturnZScoreState, tick: Tick): AnomalyEvent | undefined {
    const step = state.step;
    const ret = advancePriceStep(step, tick, this.source);
    if (Number.isNaN(ret)) return undefined;
    const x = ret / step.gapScale;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (rollingCount(returns) >= this.minSamples) {
      const mean = rollingMean(returns);
      const std = rollingStd(returns);
      if (hasSpread(std, mean)) {
        const floor = returnScaleFloor(this.minStd, this.minPriceStd, step.lastPrice);
        const scale = std > floor ? std : floor;
        const z = (x - mean) / scale;
        if (Math.abs(z) >= this.threshold) event = this.flag(tick, ret, z, mean, scale, std < floor, step.gapScale, rollingCount(returns));
      }
    }
    rollingPush(returns, x);
    return event;
  }

  private flag(tick: Tick, ret: number, z: number, mean: number, std: number, isFloor: boolean, gapScale: number, samples: number): AnomalyEvent {
    const score = Math.abs(z);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: ret,
      expected: mean * gapScale,
      lower: (mean - this.threshold * std) * gapScale,
      upper: (mean + this.threshold * std) * gapScale,
      reason:
        `${tick.symbol} return ${formatSignedPercent(ret)} is ${formatSigma(z)} from its ${samples}-tick mean ` +
        `(${formatSignedPercent(mean)}, σ ${formatPercent(std)}${isFloor ? ' (floor)' : ''}${gapScaleNote(gapScale)})`,
    };
  }
}

