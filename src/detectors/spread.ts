/**
 * Below this fraction of the level, a standard deviation is rounding noise, not spread: doubles
 * carry ~1e-16 relative and the rolling sums keep well under 1e-10 of it.
 */
export const MIN_RELATIVE_STD = 1e-9;

/**
 * Whether `std` is real spread for values around `level`, so that (x - level) / std means
 * something. False for a constant window (std 0), so detectors neither divide by zero nor flag
 * the first move after a flat stretch: a z-score against no spread is undefined, not infinite.
 */
export function hasSpread(std: number, level: number): boolean {
  return std > 0 && std > MIN_RELATIVE_STD * Math.abs(level);
}
