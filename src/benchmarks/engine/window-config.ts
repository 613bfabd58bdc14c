import type { DetectorsConfig } from '../../detectors/registry.js';

/**
 * The default detector set with every count-based window set to `window` (undefined: their
 * defaults): return-zscore, volume-spike (baseline), spread-blowout, cusum, and
 * volatility-regime's long baseline (in samples of 1 s). spread-blowout's warm-up (50 quotes) is
 * capped at the window.
 */
export function windowedConfig(window: number | undefined): DetectorsConfig {
  if (window === undefined) return {};
  return {
    'return-zscore': { window },
    'volume-spike': { window },
    'spread-blowout': { window, minSamples: Math.min(50, window) },
    cusum: { window },
    'volatility-regime': { long: Math.max(30, window) },
  };
}

/** Ticks per symbol that fill the count-based windows of windowedConfig(window) (volatility-regime's, counted in seconds, apart). */
export function windowFillTicks(window: number | undefined): number {
  return window === undefined ? 200 + 15 : window + 15;
}
