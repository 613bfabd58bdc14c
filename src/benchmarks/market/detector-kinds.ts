import type { AnomalyKind } from '../../sources/simulator/anomaly-label.js';

/**
 * Which injected anomaly kinds each detector is meant to catch: the precision of a kind is taken
 * over the events of its detectors, so a detector answers only for what it was built to see.
 * A detector missing here is reported with its event counts and false alarms but scores no kind:
 * fat-finger and luld-band (the simulator injects nothing of theirs), cusum (a drift in the mean
 * return, which the simulator does not inject either: a jump is one return, which it clips), and
 * any detector added later.
 */
export const DETECTOR_KINDS: Readonly<Record<string, readonly AnomalyKind[]>> = {
  'return-zscore': ['price_jump'],
  'ewma-vol-band': ['price_jump'],
  'robust-zscore': ['price_jump'],
  bollinger: ['price_jump'],
  'volume-spike': ['volume_spike'],
  'volatility-regime': ['volatility_regime'],
  'spread-blowout': ['spread_blowout'],
  'crossed-quote': ['crossed_quote'],
  'stale-feed': ['stale_feed'],
};

/**
 * How long after a label's end an event still counts for it, ms. Short, because the injector
 * leaves a symbol alone for 60 s after each anomaly: a longer grace would credit noise. A stale
 * feed is seen on the first tick after it, which is the label's end; a volatility regime needs
 * a few returns after the fact before a slow estimator notices it has already passed.
 */
export const GRACE_MS: Readonly<Record<AnomalyKind, number>> = {
  price_jump: 10_000,
  volume_spike: 10_000,
  spread_blowout: 10_000,
  crossed_quote: 10_000,
  stale_feed: 10_000,
  volatility_regime: 30_000,
};
