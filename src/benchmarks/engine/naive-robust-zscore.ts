import { median, medianAbsoluteDeviation, quantile } from 'simple-statistics';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { advancePriceStep, createPriceStep, returnScaleFloor, type PriceStepState } from '../../detectors/price-step.js';
import { MAD_TO_SIGMA, ROBUST_ZSCORE, robustZScoreParams, UPPER_QUARTILE_TO_SIGMA, type RobustZScoreParams } from '../../detectors/robust-zscore.js';
import { resolveCritical } from '../../detectors/severity.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveRobustZScoreState {
  step: PriceStepState;
  returns: number[];
}

/**
 * robust-zscore written the obvious way (reference for the engine benchmark): the median and MAD
 * of the window (and the upper quartile of |r - median| when the MAD is 0) recomputed with
 * simple-statistics on every tick, O(window log window). Same parameters and flags as
 * src/detectors/robust-zscore.ts.
 */
export function createNaiveRobustZScore(params: RobustZScoreParams = {}): Detector<NaiveRobustZScoreState> {
  const p = parseParams(robustZScoreParams, params, ROBUST_ZSCORE);
  const minSamples = p.minSamples ?? p.window;
  const critical = resolveCritical(p.threshold, p.criticalThreshold);
  return {
    id: ROBUST_ZSCORE,
    createState: () => ({ step: createPriceStep(), returns: [] }),
    update(state, tick) {
      const ret = advancePriceStep(state.step, tick, p.price);
      if (Number.isNaN(ret)) return undefined;
      const x = ret / state.step.gapScale;
      const returns = state.returns;
      let event;
      if (returns.length >= minSamples) {
        const m = median(returns);
        const mad = medianAbsoluteDeviation(returns);
        const scale =
          mad > 0
            ? MAD_TO_SIGMA * mad
            : UPPER_QUARTILE_TO_SIGMA *
              quantile(
                returns.map((r) => Math.abs(r - m)),
                0.75,
              );
        const floored = Math.max(scale, returnScaleFloor(p.minStd, p.minPriceStd, state.step.lastPrice));
        const z = (x - m) / floored;
        if (floored > 0 && Math.abs(z) >= p.threshold) event = naiveEvent(tick, ROBUST_ZSCORE, Math.abs(z), critical, ret, m * state.step.gapScale);
      }
      pushWindow(returns, x, p.window);
      return event;
    },
  };
}
