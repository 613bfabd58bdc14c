import { max, sum } from 'simple-statistics';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { referencePrice, returnScaleFloor } from '../../detectors/price-step.js';
import { resolveCritical } from '../../detectors/severity.js';
import { VOLATILITY_REGIME, volatilityRegimeParams, type VolatilityRegimeParams } from '../../detectors/volatility-regime.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveVolatilityRegimeState {
  price: number;
  sampledPrice: number;
  sampleAt: number;
  /** Squared sampled returns, oldest first: the `long` baseline, then the `short` window. */
  squares: number[];
  armed: boolean;
}

/** √((Σ r² - max r²) / (n - 1)) from scratch. */
function trimmedVolatility(squares: readonly number[]): number {
  const rest = (sum(squares) - max(squares)) / (squares.length - 1);
  return rest > 0 ? Math.sqrt(rest) : 0;
}

/**
 * volatility-regime written the obvious way (reference for the engine benchmark): both windows
 * sliced out of one array and their trimmed volatilities recomputed with simple-statistics at
 * every sample. Same parameters and flags as src/detectors/volatility-regime.ts.
 */
export function createNaiveVolatilityRegime(params: VolatilityRegimeParams = {}): Detector<NaiveVolatilityRegimeState> {
  const p = parseParams(volatilityRegimeParams, params, VOLATILITY_REGIME);
  const capacity = p.long + p.short;
  const critical = resolveCritical(p.threshold, p.criticalThreshold);
  return {
    id: VOLATILITY_REGIME,
    createState: () => ({ price: 0, sampledPrice: 0, sampleAt: 0, squares: [], armed: true }),
    update(state, tick) {
      const price = referencePrice(tick, 'mid');
      if (Number.isNaN(price)) return undefined;
      const last = state.price;
      state.price = price;
      if (last === 0) {
        state.sampledPrice = price;
        state.sampleAt = tick.ts + p.sampleMs;
        return undefined;
      }
      let ret: number;
      if (p.sampleMs === 0) {
        ret = Math.log(price / last);
      } else {
        if (!(tick.ts >= state.sampleAt)) return undefined;
        ret = Math.log(last / state.sampledPrice);
        state.sampledPrice = last;
        state.sampleAt += (Math.floor((tick.ts - state.sampleAt) / p.sampleMs) + 1) * p.sampleMs;
      }
      const squares = state.squares;
      pushWindow(squares, ret * ret, capacity);
      if (squares.length < capacity) return undefined;
      const shortVol = trimmedVolatility(squares.slice(p.long));
      const longVol = trimmedVolatility(squares.slice(0, p.long));
      const baseline = Math.max(longVol, returnScaleFloor(p.minStd, p.minPriceStd, price));
      if (baseline === 0) return undefined;
      const ratio = shortVol / baseline;
      if (!state.armed) {
        if (ratio < p.rearm * p.threshold) state.armed = true;
        return undefined;
      }
      if (ratio < p.threshold) return undefined;
      state.armed = false;
      return naiveEvent(tick, VOLATILITY_REGIME, ratio, critical, shortVol, baseline);
    },
  };
}
