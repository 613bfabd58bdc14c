import { InputError } from '../core/errors.js';
import type { NabWindow } from './nab-labels.js';

/**
 * NAB's scaled sigmoid, `2/(1+e^{5x}) − 1`: +0.987 at x = −1 (a window's first row), 0 at a
 * window's end, and exactly −1 beyond x = 3 (far past a window), as nab/sweeper.py defines it.
 */
export function scaledSigmoid(x: number): number {
  return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
}

/** Rewards are divided by this so a detection at a window's first row earns exactly A_TP. */
const MAX_TP = scaledSigmoid(-1);

/** Rows NAB does not score at the start of a series of `rows` rows. */
export function probationaryLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 750);
}

/**
 * The scored rows of one series (probationary rows dropped), each with what a detection there is
 * worth before the profile's weights: inside window k, `windows[i] = k` and `weights[i]` is the
 * reward relative to A_TP (only the window's best, i.e. earliest, detection counts); outside,
 * `windows[i] = −1` and `weights[i]` multiplies A_FP (−1 before the first window, rising to about 0
 * just after a window and back to −1 some three window-widths later).
 */
export interface NabSeriesRows {
  readonly scores: Float64Array;
  readonly windows: Int32Array;
  readonly weights: Float64Array;
  /** Windows in the series, scored or not. */
  readonly windowCount: number;
  /** Windows with at least one scored row: the only ones whose miss costs A_FN (as in NAB). */
  readonly scoredWindows: number;
}

/** NAB's `calcSweepScore` for one series. */
export function nabSeriesRows(series: string, timestampsMs: Float64Array, scores: Float64Array, windows: readonly NabWindow[]): NabSeriesRows {
  const n = timestampsMs.length;
  if (scores.length !== n) throw new InputError(`${series}: ${scores.length} scores for ${n} rows`);
  const { lefts, rights } = windowRows(series, timestampsMs, windows);
  const probation = probationaryLength(n);
  const scored = n - probation;
  const rowWindows = new Int32Array(scored);
  const weights = new Float64Array(scored);

  let next = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const inWindow = next < lefts.length && i >= lefts[next]!;
    let weight: number;
    if (inWindow) {
      const right = rights[next]!;
      const width = right - lefts[next]! + 1;
      weight = scaledSigmoid(-(right - i + 1) / width) / MAX_TP;
    } else {
      // A one-row window divides by zero here: Infinity, i.e. full FP weight, as x > 3.
      weight = prevRight < 0 ? -1 : scaledSigmoid((i - prevRight) / (prevWidth - 1));
    }
    if (i >= probation) {
      rowWindows[i - probation] = inWindow ? next : -1;
      weights[i - probation] = weight;
    }
    if (inWindow && i === rights[next]) {
      prevRight = i;
      prevWidth = i - lefts[next]! + 1;
      next++;
    }
  }
  let scoredWindows = 0;
  for (const right of rights) if (right >= probation) scoredWindows++;
  return { scores: scores.subarray(probation), windows: rowWindows, weights, windowCount: windows.length, scoredWindows };
}

/**
 * First and last row of each window, found as NAB does: the first row whose timestamp equals the
 * window's start, resp. end (NAB's data repeats some timestamps and is not always in order).
 */
function windowRows(series: string, timestampsMs: Float64Array, windows: readonly NabWindow[]): { lefts: Int32Array; rights: Int32Array } {
  const firstRow = new Map<number, number>();
  for (let i = timestampsMs.length - 1; i >= 0; i--) firstRow.set(timestampsMs[i]!, i);
  const lefts = new Int32Array(windows.length);
  const rights = new Int32Array(windows.length);
  windows.forEach((window, k) => {
    const left = firstRow.get(window.startMs);
    const right = firstRow.get(window.endMs);
    const previousRight = k === 0 ? -1 : rights[k - 1]!;
    if (left === undefined || right === undefined || right < left || left <= previousRight) {
      const span = `[${new Date(window.startMs).toISOString()}, ${new Date(window.endMs).toISOString()}]`;
      throw new InputError(`${series}: anomaly window ${span} does not start and end at rows of the series, in order; do the labels belong to this data?`);
    }
    lefts[k] = left;
    rights[k] = right;
  });
  return { lefts, rights };
}
