import { mean, standardDeviation } from 'simple-statistics';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { advancePriceStep, createPriceStep, returnScaleFloor, type PriceStepState } from '../../detectors/price-step.js';
import { RETURN_ZSCORE, returnZScoreParams, type ReturnZScoreParams } from '../../detectors/return-zscore.js';
import { resolveCritical } from '../../detectors/severity.js';
import { hasSpread } from '../../detectors/spread.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveReturnZScoreState {
  step: PriceStepState;
  /** The previous `window` returns (each ÷ its gap scale), oldest first. */
  returns: number[];
}

/**
 * return-zscore written the obvious way, as the reference the engine benchmark measures against:
 * the mean and population σ of the window recomputed from scratch with simple-statistics on every
 * tick, O(window). Same parameters and flags as the real detector (src/detectors/return-zscore.ts).
 */
export function createNaiveReturnZScore(params: ReturnZScoreParams = {}): Detector<NaiveReturnZScoreState> {
  const p = parseParams(returnZScoreParams, params, RETURN_ZSCORE);
  const minSamples = p.minSamples ?? p.window;
  const critical = resolveCritical(p.threshold, p.criticalThreshold);
  return {
    id: RETURN_ZSCORE,
    createState: () => ({ step: createPriceStep(), returns: [] }),
    update(state, tick) {
      const ret = advancePriceStep(state.step, tick, p.price);
      if (Number.isNaN(ret)) return undefined;
      const x = ret / state.step.gapScale;
      const returns = state.returns;
      let event;
      if (returns.length >= minSamples) {
        const m = mean(returns);
        const std = standardDeviation(returns);
        if (hasSpread(std, m)) {
          const scale = Math.max(std, returnScaleFloor(p.minStd, p.minPriceStd, state.step.lastPrice));
          const z = (x - m) / scale;
          if (Math.abs(z) >= p.threshold) event = naiveEvent(tick, RETURN_ZSCORE, Math.abs(z), critical, ret, m * state.step.gapScale);
        }
      }
      pushWindow(returns, x, p.window);
      return event;
    },
  };
}
