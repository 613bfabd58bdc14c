import { CUSUM } from '../../detectors/cusum.js';
import type { Detector } from '../../detectors/detector.js';
import { buildDetectors, type DetectorsConfig } from '../../detectors/registry.js';
import { RETURN_ZSCORE } from '../../detectors/return-zscore.js';
import { ROBUST_ZSCORE } from '../../detectors/robust-zscore.js';
import { SPREAD_BLOWOUT } from '../../detectors/spread-blowout.js';
import { VOLATILITY_REGIME } from '../../detectors/volatility-regime.js';
import { VOLUME_SPIKE } from '../../detectors/volume-spike.js';
import { createNaiveCusum } from './naive-cusum.js';
import { createNaiveReturnZScore } from './naive-return-zscore.js';
import { createNaiveRobustZScore } from './naive-robust-zscore.js';
import { createNaiveSpreadBlowout } from './naive-spread-blowout.js';
import { createNaiveVolatilityRegime } from './naive-volatility-regime.js';
import { createNaiveVolumeSpike } from './naive-volume-spike.js';

/** The detectors with a count-based rolling window, each with its from-scratch reference. */
export const NAIVE_IDS = [RETURN_ZSCORE, VOLUME_SPIKE, SPREAD_BLOWOUT, ROBUST_ZSCORE, CUSUM, VOLATILITY_REGIME] as const;

/**
 * The detectors `config` enables (as buildDetectors, same order and ids), with every detector of
 * NAIVE_IDS replaced by its naive reference: the "obvious" engine the benchmark compares with. The
 * others (O(1) state, or luld-band's time window and the opt-in bollinger) run as they are, so
 * both engines do the same work apart from the rolling windows.
 */
export function buildNaiveDetectors(config: DetectorsConfig = {}): Detector<unknown>[] {
  return buildDetectors(config).map((detector): Detector<unknown> => {
    switch (detector.id) {
      case RETURN_ZSCORE:
        return createNaiveReturnZScore(config[RETURN_ZSCORE] || {}) as Detector<unknown>;
      case VOLUME_SPIKE:
        return createNaiveVolumeSpike(config[VOLUME_SPIKE] || {}) as Detector<unknown>;
      case SPREAD_BLOWOUT:
        return createNaiveSpreadBlowout(config[SPREAD_BLOWOUT] || {}) as Detector<unknown>;
      case ROBUST_ZSCORE:
        return createNaiveRobustZScore(config[ROBUST_ZSCORE] || {}) as Detector<unknown>;
      case CUSUM:
        return createNaiveCusum(config[CUSUM] || {}) as Detector<unknown>;
      case VOLATILITY_REGIME:
        return createNaiveVolatilityRegime(config[VOLATILITY_REGIME] || {}) as Detector<unknown>;
      default:
        return detector;
    }
  });
}
