import { mean, standardDeviation } from 'simple-statistics';
import type { Detector } from '../../detectors/detector.js';
import { parseParams } from '../../detectors/params.js';
import { resolveCritical } from '../../detectors/severity.js';
import { SPREAD_BLOWOUT, spreadBlowoutParams, type SpreadBlowoutParams } from '../../detectors/spread-blowout.js';
import { naiveEvent, pushWindow } from './naive-event.js';

export interface NaiveSpreadBlowoutState {
  /** ln(relative spread) of the previous `window` quotes in the baseline. */
  spreads: number[];
  armed: boolean;
  held: number;
}

/**
 * spread-blowout written the obvious way (reference for the engine benchmark): the baseline's
 * mean, and its σ when the ratio test passes, recomputed with simple-statistics on every quote.
 * Same parameters and flags as src/detectors/spread-blowout.ts.
 */
export function createNaiveSpreadBlowout(params: SpreadBlowoutParams = {}): Detector<NaiveSpreadBlowoutState> {
  const p = parseParams(spreadBlowoutParams, params, SPREAD_BLOWOUT);
  const logRatio = Math.log(p.ratio);
  const logRearm = Math.log(p.rearm);
  const critical = resolveCritical(p.ratio, p.criticalRatio);
  return {
    id: SPREAD_BLOWOUT,
    createState: () => ({ spreads: [], armed: true, held: 0 }),
    update(state, tick) {
      const { bid, ask } = tick;
      if (bid === undefined || ask === undefined || !(bid > 0 && ask > bid && ask < Infinity)) return undefined;
      const x = Math.log((2 * (ask - bid)) / (ask + bid));
      const spreads = state.spreads;
      if (spreads.length >= p.minSamples) {
        const lift = x - mean(spreads);
        if (!state.armed) {
          if (lift < logRearm) {
            state.armed = true;
            state.held = 0;
          } else if (state.held < p.window) {
            state.held++;
            return undefined;
          }
        } else if (lift >= logRatio && lift >= p.k * Math.max(standardDeviation(spreads), p.minStd)) {
          state.armed = false;
          state.held = 1;
          return naiveEvent(tick, SPREAD_BLOWOUT, Math.exp(lift), critical, Math.exp(x), Math.exp(x - lift));
        }
      }
      pushWindow(spreads, x, p.window);
      return undefined;
    },
  };
}
