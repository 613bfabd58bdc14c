import { mean, standardDeviation } from 'simple-statistics';
import { CUSUM, cusumParams, type CusumParams } from '../../detectors/cusum.js';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { advancePriceStep, createPriceStep, type PriceStepState } from '../../detectors/price-step.js';
import { resolveCritical } from '../../detectors/severity.js';
import { hasSpread } from '../../detectors/spread.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveCusumState {
  step: PriceStepState;
  returns: number[];
  up: number;
  down: number;
}

/**
 * cusum written the obvious way (reference for the engine benchmark): each return standardised
 * by the mean and σ of the previous `window` returns, recomputed with simple-statistics on every
 * tick. Same parameters and flags as src/detectors/cusum.ts.
 */
export function createNaiveCusum(params: CusumParams = {}): Detector<NaiveCusumState> {
  const p = parseParams(cusumParams, params, CUSUM);
  const critical = resolveCritical(p.h, p.criticalH);
  return {
    id: CUSUM,
    createState: () => ({ step: createPriceStep(), returns: [], up: 0, down: 0 }),
    update(state, tick) {
      const ret = advancePriceStep(state.step, tick, p.price);
      if (Number.isNaN(ret)) return undefined;
      const x = ret / state.step.gapScale;
      const returns = state.returns;
      let event;
      if (returns.length === p.window) {
        const m = mean(returns);
        const std = standardDeviation(returns);
        if (hasSpread(std, m)) {
          const z = Math.min(p.clip, Math.max(-p.clip, (x - m) / Math.max(std, p.minStd)));
          state.up = Math.max(0, state.up + z - p.k);
          state.down = Math.max(0, state.down - z - p.k);
          if (state.up > p.h || state.down > p.h) {
            event = naiveEvent(tick, CUSUM, Math.max(state.up, state.down), critical, ret, m);
            state.up = 0;
            state.down = 0;
          }
        }
      }
      pushWindow(returns, x, p.window);
      return event;
    },
  };
}
