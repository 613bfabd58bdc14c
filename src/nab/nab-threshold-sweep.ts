import type { NabProfile } from './nab-profiles.js';
import type { NabSeriesRows } from './nab-row-weights.js';

/** The scored rows of a whole corpus, window ids made unique across series. */
export interface NabCorpusRows {
  readonly scores: Float64Array;
  /** Corpus-wide window id, or −1 outside every window. */
  readonly windows: Int32Array;
  readonly weights: Float64Array;
  /** Ids run from 0 to windowCount − 1. */
  readonly windowCount: number;
  readonly scoredWindows: number;
  /** Row indices by descending score: sorted once, swept once per profile. */
  readonly order: Uint32Array;
}

export function combineSeriesRows(series: readonly NabSeriesRows[]): NabCorpusRows {
  let rows = 0;
  for (const one of series) rows += one.scores.length;
  const scores = new Float64Array(rows);
  const windows = new Int32Array(rows);
  const weights = new Float64Array(rows);
  let at = 0;
  let windowOffset = 0;
  let scoredWindows = 0;
  for (const one of series) {
    scores.set(one.scores, at);
    weights.set(one.weights, at);
    for (let i = 0; i < one.windows.length; i++) {
      const window = one.windows[i]!;
      windows[at + i] = window < 0 ? -1 : window + windowOffset;
    }
    at += one.scores.length;
    windowOffset += one.windowCount;
    scoredWindows += one.scoredWindows;
  }
  return { scores, windows, weights, windowCount: windowOffset, scoredWindows, order: descendingOrder(scores) };
}

/** Row indices by descending score, equal scores in row order (the sort is stable). */
export function descendingOrder(scores: Float64Array): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]!);
}

export interface NabSweepResult {
  /** Rows scoring at least this are detections; Infinity when firing nowhere scores best. */
  readonly threshold: number;
  readonly score: number;
  readonly windowsDetected: number;
  /** Detections outside every window. */
  readonly falsePositives: number;
}

/**
 * NAB's corpus-wide threshold sweep (`calcScoreByThreshold`): lowers the threshold through every
 * distinct score, updating the score incrementally — a row outside windows adds its weighted FP
 * cost, a row inside raises its window's reward if it beats the window's best so far (initially
 * −A_FN) — and keeps the best. Ties keep the higher threshold, as NAB's stable sort does.
 */
export function sweepBestThreshold(rows: NabCorpusRows, profile: NabProfile): NabSweepResult {
  const { scores, windows, weights, order } = rows;
  const parts = new Float64Array(rows.windowCount).fill(-profile.fnWeight);
  let score = -profile.fnWeight * rows.scoredWindows;
  let windowsDetected = 0;
  let falsePositives = 0;
  let best: NabSweepResult = { threshold: Infinity, score, windowsDetected, falsePositives };

  let k = 0;
  while (k < order.length) {
    const threshold = scores[order[k]!]!;
    for (; k < order.length && scores[order[k]!] === threshold; k++) {
      const row = order[k]!;
      const window = windows[row]!;
      if (window < 0) {
        score += weights[row]! * profile.fpWeight;
        falsePositives++;
        continue;
      }
      const reward = weights[row]! * profile.tpWeight;
      const part = parts[window]!;
      if (reward <= part) continue;
      // Parts start at −A_FN ≤ 0 and rewards are positive: only a first detection finds part ≤ 0.
      if (part <= 0) windowsDetected++;
      score += reward - part;
      parts[window] = reward;
    }
    if (score > best.score) best = { threshold, score, windowsDetected, falsePositives };
  }
  return best;
}
