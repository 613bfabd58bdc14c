import { unrollInto } from './ring-buffer.js';
import { createMonotonicDeque, dequeEvictBefore, dequeFront, dequeGrow, dequePush, type MonotonicDeque } from './monotonic-deque.js';

/** Fall of M2, relative to its peak since the last recompute, that triggers an early recompute. */
const COLLAPSE = 1e-4;
const INITIAL_CAPACITY = 64;

/**
 * Count, mean, population variance, min and max of the values of the last `spanMs` milliseconds:
 * the window is (t - spanMs, t], t the newest timestamp (or the time passed to `timeWindowAdvance`).
 *
 * The number of values in a time window is not known in advance, so the buffer (and the min/max
 * deques) start at 64 slots and double whenever a value arrives while full: O(1) amortised, and
 * an allocation only on growth, which stops once the buffer fits the busiest span seen. It never
 * grows past `maxCapacity`: at that bound the oldest value is evicted early, so during a burst
 * the window holds the last `maxCapacity` values (fewer than spanMs worth); `truncated` counts
 * those early evictions.
 *
 * Mean and variance are Welford add/remove steps with the same safeguards as RollingStats: sums
 * kept relative to an anchor near the mean, an exact two-pass recompute after as many removals as
 * the window holds (amortised O(1)) or when M2 collapses by 1e4, and exactly 0 variance for a
 * window of identical values. Min and max are monotonic deques over arrival numbers.
 *
 * Timestamps should not decrease; an older one is taken as the newest seen (the value counts as
 * arriving now), so the buffer stays in time order. NaN and ±Infinity values are skipped
 * (`timeWindowPush` returns false); a non-finite timestamp too. Mean and variance are 0 and min
 * and max NaN when the window is empty.
 */
export interface TimeWindowStats {
  readonly spanMs: number;
  readonly maxCapacity: number;
  times: Float64Array;
  values: Float64Array;
  /** Index of the oldest value in the ring, and values held. */
  start: number;
  count: number;
  /** Arrival number of the next value; the oldest held is `seen - count`. */
  seen: number;
  newest: number;
  anchor: number;
  meanOffset: number;
  m2: number;
  removals: number;
  peakM2: number;
  /** Values evicted before their time because the buffer was at maxCapacity. */
  truncated: number;
  /** Running min and max; undefined when created without extrema (they cost two deques per value). */
  readonly min: MonotonicDeque | undefined;
  readonly max: MonotonicDeque | undefined;
}

/** `extrema` false: mean and variance only, and min / max are NaN. */
export function createTimeWindowStats(spanMs: number, maxCapacity = 1 << 20, extrema = true): TimeWindowStats {
  if (!(spanMs > 0 && spanMs < Infinity)) throw new RangeError(`time window span must be positive and finite, got ${spanMs}`);
  if (!Number.isInteger(maxCapacity) || maxCapacity < 1) {
    throw new RangeError(`time window maxCapacity must be a positive integer, got ${maxCapacity}`);
  }
  const capacity = Math.min(INITIAL_CAPACITY, maxCapacity);
  return {
    spanMs,
    maxCapacity,
    times: new Float64Array(capacity),
    values: new Float64Array(capacity),
    start: 0,
    count: 0,
    seen: 0,
    newest: -Infinity,
    anchor: 0,
    meanOffset: 0,
    m2: 0,
    removals: 0,
    peakM2: 0,
    truncated: 0,
    min: extrema ? createMonotonicDeque(capacity, false) : undefined,
    max: extrema ? createMonotonicDeque(capacity, true) : undefined,
  };
}

/** Adds `value` observed at `ts` (epoch ms) and evicts what is older than ts - spanMs. */
export function timeWindowPush(stats: TimeWindowStats, ts: number, value: number): boolean {
  if (!Number.isFinite(value) || !Number.isFinite(ts)) return false;
  timeWindowAdvance(stats, ts);
  const capacity = stats.values.length;
  if (stats.count === capacity) {
    if (capacity < stats.maxCapacity) grow(stats, Math.min(2 * capacity, stats.maxCapacity));
    else {
      removeOldest(stats);
      stats.truncated++;
    }
  }
  add(stats, stats.newest, value);
  return true;
}

/** Moves the window's end to `now` (when later than the newest value) and evicts what fell out. */
export function timeWindowAdvance(stats: TimeWindowStats, now: number): void {
  if (now > stats.newest) stats.newest = now;
  const cutoff = stats.newest - stats.spanMs;
  while (stats.count > 0 && stats.times[stats.start]! <= cutoff) removeOldest(stats);
}

export function timeWindowCount(stats: TimeWindowStats): number {
  return stats.count;
}

export function timeWindowMean(stats: TimeWindowStats): number {
  return stats.count === 0 ? 0 : stats.anchor + stats.meanOffset;
}

export function timeWindowVariance(stats: TimeWindowStats): number {
  if (stats.count === 0) return 0;
  const variance = stats.m2 / stats.count;
  return variance > 0 ? variance : 0;
}

export function timeWindowStd(stats: TimeWindowStats): number {
  return Math.sqrt(timeWindowVariance(stats));
}

export function timeWindowMin(stats: TimeWindowStats): number {
  return stats.min === undefined ? NaN : dequeFront(stats.min);
}

export function timeWindowMax(stats: TimeWindowStats): number {
  return stats.max === undefined ? NaN : dequeFront(stats.max);
}

function add(stats: TimeWindowStats, ts: number, value: number): void {
  const capacity = stats.values.length;
  let index = stats.start + stats.count;
  if (index >= capacity) index -= capacity;
  stats.times[index] = ts;
  stats.values[index] = value;
  const seq = stats.seen++;
  if (stats.min !== undefined) {
    dequePush(stats.min, value, seq);
    dequePush(stats.max!, value, seq);
  }

  const n = stats.count++;
  if (n === 0) {
    stats.anchor = value;
    stats.meanOffset = 0;
    stats.m2 = 0;
    stats.peakM2 = 0;
    stats.removals = 0;
    return;
  }
  const added = value - stats.anchor;
  const oldMean = stats.meanOffset;
  const mean = oldMean + (added - oldMean) / (n + 1);
  stats.m2 += (added - oldMean) * (added - mean);
  stats.meanOffset = mean;
  if (stats.m2 > stats.peakM2) stats.peakM2 = stats.m2;
  if (stats.meanOffset * stats.meanOffset * stats.count > stats.m2) moveAnchor(stats);
}

function removeOldest(stats: TimeWindowStats): void {
  const removed = stats.values[stats.start]! - stats.anchor;
  stats.start = stats.start + 1 === stats.values.length ? 0 : stats.start + 1;
  const n = --stats.count;
  if (stats.min !== undefined) {
    const oldest = stats.seen - n;
    dequeEvictBefore(stats.min, oldest);
    dequeEvictBefore(stats.max!, oldest);
  }
  if (n === 0) {
    stats.anchor = 0;
    stats.meanOffset = 0;
    stats.m2 = 0;
    stats.peakM2 = 0;
    stats.removals = 0;
    return;
  }
  const oldMean = stats.meanOffset;
  const mean = oldMean - (removed - oldMean) / n;
  stats.m2 -= (removed - oldMean) * (removed - mean);
  stats.meanOffset = mean;
  if (++stats.removals >= n || stats.m2 < COLLAPSE * stats.peakM2) recompute(stats);
  else if (stats.meanOffset * stats.meanOffset * n > stats.m2) moveAnchor(stats);
}

/** Re-centres the sums on the current mean; M2 is unchanged because variance ignores shifts. */
function moveAnchor(stats: TimeWindowStats): void {
  const anchor = stats.anchor + stats.meanOffset;
  stats.meanOffset -= anchor - stats.anchor;
  stats.anchor = anchor;
}

/** Exact two-pass mean and M2 over the window, centred on the current mean estimate. */
function recompute(stats: TimeWindowStats): void {
  const { values, start, count } = stats;
  const capacity = values.length;
  const anchor = stats.anchor + stats.meanOffset;
  let sum = 0;
  for (let i = 0, index = start; i < count; i++, index = index + 1 === capacity ? 0 : index + 1) sum += values[index]! - anchor;
  const mean = sum / count;
  let m2 = 0;
  for (let i = 0, index = start; i < count; i++, index = index + 1 === capacity ? 0 : index + 1) {
    const deviation = values[index]! - anchor - mean;
    m2 += deviation * deviation;
  }
  stats.anchor = anchor;
  stats.meanOffset = mean;
  stats.m2 = m2;
  stats.removals = 0;
  stats.peakM2 = m2;
}

function grow(stats: TimeWindowStats, capacity: number): void {
  const times = new Float64Array(capacity);
  const values = new Float64Array(capacity);
  unrollInto(stats.times, stats.start, stats.count, times);
  unrollInto(stats.values, stats.start, stats.count, values);
  stats.times = times;
  stats.values = values;
  stats.start = 0;
  if (stats.min !== undefined) {
    dequeGrow(stats.min, capacity);
    dequeGrow(stats.max!, capacity);
  }
}
