import { mean, standardDeviation } from 'simple-statistics';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { resolveCritical } from '../../detectors/severity.js';
import { hasSpread } from '../../detectors/spread.js';
import { VOLUME_SPIKE, volumeSpikeParams, type VolumeSpikeParams } from '../../detectors/volume-spike.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveVolumeSpikeState {
  /** ln(1 + size) of the last `window + burst` trades, oldest first: the baseline, then the burst. */
  sizes: number[];
  armed: boolean;
}

/**
 * volume-spike written the obvious way (reference for the engine benchmark): the baseline and
 * burst sliced out of one array and their means and σ recomputed with simple-statistics on every
 * trade. Same parameters and flags as src/detectors/volume-spike.ts, without its time-of-day
 * profile (off by default), which the naive reference refuses.
 */
export function createNaiveVolumeSpike(params: VolumeSpikeParams = {}): Detector<NaiveVolumeSpikeState> {
  const p = parseParams(volumeSpikeParams, params, VOLUME_SPIKE);
  if (p.profile !== undefined) throw new RangeError('the naive volume-spike has no time-of-day profile: leave volume-spike.profile unset');
  const capacity = p.window + p.burst;
  const logRatio = Math.log(p.ratio);
  const critical = resolveCritical(p.k, p.criticalK);
  return {
    id: VOLUME_SPIKE,
    createState: () => ({ sizes: [], armed: true }),
    update(state, tick) {
      const size = tick.size;
      if (!(size >= 0 && size < Infinity)) return undefined;
      const sizes = state.sizes;
      pushWindow(sizes, Math.log1p(size), capacity);
      if (sizes.length < capacity) return undefined;
      const baseline = sizes.slice(0, p.window);
      const baselineMean = mean(baseline);
      const baselineStd = standardDeviation(baseline);
      if (!hasSpread(baselineStd, baselineMean)) return undefined;
      const lift = mean(sizes.slice(p.window)) - baselineMean;
      const z = lift / (baselineStd / Math.sqrt(p.burst));
      if (!state.armed) {
        if (z < p.rearm * p.k) state.armed = true;
        return undefined;
      }
      if (z < p.k || lift < logRatio) return undefined;
      state.armed = false;
      return naiveEvent(tick, VOLUME_SPIKE, z, critical, Math.expm1(baselineMean + lift), Math.expm1(baselineMean));
    },
  };
}
