/**
 * Exponentially weighted mean and variance with smoothing factor `alpha` (weight of the newest
 * value; span ≈ 2/alpha - 1), in the incremental form of Finch (2009), "Incremental calculation
 * of weighted mean and variance":
 *
 *   diff = x - mean;  mean += alpha * diff;  variance = (1 - alpha) * (variance + alpha * diff²)
 *
 * which equals the weighted population variance of all values seen, with weight alpha(1-alpha)^k
 * for the value k steps old and the rest on the first value (which seeds mean = x, variance = 0).
 * Rounding is forgotten at the rate the data is, so nothing drifts; as in RollingStats the mean is
 * kept as an offset from an anchor near it, so a large level does not eat the precision of `diff`.
 *
 * Inputs must be finite. Plain data, so a symbol's state can be checkpointed.
 */
export interface EwmaStats {
  readonly alpha: number;
  /** Values seen. */
  count: number;
  anchor: number;
  /** Mean minus `anchor`. */
  meanOffset: number;
  variance: number;
}

export function createEwmaStats(alpha: number): EwmaStats {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`EWMA alpha must be in (0, 1], got ${alpha}`);
  return { alpha, count: 0, anchor: 0, meanOffset: 0, variance: 0 };
}

export function ewmaPush(stats: EwmaStats, value: number): void {
  if (stats.count++ === 0) {
    stats.anchor = value;
    stats.meanOffset = 0;
    stats.variance = 0;
    return;
  }
  const alpha = stats.alpha;
  const diff = value - stats.anchor - stats.meanOffset;
  const increment = alpha * diff;
  stats.meanOffset += increment;
  stats.variance = (1 - alpha) * (stats.variance + diff * increment);
  if (stats.meanOffset * stats.meanOffset > stats.variance) {
    const anchor = stats.anchor + stats.meanOffset;
    stats.meanOffset -= anchor - stats.anchor;
    stats.anchor = anchor;
  }
}

export function ewmaCount(stats: EwmaStats): number {
  return stats.count;
}

/** Weighted mean; 0 before the first value. */
export function ewmaMean(stats: EwmaStats): number {
  return stats.anchor + stats.meanOffset;
}

export function ewmaVariance(stats: EwmaStats): number {
  return stats.variance;
}

export function ewmaStd(stats: EwmaStats): number {
  return Math.sqrt(stats.variance);
}
