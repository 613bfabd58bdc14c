import type { HistogramBin, NumericSummary } from './dataset-profile.js';
import { ReservoirSample } from './reservoir-sample.js';
import { RunningMoments } from './running-moments.js';

const HISTOGRAM_BINS = 30;
/** Fixed, so the same input always gives the same sample. */
const SAMPLE_SEED = 0xda7a;

/** A numeric column's running state: exact moments, and a bounded sample for the distribution. */
export class NumericColumn {
  readonly moments = new RunningMoments();
  readonly sample: ReservoirSample;

  constructor(
    readonly name: string,
    /** Position among the numeric columns: the sample's random stream, so columns draw independently. */
    readonly index: number,
    /** Rows before this column was found. */
    public missing: number,
    sampleSize: number,
  ) {
    this.sample = new ReservoirSample(sampleSize, SAMPLE_SEED, index);
  }

  add(value: number): void {
    this.moments.add(value);
    this.sample.add(value);
  }

  summary(): NumericSummary {
    const { count, mean, min, max } = this.moments;
    const sorted = this.sample.sorted();
    return {
      column: this.name,
      count,
      missing: this.missing,
      mean: count > 0 ? mean : NaN,
      std: this.moments.std(),
      min: count > 0 ? min : NaN,
      max: count > 0 ? max : NaN,
      p05: quantileSorted(sorted, 0.05),
      p25: quantileSorted(sorted, 0.25),
      median: quantileSorted(sorted, 0.5),
      p75: quantileSorted(sorted, 0.75),
      p95: quantileSorted(sorted, 0.95),
      quantilesExact: this.sample.exact,
      histogram: count > 0 ? histogram(sorted, min, max, count) : [],
    };
  }
}

/** Quantile by linear interpolation between closest ranks (R type 7, numpy's and pandas' default); NaN when empty. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below]!;
  const high = sorted[Math.min(below + 1, sorted.length - 1)]!;
  return low + (high - low) * (position - below);
}

/**
 * Equal-width bins over the exact [min, max], counted on the sample and scaled to the column's
 * count (so exact when nothing was left out). One bin when all values are equal.
 */
export function histogram(sorted: Float64Array, min: number, max: number, count: number): HistogramBin[] {
  const bins = max > min ? HISTOGRAM_BINS : 1;
  const width = (max - min) / bins;
  const counts = new Float64Array(bins);
  for (const value of sorted) counts[width > 0 ? Math.min(bins - 1, Math.floor((value - min) / width)) : 0]!++;
  const scale = sorted.length > 0 ? count / sorted.length : 0;
  return Array.from(counts, (n, i) => ({ from: min + i * width, to: i === bins - 1 ? max : min + (i + 1) * width, count: Math.round(n * scale) }));
}
