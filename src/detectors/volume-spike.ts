import { z } from 'zod';
import { eventId, type AnomalyEvent } from '../events/anomaly-event.js';
import type { Tick } from '../ticks/tick.js';
import type { Detector } from './detector.js';
import { formatQuantity, formatSigma } from './format.js';
import { parseParams } from './params.js';
import { createRollingStats, rollingCount, rollingMean, rollingPush, rollingStd, type RollingStats } from './rolling/rolling-stats.js';
import { resolveCritical, severityOf } from './severity.js';
import { hasSpread } from './spread.js';

export const VOLUME_SPIKE = 'volume-spike';

/**
 * Trade size against the mean and population σ of the previous `window` sizes (itself excluded),
 * once the window is full. Flags when size > mean + k·σ AND size > ratio · mean: the σ test alone
 * fires on a calm baseline, the ratio test alone on a noisy one. 'warning', 'critical' from
 * criticalK σ up. No flag while the baseline has no spread (every size the same).
 *
 * Event: score (size - mean) / σ; observed the size; expected the mean; upper the size it had to
 * exceed, max(mean + k·σ, ratio · mean).
 */
export const volumeSpikeParams = z
  .strictObject({
    window: z.int().min(2).max(1_000_000).default(100).describe('Previous trade sizes in the baseline.'),
    k: z.number().positive().default(6).describe('Flag only when size > mean + k·σ.'),
    ratio: z.number().nonnegative().default(5).describe('Flag only when size > ratio × mean.'),
    criticalK: z.number().positive().optional().describe('Critical from this many σ up; default 1.75 × k.'),
  })
  .refine((p) => p.criticalK === undefined || p.criticalK >= p.k, {
    path: ['criticalK'],
    message: 'criticalK must be at least k',
  });

export type VolumeSpikeParams = z.input<typeof volumeSpikeParams>;

export interface VolumeSpikeState {
  sizes: RollingStats;
}

export function createVolumeSpike(params: VolumeSpikeParams = {}): Detector<VolumeSpikeState> {
  const p = parseParams(volumeSpikeParams, params, VOLUME_SPIKE);
  return new VolumeSpike(p.window, p.k, p.ratio, resolveCritical(p.k, p.criticalK));
}

class VolumeSpike implements Detector<VolumeSpikeState> {
  readonly id = VOLUME_SPIKE;

  constructor(
    private readonly window: number,
    private readonly k: number,
    private readonly ratio: number,
    private readonly critical: number,
  ) {}

  createState(): VolumeSpikeState {
    return { sizes: createRollingStats(this.window) };
  }

  update(state: VolumeSpikeState, tick: Tick): AnomalyEvent | undefined {
    const size = tick.size;
    if (!(size >= 0 && size < Infinity)) return undefined;
    const sizes = state.sizes;
    let event: AnomalyEvent | undefined;
    if (rollingCount(sizes) === this.window) {
      const mean = rollingMean(sizes);
      const std = rollingStd(sizes);
      if (hasSpread(std, mean) && size > mean + this.k * std && size > this.ratio * mean) {
        event = this.flag(tick, mean, std);
      }
    }
    rollingPush(sizes, size);
    return event;
  }

  private flag(tick: Tick, mean: number, std: number): AnomalyEvent {
    const score = (tick.size - mean) / std;
    return {
      id: eventId(tick.symbol, this.id, tick.ts),
      symbol: tick.symbol,
      ts: tick.ts,
      detector: this.id,
      severity: severityOf(score, this.critical),
      score,
      observed: tick.size,
      expected: mean,
      upper: Math.max(mean + this.k * std, this.ratio * mean),
      reason:
        `${tick.symbol} size ${formatQuantity(tick.size)} is ${formatSigma(score)} above its ${this.window}-trade mean ` +
        `(${formatQuantity(mean)}, σ ${formatQuantity(std)}), ${(tick.size / mean).toFixed(1)}× the mean`,
    };
  }
}
