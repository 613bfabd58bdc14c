import { createMonotonicDeque, dequeEvictBefore, dequeFront, dequePush, type MonotonicDeque } from './monotonic-deque.js';

/**
 * Minimum and maximum of the last w values: two monotonic deques, amortised O(1) per value,
 * preallocated (each holds at most w candidates).
 *
 * NaN and ±Infinity are skipped like in OrderStats: `extremaPush` returns false and changes
 * nothing, so the window is the last w finite values. Min and max are NaN when empty.
 */
export interface RollingExtrema {
  readonly window: number;
  /** Values accepted so far; the sequence number of the next one. */
  seen: number;
  readonly min: MonotonicDeque;
  readonly max: MonotonicDeque;
}

export function createRollingExtrema(window: number): RollingExtrema {
  return { window, seen: 0, min: createMonotonicDeque(window, false), max: createMonotonicDeque(window, true) };
}

export function extremaPush(extrema: RollingExtrema, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const seq = extrema.seen++;
  const oldest = seq + 1 - extrema.window;
  // Evict first, so a full deque has room for the new value.
  dequeEvictBefore(extrema.min, oldest);
  dequeEvictBefore(extrema.max, oldest);
  dequePush(extrema.min, value, seq);
  dequePush(extrema.max, value, seq);
  return true;
}

export function extremaCount(extrema: RollingExtrema): number {
  return Math.min(extrema.seen, extrema.window);
}

export function extremaMin(extrema: RollingExtrema): number {
  return dequeFront(extrema.min);
}

export function extremaMax(extrema: RollingExtrema): number {
  return dequeFront(extrema.max);
}
