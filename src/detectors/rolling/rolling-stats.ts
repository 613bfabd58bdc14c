import { createRingBuffer, ringOldest, ringPush, type RingBuffer } from './ring-buffer.js';

/** Fall of M2, relative to its peak since the last recompute, that triggers an early recompute. */
const COLLAPSE = 1e-4;

/**
 * Mean and population variance (divide by n, like simple-statistics `variance`) of the last w
 * values, updated in O(1) per value by Welford's add-and-evict step.
 *
 * Numerical stability, and why this scheme:
 * - Values enter the sums as offsets from an `anchor` kept near the window mean, so rounding
 *   scales with the spread of the data, not its level: 1e9 + noise keeps the noise's precision,
 *   where plain Welford (or sum / sum-of-squares) loses up to 1e-7 relative. Moving the anchor is
 *   O(1) (variance is shift-invariant); it moves whenever the mean strays more than one standard
 *   deviation from it, e.g. after a level shift.
 * - Add-and-evict rounding still accumulates as a random walk over the stream, and Kahan or
 *   shifted sums only slow that down. So every w evictions the mean and M2 are recomputed exactly
 *   from the buffer (two-pass): the error is bounded by what at most w updates can accumulate,
 *   whatever the stream length, at an amortised cost of about two extra reads per value.
 * - Those w updates carry rounding relative to the largest M2 among them, so when M2 collapses
 *   (an outlier or an old level leaves the window) the leftover error would dominate the new,
 *   small M2. A fall below COLLAPSE × its peak since the last recompute triggers one early: the
 *   error stays relative to the current variance. Each trigger needs a 1e4-fold fall, so they
 *   are rare and bounded by the dynamic range of the data.
 * - A window of identical values gets variance exactly 0, so a flat stretch cannot yield a tiny σ
 *   and a huge z-score on the next move: while they enter and leave, the update adds exactly 0;
 *   once the last different value leaves, M2 collapses and the recompute, centred on their
 *   common value, sums exact zeros.
 *
 * Inputs must be finite. Plain data, so a symbol's state can be checkpointed.
 */
export interface RollingStats {
  readonly window: RingBuffer;
  /** Reference the running sums are kept relative to. */
  anchor: number;
  /** Mean of the window minus `anchor`. */
  meanOffset: number;
  /** Sum of squared deviations from the window mean (Welford's M2). */
  m2: number;
  /** Evictions since the last exact recompute, and the largest M2 since then. */
  evictions: number;
  peakM2: number;
}

export function createRollingStats(window: number): RollingStats {
  return { window: createRingBuffer(window), anchor: 0, meanOffset: 0, m2: 0, evictions: 0, peakM2: 0 };
}

export function rollingPush(stats: RollingStats, value: number): void {
  const ring = stats.window;
  const n = ring.count;
  const capacity = ring.values.length;

  if (n === 0) {
    stats.anchor = value;
    stats.meanOffset = 0;
    stats.m2 = 0;
    stats.peakM2 = 0;
    ringPush(ring, value);
    return;
  }

  const added = value - stats.anchor;
  const oldMean = stats.meanOffset;
  if (n < capacity) {
    const mean = oldMean + (added - oldMean) / (n + 1);
    stats.m2 += (added - oldMean) * (added - mean);
    stats.meanOffset = mean;
    ringPush(ring, value);
  } else {
    const evicted = ringOldest(ring) - stats.anchor;
    const mean = oldMean + (added - evicted) / n;
    const m2 = stats.m2 + (added - evicted) * (added - mean + evicted - oldMean);
    stats.meanOffset = mean;
    stats.m2 = m2;
    ringPush(ring, value);
    if (++stats.evictions >= capacity || m2 < COLLAPSE * stats.peakM2) {
      recompute(stats);
      return;
    }
  }
  if (stats.m2 > stats.peakM2) stats.peakM2 = stats.m2;

  if (stats.meanOffset * stats.meanOffset * ring.count > stats.m2) moveAnchor(stats);
}

export function rollingCount(stats: RollingStats): number {
  return stats.window.count;
}

/** Mean of the window; 0 when empty. */
export function rollingMean(stats: RollingStats): number {
  return stats.anchor + stats.meanOffset;
}

/** Population variance of the window; 0 when empty or when every value in it is the same. */
export function rollingVariance(stats: RollingStats): number {
  const n = stats.window.count;
  if (n === 0) return 0;
  const variance = stats.m2 / n;
  return variance > 0 ? variance : 0;
}

export function rollingStd(stats: RollingStats): number {
  return Math.sqrt(rollingVariance(stats));
}

/** Re-centres the sums on the current mean; M2 is unchanged because variance ignores shifts. */
function moveAnchor(stats: RollingStats): void {
  const anchor = stats.anchor + stats.meanOffset;
  stats.meanOffset -= anchor - stats.anchor;
  stats.anchor = anchor;
}

/** Exact two-pass mean and M2 over the (full) buffer, centred on the current mean estimate. */
function recompute(stats: RollingStats): void {
  const values = stats.window.values;
  const n = values.length;
  const anchor = stats.anchor + stats.meanOffset;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]! - anchor;
  const mean = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const deviation = values[i]! - anchor - mean;
    m2 += deviation * deviation;
  }
  stats.anchor = anchor;
  stats.meanOffset = mean;
  stats.m2 = m2;
  stats.evictions = 0;
  stats.peakM2 = m2;
}
