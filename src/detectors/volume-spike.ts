import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatQuantity } from './format.js';
import { parseParams } from './params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { createRingBuffer, ringAt, ringOldest, ringPush, type RingBuffer } from './rolling/ring-buffer.js';
import { resolveCritical, severityOf, criticalNotBelow } from './severity.js';
import { hasSpread } from './spread.js';
import { compileProfile, createVolumeClock, readVolumeClock, timeOfDayProfileParams, type TimeOfDayProfile, type VolumeClock } from './time-of-day-profile.js';

export const VOLUME_SPIKE = 'volume-spike';

/**
 * Sustained bursts of volume, not single block prints. Trade sizes are heavy-tailed, so one large
 * trade says little; a run of them does. Works on x = ln(1 + size), which tames the tail, and
 * compares the mean x of the last `burst` trades with a baseline of the `window` trades before
 * them: a trade leaving the burst joins the baseline, so a burst never inflates its own baseline.
 *
 *   z = (mean_burst - mean_baseline) / (σ_baseline / √burst)     (σ population)
 *
 * Flags when z ≥ k AND exp(mean_burst - mean_baseline) ≥ ratio, i.e. the burst's geometric-mean
 * size (of 1 + size) is at least `ratio` times the baseline's: the z test alone fires on a calm
 * baseline, the ratio test alone on a noisy one. Waits for a full baseline. No flag while the
 * baseline has no spread (every size the same: z undefined); a burst after such a stretch is
 * flagged once its first trade has joined the baseline.
 *
 * Edge-triggered: a flag disarms the detector, and it re-arms only once z has fallen below
 * rearm·k, so one burst raises one event, not one per trade while it lasts. 'warning', 'critical'
 * from criticalK up.
 *
 * With a time-of-day `profile` (expected volume rate by local time of day, see
 * time-of-day-profile.ts), a flag also needs the burst's volume RATE to be at least `ratio` times
 * what the profile expects now, scaled to this symbol by the baseline:
 *
 *   R = exp(mean_burst - mean_baseline) × (burst / V_burst) / ((window - 1) / V_baseline)
 *
 * where V is the volume the profile expects over the burst's span (from the last baseline trade
 * to now) and over the baseline's span (first to last baseline trade), so burst / V_burst is the
 * trade arrival rate with the time of day taken out. Volume rate = size × arrival rate, and the
 * geometric-mean size ratio stands for the size factor (robust to block prints; it equals the
 * mean-size ratio when sizes scale). So R is the burst's volume rate over the baseline's, after
 * the profile's change in expected rate between when the baseline was traded and now.
 *
 * Why a second test rather than de-seasonalised sizes: the profile is about volume per unit time,
 * and how that splits between bigger trades and more of them is unknown (the open brings both),
 * so dividing sizes by it would be biased either way; sizes × arrival rate is what it predicts.
 * It is an extra condition, so a profile only removes flags: the rise in size at the open that
 * the profile expects, and sizes that rise only because trades got scarcer. No flag while R is
 * undefined (no expected volume over either span, e.g. all in closed hours); R is infinite, so
 * the size tests decide, when the burst's span has none but the baseline's has.
 *
 * Event: score z; observed the burst's geometric-mean size, expected the baseline's, upper the
 * geometric mean the burst had to reach, exp(mean_baseline + max(k·σ/√burst, ln ratio)) - 1;
 * with a profile, the reason also gives R.
 */
export const volumeSpikeParams = z
  .strictObject({
    burst: z.int().min(1).max(10_000).default(15).describe('Latest trades whose sizes make up the burst.'),
    window: z.int().min(2).max(1_000_000).default(150).describe('Trades before the burst that make up the baseline.'),
    k: z.number().positive().default(5).describe('Flag only when the burst mean is at least k standard errors above the baseline.'),
    ratio: z.number().min(1).default(3).describe("Flag only when the burst's geometric-mean size is at least ratio × the baseline's."),
    rearm: z.number().gt(0).max(1).default(0.25).describe('After a flag, re-arm once z falls below rearm × k.'),
    criticalK: z.number().positive().optional().describe('Critical from this z up; default 1.75 × k.'),
    profile: timeOfDayProfileParams
      .optional()
      .describe("Time-of-day volume profile; when set, the burst's volume rate must also be at least ratio × what the profile expects from the baseline."),
  })
  .refine(...criticalNotBelow('criticalK', 'k'));

export type VolumeSpikeParams = z.input<typeof volumeSpikeParams>;

export interface VolumeSpikeState {
  /** ln(1 + size) of the latest `burst` trades. */
  burst: RollingStats;
  /** ln(1 + size) of the `window` trades before those. */
  baseline: RollingStats;
  /** False from a flag until z falls below rearm·k. */
  armed: boolean;
  /** With a profile: its volume clock, and its reading at each trade of the baseline and burst (oldest first). */
  profiled?: { readonly clock: VolumeClock; readonly readings: RingBuffer };
}

export function createVolumeSpike(params: VolumeSpikeParams = {}): Detector<VolumeSpikeState> {
  const p = parseParams(volumeSpikeParams, params, VOLUME_SPIKE);
  const profile = p.profile === undefined ? undefined : compileProfile(p.profile);
  return new VolumeSpike(p.burst, p.window, p.k, p.ratio, p.rearm, resolveCritical(p.k, p.criticalK), profile);
}

class VolumeSpike implements Detector<VolumeSpikeState> {
  readonly id = VOLUME_SPIKE;
  private readonly logRatio: number;
  private readonly sqrtBurst: number;

  constructor(
    private readonly burst: number,
    private readonly window: number,
    private readonly k: number,
    private readonly ratio: number,
    private readonly rearm: number,
    private readonly critical: number,
    private readonly profile: TimeOfDayProfile | undefined,
  ) {
    this.logRatio = Math.log(ratio);
    this.sqrtBurst = Math.sqrt(burst);
  }

  createState(): VolumeSpikeState {
    const state: VolumeSpikeState = { burst: createRollingStats(this.burst), baseline: createRollingStats(this.window), armed: true };
    if (this.profile !== undefined) state.profiled = { clock: createVolumeClock(), readings: createRingBuffer(this.burst + this.window) };
    return state;
  }

  update(state: VolumeSpikeState, tick: Tick): AnomalyEvent | undefined {
    const size = tick.size;
    if (!(size >= 0 && size < Infinity)) return undefined;
    const burst = state.burst;
    const baseline = state.baseline;
    if (rollingCount(burst) === this.burst) rollingPush(baseline, ringOldest(burst.window));
    rollingPush(burst, Math.log1p(size));
    const profiled = state.profiled;
    if (profiled !== undefined && this.profile !== undefined) ringPush(profiled.readings, readVolumeClock(this.profile, profiled.clock, tick.ts));
    if (rollingCount(baseline) < this.window) return undefined;

    const baselineMean = rollingMean(baseline);
    const baselineStd = rollingStd(baseline);
    if (!hasSpread(baselineStd, baselineMean)) return undefined;
    const lift = rollingMean(burst) - baselineMean;
    const z = lift / (baselineStd / this.sqrtBurst);
    if (!state.armed) {
      if (z < this.rearm * this.k) state.armed = true;
      return undefined;
    }
    if (z < this.k || lift < this.logRatio) return undefined;
    const rateRatio = profiled === undefined ? undefined : this.rateRatio(profiled.readings, lift);
    if (rateRatio !== undefined && !(rateRatio >= this.ratio)) return undefined;
    state.armed = false;
    return this.flag(tick, z, baselineMean, lift, baselineStd, rateRatio);
  }

  /** R of the doc comment, from the volume-clock readings of a full baseline and burst. */
  private rateRatio(readings: RingBuffer, lift: number): number {
    const first = ringAt(readings, 0);
    const lastBaseline = ringAt(readings, this.window - 1);
    const now = ringAt(readings, this.window + this.burst - 1);
    return (Math.exp(lift) * this.burst * (lastBaseline - first)) / ((this.window - 1) * (now - lastBaseline));
  }

  private flag(tick: Tick, z: number, baselineMean: number, lift: number, baselineStd: number, rateRatio: number | undefined): AnomalyEvent {
    const observed = Math.expm1(baselineMean + lift);
    const expected = Math.expm1(baselineMean);
    const times = Math.exp(lift);
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(z, this.critical),
      score: z,
      observed,
      expected,
      upper: Math.expm1(baselineMean + Math.max((this.k * baselineStd) / this.sqrtBurst, this.logRatio)),
      reason:
        `${tick.symbol} volume burst: last ${this.burst} trades average ${formatQuantity(observed)} shares (geometric mean), ` +
        `${times.toFixed(1)}× the usual ${formatQuantity(expected)} of the ${this.window} before (z ${z.toFixed(1)})` +
        (rateRatio === undefined ? '' : `; volume rate ${rateRatio === Infinity ? '∞' : rateRatio.toFixed(1)}× what the time-of-day profile expects`),
    };
  }
}
