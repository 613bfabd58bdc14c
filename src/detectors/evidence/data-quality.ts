import type { DataQuality } from '../../events/event-evidence.js';

/**
 * A gap counts when it is longer than this many times the window's median gap (see assessQuality).
 * Ticks arrive roughly as a Poisson stream, whose gaps exceed k medians with probability 2^-k:
 * at 5 a normal 120-tick window showed ~4 "gaps" (measured: every e-mail said "check the feed");
 * at 10 it is about one window in eight.
 */
export const GAP_LIMIT_MEDIANS = 10;

/** Ticks oldest first, in parallel arrays; seq NaN where a tick has none. */
export interface QualityInput {
  readonly ts: readonly number[];
  readonly price: readonly number[];
  readonly size: readonly number[];
  readonly seq: readonly number[];
}

/**
 * Data quality of a run of ticks, pair by consecutive pair:
 * - gap: the time between them exceeds `gapLimitMs`, or seq jumps by more than 1. The default
 *   limit is GAP_LIMIT_MEDIANS × the median of the positive gaps: positive only, so prints
 *   sharing a millisecond do not make every pause a gap; no time gaps when no gap is positive.
 * - late: the tick is older than the one before it.
 * - duplicate: it repeats the previous tick's seq when both have one, else its time, price and size.
 */
export function assessQuality(ticks: QualityInput, gapLimitMs: number = defaultGapLimitMs(ticks.ts)): DataQuality {
  const { ts, price, size, seq } = ticks;
  let gaps = 0;
  let maxGapMs = 0;
  let late = 0;
  let duplicates = 0;
  for (let i = 1; i < ts.length; i++) {
    const gapMs = ts[i]! - ts[i - 1]!;
    const seqStep = seq[i]! - seq[i - 1]!; // NaN unless both ticks have a seq
    if (gapMs > maxGapMs) maxGapMs = gapMs;
    if (gapMs > gapLimitMs || seqStep > 1) gaps++;
    if (gapMs < 0) late++;
    const duplicate = Number.isNaN(seqStep) ? gapMs === 0 && price[i] === price[i - 1] && size[i] === size[i - 1] : seqStep === 0;
    if (duplicate) duplicates++;
  }
  return { ticks: ts.length, gaps, maxGapMs, late, duplicates };
}

/** GAP_LIMIT_MEDIANS × the median positive gap; Infinity (no time gaps) when there is none. */
export function defaultGapLimitMs(ts: readonly number[]): number {
  const positive: number[] = [];
  for (let i = 1; i < ts.length; i++) {
    const gapMs = ts[i]! - ts[i - 1]!;
    if (gapMs > 0) positive.push(gapMs);
  }
  if (positive.length === 0) return Infinity;
  positive.sort((a, b) => a - b);
  const middle = positive.length >> 1;
  const median = positive.length % 2 === 1 ? positive[middle]! : (positive[middle - 1]! + positive[middle]!) / 2;
  return GAP_LIMIT_MEDIANS * median;
}
