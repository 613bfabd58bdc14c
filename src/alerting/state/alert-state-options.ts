import { ConfigError } from '../../core/errors.js';
import type { FlappingOptions } from './flapping.js';
import type { LevelThresholds, ThresholdLevel } from './level-thresholds.js';

export interface AlertStateOptions {
  /** A level is held this long after the last event that kept it; then the alert drops (to a lower held level, or ok). */
  readonly resolveAfterMs: number;
  /** Per detector id; a detector without thresholds takes the event's severity as the level (no score hysteresis). */
  readonly thresholds?: ReadonlyMap<string, LevelThresholds>;
  readonly flapping?: FlappingOptions;
}

/** Rejects options the tracker cannot work with, when it is built rather than mid-stream. */
export function validateAlertStateOptions(options: AlertStateOptions): void {
  if (!(options.resolveAfterMs > 0) || !Number.isFinite(options.resolveAfterMs)) {
    throw new ConfigError(`alert state: resolveAfterMs must be a positive number of ms, got ${options.resolveAfterMs}`);
  }
  for (const [detector, levels] of options.thresholds ?? []) {
    for (const [level, threshold] of Object.entries(levels) as [ThresholdLevel, LevelThresholds[ThresholdLevel]][]) {
      if (threshold === undefined) continue;
      const { raise, clear } = threshold;
      if (!Number.isFinite(raise) || !Number.isFinite(clear) || clear > raise) {
        throw new ConfigError(
          `alert state: thresholds of detector "${detector}" at ${level}: need finite clear <= raise, got raise ${raise}, clear ${clear}`,
        );
      }
    }
  }
  const flapping = options.flapping;
  if (flapping !== undefined) {
    const { windowMs, high, low } = flapping;
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
      throw new ConfigError(`alert state: flapping.windowMs must be a positive number of ms, got ${windowMs}`);
    }
    if (!Number.isInteger(high) || !Number.isInteger(low) || low < 0 || high <= low) {
      throw new ConfigError(`alert state: flapping needs whole counts 0 <= low < high, got low ${low}, high ${high}`);
    }
  }
}
