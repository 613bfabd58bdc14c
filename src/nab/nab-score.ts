import { InputError } from '../core/errors.js';
import type { NabLabels } from './nab-labels.js';
import type { NabProfile } from './nab-profiles.js';
import { nabSeriesRows } from './nab-row-weights.js';
import { combineSeriesRows, sweepBestThreshold } from './nab-threshold-sweep.js';

/** A detector's scores for one labelled series, one per data row, in the data's order. */
export interface NabSeriesScores {
  /** `<category>/<name>.csv`, as in the labels. */
  readonly series: string;
  readonly timestampsMs: Float64Array;
  readonly scores: Float64Array;
}

export interface NabProfileScore {
  readonly profile: string;
  readonly raw: number;
  /** Raw score of a detector that never fires. */
  readonly null: number;
  /** Raw score of a detector that fires at the first row of every window and nowhere else. */
  readonly perfect: number;
  /** `100 · (raw − null) / (perfect − null)`. */
  readonly normalized: number;
  /** Infinity when the best is to fire nowhere. */
  readonly threshold: number;
  readonly windowsDetected: number;
  readonly windows: number;
  readonly falsePositives: number;
}

/**
 * NAB's score of one detector over a corpus, per profile: one best threshold for the whole corpus,
 * then normalized against the null and perfect detectors (nab/runner.py `normalize`). Every
 * labelled series must have scores.
 */
export function scoreNabCorpus(results: readonly NabSeriesScores[], labels: NabLabels, profiles: readonly NabProfile[]): NabProfileScore[] {
  const bySeries = new Map(results.map((one) => [one.series, one]));
  const missing = [...labels.keys()].filter((series) => !bySeries.has(series));
  if (missing.length > 0) throw new InputError(`no scores for ${missing.length} labelled series: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`);
  const rows = combineSeriesRows(
    [...labels].map(([series, windows]) => {
      const one = bySeries.get(series)!;
      return nabSeriesRows(series, one.timestampsMs, one.scores, windows);
    }),
  );
  // NAB's perfect score counts every labelled window; its null misses only the scored ones.
  const windows = rows.windowCount;
  return profiles.map((profile) => {
    const best = sweepBestThreshold(rows, profile);
    const nullScore = -profile.fnWeight * rows.scoredWindows;
    const perfect = profile.tpWeight * windows;
    return {
      profile: profile.name,
      raw: best.score,
      null: nullScore,
      perfect,
      normalized: (100 * (best.score - nullScore)) / (perfect - nullScore),
      threshold: best.threshold,
      windowsDetected: best.windowsDetected,
      windows,
      falsePositives: best.falsePositives,
    };
  });
}
