import { orderStatsCount, orderStatsCountBelow, orderStatsDeviationQuantile, orderStatsMax, orderStatsMedian, orderStatsMin, type OrderStats } from '../../detectors/rolling/order-stats.js';
import { rollingMean, rollingStd, type RollingStats } from '../../detectors/rolling/rolling-stats.js';
import { twoSidedTailDigits } from '../normal-tail.js';

/** Digits for a move away from a perfectly flat history: as surprising as it gets. */
export const FLAT_HISTORY_DIGITS = 40;

/**
 * Deviation quantile the exponential tail is fitted from (to the farthest deviation). Chosen on
 * the NAB corpus (0.5, 0.75, 0.9, 0.95, 0.98, 0.99 tried).
 */
const TAIL_FIT_QUANTILE = 0.95;

/**
 * How improbable `x` is against a window of history, as −log10 of a two-sided tail probability.
 *
 * Inside the history's range the probability is empirical: the share of the window at least as
 * far from its median as `x` (with the usual +1 so it is never 0). Past the farthest value the
 * window has seen, the empirical tail 1/(n+1) is extended by how much less likely `x` is than that
 * farthest value, under the more surprised of two tail models: a normal fitted to the window, and
 * an exponential tail fitted to the window's deviations from their TAIL_FIT_QUANTILE to the
 * farthest (it follows skewed and heavy-tailed series, where one outlier in the window inflates
 * the normal's σ and hides the next). The empirical part makes the scale the same for every
 * series, however skewed, spiky or periodic (a jump that happens twice a day is no surprise); the
 * extension keeps surprises beyond the range ordered instead of tied at log10(n+1). Taking the more
 * surprised model was chosen on the NAB corpus over either alone. `order` and `moments` hold the
 * same window.
 */
export function tailSurpriseDigits(order: OrderStats, moments: RollingStats, x: number): number {
  const n = orderStatsCount(order);
  const median = orderStatsMedian(order);
  const deviation = Math.abs(x - median);
  // The median itself is the least surprising value (and would be counted on both sides below).
  if (deviation === 0) return 0;
  const asFar = orderStatsCountBelow(order, nextUp(median - deviation)) + n - orderStatsCountBelow(order, median + deviation);
  if (asFar > 0) return Math.log10((n + 1) / (asFar + 1));
  const std = rollingStd(moments);
  if (!(std > 0)) return FLAT_HISTORY_DIGITS;
  const farthest = Math.max(median - orderStatsMin(order), orderStatsMax(order) - median);
  const gaussian = twoSidedTailDigits(Math.abs(x - rollingMean(moments)) / std) - twoSidedTailDigits(farthest / std);
  // P(D > d) ∝ exp(−d/β), with β set so the tail falls from 1 − q at the q-quantile to 1/(n+1) at the farthest.
  // Too small a window to fit it (fewer than 1/(1 − q) values): the normal alone.
  const fitSpan = Math.log((1 - TAIL_FIT_QUANTILE) * (n + 1));
  let exponential = 0;
  if (fitSpan > 0) {
    const decay = (farthest - orderStatsDeviationQuantile(order, TAIL_FIT_QUANTILE, median)) / fitSpan;
    exponential = decay > 0 ? (deviation - farthest) / decay / Math.LN10 : FLAT_HISTORY_DIGITS;
  }
  return Math.log10(n + 1) + Math.max(0, gaussian, exponential);
}

const float = new Float64Array(1);
const bits = new BigInt64Array(float.buffer);

/** The least double above `x` (finite `x`): counting values below it counts those equal to `x` too. */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  float[0] = x;
  bits[0] = bits[0]! + (x > 0 ? 1n : -1n);
  return float[0]!;
}
