import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { advanceLogReturn, type LastPrice } from './log-return.js';
import { formatPercent, formatSigma, formatSignedPercent } from './format.js';
import { parseParams } from './params.js';
import { zScoreParamsSchema } from './zscore-params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf } from './severity.js';
import { hasSpread } from './spread.js';

export const RETURN_ZSCORE = 'return-zscore';

/**
 * Rolling z-score of log returns ln(p_t / p_{t-1}). Each return is scored against the mean and
 * population σ of the previous `window` returns (itself excluded), then joins the window.
 * Flags when |z| ≥ threshold: 'warning', 'critical' from criticalThreshold up.
 * No flag while the window has no spread (e.g. a price flat for a whole window). The σ in z is
 * at least `minStd`, so a window that barely moved (an illiquid symbol stuck on one price tick)
 * does not turn its next one-tick move into a 10σ alarm.
 *
 * Event: score |z|; observed the log return; expected the window mean; lower/upper the returns
 * at ±threshold σ (all as fractions, not prices), with σ floored as in z.
 */
export const returnZScoreParams = zScoreParamsSchema({
  window: 100,
  minWindow: 2,
  threshold: 4,
  minStd: 1e-4,
  windowDoc: 'Previous log returns the mean and σ are taken over.',
  scaleDoc: 'σ',
});

export type ReturnZScoreParams = z.input<typeof returnZScoreParams>;

export interface ReturnZScoreState extends LastPrice {
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
  ) {}

  createState(): ReturnZScoreState {
    return { lastPrice: 0, returns: createRollingStats(this.window) };
  }

  update(state: ReturnZScoreState, tick: Tick): AnomalyEvent | undefined {
    const ret = advanceLogReturn(state, tick.price);
    if (Number.isNaN(ret)) return undefined;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (rollingCount(returns) >= this.minSamples) {
      const mean = rollingMean(returns);
      const std = rollingStd(returns);
      if (hasSpread(std, mean)) {
        const floored = Math.max(std, this.minStd);
        const z = (ret - mean) / floored;
        if (Math.abs(z) >= this.threshold) event = this.flag(tick, ret, z, mean, floored, std < floored, rollingCount(returns));
      }
    }
    rollingPush(returns, ret);
    return event;
  }

  private flag(tick: Tick, ret: number, z: number, mean: number, std: number, isFloor: boolean, samples: number): AnomalyEvent {
    const score = Math.abs(z);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: ret,
      expected: mean,
      lower: mean - this.threshold * std,
      upper: mean + this.threshold * std,
      reason:
        `${tick.symbol} return ${formatSignedPercent(ret)} is ${formatSigma(z)} from its ${samples}-tick mean ` +
        `(${formatSignedPercent(mean)}, σ ${formatPercent(std)}${isFloor ? ' (floor)' : ''})`,
    };
  }
}
