/** Basis points: the unit quote detectors report spreads and distances in. */
export const BPS = 1e4;

/** A fraction in basis points, for event reasons: 0.00123 → `12.3 bps`. */
export function formatBps(fraction: number): string {
  const bps = fraction * BPS;
  return `${Math.abs(bps) >= 100 ? bps.toFixed(0) : bps.toFixed(1)} bps`;
}
