import type { KindTally } from './match-detections.js';

/** Precision, recall and F1 of a kind; NaN where undefined (no events, no labels). */
export interface KindMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Median over detected labels of the first true positive's delay, ms; NaN when none. */
  readonly medianDelayMs: number;
}

export function kindMetrics(tally: KindTally): KindMetrics {
  const precision = tally.events === 0 ? Number.NaN : tally.truePositives / tally.events;
  const recall = tally.labels === 0 ? Number.NaN : tally.detected / tally.labels;
  return { precision, recall, f1: f1Score(precision, recall), medianDelayMs: median(tally.delaysMs) };
}

/** Harmonic mean of precision and recall: 0 when both are 0, NaN when either is undefined. */
export function f1Score(precision: number, recall: number): number {
  if (Number.isNaN(precision) || Number.isNaN(recall)) return Number.NaN;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Median (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
