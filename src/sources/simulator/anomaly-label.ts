/** Kinds of anomaly the simulator injects; detectors are scored against their labels. */
export const ANOMALY_KINDS = [
  'price_jump',
  'volume_spike',
  'spread_blowout',
  'crossed_quote',
  'stale_feed',
  'volatility_regime',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * Ground truth for one injected anomaly. `start` and `end` are event times (epoch ms) of the
 * window the anomaly affects: for a price jump both are the jump tick; for a stale feed, the
 * time the symbol's next tick was due and the time it resumes ticking.
 */
export interface AnomalyLabel {
  readonly kind: AnomalyKind;
  readonly symbol: string;
  readonly start: number;
  readonly end: number;
  /**
   * Always has `magnitude`: the jump's relative price change (signed), the size, spread or
   * volatility multiplier, the crossing in basis points, or the silence in seconds.
   */
  readonly detail: Readonly<Record<string, number>>;
}
