import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatPercent, formatSignedPercent } from './format.js';
import { advancePriceStep, createPriceStep, type PriceSource, type PriceStepState } from './price-step.js';
import { parseParams } from './params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';
import { hasSpread } from './spread.js';

export const CUSUM = 'cusum';

/**
 * Two-sided CUSUM (Page, 1954) on standardised log returns, for a shift in their mean: a run of
 * returns that each lean the same way, too small to flag one by one. Each return is standardised
 * against the mean and σ of the previous `window` returns (itself excluded; σ floored at minStd),
 * z = (r / gapScale - mean) / σ (gapScale: see PriceStep), capped at ±clip so that one outlier (a price jump: the return detectors'
 * job) cannot raise the alarm alone, then joins the window. With drift k and decision interval h:
 *
 *   S⁺ = max(0, S⁺ + z - k)      S⁻ = max(0, S⁻ - z - k)
 *
 * Flags when S⁺ or S⁻ exceeds h, then resets both to 0, so a lasting shift alarms again each time
 * the sum re-accumulates. No accumulation while the window has no spread. 'warning', 'critical'
 * from criticalH up. On trade prices the bid-ask bounce makes consecutive returns cancel, which
 * keeps the sums near 0 on a market without drift: it takes a real run of one-sided moves.
 *
 * Event: score the CUSUM that crossed h (in σ); observed the mean return since that side last
 * left 0 (the run); expected the window mean; lower/upper the window mean ± k·σ, the drift a
 * run must exceed to accumulate.
 */
export const cusumParams = z
  .strictObject({
    window: z.int().min(2).max(1_000_000).default(200).describe('Previous log returns whose mean and σ standardise each return.'),
    k: z.number().nonnegative().default(0.5).describe('Drift allowance in σ per return: S⁺ grows only on returns more than k σ above the mean, S⁻ below.'),
    h: z.number().positive().default(8).describe('Decision interval in σ: flag when either sum exceeds h.'),
    clip: z.number().positive().default(4).describe('Standardised returns are capped at ±clip σ before they accumulate.'),
    criticalH: z.number().positive().optional().describe('Critical from this sum up; default 1.75 × h.'),
    minStd: z.number().nonnegative().default(1e-4).describe('Floor on σ, in log-return units (1e-4 = 1 basis point); 0 disables.'),
    price: z
      .enum(['mid', 'trade'])
      .default('trade')
      .describe("Price whose returns accumulate: 'trade' (its bid-ask bounce cancels out) or 'mid' (mid-quote, trade price when a tick has no quote)."),
  })
  .refine((p) => p.clip > p.k, { path: ['clip'], message: 'clip must exceed k, or nothing accumulates' })
  .refine(...criticalNotBelow('criticalH', 'h'));

export type CusumParams = z.input<typeof cusumParams>;

export interface CusumState {
  step: PriceStepState;
  returns: RollingStats;
  /** S⁺ and S⁻, in σ. */
  up: number;
  down: number;
  /** Returns, and their sum, since each side last left 0. */
  upTicks: number;
  upSum: number;
  downTicks: number;
  downSum: number;
}

export function createCusum(params: CusumParams = {}): Detector<CusumState> {
  const p = parseParams(cusumParams, params, CUSUM);
  return new Cusum(p.window, p.k, p.h, p.clip, resolveCritical(p.h, p.criticalH), p.minStd, p.price);
}

class Cusum implements Detector<CusumState> {
  readonly id = CUSUM;

  constructor(
    private readonly window: number,
    private readonly k: number,
    private readonly h: number,
    private readonly clip: number,
    private readonly critical: number,
    private readonly minStd: number,
    private readonly source: PriceSource,
  ) {}

  createState(): CusumState {
    return { step: createPriceStep(), returns: createRollingStats(this.window), up: 0, down: 0, upTicks: 0, upSum: 0, downTicks: 0, downSum: 0 };
  }

  update(state: CusumState, tick: Tick): AnomalyEvent | undefined {
    const step = state.step;
    const ret = advancePriceStep(step, tick, this.source);
    if (Number.isNaN(ret)) return undefined;
    const x = ret / step.gapScale;
    const returns = state.returns;
    let event: AnomalyEvent | undefined;
    if (rollingCount(returns) === this.window) {
      const mean = rollingMean(returns);
      const std = rollingStd(returns);
      if (hasSpread(std, mean)) {
        const floored = std > this.minStd ? std : this.minStd;
        const raw = (x - mean) / floored;
        const z = raw > this.clip ? this.clip : raw < -this.clip ? -this.clip : raw;
        event = this.accumulate(state, tick, ret, z, mean, floored);
      }
    }
    rollingPush(returns, x);
    return event;
  }

  private accumulate(state: CusumState, tick: Tick, ret: number, z: number, mean: number, std: number): AnomalyEvent | undefined {
    const up = state.up + z - this.k;
    if (up > 0) {
      state.up = up;
      state.upTicks++;
      state.upSum += ret;
    } else {
      state.up = state.upTicks = state.upSum = 0;
    }
    const down = state.down - z - this.k;
    if (down > 0) {
      state.down = down;
      state.downTicks++;
      state.downSum += ret;
    } else {
      state.down = state.downTicks = state.downSum = 0;
    }
    if (state.up <= this.h && state.down <= this.h) return undefined;
    const rising = state.up >= state.down;
    const event = rising
      ? this.flag(tick, state.up, state.upTicks, state.upSum, mean, std, true)
      : this.flag(tick, state.down, state.downTicks, state.downSum, mean, std, false);
    state.up = state.upTicks = state.upSum = 0;
    state.down = state.downTicks = state.downSum = 0;
    return event;
  }

  private flag(tick: Tick, sum: number, ticks: number, returns: number, mean: number, std: number, rising: boolean): AnomalyEvent {
    const runMean = returns / ticks;
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(sum, this.critical),
      score: sum,
      observed: runMean,
      expected: mean,
      lower: mean - this.k * std,
      upper: mean + this.k * std,
      reason:
        `${tick.symbol} returns drift ${rising ? 'up' : 'down'}: CUSUM ${sum.toFixed(1)}σ over the last ${ticks} ticks ` +
        `(mean ${formatSignedPercent(runMean)} a tick against ${formatSignedPercent(mean)}, σ ${formatPercent(std)})`,
    };
  }
}
